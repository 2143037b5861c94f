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
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + script);
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

    /** Sends the file's bytes to the first connection accepted on {@code server}, then closes. */
    private static java.util.concurrent.CompletableFuture<Void> serve(java.nio.channels.ServerSocketChannel server, Path f) {
        return java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (var c = server.accept(); var in = java.nio.channels.FileChannel.open(f)) {
                for (long pos = 0, n = in.size(); pos < n; ) {
                    pos += in.transferTo(pos, n - pos, c);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void connectMapsWhatATcpPeerSends() throws Exception {
        Path f = randomFile(9_000_001);
        try (var server = java.nio.channels.ServerSocketChannel.open()
                .bind(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            var peer = serve(server, f);
            int port = ((java.net.InetSocketAddress) server.getLocalAddress()).getPort();
            String[] r = sh("$XMMAP pipemap --sha256 --connect 127.0.0.1:" + port);
            assertEquals("0", r[2], r[1]);
            assertEquals(gnu("wc -c", f) + " " + gnu("sha256sum", f), r[0]);
            peer.get(60, TimeUnit.SECONDS);
        }
    }

    /** {@code pipemap --sha256 --listen 0} in a process of its own. */
    private static Process listening() throws IOException {
        return new ProcessBuilder(java(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "io.xmmap.examples.Main", "pipemap", "--sha256", "--listen", "0").start();
    }

    /** The port from its first standard error line, "listening on /127.0.0.1:PORT". */
    private static int announcedPort(Process p) throws IOException {
        var err = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream()));
        String line = err.readLine();
        assertTrue(line != null && line.startsWith("listening on "), "first stderr line: " + line);
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
    }

    /** --listen 0 says where it listens (a line on stderr); the test connects there and sends. */
    @Test
    void listenAcceptsOneConnectionAndMapsIt() throws Exception {
        Path f = randomFile(7_000_003);
        Process p = listening();
        try {
            int port = announcedPort(p);
            try (var c = java.nio.channels.SocketChannel.open(new java.net.InetSocketAddress("127.0.0.1", port));
                 var in = java.nio.channels.FileChannel.open(f)) {
                for (long pos = 0, n = in.size(); pos < n; ) {
                    pos += in.transferTo(pos, n - pos, c);
                }
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            assertEquals(gnu("wc -c", f) + " " + gnu("sha256sum", f), out);
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * A peer nobody here wrote: OpenBSD netcat ({@code -N}: shut the socket down at the end of its
     * input, so the mapping sees EOF) connects to {@code pipemap --listen 0} and sends a file. The
     * test installs netcat-openbsd with apt-get when it is missing and it runs as root (the
     * project's test set-up); when it cannot, it says so on standard output and is skipped.
     */
    @Test
    @Timeout(400) // an apt-get update on a fresh machine can take minutes
    void netcatAsTheTcpPeer() throws Exception {
        String missing = netcat();
        if (missing != null) {
            System.out.println("SKIPPED netcatAsTheTcpPeer: " + missing);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(missing == null, missing);
        Path f = randomFile(3_000_017);
        Process p = listening();
        try {
            int port = announcedPort(p);
            String[] nc = sh("nc -N 127.0.0.1 " + port + " < '" + f + "'");
            assertEquals("0", nc[2], "nc: " + nc[1]);
            String out = new String(p.getInputStream().readAllBytes()).trim();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            assertEquals(gnu("wc -c", f) + " " + gnu("sha256sum", f), out);
        } finally {
            p.destroyForcibly();
        }
    }

    /** Null when OpenBSD nc is on PATH (installing it if missing and possible), else why not. */
    private static synchronized String netcat() throws IOException, InterruptedException {
        String probe = "nc -h 2>&1 | grep -q -- -N";
        if (sh(probe)[2].equals("0")) {
            return null;
        }
        if (!sh("id -u")[0].equals("0") || !sh("command -v apt-get")[2].equals("0")) {
            return "no OpenBSD nc (with -N) on PATH, and no root apt-get to install it (Debian: apt-get install netcat-openbsd)";
        }
        System.out.println("test set-up: installing netcat-openbsd with apt-get");
        String[] r = sh("export DEBIAN_FRONTEND=noninteractive; apt-get install -y -q netcat-openbsd >/dev/null 2>&1"
                + " || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q netcat-openbsd >/dev/null 2>&1; }");
        if (!r[2].equals("0") || !sh(probe)[2].equals("0")) {
            return "no OpenBSD nc on PATH, and apt-get install netcat-openbsd failed (exit " + r[2] + ")";
        }
        return null;
    }

    /**
     * A session leader with no controlling terminal (started by setsid) maps a pty's slave by
     * path; the master hangs up. Had the open made the slave its controlling terminal, the kernel
     * would kill it with SIGHUP; it must instead see EOF and print the empty stream's digest.
     */
    @Test
    void aSessionLeaderMappingATerminalSurvivesTheHangUp() throws Exception {
        try (io.xmmap.Pty pty = io.xmmap.Pty.open()) {
            Process p = new ProcessBuilder("setsid", java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), "io.xmmap.examples.Main", "pipemap", "--sha256",
                    pty.slave().toString()).start();
            try {
                // setsid execs the JVM in its own process: wait until it holds the slave open.
                Path fds = Path.of("/proc/" + p.pid() + "/fd");
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!holds(fds, pty.slave())) {
                    assertTrue(p.isAlive(), "pipemap ended before opening the terminal");
                    assertTrue(System.nanoTime() - until < 0, "pipemap did not open the terminal within 60 s");
                    Thread.onSpinWait();
                }
                pty.close(); // hang-up
                String out = new String(p.getInputStream().readAllBytes()).trim();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), "exit status (129 would be SIGHUP)");
                assertEquals("0 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", out);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static boolean holds(Path fds, Path file) {
        try (var list = Files.list(fds)) {
            return list.anyMatch(f -> {
                try {
                    return Files.readSymbolicLink(f).equals(file);
                } catch (IOException gone) {
                    return false;
                }
            });
        } catch (IOException notYet) {
            return false;
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
