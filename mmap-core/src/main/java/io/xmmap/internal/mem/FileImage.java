package io.xmmap.internal.mem;

import io.xmmap.ErrnoException;
import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

/**
 * A regular file mapped whole, read-only and {@code MAP_SHARED}: the page cache is the arena, so
 * nothing is copied. The size is the file's size when it was opened; bytes appended later are not
 * seen (like {@code FileChannel.map}).
 *
 * <pre>
 *   base                                   base+size
 *   | page cache pages of the file, PROT_READ |       o -> base + o
 * </pre>
 *
 * <p>In streaming mode the mapping drops released slots with {@code MADV_DONTNEED} (see
 * {@link #forget}) so that resident memory stays bounded; the file itself is untouched.
 */
public final class FileImage implements Region {
    /** Release granularity for streaming a file: large, so that madvise is rare. */
    static final long SLOT = 8L << 20;

    private final long base;
    private final long size;
    private final long slot;

    private FileImage(long base, long size, long slot) {
        this.base = base;
        this.size = size;
        this.slot = slot;
    }

    /** Maps {@code size} (> 0) bytes of the file open on {@code fd}. */
    public static FileImage map(int fd, long size, boolean streaming) throws ErrnoException {
        long base = Errors.check("mmap", fd, Libc.mmap(0, size, Libc.PROT_READ, Libc.MAP_SHARED, fd, 0));
        // Best effort: parts of the file not cached yet are then read in as 2 MiB folios where the
        // file system can (ext4 on Linux 6.x), which later mappings map with one entry per 2 MiB
        // instead of 512 (4 GiB: ~3 ms instead of ~250 ms of page-table work measured here).
        Libc.madvise(base, size, Libc.MADV_HUGEPAGE);
        return new FileImage(base, size, streaming ? SLOT : Long.MAX_VALUE);
    }

    /** {@code <asm-generic/mman-common.h>}: populate page tables readable, Linux 5.14+. */
    private static final int MADV_POPULATE_READ = 22;
    /** How far ahead of a window the page tables are filled in one call. */
    private static final long AHEAD = 16L << 20;
    /** Page tables are filled below this offset; advisory, consumer thread only. */
    private long populated;

    /**
     * Fills the page tables of {@code [from, to)} and a stretch ahead in one madvise call, instead
     * of one page fault per 64 KiB (fault-around) as a scan walks the file. Best effort.
     */
    public void populate(long from, long to) {
        if (to <= populated) {
            return;
        }
        long start = Math.max(populated, from) & -Pages.SMALL;
        long end = Math.min(size, Math.max(to, start) + AHEAD);
        if (end > start) {
            Libc.madvise(base + start, end - start, MADV_POPULATE_READ);
        }
        populated = end;
    }

    /** Drops the page-table entries of {@code [from, to)} (slot-aligned); data stays in the file. */
    public void forget(long from, long to) {
        if (to > from) {
            Libc.madvise(base + from, Math.min(to, size) - from, Libc.MADV_DONTNEED);
            populated = Math.max(populated, Math.min(to, size));
        }
    }

    @Override
    public long address(long offset) {
        return base + offset;
    }

    @Override
    public long fillLimit(long filled, long released) {
        return size;
    }

    @Override
    public boolean exhausted(long filled) {
        return true;
    }

    @Override
    public long maxWindow() {
        return size;
    }

    @Override
    public long slotSize() {
        return slot;
    }

    @Override
    public long committedBytes() {
        return size;
    }

    @Override
    public String pages() {
        return Pages.describe(Pages.SMALL, false) + " (page cache, " + Pages.human(size) + " file)";
    }

    @Override
    public void close() {
        Libc.munmap(base, size);
    }
}
