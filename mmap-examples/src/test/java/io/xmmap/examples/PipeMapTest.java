package io.xmmap.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code xmmap pipemap} as a user runs it: a separate JVM on the tools' classes, fed through a
 * shell pipe, a FIFO and a file, checked against GNU sha256sum and wc -c.
 */
@Timeout(180)
class PipeMapTest {
    @TempDir
    Path tmp;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code sh -c script} where $XMMAP is the pipemap command line; returns stdout. */
    private static String[] sh(String script) throws IOException, InterruptedException {
        String xmmap = java() + " --enable-native-access=ALL-UNNAMED -cp " + System.getProperty("java.class.path")
                + " io.xmmap.examples.Main";
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script).redirectError(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("XMMAP", xmmap);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + script);
        return new String[] {out.trim(), err.trim(), String.valueOf(p.exitValue())};
    }

    private Path randomFile(long size) throws IOException {
        Path f = tmp.resolve("data-" + size);
        Random r = new Random(size);
        byte[] buf = new byte[1 << 20];
        try (var out = Files.newOutputStream(f)) {
            for (long left = size; left > 0; ) {
                r.nextBytes(buf);
                int n = (int) Math.min(left, buf.length);
                out.write(buf, 0, n);
                left -= n;
            }
        }
        return f;
    }

    private static String gnu(String cmd, Path f) throws IOException, InterruptedException {
        return sh(cmd + " < '" + f + "'")[0].split("\\s+")[0];
    }

    @Test
    void sha256OfAPipeMatchesSha256sum() throws Exception {
        for (long size : List.of(0L, 1L, 4097L, 33_554_445L)) {
            Path f = randomFile(size);
            String[] r = sh("cat '" + f + "' | $XMMAP pipemap --sha256");
            assertEquals("0", r[2], r[1]);
            assertEquals(gnu("wc -c", f) + " " + gnu("sha256sum", f), r[0], "size " + size);
        }
    }

    @Test
    void mapsAFileAFifoAndStandardInputAlike() throws Exception {
        Path f = randomFile(5_000_011);
        String want = gnu("wc -c", f) + " " + gnu("sha256sum", f);
        assertEquals(want, sh("$XMMAP pipemap --sha256 '" + f + "'")[0], "file by path");
        assertEquals(want, sh("$XMMAP pipemap --sha256 < '" + f + "'")[0], "file as standard input");
        Path fifo = tmp.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertEquals(want, sh("cat '" + f + "' > '" + fifo + "' & $XMMAP pipemap --sha256 '" + fifo + "'")[0], "FIFO");
        assertEquals(gnu("wc -c", f), sh("$XMMAP pipemap < '" + f + "'")[0], "count only");
    }

    @Test
    void badInputGivesAClearErrorAndStatus() throws Exception {
        String[] dir = sh("$XMMAP pipemap '" + tmp + "'");
        assertEquals("1", dir[2]);
        assertTrue(dir[1].contains("EISDIR"), dir[1]);
        String[] missing = sh("$XMMAP pipemap '" + tmp.resolve("nope") + "'");
        assertEquals("1", missing[2]);
        assertTrue(missing[1].contains("ENOENT"), missing[1]);
        String[] usage = sh("$XMMAP pipemap --frobnicate");
        assertEquals("2", usage[2]);
        assertTrue(new File("/dev/null").exists());
    }

    @Test
    void demoRunsOnItsBuiltInInput() throws Exception {
        String[] r = sh("$XMMAP demo --bytes 64M --rounds 1");
        assertEquals("0", r[2], r[1]);
        assertTrue(r[0].contains("ratio mapped / read"), r[0]);
        assertTrue(r[1].isEmpty(), "no warnings on stderr: " + r[1]);
    }
}
