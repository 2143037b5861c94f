package io.xmmap.internal.mem;

import io.xmmap.ErrnoException;
import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

/**
 * The streaming arena: a memfd of {@code capacity} bytes mapped twice, back to back, so that stream
 * offset {@code o} lives at {@code base + (o mod capacity)} and every window up to {@code capacity}
 * bytes is one contiguous run of virtual memory, even where it wraps.
 *
 * <pre>
 *   base                 base+C                base+2C
 *   | slot0 slot1 ... slotN-1 | slot0 slot1 ... slotN-1 |   (same physical pages twice)
 *         ^ released                 ^ fill limit = floor_slot(released) + C
 * </pre>
 *
 * <p>Recycling is slot-granular: the feeder may overwrite a slot only when the consumer has
 * released every byte of it, so a partly released slot keeps its bytes (and the windows over it
 * stay valid) until the release point leaves it. Memory stays resident and cache-hot: nothing is
 * unmapped, zeroed or remapped while streaming. Shmem huge pages are usually off, so the ring has
 * 4 KiB pages; measured fine (thesis-notes/design.md).
 *
 * <p>Pages are faulted in ({@code MADV_POPULATE_WRITE}) a slot at a time, on the first lap, just
 * before the feeder first fills the slot, so that no first touch lands inside a read and a short
 * stream holds only the slots it reached (a 1 KiB stream in a 4 MiB ring holds one slot, not the
 * ring; a stream that ends exactly at a slot's end holds one more, faulted in by the read that
 * found the end). The second view is left to fault on use: only reads and windows that wrap
 * touch it, and a page's first touch there is a minor fault (the page exists; only its page-table
 * entry is made), once per page. Filling those entries at the end of the first lap cost an
 * 8 MiB stream 13% (ShortStreamLifecycle) for faults a stream takes a few of.
 * <pre>
 *   first lap:  | faulted in ... | next: faulted in when filled reaches it | untouched ..... |
 *               0                populated: fillLimit stops here for now                    C
 * </pre>
 *
 * <p>Not thread-safe by itself; the mapping publishes {@code filled} and {@code released}. The
 * feeder (one thread at a time) calls {@link #fillLimit}; {@link #residentBytes} may be read from
 * any thread.
 */
public final class Ring implements Region {
    private final long base;
    private final long capacity;
    private final long mask;
    private final long slot;
    /** Bytes of the ring faulted in so far, from 0, in whole slots; written by the feeder only. */
    private volatile long populated;

    private Ring(long base, long capacity, long slot) {
        this.base = base;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.slot = slot;
    }

    /**
     * Maps a ring of {@code capacity} bytes (a power of two, at least two pages) recycled in
     * {@code slots} slots.
     */
    public static Ring create(long capacity, int slots) throws ErrnoException {
        if (Long.bitCount(capacity) != 1 || capacity < 2 * Pages.SMALL || slots < 2 || capacity % slots != 0
                || capacity / slots < Pages.SMALL) {
            throw new IllegalArgumentException("ring capacity must be a power of two of at least "
                    + 2 * Pages.SMALL + " bytes with slots of at least a page: " + capacity + "/" + slots);
        }
        int memfd = (int) Errors.check("memfd_create", "xmmap-ring", Libc.memfdCreate("xmmap-ring", 0));
        long base = -1;
        try {
            Errors.check("ftruncate", memfd, Libc.ftruncate(memfd, capacity));
            base = Errors.check("mmap", "len=" + 2 * capacity + ", PROT_NONE",
                    Libc.mmap(0, 2 * capacity, Libc.PROT_NONE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE, -1, 0));
            int rw = Libc.PROT_READ | Libc.PROT_WRITE;
            int fixed = Libc.MAP_SHARED | Libc.MAP_FIXED;
            Errors.check("mmap", "memfd=" + memfd + ", first half", Libc.mmap(base, capacity, rw, fixed, memfd, 0));
            Errors.check("mmap", "memfd=" + memfd + ", second half", Libc.mmap(base + capacity, capacity, rw, fixed, memfd, 0));
            return new Ring(base, capacity, capacity / slots);
        } catch (ErrnoException | RuntimeException e) {
            if (base > 0) {
                Libc.munmap(base, 2 * capacity);
            }
            throw e;
        } finally {
            // The two mappings keep the memory alive; the fd is not needed (a thousand rings would
            // otherwise hold a thousand fds).
            Libc.close(memfd);
        }
    }

    @Override
    public long address(long offset) {
        return base + (offset & mask);
    }

    /**
     * {@inheritDoc} On the first lap, no further than the pages faulted in: when the feeder
     * reaches them, the next slot is faulted in first, so that no first touch lands inside a read
     * (where {@code preadv2(RWF_NOWAIT)} may give up with {@code EAGAIN}).
     */
    @Override
    public long fillLimit(long filled, long released) {
        long p = populated;
        if (p >= capacity) {
            return released - released % slot + capacity;
        }
        // First lap: released <= filled <= p, so floor_slot(released) + C is at least C > p.
        if (filled >= p) {
            // Best effort: where MADV_POPULATE_WRITE is not supported, pages fault on first touch.
            Libc.madvise(base + p, slot, Pages.MADV_POPULATE_WRITE);
            p += slot;
            populated = p;
        }
        return p;
    }

    @Override
    public boolean exhausted(long filled) {
        return false;
    }

    @Override
    public long maxWindow() {
        return capacity - slot;
    }

    @Override
    public long slotSize() {
        return slot;
    }

    @Override
    public long committedBytes() {
        return capacity;
    }

    /** The slots faulted in so far (the whole ring once the first lap is done). */
    @Override
    public long residentBytes() {
        return populated;
    }

    @Override
    public String pages() {
        return Pages.describe(Pages.SMALL, false) + " (memfd ring, " + Pages.human(capacity) + ")";
    }

    @Override
    public void close() {
        Libc.munmap(base, 2 * capacity);
    }
}
