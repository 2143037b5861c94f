package io.xmmap;

import io.xmmap.internal.sys.Libc;
import io.xmmap.internal.sys.LibcSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every kind of stream keeps, run over every fd kind, both memory modes and both
 * feeds: every byte arrives at its offset, windows of odd lengths straddling chunk and page
 * boundaries see exactly the stream, EOF makes the size exact.
 */
@Timeout(120)
class StreamContractTest {
    /** How the bytes reach the fd the mapping reads. */
    enum Kind {
        PIPE_JAVA_WRITER, PIPE_ONE_BYTE_WRITER, PIPE_EXTERNAL_CAT, FIFO, FILE, UNIX_SOCKETPAIR,
        SOCKETPAIR_ONE_BYTE_WRITER, TCP_JAVA_WRITER, PTY_RAW;

        long cap(long size) {
            return this == PIPE_ONE_BYTE_WRITER || this == SOCKETPAIR_ONE_BYTE_WRITER ? Math.min(size, 70_001)
                    : this == PTY_RAW ? Math.min(size, (2 << 20) + 7) : size;
        }

        StreamKind streamKind(long size) {
            return switch (this) {
                case FILE -> size > 0 ? StreamKind.FILE : StreamKind.SIZELESS_FILE;
                case FIFO -> StreamKind.FIFO;
                case UNIX_SOCKETPAIR, SOCKETPAIR_ONE_BYTE_WRITER, TCP_JAVA_WRITER -> StreamKind.SOCKET;
                case PTY_RAW -> StreamKind.TTY;
                default -> StreamKind.PIPE;
            };
        }
    }

    @TempDir
    Path tmp;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    private final List<Thread> writers = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        long[] sizes = {0, 1, 4097, (3 << 20) + 5, 21 << 20};
        for (Kind k : Kind.values()) {
            for (Memory mem : List.of(Memory.streaming(1 << 20), Memory.retainAll(64 << 20))) {
                for (Feed feed : List.of(Feed.SYNC, Feed.BACKGROUND)) {
                    for (long size : sizes) {
                        if (k.cap(size) == size || size == sizes[sizes.length - 1]) {
                            out.add(Arguments.of(k, mem, feed, k.cap(size)));
                        }
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} bytes")
    @MethodSource("cases")
    void everyByteArrivesAtItsOffset(Kind kind, Memory memory, Feed feed, long size) throws Exception {
        try (StreamMapping m = open(kind, size, memory, feed)) {
            long window = memory.isStreaming() ? memory.bytes() / 2 : 5 << 20;
            long got = Fixtures.readAllChecked(m, size * 31 + kind.ordinal(), window);
            assertEquals(size, got, "bytes mapped");
            assertTrue(m.isEof());
            assertEquals(size, m.size());
            assertEquals(kind.streamKind(size), m.info().kind());
            assertEquals(0, m.window(size, 10).byteSize(), "window at EOF is empty");
            // The feed named is the one that ran: FIFOs opened by path and ttys refuse RWF_NOWAIT.
            String nowait = "preadv2(2) RWF_NOWAIT";
            if ((kind == Kind.FIFO && feed.method() == Feed.Method.READ) || kind == Kind.PTY_RAW) {
                assertTrue(!m.info().feed().contains(nowait) && m.info().feed().contains("poll(2) + read(2)"), m.info().feed());
            } else if (kind.streamKind(size) == StreamKind.SOCKET) {
                assertTrue(m.info().feed().contains("recv(2) MSG_DONTWAIT"), m.info().feed());
            } else if (kind != Kind.FILE && feed.method() == Feed.Method.READ) {
                assertTrue(m.info().feed().contains(nowait), m.info().feed());
            }
        }
        joinWriters();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileModes")
    void fileMapsTheSameBytesAsFileChannelMap(Memory memory) throws Exception {
        Path f = patternFile((5 << 20) + 123);
        try (StreamMapping m = Xmmap.open(f, memory);
             FileChannel ch = FileChannel.open(f, StandardOpenOption.READ);
             Arena arena = Arena.ofConfined()) {
            MemorySegment expected = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            MemorySegment all = m.window(0, ch.size());
            assertEquals(-1, all.mismatch(expected));
            assertEquals(StreamKind.FILE, m.info().kind());
            assertEquals(ch.size(), m.size());
        }
    }

    static Stream<Memory> fileModes() {
        return Stream.of(Memory.STREAMING, Memory.RETAIN_ALL);
    }

    private StreamMapping open(Kind kind, long size, Memory memory, Feed feed) throws Exception {
        switch (kind) {
            case FILE -> {
                return Xmmap.open(patternFile(size), memory, feed);
            }
            case FIFO -> {
                Path fifo = Fixtures.fifo(tmp);
                writers.add(Thread.ofPlatform().start(() -> {
                    int fd = Libc.open(fifo.toString(), Libc.O_WRONLY, 0);
                    if (fd < 0) {
                        writerFailure.set(new IOException("open fifo for writing: " + fd));
                        return;
                    }
                    try {
                        Fixtures.patternWriter(fd, size, Fixtures.oddChunks(size), writerFailure).join();
                    } catch (InterruptedException e) {
                        writerFailure.set(e);
                    }
                }));
                return Xmmap.open(fifo, memory, feed);
            }
            case UNIX_SOCKETPAIR, SOCKETPAIR_ONE_BYTE_WRITER -> {
                int[] sv = new int[2];
                assertEquals(0, LibcSocket.socketpair(LibcSocket.AF_UNIX, LibcSocket.SOCK_STREAM, sv));
                try {
                    StreamMapping m = Xmmap.map(sv[0], memory, feed);
                    writers.add(Fixtures.patternWriter(sv[1], size,
                            kind == Kind.UNIX_SOCKETPAIR ? Fixtures.oddChunks(size) : left -> 1, writerFailure));
                    return m;
                } finally {
                    Libc.close(sv[0]);
                }
            }
            case TCP_JAVA_WRITER -> {
                try (ServerSocketChannel server = ServerSocketChannel.open()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                    SocketChannel client = SocketChannel.open(server.getLocalAddress());
                    try (SocketChannel accepted = server.accept()) {
                        StreamMapping m = Xmmap.map(accepted, memory, feed);
                        writers.add(Fixtures.channelWriter(client, size, Fixtures.oddChunks(size), writerFailure));
                        return m;
                    }
                }
            }
            case PTY_RAW -> {
                Pty pty = Pty.open();
                cleanup.add(pty);
                pty.mode(true, false);
                StreamMapping m = Xmmap.open(pty.slave(), memory, feed);
                writers.add(Fixtures.ptyTypist(pty, m, size, Fixtures.oddChunks(size), writerFailure));
                return m;
            }
            default -> {
                int[] p = Fixtures.pipe();
                try {
                    StreamMapping m = Xmmap.map(p[0], memory, feed);
                    switch (kind) {
                        case PIPE_JAVA_WRITER -> writers.add(Fixtures.patternWriter(p[1], size, Fixtures.oddChunks(size), writerFailure));
                        case PIPE_ONE_BYTE_WRITER -> writers.add(Fixtures.patternWriter(p[1], size, left -> 1, writerFailure));
                        case PIPE_EXTERNAL_CAT -> {
                            Path f = patternFile(size);
                            processes.add(Fixtures.shellInto(p[1], "cat '" + f + "'"));
                        }
                        default -> throw new AssertionError(kind);
                    }
                    return m;
                } finally {
                    Libc.close(p[0]);
                }
            }
        }
    }

    private Path patternFile(long size) throws IOException {
        Path f = Files.createTempFile(tmp, "pattern", ".bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE); Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(1 << 20);
            for (long off = 0; off < size; ) {
                long n = Math.min(buf.byteSize(), size - off);
                Pattern.fill(buf.asSlice(0, n), off);
                ch.write(buf.asSlice(0, n).asByteBuffer());
                off += n;
            }
        }
        return f;
    }

    private void joinWriters() throws Exception {
        for (Thread t : writers) {
            t.join();
        }
        for (Process p : processes) {
            assertEquals(0, Fixtures.waitFor(p), "external writer's exit status");
        }
        assertNull(writerFailure.get(), () -> "writer failed: " + writerFailure.get());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }
}
