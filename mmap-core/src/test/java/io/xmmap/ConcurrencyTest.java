package io.xmmap;

import io.xmmap.internal.sys.Libc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several threads on one retain-all mapping, and the edges a review found: racing first windows,
 * close from an interrupted thread, deadlines behind another thread's wait, a window held by a
 * native call during close. A JVM crash here fails the whole run, not just a test.
 */
@Timeout(120)
class ConcurrencyTest {
    @Test
    void racingFirstWindowsAndCloseNeverLeaveALiveWindowOverFreedMemory() throws Exception {
        for (int iter = 0; iter < 300; iter++) {
            int[] p = Fixtures.pipe();
            Fixtures.writePattern(p[1], 0, 4096);
            StreamMapping m = Xmmap.map(p[0], Memory.retainAll(1 << 20), iter % 2 == 0 ? Feed.SYNC : Feed.BACKGROUND);
            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<MemorySegment> w1 = new AtomicReference<>();
            AtomicReference<MemorySegment> w2 = new AtomicReference<>();
            CompletableFuture<Object> a = Fixtures.async(() -> grab(m, go, w1));
            CompletableFuture<Object> b = Fixtures.async(() -> grab(m, go, w2));
            go.countDown();
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
            m.close();
            for (MemorySegment w : new MemorySegment[] {w1.get(), w2.get()}) {
                if (w != null) {
                    assertThrows(IllegalStateException.class, () -> w.get(ValueLayout.JAVA_BYTE, 0));
                }
            }
            Libc.close(p[0]);
            Libc.close(p[1]);
        }
    }

    private static Object grab(StreamMapping m, CountDownLatch go, AtomicReference<MemorySegment> out) throws Exception {
        go.await();
        out.set(m.window(0, 4096));
        return null;
    }

    /**
     * Sync consumers sleep in poll(fd, wakeFd) outside the feed lock; close() from another thread
     * must neither free those fds under them (a recycled number would be polled) nor leak them:
     * the last sleeper out frees. Every sleeper must wake with "closed", and no fd may be left.
     */
    @Test
    void closeWhileThreadsSleepInPollWakesThemAndLeavesNoFdBehind() throws Exception {
        long fdsBefore = openFds();
        for (int iter = 0; iter < 200; iter++) {
            int[] p = Fixtures.pipe();
            StreamMapping m = Xmmap.map(p[0], Memory.retainAll(1 << 20), Feed.SYNC);
            Libc.close(p[0]);
            CountDownLatch started = new CountDownLatch(3);
            List<CompletableFuture<String>> sleepers = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                sleepers.add(Fixtures.async(() -> {
                    started.countDown();
                    try {
                        return "window of " + m.window(0, 1).byteSize();
                    } catch (IllegalStateException closed) {
                        return closed.getMessage();
                    }
                }));
            }
            started.await();
            m.close();
            for (CompletableFuture<String> s : sleepers) {
                String how = s.get(10, TimeUnit.SECONDS);
                assertTrue(how.contains("is closed"), how);
            }
            Libc.close(p[1]);
        }
        assertEquals(fdsBefore, openFds(), "every mapping's fd and eventfd were closed");
    }

    private static long openFds() throws java.io.IOException {
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void retainAllReleasePointOnlyMovesForwardUnderRacingThreads() throws Exception {
        int[] p = Fixtures.pipe();
        try (StreamMapping m = Xmmap.map(p[0], Memory.retainAll(1 << 20), Feed.SYNC)) {
            Fixtures.writePattern(p[1], 0, 60_000);
            assertEquals(60_000, m.window(0, 60_000).byteSize());
            for (int round = 0; round < 50; round++) {
                long base = round * 1000L;
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Object>> racers = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int parity = t;
                    racers.add(Fixtures.async(() -> {
                        go.await();
                        for (long o = base + parity; o < base + 1000; o += 2) {
                            m.release(o);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (CompletableFuture<Object> r : racers) {
                    r.get(10, TimeUnit.SECONDS);
                }
                assertEquals(base + 999, m.released(), "the highest release wins");
            }
        } finally {
            Libc.close(p[0]);
            Libc.close(p[1]);
        }
    }

    @Test
    void closeFromAnInterruptedThreadStillStopsTheFeederFirst() throws Exception {
        for (int iter = 0; iter < 50; iter++) {
            int[] p = Fixtures.pipe();
            Fixtures.writePattern(p[1], 0, 8192);
            StreamMapping m = Xmmap.map(p[0], Memory.retainAll(1 << 20), Feed.BACKGROUND);
            MemorySegment w = m.window(0, 8192);
            Thread.currentThread().interrupt();
            try {
                m.close();
            } finally {
                assertTrue(Thread.interrupted(), "close keeps the interrupt status");
            }
            assertThrows(IllegalStateException.class, () -> w.get(ValueLayout.JAVA_BYTE, 0));
            Libc.close(p[0]);
            Libc.close(p[1]);
        }
    }

    @Test
    void timedWindowIsNotStuckBehindAnotherThreadsLargerWait() throws Exception {
        int[] p = Fixtures.pipe();
        try (StreamMapping m = Xmmap.map(p[0], Memory.RETAIN_ALL, Feed.SYNC)) {
            Fixtures.writePattern(p[1], 0, 10);
            CompletableFuture<Throwable> big = Fixtures.async(() -> {
                try {
                    m.window(0, 1000);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            // Whether or not the other thread holds the feed now, these must honour their deadline.
            long t0 = System.nanoTime();
            MemorySegment w = m.window(0, 20, Duration.ofMillis(300));
            assertTrue(w.byteSize() <= 10);
            MemorySegment now = m.windowNow(0, 11);
            assertTrue(now.byteSize() <= 10);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "deadlines were honoured");
            Fixtures.writePattern(p[1], 10, 990);
            assertEquals(null, big.get(20, TimeUnit.SECONDS));
            assertEquals(-1, Pattern.firstMismatch(m.window(0, 1000), 0));
        } finally {
            Libc.close(p[0]);
            Libc.close(p[1]);
        }
    }

    @Test
    void fullRetainAllMappingHonoursDeadlines() throws Exception {
        int[] p = Fixtures.pipe();
        try (StreamMapping m = Xmmap.map(p[0], Memory.retainAll(4096), Feed.SYNC)) {
            Fixtures.writePattern(p[1], 0, 4096);
            // The writer stays open and silent: whether the stream goes on is undecided.
            MemorySegment w = m.window(4000, 200, Duration.ofMillis(100));
            assertEquals(96, w.byteSize());
            assertEquals(96, m.windowNow(4000, 200).byteSize());
        } finally {
            Libc.close(p[0]);
            Libc.close(p[1]);
        }
    }

    @Test
    void windowPastEofIsEofExceptionEvenBeyondTheRing() throws Exception {
        int[] p = Fixtures.pipe();
        try (StreamMapping m = Xmmap.map(p[0], Memory.streaming(64 << 10), Feed.SYNC)) {
            Fixtures.writePattern(p[1], 0, 10);
            Libc.close(p[1]);
            assertEquals(10, m.awaitEof());
            assertThrows(EOFException.class, () -> m.window(1 << 20, 1));
        } finally {
            Libc.close(p[0]);
        }
    }

    @Test
    void streamExactlyAsLongAsTheRingReachesEof() throws Exception {
        for (Feed feed : new Feed[] {Feed.SYNC, Feed.BACKGROUND}) {
            int[] p = Fixtures.pipe();
            try (StreamMapping m = Xmmap.map(p[0], Memory.streaming(64 << 10), feed)) {
                Fixtures.writePattern(p[1], 0, 64 << 10);
                Libc.close(p[1]);
                assertEquals(64 << 10, m.awaitEof(), feed.toString());
            } finally {
                Libc.close(p[0]);
            }
        }
    }

    @Test
    void hugeTimeoutIsNoTimeout() throws Exception {
        int[] p = Fixtures.pipe();
        try (StreamMapping m = Xmmap.map(p[0], Memory.RETAIN_ALL, Feed.SYNC)) {
            Fixtures.writePattern(p[1], 0, 5);
            assertEquals(5, m.window(0, 5, Duration.ofSeconds(Long.MAX_VALUE)).byteSize());
        } finally {
            Libc.close(p[0]);
            Libc.close(p[1]);
        }
    }

    @Test
    void closeWhileANativeCallHoldsAWindowFailsCleanlyAndCanBeRetried() throws Exception {
        int[] src = Fixtures.pipe();
        int[] sink = Fixtures.pipe();
        Libc.fcntl(sink[1], Libc.F_SETPIPE_SZ, 4096);
        StreamMapping m = Xmmap.map(src[0], Memory.RETAIN_ALL, Feed.BACKGROUND);
        try {
            Fixtures.writePattern(src[1], 0, 100_000);
            MemorySegment w = m.window(0, 100_000);
            // write(2) of the window into a 4 KiB pipe nobody reads: the downcall holds the window.
            CompletableFuture<Long> writer = Fixtures.async(() -> Libc.write(sink[1], w));
            IllegalStateException busy = null;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (busy == null && System.nanoTime() < until && !writer.isDone()) {
                try {
                    m.close();
                    break;
                } catch (IllegalStateException e) {
                    busy = e;
                }
            }
            // Either close won the race before the downcall started, or it was refused cleanly.
            if (busy != null) {
                assertTrue(busy.getMessage().contains("in use by a native call"), busy.getMessage());
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment drain = a.allocate(1 << 16);
                    while (!writer.isDone()) {
                        if (Libc.poll(sink[0], Libc.POLLIN, -1, (short) 0, 50) > 0) {
                            Libc.read(sink[0], drain);
                        }
                    }
                }
                assertTrue(writer.get() > 0);
                m.close();
            }
            assertThrows(IllegalStateException.class, () -> w.get(ValueLayout.JAVA_BYTE, 0));
        } finally {
            for (int fd : new int[] {src[0], src[1], sink[0], sink[1]}) {
                Libc.close(fd);
            }
        }
    }
}
