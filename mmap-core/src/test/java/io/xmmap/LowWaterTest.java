package io.xmmap;

import io.xmmap.internal.sys.LibcSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A socket's receive low-water mark (SO_RCVLOWAT) lets a consumer waiting for a window sleep
 * until a chunk is queued. It must never hide bytes from anyone who wants fewer: a readiness
 * set, a timed window, a second waiter with a smaller need; and the socket, shared with the
 * caller's fd, gets its old mark back at close.
 */
@Timeout(60)
class LowWaterTest {
    private static final int CHUNK = 256 << 10;

    /**
     * A loopback TCP connection: [accepted side, client side]. TCP, because Unix-domain sockets
     * honour the mark only in blocking reads, not in poll: there a too-high mark could not hide
     * anything, and these tests could not fail.
     */
    private static SocketChannel[] tcp() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            SocketChannel client = SocketChannel.open(server.getLocalAddress());
            return new SocketChannel[] {server.accept(), client};
        }
    }

    private static void send(SocketChannel ch, long from, int n) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Pattern.bytes(from, n));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void close(SocketChannel[] pair) throws IOException {
        pair[0].close();
        pair[1].close();
    }

    private static int mark(StreamMapping m) {
        return LibcSocket.receiveLowWater(m.source().fd);
    }

    /** Waits (spinning, at most 30 s) until the mapping's socket has this mark. */
    private static void awaitMark(StreamMapping m, int mark) {
        Fixtures.spinUntil(() -> mark(m) == mark, "the socket's low-water mark is " + mark);
    }

    /** A writer that waits until the consumer sleeps with a chunk-sized mark, then writes. */
    private static CompletableFuture<Object> writeOnceMarked(StreamMapping m, SocketChannel ch, long from, int n) {
        return Fixtures.async(() -> {
            awaitMark(m, CHUNK);
            send(ch, from, n);
            return null;
        });
    }

    @Test
    void anUntimedWindowSleepsForAChunkAndCloseRestoresTheMark() throws Exception {
        SocketChannel[] sv = tcp();
        try {
            StreamMapping m = Xmmap.map(sv[0], Memory.STREAMING, Feed.SYNC);
            try (m) {
                CompletableFuture<Object> writer = writeOnceMarked(m, sv[1], 0, 1 << 20);
                // The consumer (this thread) sleeps until a chunk is queued, not per segment.
                assertEquals(-1, Pattern.firstMismatch(m.window(0, 1 << 20), 0));
                writer.get(30, TimeUnit.SECONDS);
            }
            assertEquals(1, LibcSocket.receiveLowWater(SocketFds.find(sv[0], -1)), "the caller's socket has its mark back");
        } finally {
            close(sv);
        }
    }

    @Test
    void aReadinessSetSeesOneByteAfterABlockingWindowRaisedTheMark() throws Exception {
        SocketChannel[] sv = tcp();
        try (StreamMapping m = Xmmap.map(sv[0], Memory.STREAMING, Feed.SYNC); StreamSet set = StreamSet.open()) {
            CompletableFuture<Object> writer = writeOnceMarked(m, sv[1], 0, 1 << 20);
            assertEquals(1 << 20, m.window(0, 1 << 20).byteSize());
            writer.get(30, TimeUnit.SECONDS);
            m.release(1 << 20);
            set.add(m);
            send(sv[1], 1 << 20, 1);
            assertEquals(List.of(m), set.await(Duration.ofSeconds(30)), "one byte makes the mapping ready");
            MemorySegment one = m.windowNow(1 << 20, 10);
            assertEquals(1, one.byteSize());
            assertEquals(-1, Pattern.firstMismatch(one, 1 << 20));
        } finally {
            close(sv);
        }
    }

    @Test
    void aSmallerWaiterWakesTheBackgroundFeederSleepingForABigOne() throws Exception {
        SocketChannel[] sv = tcp();
        try (StreamMapping m = Xmmap.map(sv[0], Memory.RETAIN_ALL, Feed.BACKGROUND)) {
            CompletableFuture<Long> big = Fixtures.async(() -> m.window(0, 1 << 20).byteSize());
            // With nobody waiting the feeder wakes for every byte. Bytes one at a time make it look
            // again until it has seen the big waiter and sleeps until 256 KiB are queued.
            int sent = 0;
            while (mark(m) != CHUNK) {
                send(sv[1], sent, 1);
                long s1 = ++sent;
                // Either the feeder takes the byte, or it has just raised the mark and sleeps
                // with the byte still queued (fewer than the mark): both end this wait.
                Fixtures.spinUntil(() -> m.mapped() >= s1 || mark(m) == CHUNK, "the feeder took byte " + s1);
            }
            long want = sent + 9;
            CompletableFuture<Long> small = Fixtures.async(() -> m.window(0, want).byteSize());
            send(sv[1], sent, 9); // and then the peer says nothing more
            assertEquals(want, small.get(30, TimeUnit.SECONDS), "the bytes arrived; the small waiter has them");
            assertTrue(!big.isDone());
            send(sv[1], want, (int) ((1 << 20) - want));
            assertEquals(1 << 20, big.get(30, TimeUnit.SECONDS));
            assertEquals(-1, Pattern.firstMismatch(m.window(0, 1 << 20), 0));
        } finally {
            close(sv);
        }
    }

    @Test
    void aTimedWindowGetsWhatArrivedBeforeItsDeadline() throws Exception {
        SocketChannel[] sv = tcp();
        try (StreamMapping m = Xmmap.map(sv[0], Memory.STREAMING, Feed.SYNC)) {
            CompletableFuture<Object> writer = writeOnceMarked(m, sv[1], 0, 1 << 20);
            assertEquals(1 << 20, m.window(0, 1 << 20).byteSize());
            writer.get(30, TimeUnit.SECONDS);
            m.release(1 << 20);
            send(sv[1], 1 << 20, 7);
            MemorySegment t = m.window(1 << 20, 1000, Duration.ofMillis(200));
            assertEquals(7, t.byteSize(), "the 7 bytes queued before the deadline");
        } finally {
            close(sv);
        }
    }

    /**
     * A background feeder must not sleep for a timed waiter's whole window: at the deadline the
     * waiter takes what has arrived. (A version that raised the mark for timed waiters returned
     * 1 byte here, the other 99 hidden in the socket.)
     */
    @Test
    void aTimedWaiterOfABackgroundFeederGetsWhatArrived() throws Exception {
        SocketChannel[] sv = tcp();
        try (StreamMapping m = Xmmap.map(sv[0], Memory.RETAIN_ALL, Feed.BACKGROUND)) {
            CompletableFuture<Long> timed = Fixtures.async(() -> m.window(0, 64 << 10, Duration.ofSeconds(2)).byteSize());
            send(sv[1], 0, 1);
            Fixtures.spinUntil(() -> m.mapped() >= 1, "the feeder took the first byte");
            send(sv[1], 1, 99);
            assertEquals(100, timed.get(30, TimeUnit.SECONDS), "the 100 bytes that arrived before the deadline");
            assertEquals(-1, Pattern.firstMismatch(m.window(0, 100), 0));
        } finally {
            close(sv);
        }
    }

    @Test
    void aReadinessSetRefusesABackgroundFedMapping() throws Exception {
        SocketChannel[] sv = tcp();
        try (StreamMapping m = Xmmap.map(sv[0], Memory.STREAMING, Feed.BACKGROUND); StreamSet set = StreamSet.open()) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> set.add(m));
            assertTrue(e.getMessage().contains("background"), e.getMessage());
        } finally {
            close(sv);
        }
    }
}
