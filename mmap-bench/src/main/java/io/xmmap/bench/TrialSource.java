package io.xmmap.bench;

import io.xmmap.Feed;
import io.xmmap.Memory;
import io.xmmap.StreamMapping;
import io.xmmap.Xmmap;
import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One trial's input, opened in the reader process of {@link AccessParadigms} the way the
 * paradigm under test would open it, and closed after the trial (the writer process must then
 * have exited 0):
 * <pre>
 *   file    the corpus, in the page cache
 *   pipe    pipe2() here;  file-writer FILE  splices the corpus into it   (stdout = write end)
 *   socket  127.0.0.1:port listened on here;  file-writer FILE PORT  sendfile()s the corpus
 * </pre>
 * The writer is a process of its own, so none of its CPU time or memory is counted as the
 * reader's. It sends nothing before {@link #go()} (a byte on its standard input), which the
 * reader calls once its clock runs: bytes queued in the pipe or the socket buffers before the
 * clock started would be free. Each accessor opens the source once, in one form: a raw fd, an
 * {@code InputStream}, a channel or a mapping. Confined to one thread.
 */
final class TrialSource implements AutoCloseable {
    static final java.util.List<String> KINDS = java.util.List.of("file", "pipe", "socket");

    private final String kind;
    private final Path file;
    private Process writer;
    private int fd = -1;
    private SocketChannel socket;
    private ServerSocketChannel server;
    private AutoCloseable opened;
    private boolean went;

    TrialSource(String kind, Path file, Path fileWriter) throws IOException {
        this.kind = kind;
        this.file = file;
        switch (kind) {
            case "file" -> { }
            case "pipe" -> {
                int[] fds = new int[2];
                Errors.check("pipe2", "a pipe", Libc.pipe2(fds, Libc.O_CLOEXEC));
                fd = fds[0];
                // The JDK opens the redirect target itself: /proc/self/fd/W is this pipe's write end.
                writer = new ProcessBuilder(fileWriter.toString(), file.toString())
                        .redirectOutput(new File("/proc/self/fd/" + fds[1]))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                Libc.close(fds[1]);
            }
            case "socket" -> {
                // 127.0.0.1, as file-writer connects there (the loopback address Java prefers may be ::1).
                server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 1);
                writer = new ProcessBuilder(fileWriter.toString(), file.toString(),
                        Integer.toString(((InetSocketAddress) server.getLocalAddress()).getPort()))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                Set<Integer> before = socketFds();
                socket = server.accept();
                Set<Integer> after = socketFds();
                after.removeAll(before);
                if (after.size() != 1) {
                    throw new IOException("cannot tell the accepted socket's fd among " + after);
                }
                fd = after.iterator().next();
            }
            default -> throw new IllegalArgumentException("unknown source " + kind);
        }
    }

    /** Lets the writer start sending (the clock runs now); nothing for a file. Once. */
    void go() throws IOException {
        if (writer != null && !went) {
            went = true;
            try {
                writer.getOutputStream().write('g');
                writer.getOutputStream().close();
            } catch (IOException e) {
                // A writer that has exited (the JDK then drops its pipe: "Stream closed") or is
                // exiting (EPIPE): say which, with its status once it has one.
                boolean ended = waitQuietly(writer);
                throw new IOException("cannot give file-writer its go on the " + kind + " source: it "
                        + (ended ? "ended before it (exit " + writer.exitValue() + ")" : "is running but took no go"), e);
            }
        }
    }

    private static boolean waitQuietly(Process p) {
        try {
            return p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The source as a raw fd, for {@code read(2)}; owned by this object. */
    int fd() throws IOException {
        if (fd < 0) {
            int f = (int) Errors.check("open", file.toString(), Libc.open(file.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, 0));
            fd = f;
            // Opened by the paradigm, so closed as part of its timed use, like a stream or a mapping.
            opened = () -> {
                fd = -1;
                Libc.close(f);
            };
        }
        return fd;
    }

    /** The source as java.io would open it. */
    InputStream stream() throws IOException {
        InputStream in = switch (kind) {
            case "file" -> new FileInputStream(file.toFile());
            case "pipe" -> new FileInputStream("/proc/self/fd/" + fd);
            default -> socket.socket().getInputStream();
        };
        opened = in;
        return in;
    }

    /** The source as NIO would open it. */
    ReadableByteChannel channel() throws IOException {
        ReadableByteChannel ch = switch (kind) {
            case "file" -> FileChannel.open(file);
            case "pipe" -> FileChannel.open(Path.of("/proc/self/fd/" + fd));
            default -> socket;
        };
        opened = ch;
        return ch;
    }

    /** The corpus as a file channel ({@code FileChannel.map} works on files only). */
    FileChannel fileChannel() throws IOException {
        if (!kind.equals("file")) {
            throw new IllegalStateException("FileChannel.map needs a file, not a " + kind);
        }
        FileChannel ch = FileChannel.open(file);
        opened = ch;
        return ch;
    }

    /** The source mapped with xmmap (a synchronous feed, as a tool would use). */
    StreamMapping map(Memory memory) throws IOException {
        StreamMapping m = switch (kind) {
            case "file" -> Xmmap.open(file, memory);
            case "pipe" -> Xmmap.map(fd, memory);
            default -> Xmmap.map(socket, memory, Feed.SYNC);
        };
        opened = m;
        return m;
    }

    private static Set<Integer> socketFds() throws IOException {
        Set<Integer> fds = new HashSet<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    if (Files.readSymbolicLink(p).toString().startsWith("socket:")) {
                        fds.add(Integer.parseInt(p.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // the fd of the listing itself, closed by now
                }
            }
        }
        return fds;
    }

    /** Closes what an accessor opened (a stream, a channel, a mapping): part of the paradigm's cost. */
    void closeOpened() throws Exception {
        if (opened != null) {
            AutoCloseable o = opened;
            opened = null;
            o.close();
        }
    }

    @Override
    public void close() throws Exception {
        closeOpened();
        if (socket != null) {
            socket.close(); // closes fd too
            fd = -1;
        }
        if (server != null) {
            server.close();
        }
        if (fd >= 0) {
            Libc.close(fd);
        }
        if (writer != null) {
            writer.getOutputStream().close(); // no go given: the writer ends at once, saying so
            if (!writer.waitFor(60, TimeUnit.SECONDS)) {
                writer.destroyForcibly();
                throw new IOException("file-writer did not finish");
            }
            if (writer.exitValue() != 0) {
                throw new IOException("file-writer failed (exit " + writer.exitValue() + ") on the " + kind + " source");
            }
        }
    }
}
