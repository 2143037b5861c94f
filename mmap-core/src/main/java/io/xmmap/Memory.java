package io.xmmap;

import io.xmmap.internal.mem.Pages;
import io.xmmap.internal.sys.Libc;

/**
 * How a mapping holds the bytes it has mapped. Immutable.
 *
 * <ul>
 *   <li><b>Retain-all</b> ({@link #RETAIN_ALL}, {@link #retainAll(long)}): like a mapped file, every
 *       offset stays readable until close. Address space for {@code limit} bytes is reserved up
 *       front (no memory is committed until data arrives); a stream longer than the limit fails
 *       with {@link MappingLimitException} once the limit is reached, keeping every byte below it.
 *       Windows may be used from any thread.</li>
 *   <li><b>Streaming</b> ({@link #STREAMING}, {@link #streaming(long)}): a ring of {@code capacity}
 *       bytes that the consumer recycles with {@link StreamMapping#release(long)}. Resident memory
 *       is the ring, whatever the stream's length. A window may be at most
 *       {@code capacity - capacity/8} bytes long. Windows are confined to the thread that opened
 *       the mapping (that makes recycling cheap; see thesis-notes/design.md).</li>
 * </ul>
 */
public final class Memory {
    /** Default streaming ring: 4 MiB, small enough to stay in the last-level cache. */
    public static final long DEFAULT_RING = 4L << 20;
    private static final int RING_SLOTS = 8;

    /** Streaming through a 4 MiB ring. */
    public static final Memory STREAMING = streaming(DEFAULT_RING);

    /** Retain-all, limited to half of the machine's physical memory. */
    public static final Memory RETAIN_ALL = retainAll(defaultLimit());

    private final boolean streaming;
    private final long bytes;

    private Memory(boolean streaming, long bytes) {
        this.streaming = streaming;
        this.bytes = bytes;
    }

    /**
     * Streaming through a ring of {@code capacity} bytes: a power of two, at least 64 KiB.
     *
     * @throws IllegalArgumentException for another capacity
     */
    public static Memory streaming(long capacity) {
        if (Long.bitCount(capacity) != 1 || capacity < (64 << 10)) {
            throw new IllegalArgumentException("streaming ring capacity must be a power of two >= 64 KiB: " + capacity);
        }
        return new Memory(true, capacity);
    }

    /**
     * Retain-all with room for {@code limit} bytes of stream.
     *
     * @throws IllegalArgumentException when limit is not positive
     */
    public static Memory retainAll(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("retain-all limit must be positive: " + limit);
        }
        return new Memory(false, limit);
    }

    /** True for streaming, false for retain-all. */
    public boolean isStreaming() {
        return streaming;
    }

    /** The ring capacity (streaming) or the limit (retain-all), in bytes. */
    public long bytes() {
        return bytes;
    }

    int ringSlots() {
        return RING_SLOTS;
    }

    private static long defaultLimit() {
        long pages = Libc.sysconf(Libc.SC_PHYS_PAGES);
        return pages > 0 ? pages * Pages.SMALL / 2 : 8L << 30;
    }

    @Override
    public String toString() {
        return streaming ? "streaming (" + Pages.human(bytes) + " ring)" : "retain-all (limit " + Pages.human(bytes) + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Memory m && m.streaming == streaming && m.bytes == bytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytes) * 31 + (streaming ? 1 : 0);
    }
}
