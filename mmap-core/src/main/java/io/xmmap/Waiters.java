package io.xmmap;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Consumers of a background-fed mapping, asleep on a monitor until the feeder has mapped their
 * bytes; and what the feeder may sleep for meanwhile.
 *
 * <pre>
 *   waiter:  count++ ; wanted = min(wanted, end) ; wait ... ; count--
 *   feeder:  filled += r ; signal(): notify only when filled >= wanted (or EOF, failure, close)
 * </pre>
 * A large window costs one wake-up, not one per chunk. {@code wanted} is the smallest end any
 * waiter asked for; it goes back to "none" when the waiters are notified or the last one leaves.
 *
 * <p>The feeder's own sleep, on a socket: {@link #markForSleep} sets the socket's low-water mark
 * to what the nearest waiter still needs (a chunk at most), or one byte when nobody waits or a
 * waiter has a deadline (it takes what is there at its deadline, so nothing may stay hidden in
 * the socket). Dekker pair: the feeder stores the mark, then loads {@code wanted} and
 * {@code timed} again; a waiter stores those, then loads the mark and wakes the feeder (the
 * source's eventfd) when it is too high.
 *
 * <p>Thread pattern: many waiters, one feeder thread.
 */
final class Waiters {
    private final Object lock = new Object();
    private final Source source;
    private volatile int count;
    /** Waiters with a deadline (written under the lock). */
    private volatile int timed;
    private volatile long wanted = Long.MAX_VALUE;

    Waiters(Source source) {
        this.source = source;
    }

    /**
     * Sleeps until {@code ready.test(end)}, the {@code deadline} (a {@link System#nanoTime()};
     * {@code Long.MAX_VALUE}: none) or an interrupt; {@code filled} is the feeder's progress now.
     */
    void await(long end, long deadline, LongPredicate ready, java.util.function.LongSupplier filled)
            throws InterruptedIOException {
        boolean hasDeadline = deadline != Long.MAX_VALUE;
        synchronized (lock) {
            count++;
            if (hasDeadline) {
                timed++;
                if (source.lowWater.sleepsPast(1)) {
                    source.wake();
                }
            }
            try {
                while (!ready.test(end)) {
                    if (wanted > end) {
                        wanted = end;
                        if (source.lowWater.sleepsPast(end - filled.getAsLong())) {
                            source.wake(); // the feeder sleeps for more than this waiter needs
                        }
                    }
                    if (ready.test(end)) {
                        break;
                    }
                    long millis = 0;
                    if (hasDeadline) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
                    }
                    lock.wait(millis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for stream bytes");
            } finally {
                if (hasDeadline) {
                    timed--;
                }
                if (--count == 0) {
                    wanted = Long.MAX_VALUE; // nobody left to want it (a deadline or an interrupt)
                }
            }
        }
    }

    /** The feeder published progress up to {@code filled}; {@code always}: EOF, failure or close. */
    void signal(boolean always, long filled) {
        if (count > 0 && (always || filled >= wanted)) {
            synchronized (lock) {
                wanted = Long.MAX_VALUE;
                lock.notifyAll();
            }
        }
    }

    /** Before the feeder sleeps for bytes: the socket's mark, as the class javadoc says. */
    void markForSleep(long filled, int chunk) {
        long want;
        int t;
        do {
            want = wanted;
            t = timed;
            boolean untimedWaiter = count > 0 && t == 0 && want != Long.MAX_VALUE;
            source.lowWater.set(untimedWaiter ? want - filled : 1, chunk);
        } while (wanted < want || timed > t);
    }
}
