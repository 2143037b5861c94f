package io.xmmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipes fed by real programs: head, seq, yes, a writer killed mid-stream. */
@Timeout(120)
class ExternalProcessTest {
    @TempDir
    Path tmp;

    /** Maps the pipe of {@code script}'s standard output, returns (size, sha256 hex). */
    private static String[] mapShell(String script, Memory memory, Feed feed, long window) throws Exception {
        int[] p = Fixtures.pipe();
        Process proc;
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long pos = 0;
        try (StreamMapping m = Xmmap.map(p[0], memory, feed)) {
            proc = Fixtures.shellInto(p[1], script);
            for (MemorySegment w; (w = m.window(pos, window)).byteSize() > 0; ) {
                md.update(w.asByteBuffer());
                pos += w.byteSize();
                m.release(pos);
            }
        } finally {
            Fixtures.close(p[0]);
        }
        Fixtures.waitFor(proc);
        return new String[] {String.valueOf(pos), HexFormat.of().formatHex(md.digest())};
    }

    private static String sha256sum(Path f) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sha256sum", f.toString()).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, Fixtures.waitFor(p));
        return out.substring(0, 64);
    }

    @Test
    void urandomThroughTeeMatchesSha256sumOfTheCopy() throws Exception {
        Path copy = tmp.resolve("copy.bin");
        for (Feed feed : new Feed[] {Feed.SYNC, Feed.BACKGROUND.withMethod(Feed.Method.VMSPLICE)}) {
            String[] r = mapShell("head -c 50000017 /dev/urandom | tee '" + copy + "'", Memory.STREAMING, feed, 999_983);
            assertEquals("50000017", r[0]);
            assertEquals(sha256sum(copy), r[1], "sha256 of mapped bytes vs sha256sum of tee's copy, " + feed);
        }
    }

    @Test
    void seqIsMappedByteForByte() throws Exception {
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 300_000; i++) {
            expected.append(i).append('\n');
        }
        byte[] want = expected.toString().getBytes();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        String[] r = mapShell("seq 1 300000", Memory.RETAIN_ALL, Feed.BACKGROUND, 4097);
        assertEquals(String.valueOf(want.length), r[0]);
        assertEquals(HexFormat.of().formatHex(md.digest(want)), r[1]);
    }

    @Test
    void endlessYesIsReadAsFarAsWantedThenClosed() throws Exception {
        int[] p = Fixtures.pipe();
        Process yes;
        try (StreamMapping m = Xmmap.map(p[0], Memory.STREAMING, Feed.BACKGROUND)) {
            yes = Fixtures.shellInto(p[1], "exec yes");
            long pos = 0;
            while (pos < (64L << 20)) {
                MemorySegment w = m.window(pos, 1_000_001);
                for (long i = 0; i < w.byteSize(); i++) {
                    byte want = ((pos + i) & 1) == 0 ? (byte) 'y' : (byte) '\n';
                    if (w.get(ValueLayout.JAVA_BYTE, i) != want) {
                        throw new AssertionError("yes output wrong at " + (pos + i));
                    }
                }
                pos += w.byteSize();
                m.release(pos);
            }
            assertTrue(!m.isEof());
        } finally {
            Fixtures.close(p[0]);
        }
        // Our read end is gone: yes dies of SIGPIPE (status 141 from sh's exec'd yes is 128+13 or signal).
        Fixtures.waitFor(yes);
    }

    @Test
    void writerKilledMidStreamGivesCleanEofWithEveryByteItWrote() throws Exception {
        Path data = tmp.resolve("data.bin");
        byte[] bytes = Pattern.bytes(0, 3_000_000);
        Files.write(data, bytes);
        for (Memory mem : new Memory[] {Memory.STREAMING, Memory.RETAIN_ALL}) {
            int[] p = Fixtures.pipe();
            try (StreamMapping m = Xmmap.map(p[0], mem, Feed.BACKGROUND)) {
                Process proc = Fixtures.shellInto(p[1], "head -c 1234567 '" + data + "'; kill -KILL $$");
                long got = Fixtures.readAllChecked(m, 7, 300_000);
                assertEquals(1_234_567, got, "bytes the killed writer had written");
                assertEquals(1_234_567, m.size());
                assertEquals(137, Fixtures.waitFor(proc), "writer was killed");
            } finally {
                Fixtures.close(p[0]);
            }
        }
    }
}
