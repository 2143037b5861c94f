package io.xmmap;

import io.xmmap.internal.mem.Region;
import io.xmmap.internal.sys.Errors;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves bytes from the {@link Source} into the {@link Region} and publishes how far it got.
 *
 * <h2>Progress, and who writes what</h2>
 * <pre>
 *   0        released          filled           fillLimit(filled, released)
 *   |recycled |  mapped, readable  |  room the feeder may fill  |
 * </pre>
 * <ul>
 *   <li>{@code filled}, {@code eof}, {@code failure}: written by the feeding thread only (the
 *       consumer under {@code feedLock} in sync mode, the feeder thread in background mode), each
 *       with a volatile store <em>after</em> the bytes are in memory; readers load them volatile,
 *       so a reader that sees {@code filled >= end} sees every byte below {@code end}.</li>
 *   <li>{@code released}: written by the consumer (volatile) after it has closed the scopes of the
 *       slots below it; the feeder loads it before it computes where it may write.</li>
 * </ul>
 *
 * <h2>Waiting</h2>
 * Sync: the consumer reads on demand and sleeps in {@code poll} on the fd and the wake eventfd.
 * Background: the consumer sleeps on a monitor; the feeder notifies only when {@code filled}
 * reaches the smallest end a waiter asked for ({@code wanted}), EOF, failure or close, so a large
 * window costs one wake-up, not one per chunk. Spinning: both sides busy-wait instead.
 */
final class Feeder implements Runnable {
    private static final long AGAIN = -Errors.EAGAIN;

    private final Source source;
    private final Region region;
    private final Feed feed;
    private final Object feedLock = new Object();
    private final Object waitLock = new Object();
    private final Thread thread;

    private volatile long filled;
    private volatile boolean eof;
    private volatile IOException failure;
    private volatile long released;
    /** The release point the feeder's last step used; feeder thread only. */
    private long releasedSeen;
    private volatile boolean closed;
    private volatile int waiters;
    private volatile long wanted = Long.MAX_VALUE;
    private volatile Thread parkedFeeder;
    /** Set by close() when the feeder thread did not stop in time: it frees the memory itself. */
    private volatile boolean orphaned;
    /** Whoever wins this frees region and source: close(), or an orphaned feeder on its way out. */
    private final java.util.concurrent.atomic.AtomicBoolean freeClaim = new java.util.concurrent.atomic.AtomicBoolean();

    Feeder(Source source, Region region, Feed feed, long initiallyFilled) {
        this.source = source;
        this.region = region;
        this.feed = feed;
        this.filled = initiallyFilled;
        this.eof = !source.kind.isStream();
        boolean bg = feed.background() && !eof;
        this.thread = bg ? Thread.ofPlatform().daemon().name("xmmap-feed-" + source.name).unstarted(this) : null;
    }

    void start() {
        if (thread != null) {
            thread.start();
        }
    }

    long filled() {
        return filled;
    }

    boolean eof() {
        return eof;
    }

    IOException failure() {
        return failure;
    }

    /**
     * Waits until {@code filled >= end}, EOF, a failure, close, or {@code deadline} (a
     * {@link System#nanoTime()} value; {@code Long.MAX_VALUE}: none). Returns normally in every case;
     * the caller looks at the state.
     */
    void await(long end, long deadline) throws IOException {
        if (ready(end)) {
            return;
        }
        if (thread == null) {
            synchronized (feedLock) {
                while (!ready(end) && step(deadline)) {
                    // keep feeding
                }
            }
        } else if (feed.spinning()) {
            while (!ready(end) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        } else {
            sleepUntil(end, deadline);
        }
    }

    private boolean ready(long end) {
        return filled >= end || eof || failure != null || closed;
    }

    private void sleepUntil(long end, long deadline) throws InterruptedIOException {
        synchronized (waitLock) {
            waiters++;
            try {
                while (!ready(end)) {
                    if (wanted > end) {
                        wanted = end;
                    }
                    if (ready(end)) {
                        break;
                    }
                    long left = deadline == Long.MAX_VALUE ? 0 : deadline - System.nanoTime();
                    if (deadline != Long.MAX_VALUE && left <= 0) {
                        break;
                    }
                    waitLock.wait(deadline == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for stream bytes");
            } finally {
                waiters--;
            }
        }
    }

    private void signal(boolean always) {
        if (waiters > 0 && (always || filled >= wanted)) {
            synchronized (waitLock) {
                wanted = Long.MAX_VALUE;
                waitLock.notifyAll();
            }
        }
    }

    /** The consumer released everything below {@code offset} (scopes already closed). */
    void released(long offset) {
        released = offset;
        Thread t = parkedFeeder;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * One feeding step: reads what fits, or waits for the fd (until {@code deadline}). Returns false
     * when it should not be called again for this wait (done, ring full, timed out, closed).
     */
    private boolean step(long deadline) throws IOException {
        if (closed || eof || failure != null) {
            return false;
        }
        long f = filled;
        long rel = released;
        releasedSeen = rel;
        long limit = region.fillLimit(f, rel);
        if (limit <= f) {
            if (region.exhausted(f)) {
                probePastLimit(f);
            }
            return false;
        }
        long want = Math.min(limit - f, feed.chunk());
        long r = source.readNow(MemorySegment.ofAddress(region.address(f)).reinterpret(want));
        if (r > 0) {
            filled = f + r;
            signal(false);
            return true;
        }
        if (r == 0) {
            eof = true;
        } else if (r == AGAIN) {
            return waitForData(deadline);
        } else {
            failure = Errors.exception(source.method().startsWith("vmsplice") ? "vmsplice" : "read", source.name, r);
        }
        signal(true);
        return false;
    }

    private boolean waitForData(long deadline) throws IOException {
        if (feed.spinning()) {
            Thread.onSpinWait();
            return System.nanoTime() < deadline;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        int ms = deadline == Long.MAX_VALUE ? -1 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left)));
        source.await(ms);
        return !closed;
    }

    /** A retain-all region is full: one more byte decides between a clean EOF and the limit error. */
    private void probePastLimit(long f) throws IOException {
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment one = arena.allocate(1);
            long r;
            while ((r = source.readNow(one)) == AGAIN && !closed) {
                source.await(-1);
            }
            if (r == 0) {
                eof = true;
            } else if (r > 0) {
                failure = new MappingLimitException(f);
            } else if (!closed) {
                failure = Errors.exception("read", source.name, r);
            }
        }
        signal(true);
    }

    /** Background feeding: runs until EOF, failure or close. */
    @Override
    public void run() {
        try {
            while (!closed && !eof && failure == null) {
                if (!step(Long.MAX_VALUE) && !closed && !eof && failure == null) {
                    waitForRelease();
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            failure = new IOException("feeder of " + source.name + " failed", e);
        } finally {
            signal(true);
            if (orphaned && freeClaim.compareAndSet(false, true)) {
                region.close();
                source.close();
            }
        }
    }

    /**
     * Parks until the consumer moves the release point past the one {@link #step} computed its limit
     * with. Dekker pairing: this thread stores {@code parkedFeeder} then loads {@code released}; the
     * consumer stores {@code released} then loads {@code parkedFeeder}, so one of them sees the other.
     */
    private void waitForRelease() {
        long r = releasedSeen;
        parkedFeeder = Thread.currentThread();
        while (!closed && released == r) {
            if (feed.spinning()) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        parkedFeeder = null;
    }

    /**
     * Stops feeding. Returns true when the caller may free the region and source now; false when
     * the feeder thread is still inside a system call and will free them itself on its way out.
     */
    boolean stop() {
        closed = true;
        source.wake();
        Thread t = parkedFeeder;
        if (t != null) {
            LockSupport.unpark(t);
        }
        signal(true);
        if (thread == null) {
            synchronized (feedLock) {
                return true;
            }
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        orphaned = true;
        return !thread.isAlive() && freeClaim.compareAndSet(false, true);
    }
}
