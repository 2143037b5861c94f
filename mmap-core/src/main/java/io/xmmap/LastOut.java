package io.xmmap;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who frees a closed mapping's region and source: the closer, or, when a thread is still inside
 * a system call on them, the last such thread on its way out. The memory must stay mapped while
 * the kernel may still write into it, and the fds must stay open while someone polls them (a
 * closed number can name another file by the time poll reads it).
 *
 * <pre>
 *   inside:  the background feeder thread (until {@link #feederDone}) and sync consumers asleep
 *            in poll outside the feed lock (between {@link #enter} and {@link #leave})
 *   closer:  stop the feed (closed = true), close the scopes, then {@link #handOff}
 * </pre>
 * Dekker pairs over atomics: a sleeper increments, then loads {@code closed} (the caller does,
 * and skips its poll when closed); the closer stores {@code closed}, then {@code orphaned}, then
 * loads the count; a sleeper or the feeder leaving stores its exit, then loads
 * {@code orphaned}. Whoever wins the claim frees, exactly once.
 */
final class LastOut {
    private final Runnable free;
    private final AtomicInteger sleepers = new AtomicInteger();
    private final AtomicBoolean claim = new AtomicBoolean();
    private volatile boolean orphaned;
    private volatile boolean feederDone;

    /** @param free closes region and source */
    LastOut(Runnable free) {
        this.free = free;
    }

    /** A sync consumer is about to poll the source's fds (check {@code closed} after this). */
    void enter() {
        sleepers.incrementAndGet();
    }

    /** That consumer's poll returned. */
    void leave() {
        if (sleepers.decrementAndGet() == 0 && orphaned && claim.compareAndSet(false, true)) {
            free.run();
        }
    }

    /** The background feeder thread is leaving for good. */
    void feederDone() {
        feederDone = true;
        if (orphaned && claim.compareAndSet(false, true)) {
            free.run();
        }
    }

    /**
     * The closer, after the feed is stopped and every window scope closed: true when it must
     * free now, false when a thread still inside will ({@code feederThread}: the mapping has a
     * background feeder, which counts until it is done).
     */
    boolean handOff(boolean feederThread) {
        orphaned = true;
        if (feederThread) {
            return feederDone && claim.compareAndSet(false, true);
        }
        return sleepers.get() == 0 && claim.compareAndSet(false, true);
    }
}
