package io.xmmap;

import io.xmmap.internal.sys.Libc;
import io.xmmap.internal.sys.LibcSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The output side into real pipes, files and sockets: windows of odd sizes filled with the
 * position pattern and committed in part; every byte that arrives is checked. And misuse: a
 * window after its commit, sizes out of range, the wrong thread, bad fds, a reader gone.
 */
@Timeout(120)
class StreamOutputTest {
    @TempDir
    Path tmp;

    /** Writes {@code total} pattern bytes through {@code out} in odd windows, committing odd parts of them. */
    static void writeOddly(StreamOutput out, long total, long seed) throws Exception {
        Random r = new Random(seed);
        long[] odd = {1, 7, 4095, 4096, 4097, 65537, 2L << 20, (2L << 20) - 1};
        while (out.written() < total) {
            long want = Math.min(total - out.written(), r.nextInt(3) == 0 ? odd[r.nextInt(odd.length)] : 1 + r.nextInt(1 << 20));
            long reserve = Math.min(2L << 20, want + (r.nextBoolean() ? r.nextInt(5000) : 0));
            MemorySegment w = out.reserve(reserve);
            Pattern.fill(w, out.written());
            out.commit(want);
        }
    }

    /** Reads fd to EOF on another thread, checking every byte; yields the count. */
    static CompletableFuture<Long> checkedReader(int fd, int readSize) {
        return Fixtures.async(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(readSize);
                long pos = 0;
                for (long r; (r = Libc.read(fd, buf)) != 0; pos += r) {
                    assertTrue(r > 0, "read: " + r);
                    long bad = Pattern.firstMismatch(buf.asSlice(0, r), pos);
                    assertEquals(-1, bad, "corrupt byte at stream offset " + bad);
                }
                return pos;
            } finally {
                Libc.close(fd);
            }
        });
    }

    @Test
    void intoAPipeEveryCommittedByteArrivesWithoutACopy() throws Exception {
        int[] p = Fixtures.pipe();
        CompletableFuture<Long> reader = checkedReader(p[0], 70_001);
        long total = (48L << 20) + 5;
        try (StreamOutput out = Xmmap.output(p[1])) {
            assertTrue(out.method().startsWith("vmsplice"), out.method());
            writeOddly(out, total, 1);
            assertEquals(total, out.written());
        } finally {
            Libc.close(p[1]);
        }
        assertEquals(total, reader.get(60, TimeUnit.SECONDS));
    }

    @Test
    void intoAFileAndASocketBytesAreWritten() throws Exception {
        long total = (9L << 20) + 3;
        Path f = tmp.resolve("out");
        try (StreamOutput out = Xmmap.output(f)) {
            assertTrue(out.method().startsWith("write"), out.method());
            writeOddly(out, total, 2);
        }
        byte[] got = Files.readAllBytes(f);
        assertEquals(total, got.length);
        assertEquals(-1, Pattern.firstMismatch(MemorySegment.ofArray(got), 0));

        int[] s = new int[2];
        assertEquals(0, LibcSocket.socketpair(LibcSocket.AF_UNIX, LibcSocket.SOCK_STREAM, s));
        CompletableFuture<Long> reader = checkedReader(s[1], 4096);
        try (StreamOutput out = Xmmap.output(s[0])) {
            writeOddly(out, total, 3);
        } finally {
            Libc.close(s[0]);
        }
        assertEquals(total, reader.get(60, TimeUnit.SECONDS));
    }

    @Test
    void aWindowIsDeadOnceCommittedOrReplaced() throws Exception {
        int[] p = Fixtures.pipe();
        CompletableFuture<Long> reader = checkedReader(p[0], 4096);
        try (StreamOutput out = Xmmap.output(p[1])) {
            MemorySegment w = out.reserve(100);
            Pattern.fill(w, 0);
            out.commit(60);
            assertThrows(IllegalStateException.class, () -> w.set(ValueLayout.JAVA_BYTE, 0, (byte) 1), "committed bytes cannot change");
            MemorySegment w2 = out.reserve(10);
            MemorySegment w3 = out.reserve(10); // replaces w2 uncommitted
            assertThrows(IllegalStateException.class, () -> w2.get(ValueLayout.JAVA_BYTE, 0));
            Pattern.fill(w3, 60);
            out.commit(10);
            assertEquals(70, out.written());
            assertThrows(IllegalStateException.class, () -> out.commit(1), "nothing reserved");
            MemorySegment w4 = out.reserve(5);
            assertThrows(IllegalArgumentException.class, () -> out.commit(6));
            assertThrows(IllegalArgumentException.class, () -> out.reserve((2L << 20) + 1));
            assertThrows(IllegalArgumentException.class, () -> out.reserve(-1));
            CompletableFuture<Object> other = Fixtures.async(() -> out.reserve(1));
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> other.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof WrongThreadException, e.getCause().toString());
            out.close();
            assertThrows(IllegalStateException.class, () -> w4.get(ValueLayout.JAVA_BYTE, 0));
            assertThrows(IllegalStateException.class, () -> out.reserve(1));
            out.close(); // idempotent
        } finally {
            Libc.close(p[1]);
        }
        assertEquals(70, reader.get(30, TimeUnit.SECONDS));
    }

    @Test
    void badFdsAreRefusedAndAGoneReaderIsEpipe() throws Exception {
        int[] p = Fixtures.pipe();
        try {
            assertEquals("EBADF", assertThrows(ErrnoException.class, () -> Xmmap.output(p[0])).errnoName(), "read end");
            assertEquals("EISDIR", assertThrows(ErrnoException.class, () -> Xmmap.output(tmp)).errnoName());
            Libc.close(p[0]);
            try (StreamOutput out = Xmmap.output(p[1])) {
                out.reserve(10);
                ErrnoException gone = assertThrows(ErrnoException.class, () -> out.commit(10));
                assertEquals("EPIPE", gone.errnoName());
                assertTrue(gone.getMessage().startsWith("vmsplice(fd=" + p[1] + ") failed: EPIPE"), gone.getMessage());
            }
        } finally {
            Libc.close(p[1]);
        }
        assertEquals("EBADF", assertThrows(ErrnoException.class, () -> Xmmap.output(p[1])).errnoName(), "closed fd");
    }
}
