package io.xmmap;

import io.xmmap.internal.sys.Libc;
import io.xmmap.internal.sys.LibcSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A streaming ring filled with unreleased bytes, asked for a window that crosses its end: if the
 * stream ends exactly there the window is short (EOF), on every fd kind, each of which tells its
 * end differently (a pipe polls POLLHUP, a socket after FIN and a tty holding only Ctrl-D poll
 * POLLIN with nothing to read, a hung-up tty fails with EIO); if the stream goes on, the window
 * is refused with a message saying what to release.
 */
@Timeout(60)
class FullRingTest {
    private static final int RING = 64 << 10;

    enum Kind { PIPE, SOCKETPAIR, TCP, PTY_CTRL_D, PTY_HANG_UP }

    static Stream<Arguments> kindsAndFeeds() {
        List<Arguments> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (Feed f : List.of(Feed.SYNC, Feed.BACKGROUND)) {
                // A typist's writes block once the line discipline's 4 KiB are full: someone must
                // read while it types, so terminals are tested with a background feeder only.
                if (f.background() || !k.name().startsWith("PTY")) {
                    out.add(Arguments.of(k, f));
                }
            }
        }
        return out.stream();
    }

    /** Text lines for terminals (canonical mode takes lines of at most 4095 bytes). */
    private static byte[] content(Kind kind, int n) {
        byte[] b = kind.name().startsWith("PTY") ? new byte[n] : Pattern.bytes(0, n);
        if (kind.name().startsWith("PTY")) {
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (i % 1024 == 1023 ? '\n' : 'a' + (i * 7 + i / 1024) % 26);
            }
        }
        return b;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndFeeds")
    void windowAcrossAFullRingIsShortWhenTheStreamEndsExactlyThere(Kind kind, Feed feed) throws Exception {
        byte[] data = content(kind, RING);
        Memory memory = Memory.streaming(RING);
        switch (kind) {
            case PIPE, SOCKETPAIR -> {
                int[] fds = new int[2];
                if (kind == Kind.PIPE) {
                    fds = Fixtures.pipe();
                } else {
                    assertEquals(0, LibcSocket.socketpair(LibcSocket.AF_UNIX, LibcSocket.SOCK_STREAM, fds));
                }
                try (StreamMapping m = Xmmap.map(fds[0], memory, feed)) {
                    Fixtures.writePattern(fds[1], 0, RING);
                    Fixtures.close(fds[1]);
                    fds[1] = -1;
                    checkShortTail(m, data);
                } finally {
                    Fixtures.close(fds[0]);
                    Fixtures.close(fds[1]);
                }
            }
            case TCP -> {
                try (ServerSocketChannel server = ServerSocketChannel.open()
                        .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                     SocketChannel out = SocketChannel.open(server.getLocalAddress());
                     SocketChannel in = server.accept();
                     StreamMapping m = Xmmap.map(in, memory, feed)) {
                    ByteBuffer b = ByteBuffer.wrap(data);
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                    out.shutdownOutput();
                    checkShortTail(m, data);
                }
            }
            case PTY_CTRL_D, PTY_HANG_UP -> {
                Pty pty = Pty.open();
                try (pty; StreamMapping m = Xmmap.open(pty.slave(), memory, feed)) {
                    pty.mode(false, false);
                    pty.type(data);
                    // A window can span the ring less one slot; this one ends where typing ended.
                    assertEquals(RING / 2, m.window(RING / 2, RING / 2).byteSize(), "every typed line arrives");
                    if (kind == Kind.PTY_CTRL_D) {
                        pty.type(new byte[] {Pty.EOF});
                    } else {
                        pty.close();
                    }
                    checkShortTail(m, data);
                }
            }
        }
    }

    private static void checkShortTail(StreamMapping m, byte[] data) throws IOException {
        MemorySegment w = m.window(RING - 4096 - 3, 8192);
        assertEquals(4096 + 3, w.byteSize(), "the window stops at EOF");
        byte[] want = java.util.Arrays.copyOfRange(data, RING - 4096 - 3, RING);
        assertArrayEquals(want, w.toArray(ValueLayout.JAVA_BYTE));
        assertTrue(m.isEof());
        assertEquals(RING, m.size());
        assertEquals(RING, m.awaitEof());
    }

    @Test
    void windowAcrossAFullRingIsRefusedWhileTheStreamGoesOn() throws Exception {
        int[] sv = new int[2];
        assertEquals(0, LibcSocket.socketpair(LibcSocket.AF_UNIX, LibcSocket.SOCK_STREAM, sv));
        try (StreamMapping m = Xmmap.map(sv[0], Memory.streaming(RING), Feed.SYNC)) {
            Fixtures.writePattern(sv[1], 0, RING + 1);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.window(RING - 10, 20));
            assertTrue(e.getMessage().contains("release"), e.getMessage());
            assertEquals(RING, m.mapped(), "the ring was filled before the refusal");
            assertEquals(-1, Pattern.firstMismatch(m.window(0, RING / 2), 0));
            assertEquals(-1, Pattern.firstMismatch(m.window(RING / 2, RING / 2), RING / 2));
            m.release(RING);
            MemorySegment last = m.window(RING, 1);
            assertEquals(Pattern.byteAt(RING), last.get(ValueLayout.JAVA_BYTE, 0));
        } finally {
            Libc.close(sv[0]);
            Libc.close(sv[1]);
        }
    }

    /** /dev/zero never ends and answers no FIONREAD: a window across its full ring is refused plainly. */
    @Test
    void aCharacterDeviceAcrossAFullRingIsRefusedNotAnIoctlError() throws Exception {
        try (StreamMapping m = Xmmap.open(java.nio.file.Path.of("/dev/zero"), Memory.streaming(RING))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.window(RING / 2, RING - 8192));
            assertTrue(e.getMessage().contains("release"), e.getMessage());
            assertEquals(0, m.window(0, RING / 2).get(ValueLayout.JAVA_BYTE, RING / 2 - 1));
        }
    }
}
