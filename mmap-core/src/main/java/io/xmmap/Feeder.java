package io.xmmap;

import io.xmmap.internal.mem.Region;
import io.xmmap.internal.sys.Errors;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Moves bytes from the {@link Source} into the {@link Region} and publishes how far it got.
 *
 * <h2>Progress, and who writes what</h2>
 * <pre>
 *   0        released          filled           fillLimit(filled, released)
 *   |recycled |  mapped, readable  |  room the feeder may fill  |
 * </pre>
 * <ul>
 *   <li>{@code filled}, {@code eof}, {@code failure}: written only by the thread that feeds (a
 *       consumer holding {@code feedLock} in sync mode, the feeder thread in background mode), each
 *       with a volatile store <em>after</em> the bytes are in memory; readers load them volatile,
 *       so whoever sees {@code filled >= end} sees every byte below {@code end}.</li>
 *   <li>{@code released}: written by the consumer (volatile) after it has closed the scopes of the
 *       slots below it; the feeder loads it before it computes where it may write.</li>
 * </ul>
 *
 * <h2>Waiting</h2>
 * Sync: consumers take {@code feedLock} for one non-blocking step at a time and sleep in
 * {@code poll} (on the fd and the wake eventfd) outside it, so a consumer with a deadline or a
 * smaller need is never stuck behind another's larger request, and close() never waits on a
 * sleeper. Background: consumers sleep in {@link Waiters}, woken once their bytes are there.
 * Spinning: both sides busy-wait instead.
 *
 * <h2>Stopping</h2>
 * {@link #stop()} wakes and joins whoever feeds. Reads never block for long ({@link Source}), so
 * this is prompt; if the feeder thread is nevertheless stuck in a system call,
 * {@link #handOff()} leaves the freeing of region and source to it (the memory must stay mapped
 * while the kernel may still write into it). Sync consumers asleep in {@code poll} outside the
 * lock are counted; the last of them frees, for the same reason (their fds must stay open).
 */
final class Feeder implements Runnable {
    private static final long AGAIN = -Errors.EAGAIN;
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final Source source;
    private final Region region;
    private final Feed feed;
    private final ReentrantLock feedLock = new ReentrantLock();
    private final Thread thread;
    private final boolean mayBlock;

    private volatile long filled;
    private volatile boolean eof;
    private volatile IOException failure;
    private volatile long released;
    /** The release point the feeder's last step used; feeding thread only. */
    private long releasedSeen;
    private volatile boolean closed;
    private final Waiters waiters;
    /** What {@link Waiters} asks, made once (not two lambdas per wait). */
    private final java.util.function.LongPredicate readyTest = this::ready;
    private final java.util.function.LongSupplier filledNow = () -> filled;
    private volatile Thread parkedFeeder;
    /** Frees region and source once nobody is inside a system call on them. */
    private final LastOut lastOut;

    /**
     * @param mayBlock the consumer is the only thread that feeds and the only one that may close
     *                 (sync feed, confined mapping): blocking waits without a deadline may sleep
     *                 in read(2) itself instead of poll + read
     */
    Feeder(Source source, Region region, Feed feed, long initiallyFilled, boolean mayBlock) {
        this.mayBlock = mayBlock && !feed.background() && !feed.spinning();
        this.source = source;
        this.region = region;
        this.feed = feed;
        this.filled = initiallyFilled;
        this.waiters = new Waiters(source);
        this.lastOut = new LastOut(() -> {
            region.close();
            source.close();
        });
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
     * {@link System#nanoTime()} value; {@code Long.MAX_VALUE}: none). Returns normally in every case
     * but interruption; the caller looks at the state.
     */
    void await(long end, long deadline) throws IOException {
        if (ready(end)) {
            return;
        }
        if (thread == null) {
            syncAwait(end, deadline);
        } else if (feed.spinning()) {
            while (!ready(end) && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
        } else {
            waiters.await(end, deadline, readyTest, filledNow);
        }
    }

    private boolean ready(long end) {
        return filled >= end || eof || failure != null || closed;
    }

    /**
     * Sync feeding: take the lock for one non-blocking step, and wait for the fd outside it, so
     * that a thread asleep in poll never holds up another thread's deadline or close().
     */
    private void syncAwait(long end, long deadline) throws IOException {
        while (!ready(end)) {
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for stream bytes");
            }
            if (!lock(deadline)) {
                return;
            }
            int r;
            try {
                if (ready(end)) {
                    return;
                }
                boolean untimed = mayBlock && deadline == Long.MAX_VALUE;
                // One consumer waiting without a deadline must have these bytes anyway: let the
                // socket sleep until they (or a chunk of them) are there. Otherwise wake for any.
                source.lowWater.set(untimed ? end - filled : 1, feed.chunk());
                r = step(untimed);
            } finally {
                feedLock.unlock();
            }
            if (r == STOPPED || (r == NOTHING_YET && !sleepForData(deadline))) {
                return;
            }
        }
    }

    private boolean lock(long deadline) throws InterruptedIOException {
        if (deadline == Long.MAX_VALUE) {
            feedLock.lock();
            return true;
        }
        try {
            return feedLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for stream bytes");
        }
    }

    private void signal(boolean always) {
        waiters.signal(always, filled);
    }

    /**
     * The ring is full and the consumer wants more than it can hold: EOF if the stream has ended
     * exactly here (nothing left to read). Asked only then, not by every feeding step, so a full
     * ring costs no extra system call on the hot path. Safe from the consumer thread: with a full
     * ring the feeder writes nothing, and only the consumer could make room.
     */
    void checkEofAtFullRing() throws IOException {
        if (!eof && failure == null && source.atEof()) {
            eof = true;
            signal(true);
            Thread t = parkedFeeder;
            if (t != null) {
                LockSupport.unpark(t); // it waits for a release that will not come: let it end
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

    /** {@link #step} results. */
    private static final int PROGRESS = 0, NOTHING_YET = 1, STOPPED = 2;

    /**
     * One feeding step: reads what fits, without sleeping unless {@code block}. Returns PROGRESS (bytes, EOF or a failure
     * were published), NOTHING_YET (the fd has nothing now: wait for it, then step again), or
     * STOPPED (closed, finished, or no room: the ring waits for a release).
     */
    private int step(boolean block) throws IOException {
        if (closed || eof || failure != null) {
            return STOPPED;
        }
        long f = filled;
        long rel = released;
        releasedSeen = rel;
        long limit = region.fillLimit(f, rel);
        if (limit <= f) {
            if (region.exhausted(f)) {
                return probePastLimit(f);
            }
            return STOPPED;
        }
        long want = Math.min(limit - f, feed.chunk());
        MemorySegment dst = MemorySegment.ofAddress(region.address(f)).reinterpret(want);
        long r = block ? source.readBlocking(dst) : source.readNow(dst);
        if (r > 0) {
            filled = f + r;
            signal(false);
            return PROGRESS;
        }
        if (r == AGAIN) {
            return NOTHING_YET;
        }
        if (r == 0) {
            eof = true;
        } else {
            failure = Errors.exception(source.readCall(), source.name, r);
        }
        signal(true);
        return PROGRESS;
    }

    /** {@link #waitForData} for a sync consumer outside the lock: counted, so close() cannot free the fds under it. */
    private boolean sleepForData(long deadline) throws IOException {
        lastOut.enter();
        try {
            return !closed && waitForData(deadline);
        } finally {
            lastOut.leave();
        }
    }

    private boolean waitForData(long deadline) throws IOException {
        if (feed.spinning()) {
            Thread.onSpinWait();
            return System.nanoTime() - deadline < 0;
        }
        int ms = -1;
        if (deadline != Long.MAX_VALUE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        source.await(ms);
        return !closed;
    }

    /** A retain-all region is full: one more byte decides between a clean EOF and the limit error. */
    private int probePastLimit(long f) throws IOException {
        long r;
        try (Arena arena = Arena.ofConfined()) {
            r = source.readNow(arena.allocate(1));
        }
        if (r == AGAIN) {
            return NOTHING_YET;
        }
        if (r == 0) {
            eof = true;
        } else if (r > 0) {
            failure = new MappingLimitException(f);
        } else {
            failure = Errors.exception(source.readCall(), source.name, r);
        }
        signal(true);
        return PROGRESS;
    }

    /** Background feeding: runs until EOF, failure or close. */
    @Override
    public void run() {
        try {
            while (!closed && !eof && failure == null) {
                int r = step(false);
                if (r == NOTHING_YET && feed.spinning()) {
                    Thread.onSpinWait(); // a spinning feeder asks again instead of sleeping in poll
                } else if (r == NOTHING_YET) {
                    waiters.markForSleep(filled, feed.chunk());
                    int woke = source.await(-1);
                    if ((woke & Source.WOKEN) != 0 && source.lowWater.active() && !closed) {
                        // A waiter with a smaller need woke this; the wake is spent. Should close()
                        // have written it meanwhile, write it again: a closing wake must stay.
                        source.drainWake();
                        if (closed) {
                            source.wake();
                        }
                    }
                } else if (r == STOPPED && !closed && !eof && failure == null) {
                    waitForRelease();
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException | Error e) {
            failure = new IOException("feeder of " + source.name + " failed", e);
        } finally {
            signal(true);
            lastOut.feederDone();
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
        while (!closed && !eof && released == r) {
            if (feed.spinning()) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        parkedFeeder = null;
    }

    /** Stops feeding: wakes whoever feeds and waits for it (at most ~10 s for a stuck thread). */
    void stop() {
        closed = true;
        source.wake();
        Thread t = parkedFeeder;
        if (t != null) {
            LockSupport.unpark(t);
        }
        signal(true);
        if (thread == null) {
            // A sync feeder holds the lock for one step at most; the wake ends any wait in it.
            feedLock.lock();
            feedLock.unlock();
            return;
        }
        boolean interrupted = false;
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
        while (thread.isAlive() && System.nanoTime() - until < 0) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * After {@link #stop()} and after every window scope is closed: returns true when the caller
     * must free region and source now, false when a feeder thread still inside a system call, or a
     * sync consumer still inside poll, will free them on its way out.
     */
    boolean handOff() {
        return lastOut.handOff(thread != null);
    }
}
