package io.xmmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pseudo-terminals through the mapping API: in canonical mode each line is visible as soon as
 * its newline is typed (the next is typed only after the mapping showed it), Ctrl-D at line start
 * is EOF, a hang-up is EOF with every typed byte kept; raw mode passes every byte value.
 */
@Timeout(60)
class PtyTest {
    private static String text(MemorySegment w) {
        return new String(w.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
    }

    @Test
    void eachLineIsVisibleAsSoonAsItsNewlineIsTypedAndCtrlDEndsTheStream() throws Exception {
        try (Pty pty = Pty.open()) {
            pty.mode(false, false);
            try (StreamMapping m = Xmmap.open(pty.slave(), Memory.STREAMING)) {
                assertEquals(StreamKind.TTY, m.info().kind());
                // Terminals refuse preadv2(RWF_NOWAIT) (EOPNOTSUPP): the info names the feed that runs.
                assertTrue(m.info().feed().contains("poll(2) + read(2)"), m.info().feed());
                SynchronousQueue<String> seen = new SynchronousQueue<>();
                var typist = CompletableFuture.runAsync(() -> {
                    try {
                        for (int k = 0; k < 5; k++) {
                            pty.type(("line " + k + "\n").getBytes(StandardCharsets.US_ASCII));
                            assertEquals("line " + k + "\n", seen.poll(30, TimeUnit.SECONDS), "line " + k);
                        }
                        pty.type(new byte[] {Pty.EOF});
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long pos = 0;
                for (int k = 0; k < 5; k++) {
                    String want = "line " + k + "\n";
                    MemorySegment w = m.window(pos, want.length()); // blocks until the line is there
                    assertEquals(want, text(w));
                    pos += w.byteSize();
                    m.release(pos);
                    seen.put(text(w));
                }
                assertEquals(0, m.window(pos, 1).byteSize(), "Ctrl-D at the start of a line is EOF");
                assertTrue(m.isEof());
                assertEquals(pos, m.size());
                typist.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A hang-up is EOF, not an error, and what was mapped before it stays readable. (Input the
     * reader has not yet taken when the master closes is flushed by the kernel's hang-up, so the
     * test lets both lines arrive first.)
     */
    @Test
    void aHangUpIsEofAndKeepsWhatWasMapped() throws Exception {
        Pty pty = Pty.open();
        pty.mode(false, false);
        try (StreamMapping m = Xmmap.open(pty.slave(), Memory.RETAIN_ALL)) {
            pty.type("first\nsecond\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("first\n", text(m.window(0, 6)));
            assertEquals("second\n", text(m.window(6, 7)));
            pty.close(); // the terminal goes away: read(2) on the slave fails with EIO from now on
            assertEquals(0, m.window(13, 100).byteSize(), "EOF, not an error");
            assertTrue(m.isEof());
            assertEquals(13, m.size());
            assertEquals("first\nsecond\n", text(m.window(0, 13)), "bytes mapped before the hang-up are kept");
        }
    }

    static Stream<Memory> modes() {
        return Stream.of(Memory.streaming(1 << 20), Memory.retainAll(16 << 20));
    }

    /** Raw mode: every byte value as typed, no line discipline, checked byte for byte. */
    @ParameterizedTest
    @MethodSource("modes")
    void rawModePassesEveryByte(Memory memory) throws Exception {
        try (Pty pty = Pty.open()) {
            pty.mode(true, false);
            int size = (1 << 20) + 7;
            try (StreamMapping m = Xmmap.open(pty.slave(), memory)) {
                var typist = CompletableFuture.runAsync(() -> {
                    try {
                        for (int off = 0; off < size; off += 4099) {
                            pty.type(Pattern.bytes(off, Math.min(4099, size - off)));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long pos = 0;
                while (pos < size) {
                    MemorySegment w = m.window(pos, Math.min(size - pos, 65_537));
                    assertEquals(-1, Pattern.firstMismatch(w, pos), "at " + pos);
                    pos += w.byteSize();
                    m.release(pos);
                }
                typist.get(30, TimeUnit.SECONDS);
                MemorySegment noMore = m.windowNow(pos, 1);
                assertEquals(0, noMore.byteSize(), "nothing typed past the end");
            }
        }
    }
}
