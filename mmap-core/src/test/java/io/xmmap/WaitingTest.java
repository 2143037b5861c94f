package io.xmmap;

import io.xmmap.internal.sys.Libc;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Byte-granular growth, non-blocking and timed windows, and close while someone waits. */
@Timeout(60)
class WaitingTest {
    static Stream<Feed> feeds() {
        return Stream.of(Feed.SYNC, Feed.BACKGROUND, Feed.BACKGROUND.withSpinning(true),
                Feed.SYNC.withMethod(Feed.Method.VMSPLICE));
    }

    @ParameterizedTest
    @MethodSource("feeds")
    void mappedLengthGrowsByteByByte(Feed feed) throws Exception {
        int[] p = Fixtures.pipe();
        try (StreamMapping m = Xmmap.map(p[0], Memory.STREAMING, feed)) {
            for (int i = 0; i < 50; i++) {
                Fixtures.writePattern(p[1], i, 1);
                // Each single byte becomes visible on its own: no page granularity.
                MemorySegment w = m.window(i, 1);
                assertEquals(1, w.byteSize());
                assertEquals(-1, Pattern.firstMismatch(w, i));
            }
            assertEquals(50, m.mapped());
            Libc.close(p[1]);
            assertEquals(0, m.window(50, 1).byteSize());
            assertEquals(50, m.size());
        } finally {
            Libc.close(p[0]);
        }
    }

    @ParameterizedTest
    @MethodSource("feeds")
    void windowNowAndTimedWindowReturnWhatHasArrived(Feed feed) throws Exception {
        int[] p = Fixtures.pipe();
        try (StreamMapping m = Xmmap.map(p[0], Memory.RETAIN_ALL, feed)) {
            assertEquals(0, m.windowNow(0, 100).byteSize());
            Fixtures.writePattern(p[1], 0, 10);
            MemorySegment w = m.window(0, 100, Duration.ofMillis(200));
            assertEquals(10, w.byteSize(), "timed window holds the 10 bytes that came");
            assertEquals(-1, Pattern.firstMismatch(w, 0));
            assertEquals(10, m.windowNow(0, 100).byteSize());
            assertTrue(!m.isEof());
            Fixtures.writePattern(p[1], 10, 90);
            assertEquals(100, m.window(0, 100).byteSize());
        } finally {
            Libc.close(p[0]);
            Libc.close(p[1]);
        }
    }

    @ParameterizedTest
    @MethodSource("feeds")
    void closeWakesAWindowBlockedInAnotherThread(Feed feed) throws Exception {
        int[] p = Fixtures.pipe();
        try {
            StreamMapping m = Xmmap.map(p[0], Memory.RETAIN_ALL, feed);
            Fixtures.writePattern(p[1], 0, 5);
            CountDownLatch waiting = new CountDownLatch(1);
            CompletableFuture<Throwable> blocked = Fixtures.async(() -> {
                try {
                    waiting.countDown();
                    m.window(0, 1000);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertTrue(waiting.await(10, TimeUnit.SECONDS));
            // The writer stays open and silent: only close() can end the wait.
            m.window(0, 5);
            m.close();
            Throwable t = blocked.get(20, TimeUnit.SECONDS);
            assertTrue(t instanceof IllegalStateException, String.valueOf(t));
            assertThrows(IllegalStateException.class, () -> m.window(0, 1));
        } finally {
            Libc.close(p[0]);
            Libc.close(p[1]);
        }
    }

    /**
     * A spinning background feeder spins on an empty pipe instead of sleeping in poll: its thread
     * keeps using CPU time while nothing arrives, and the first byte written is still delivered.
     */
    @org.junit.jupiter.api.Test
    void aSpinningBackgroundFeederSpinsWhileThePipeIsEmpty() throws Exception {
        int[] p = Fixtures.pipe();
        var before = Thread.getAllStackTraces().keySet();
        try (StreamMapping m = Xmmap.map(p[0], Memory.STREAMING, Feed.BACKGROUND.withSpinning(true))) {
            Thread feeder = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("xmmap-feed-") && !before.contains(t)).findFirst().orElseThrow();
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long start = mx.getThreadCpuTime(feeder.threadId());
            Fixtures.spinUntil(() -> mx.getThreadCpuTime(feeder.threadId()) - start > 100_000_000L,
                    "the feeder has used 100 ms of CPU time on an empty pipe");
            Fixtures.writePattern(p[1], 0, 1);
            assertEquals(-1, Pattern.firstMismatch(m.window(0, 1), 0));
        } finally {
            Libc.close(p[1]);
            Libc.close(p[0]);
        }
    }
}
