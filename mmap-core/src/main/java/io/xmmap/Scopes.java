package io.xmmap;

import java.lang.foreign.Arena;

/**
 * The FFM scopes of a mapping's windows: the temporal-safety half of the design.
 *
 * <p>Every window is a segment in the scope of the slot its first byte lies in. Release is
 * monotone, so the memory of a window is recycled only after the slot holding its start has been
 * released whole; closing that slot's arena then makes every window that starts in it throw
 * {@link IllegalStateException} before a single byte of it can be overwritten.
 *
 * <pre>
 *   stream:   | slot s-1 | slot s   | slot s+1 |
 *   windows:        [--- w1 ---)  [-- w2 --)
 *   w1 lives in arena(s-1), w2 in arena(s); release past the end of s-1 closes arena(s-1),
 *   and only then may the feeder reuse slot s-1's memory.
 * </pre>
 *
 * <p>Arenas are created lazily, one per slot that gets a window. Streaming mappings use confined
 * arenas owned by the consumer thread: closing one costs well under a microsecond, whereas closing a
 * shared arena is a handshake with every thread (tens of microseconds; measured in
 * thesis-notes/results.md), which per recycled slot would eat the stream's throughput. Retain-all
 * mappings use one shared arena, closed once at close.
 *
 * <p>Thread pattern: confined mode is used by its owner thread only; shared mode may be used by
 * any thread (its arena is created once, up front, and {@code closed} is volatile: a window asked
 * for while another thread closes gets either a live scope that the close then invalidates, or
 * IllegalStateException).
 */
final class Scopes {
    private final long slot;
    /** Retain-all: the one scope of every window, created up front (no lazy race between threads). */
    private final Arena shared;
    private final Arena[] arenas;
    /** Absolute slot number of each arena in {@link #arenas}, meaningful where the arena is not null. */
    private final long[] owners;
    /** Every slot below this one has had its arena closed. */
    private long lowestOpen;
    private volatile boolean closed;

    /**
     * @param slot    slot size in bytes ({@code Long.MAX_VALUE}: one scope for everything)
     * @param live    how many slots can hold live windows at once
     * @param shared  one shared arena for all windows (retain-all) instead of confined per-slot ones
     */
    Scopes(long slot, int live, boolean shared) {
        this.slot = slot;
        this.shared = shared ? Arena.ofShared() : null;
        this.arenas = new Arena[shared ? 0 : Math.max(1, live)];
        this.owners = new long[arenas.length];
    }

    /**
     * The arena that windows starting at {@code offset} belong to.
     *
     * @throws IllegalStateException once {@link #closeAll()} has run
     */
    Arena scopeFor(long offset) {
        if (closed) {
            throw new IllegalStateException("mapping is closed");
        }
        if (shared != null) {
            return shared;
        }
        long s = offset / slot;
        int i = (int) (s % arenas.length);
        Arena a = arenas[i];
        if (a != null && owners[i] == s) {
            return a;
        }
        if (a != null) {
            // Cannot happen while callers keep windows within the ring; fail loudly rather than alias.
            throw new IllegalStateException("slot " + s + " collides with live slot " + owners[i]);
        }
        a = Arena.ofConfined();
        arenas[i] = a;
        owners[i] = s;
        return a;
    }

    /**
     * Closes the scope of every slot that lies wholly below {@code offset}. Returns the offset up to
     * which memory may now be recycled (a multiple of the slot size). Confined mode only.
     */
    long releaseBelow(long offset) {
        long firstLive = offset / slot;
        if (firstLive > lowestOpen) {
            if (firstLive - lowestOpen < arenas.length) {
                for (long s = lowestOpen; s < firstLive; s++) {
                    closeIfOwned((int) (s % arenas.length), firstLive);
                }
            } else {
                for (int i = 0; i < arenas.length; i++) {
                    closeIfOwned(i, firstLive);
                }
            }
            lowestOpen = firstLive;
        }
        return firstLive * slot;
    }

    private void closeIfOwned(int i, long firstLive) {
        if (arenas[i] != null && owners[i] < firstLive) {
            arenas[i].close();
            arenas[i] = null;
        }
    }

    /**
     * Closes every scope; windows throw IllegalStateException from now on. Returns false, and may be
     * called again, when a window of the shared scope is in use by a native call in another thread
     * (FFM refuses to close an arena under a running downcall).
     */
    boolean closeAll() {
        closed = true;
        if (shared != null) {
            if (shared.scope().isAlive()) {
                try {
                    shared.close();
                } catch (IllegalStateException busy) {
                    return !shared.scope().isAlive();
                }
            }
            return true;
        }
        for (int i = 0; i < arenas.length; i++) {
            if (arenas[i] != null) {
                arenas[i].close();
                arenas[i] = null;
            }
        }
        return true;
    }
}
