package io.xmmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sockets through the same mapping API: TCP over IPv4 and IPv6 loopback and Unix-domain sockets,
 * with Java peers writing the pattern in odd chunks; every byte checked; SHUT_WR is EOF; a reset
 * keeps every byte received before it and fails only past it.
 */
@Timeout(120)
class SocketTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> modes() {
        List<Arguments> out = new ArrayList<>();
        for (Memory m : List.of(Memory.streaming(1 << 20), Memory.retainAll(64 << 20))) {
            for (Feed f : List.of(Feed.SYNC, Feed.BACKGROUND)) {
                out.add(Arguments.of(m, f));
            }
        }
        return out.stream();
    }

    /** Writes {@code size} pattern bytes in odd chunks, then shuts its side down (EOF for the reader). */
    private static CompletableFuture<Void> sendPattern(SocketChannel ch, long size, long seed) {
        return CompletableFuture.runAsync(() -> {
            try (ch) {
                Random r = new Random(seed);
                for (long off = 0; off < size; ) {
                    int n = (int) Math.min(size - off, switch (r.nextInt(4)) {
                        case 0 -> 1;
                        case 1 -> 4095 + r.nextInt(3);
                        case 2 -> 1 + r.nextInt(70_000);
                        default -> 1 << 20;
                    });
                    ByteBuffer b = ByteBuffer.wrap(Pattern.bytes(off, n));
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    off += n;
                }
                ch.shutdownOutput();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modes")
    void tcpOverIpv4StreamsEveryByte(Memory memory, Feed feed) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            long size = (8 << 20) + 3;
            var writer = sendPattern(SocketChannel.open(server.getLocalAddress()), size, 1);
            try (SocketChannel accepted = server.accept(); StreamMapping m = Xmmap.map(accepted, memory, feed)) {
                assertEquals(StreamKind.SOCKET, m.info().kind());
                assertEquals(size, Fixtures.readAllChecked(m, 7, memory.isStreaming() ? memory.bytes() / 2 : 3 << 20));
                assertEquals(size, m.size());
            }
            writer.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void tcpOverIpv6StreamsEveryByte() throws Exception {
        // The machine has an IPv6 loopback; without one this fails here, saying so, rather than skip.
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET6)
                .bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
        try (server) {
            long size = (3 << 20) + 11;
            var writer = sendPattern(SocketChannel.open(server.getLocalAddress()), size, 2);
            try (StreamMapping m = Xmmap.accept(server, Memory.STREAMING)) {
                assertEquals(size, Fixtures.readAllChecked(m, 8, 1 << 20));
            }
            writer.get(60, TimeUnit.SECONDS);
        }
    }

    /** Several Unix-domain connections to one path look alike by address: each maps its own. */
    @Test
    void unixDomainConnectionsToOnePathEachMapTheirOwnStream() throws Exception {
        SocketAddress path = UnixDomainSocketAddress.of(tmp.resolve("sock"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(path)) {
            List<StreamMapping> maps = new ArrayList<>();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            try {
                for (int k = 0; k < 3; k++) {
                    writers.add(sendPattern(SocketChannel.open(path), (1 << 20) + k, 10 + k));
                    maps.add(Xmmap.accept(server, Memory.retainAll(16 << 20)));
                }
                for (int k = 0; k < 3; k++) {
                    assertEquals((1 << 20) + k, Fixtures.readAllChecked(maps.get(k), k, 100_000), "connection " + k);
                }
            } finally {
                for (StreamMapping m : maps) {
                    m.close();
                }
            }
            for (var w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void connectMapsWhatTheServerSends() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            long size = (2 << 20) + 5;
            var serverSide = CompletableFuture.runAsync(() -> {
                try {
                    sendPattern(server.accept(), size, 3).get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (StreamMapping m = Xmmap.connect(server.getLocalAddress(), Memory.STREAMING)) {
                assertEquals(size, Fixtures.readAllChecked(m, 9, 1 << 20));
            }
            serverSide.get(60, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("modes")
    void aResetKeepsEveryByteBeforeItAndFailsPastIt(Memory memory, Feed feed) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel peer = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept();
             StreamMapping m = Xmmap.map(accepted, memory, feed)) {
            int sent = 300_001;
            ByteBuffer b = ByteBuffer.wrap(Pattern.bytes(0, sent));
            while (b.hasRemaining()) {
                peer.write(b);
            }
            MemorySegment w = m.window(0, sent); // every byte has arrived before the reset
            assertEquals(sent, w.byteSize());
            peer.setOption(StandardSocketOptions.SO_LINGER, 0);
            peer.close(); // RST
            ErrnoException e = assertThrows(ErrnoException.class, () -> m.window(sent, 1));
            assertEquals("ECONNRESET", e.errnoName(), e.getMessage());
            assertTrue(e.getMessage().contains("recv"), e.getMessage());
            assertEquals(-1, Pattern.firstMismatch(w, 0), "the bytes before the reset are intact");
            assertEquals(-1, Pattern.firstMismatch(m.window(sent - 10, 10), sent - 10));
        }
    }

    @Test
    void aRefusedConnectionIsAClearError() throws Exception {
        SocketAddress nobody;
        try (ServerSocketChannel s = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            nobody = s.getLocalAddress();
        }
        IOException e = assertThrows(IOException.class, () -> Xmmap.connect(nobody, Memory.STREAMING));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }

    /** An eventfd or an epoll fd is neither a file nor a stream: refused, naming what it is. */
    @Test
    void anFdOfAnotherKindIsRefusedByName() {
        int efd = io.xmmap.internal.sys.Libc.eventfd(0, 0);
        int epfd = io.xmmap.internal.sys.LibcEpoll.create();
        assertTrue(efd >= 0 && epfd >= 0);
        try {
            ErrnoException e = assertThrows(ErrnoException.class, () -> Xmmap.map(efd, Memory.STREAMING));
            assertEquals("EINVAL", e.errnoName());
            assertTrue(e.getMessage().contains("eventfd") && e.getMessage().contains("not a file, pipe"), e.getMessage());
            ErrnoException ep = assertThrows(ErrnoException.class, () -> Xmmap.map(epfd, Memory.RETAIN_ALL));
            assertEquals("EINVAL", ep.errnoName());
            assertTrue(ep.getMessage().contains("eventpoll"), ep.getMessage());
        } finally {
            io.xmmap.internal.sys.Libc.close(efd);
            io.xmmap.internal.sys.Libc.close(epfd);
        }
    }

    @Test
    void aClosedSocketFdIsEbadf() throws Exception {
        int[] sv = new int[2];
        assertEquals(0, io.xmmap.internal.sys.LibcSocket.socketpair(io.xmmap.internal.sys.LibcSocket.AF_UNIX,
                io.xmmap.internal.sys.LibcSocket.SOCK_STREAM, sv));
        io.xmmap.internal.sys.Libc.close(sv[0]);
        io.xmmap.internal.sys.Libc.close(sv[1]);
        ErrnoException e = assertThrows(ErrnoException.class, () -> Xmmap.map(sv[0], Memory.STREAMING));
        assertEquals("EBADF", e.errnoName(), e.getMessage());
    }

    @Test
    void aChannelNotConnectedOrClosedIsRefused() throws Exception {
        try (SocketChannel unconnected = SocketChannel.open()) {
            assertThrows(NotYetConnectedException.class, () -> Xmmap.map(unconnected, Memory.STREAMING, Feed.SYNC));
        }
        SocketChannel closed = SocketChannel.open();
        closed.close();
        assertThrows(ClosedChannelException.class, () -> Xmmap.map(closed, Memory.STREAMING, Feed.SYNC));
    }
}
