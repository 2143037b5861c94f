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
 * <p>Thread pattern: single consumer (the owner thread for confined arenas). Not thread-safe.
 */
final class Scopes {
    private final long slot;
    private final boolean shared;
    private final Arena[] arenas;
    /** Absolute slot number of each arena in {@link #arenas}, meaningful where the arena is not null. */
    private final long[] owners;
    /** Every slot below this one has had its arena closed. */
    private long lowestOpen;

    /**
     * @param slot  slot size in bytes ({@code Long.MAX_VALUE}: one scope for everything)
     * @param live  how many slots can hold live windows at once
     */
    Scopes(long slot, int live, boolean shared) {
        this.slot = slot;
        this.shared = shared;
        this.arenas = new Arena[Math.max(1, live)];
        this.owners = new long[arenas.length];
    }

    /** The arena that windows starting at {@code offset} belong to. */
    Arena scopeFor(long offset) {
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
        a = shared ? Arena.ofShared() : Arena.ofConfined();
        arenas[i] = a;
        owners[i] = s;
        return a;
    }

    /**
     * Closes the scope of every slot that lies wholly below {@code offset}. Returns the offset up to
     * which memory may now be recycled (a multiple of the slot size).
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

    /** Closes every scope; windows throw IllegalStateException from now on. */
    void closeAll() {
        for (int i = 0; i < arenas.length; i++) {
            if (arenas[i] != null) {
                arenas[i].close();
                arenas[i] = null;
            }
        }
    }
}
