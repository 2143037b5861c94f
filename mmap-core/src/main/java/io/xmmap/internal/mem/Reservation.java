package io.xmmap.internal.mem;

import io.xmmap.ErrnoException;
import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

/**
 * The retain-all arena: {@code limit} bytes of address space reserved {@code PROT_NONE} +
 * {@code MAP_NORESERVE} (no memory, no commit charge), aligned to 2 MiB, and committed forward
 * with {@code mprotect} + {@code MADV_HUGEPAGE} + {@code MADV_POPULATE_WRITE} in steps that grow
 * from 2 MiB to 64 MiB as the stream grows.
 *
 * <pre>
 *   base                        committed                          base+limit
 *   | RW, THP advised, filled... |  PROT_NONE (touching it faults)  |
 *   stream offset o lives at base + o, forever (until close)
 * </pre>
 *
 * <p>First touch of fresh memory is what this arena costs (the kernel zeroes every page before
 * the feeder's read fills it); huge pages make that roughly 5x cheaper than 4 KiB pages, so the
 * arena asks for them and {@link #pages()} says whether the kernel gave them.
 *
 * <p>Thread pattern: the single feeder thread calls {@link #fillLimit}; reads of {@code committed}
 * from other threads are advisory (accounting only).
 */
public final class Reservation implements Region {
    /**
     * Commit granularity: starts at one huge page, so that a short stream commits little, and
     * doubles up to {@code MAX_STEP}, so that mprotect stays rare on long ones.
     */
    static final long FIRST_STEP = Pages.HUGE;
    static final long MAX_STEP = 64L << 20;

    private final long raw;
    private final long rawLength;
    private final long base;
    private final long limit;
    private volatile long committed;
    private volatile boolean hugeRefused;

    private Reservation(long raw, long rawLength, long base, long limit) {
        this.raw = raw;
        this.rawLength = rawLength;
        this.base = base;
        this.limit = limit;
    }

    /** Reserves {@code limit} bytes of address space (nothing is committed yet). */
    public static Reservation reserve(long limit) throws ErrnoException {
        if (limit <= 0) {
            throw new IllegalArgumentException("retain-all limit must be positive: " + limit);
        }
        long length = Pages.roundUp(limit, Pages.HUGE) + Pages.HUGE;
        long raw = Errors.check("mmap", "reserve len=" + length, Libc.mmap(0, length, Libc.PROT_NONE,
                Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE, -1, 0));
        return new Reservation(raw, length, Pages.roundUp(raw, Pages.HUGE), limit);
    }

    @Override
    public long address(long offset) {
        return base + offset;
    }

    @Override
    public long fillLimit(long filled, long released) throws ErrnoException {
        long c = committed;
        if (filled < c || c == limit) {
            return c;
        }
        long step = Math.min(MAX_STEP, Math.max(FIRST_STEP, c));
        long next = Math.min(limit, c + step);
        long len = Pages.roundUp(next - c, Pages.SMALL);
        Errors.check("mprotect", "len=" + len, Libc.mprotect(base + c, len, Libc.PROT_READ | Libc.PROT_WRITE));
        if (Libc.madvise(base + c, len, Libc.MADV_HUGEPAGE) < 0) {
            hugeRefused = true;
        }
        // Fault the step in now, in one call: a read(2) into unfaulted memory takes a fault per page
        // inside the copy, and a RWF_NOWAIT read may even give up on it (EAGAIN) and loop.
        Libc.madvise(base + c, len, Pages.MADV_POPULATE_WRITE);
        committed = next;
        return next;
    }

    @Override
    public boolean exhausted(long filled) {
        return filled >= limit;
    }

    @Override
    public long maxWindow() {
        return limit;
    }

    @Override
    public long slotSize() {
        return Long.MAX_VALUE;
    }

    @Override
    public long committedBytes() {
        return committed;
    }

    /** The reserved size: the retain-all limit. */
    public long limit() {
        return limit;
    }

    @Override
    public String pages() {
        if (hugeRefused) {
            return Pages.describe(Pages.SMALL, false) + " (MADV_HUGEPAGE refused; THP " + Pages.thpMode() + ")";
        }
        long huge = committed == 0 ? 0 : Pages.anonHugeBytes(base);
        if (huge > 0) {
            return Pages.describe(Pages.HUGE, true) + " (" + Pages.human(huge) + " huge)";
        }
        return committed == 0 ? "huge pages advised (nothing committed yet)"
                : Pages.describe(Pages.SMALL, false) + " (THP " + Pages.thpMode() + ", none granted)";
    }

    @Override
    public void close() {
        Libc.munmap(raw, rawLength);
    }
}
