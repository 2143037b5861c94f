package io.xmmap.examples;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code xmmap tee} against GNU tee (what reaches standard output and each file, messages, exit
 * status) through pipes and files, zero-copy and mapped paths alike; {@code xmmap send} against a
 * Java server that checks the header and every byte of the file.
 */
@Timeout(180)
class ZeroCopyToolsTest {
    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void data() throws Exception {
        byte[] b = new byte[7_340_033];
        new Random(5).nextBytes(b);
        data = Files.write(dir.resolve("data"), b);
    }

    private static String q(Path p) {
        return "'" + p + "'";
    }

    /** Runs the same tee scenario with GNU tee and ours; compares stdout, stderr, status and every file. */
    private static void compareTee(String input, String args, String sink, String... files) throws Exception {
        for (String f : files) {
            Files.deleteIfExists(dir.resolve(f + ".gnu"));
            Files.deleteIfExists(dir.resolve(f + ".ours"));
        }
        String gnuArgs = args, ourArgs = args, gnuSink = sink, ourSink = sink;
        for (String f : files) {
            gnuArgs = gnuArgs.replace("@" + f, q(dir.resolve(f + ".gnu")));
            ourArgs = ourArgs.replace("@" + f, q(dir.resolve(f + ".ours")));
            gnuSink = gnuSink.replace("@" + f, q(dir.resolve(f + ".gnu")));
            ourSink = ourSink.replace("@" + f, q(dir.resolve(f + ".ours")));
        }
        String[] gnu = Corpus.sh(input + "tee " + gnuArgs + gnuSink, "C");
        String[] ours = Corpus.sh(input + "$XMMAP tee " + ourArgs + ourSink, "C");
        assertEquals(gnu[0], ours[0], "stdout of tee " + args);
        assertEquals(gnu[1].replace("gnu", "ours"), ours[1], "stderr of tee " + args);
        assertEquals(gnu[2], ours[2], "exit status of tee " + args);
        for (String f : files) {
            Path g = dir.resolve(f + ".gnu"), o = dir.resolve(f + ".ours");
            assertEquals(Files.exists(g), Files.exists(o), f);
            if (Files.exists(g)) {
                assertEquals(-1, Files.mismatch(g, o), f + ": first differing byte");
            }
        }
    }

    @Test
    void teeMatchesGnuTeeOnPipesAndFiles() throws Exception {
        String pipeIn = "cat " + q(data) + " | ";
        String fileIn = "< " + q(data) + " ";
        compareTee(pipeIn, "@a", " | sha256sum", "a");                      // tee(2) + splice(2)
        compareTee(fileIn, "@a", " > " + q(dir.resolve("stdout")) + " && sha256sum < " + q(dir.resolve("stdout")), "a");
        compareTee(pipeIn, "@a @b", " | sha256sum", "a", "b");              // several files: mapped copy
        compareTee(fileIn, "-a @a", " | sha256sum", "a");                   // append twice: mapped copy
        compareTee(fileIn, "-a @a", " | sha256sum", "a");
        compareTee(pipeIn, "@a " + q(dir.resolve("no/such/dir")), " | sha256sum", "a");
        compareTee("printf '' | ", "@a", " | sha256sum", "a");              // empty input
        compareTee(pipeIn, "/dev/full @a", " | sha256sum", "a");             // one output fails, the rest go on
        compareTee(pipeIn, "/dev/full", " | sha256sum");                     // a FILE that cannot splice
        compareTee(pipeIn, "--frobnicate @a", " | sha256sum", "a");          // GNU's usage message
        compareTee(pipeIn, "-x @a", " | sha256sum", "a");
        // standard output appended to (O_APPEND: no splice into it), twice
        compareTee(fileIn, "@a", " >> @out; sha256sum < @out", "a", "out");
        compareTee(fileIn, "@a", " >> @out; cat " + q(data) + " >> @out; sha256sum < @out", "a", "out");
    }

    @Test
    void sendServesAFileWithAHeader() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel c = server.accept()) {
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    ByteBuffer b = ByteBuffer.allocate(1 << 16);
                    while (c.read(b.clear()) >= 0) {
                        all.write(b.array(), 0, b.position());
                    }
                    return all.toByteArray();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String[] r = Corpus.sh("$XMMAP send --header 'HTTP/1.0 200 OK\\r\\nContent-Length: 7340033\\r\\n\\r\\n' "
                    + q(data) + " --to 127.0.0.1:" + port, "C");
            assertEquals("0", r[2], r[1]);
            byte[] header = "HTTP/1.0 200 OK\r\nContent-Length: 7340033\r\n\r\n".getBytes();
            byte[] got = received.get(60, TimeUnit.SECONDS);
            assertArrayEquals(header, Arrays.copyOf(got, header.length), "the header, escapes decoded");
            assertArrayEquals(Files.readAllBytes(data), Arrays.copyOfRange(got, header.length, got.length), "every byte of the file");
            assertEquals("sent " + got.length + " bytes", r[1].strip());
        }
    }

    @Test
    void sendReportsARefusedConnectionAndAMissingFile() throws Exception {
        int port;
        try (ServerSocketChannel s = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            port = ((InetSocketAddress) s.getLocalAddress()).getPort();
        }
        String[] refused = Corpus.sh("$XMMAP send " + q(data) + " --to 127.0.0.1:" + port, "C");
        assertEquals("1", refused[2]);
        assertTrue(refused[1].contains("Connection refused"), refused[1]);
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            int p2 = ((InetSocketAddress) server.getLocalAddress()).getPort();
            String[] missing = Corpus.sh("$XMMAP send --header HDR " + q(dir.resolve("missing")) + " --to 127.0.0.1:" + p2, "C");
            assertEquals("1", missing[2]);
            assertTrue(missing[1].contains("No such file or directory"), missing[1]);
            server.configureBlocking(false);
            assertEquals(null, server.accept(), "no connection (and no header) for a file that cannot be sent");
        }
        assertEquals("2", Corpus.sh("$XMMAP send " + q(data), "C")[2], "usage");
        assertEquals("2", Corpus.sh("$XMMAP send " + q(data) + " --to 127.0.0.1:1 --header", "C")[2], "header without text");
        String[] unknown = Corpus.sh("$XMMAP send " + q(data) + " --to no.such.host.invalid:80", "C");
        assertEquals("1", unknown[2]);
        assertTrue(unknown[1].contains("unknown host"), unknown[1]);
    }
}
