package io.xmmap.internal.mem;

import io.xmmap.ErrnoException;
import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

/**
 * The arena of an output mapping: {@code slots} slots of {@code slotBytes} (a multiple of the
 * page size; of 2 MiB for huge pages), anonymous private memory advised {@code MADV_HUGEPAGE},
 * 2 MiB aligned, used round and round.
 *
 * <pre>
 *   base                                                      base + slots * slotBytes
 *   | slot 0 | slot 1 | ... | slot n-1 |   the writer fills a slot, hands its pages out, moves on
 *      ^ in use                            back at slot 0: {@link #renew} before writing again
 * </pre>
 *
 * <p><b>The reuse rule.</b> Pages handed to a pipe with {@code vmsplice(2)} are referenced, not
 * copied: the pipe, and any pipe a reader {@code tee}s them into, or a socket it splices them to,
 * reads whatever the page holds when it gets there. So bytes handed out are never written again
 * (the rest of a partly handed-out page may be: the pipe shows only the range it was given).
 * {@link #renew} drops the slot's pages from this process ({@code MADV_DONTNEED}); whoever still
 * holds them keeps them, unchanged, until they let go; the next write to the slot faults in fresh,
 * zeroed pages. Nothing needs to know how far the reader has got. The price is a page fault and a
 * page clear per page per round (2 MiB at a time when the kernel gives huge pages).
 *
 * <p>Thread pattern: one writer thread. Not thread-safe.
 */
public final class OutputSlots implements AutoCloseable {
    /** {@code <asm-generic/mman-common.h>} */
    private static final int MADV_NOHUGEPAGE = 15;

    private final long raw;
    private final long rawLength;
    private final long base;
    private final long slotBytes;
    private final int slots;

    private OutputSlots(long raw, long rawLength, long base, long slotBytes, int slots) {
        this.raw = raw;
        this.rawLength = rawLength;
        this.base = base;
        this.slotBytes = slotBytes;
        this.slots = slots;
    }

    /**
     * Maps {@code slots} (at least 2) slots of {@code slotBytes} (a positive multiple of the page
     * size), advised to use huge pages or not to.
     */
    public static OutputSlots create(long slotBytes, int slots, boolean hugePages) throws ErrnoException {
        if (slots < 2 || slotBytes <= 0 || slotBytes % Pages.SMALL != 0) {
            throw new IllegalArgumentException("output slots: at least 2 of a multiple of " + Pages.SMALL + " bytes: "
                    + slots + " x " + slotBytes);
        }
        long length = slotBytes * slots;
        long rawLength = length + Pages.HUGE;
        long raw = Errors.check("mmap", "output arena len=" + rawLength, Libc.mmap(0, rawLength,
                Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS | Libc.MAP_NORESERVE, -1, 0));
        long base = Pages.roundUp(raw, Pages.HUGE);
        // Advice only: without THP the arena has 4 KiB pages either way.
        Libc.madvise(base, length, hugePages ? Libc.MADV_HUGEPAGE : MADV_NOHUGEPAGE);
        return new OutputSlots(raw, rawLength, base, slotBytes, slots);
    }

    public long slotBytes() {
        return slotBytes;
    }

    public int slots() {
        return slots;
    }

    /** The address of byte {@code offset} of slot {@code slot}. */
    public long address(int slot, long offset) {
        return base + slot * slotBytes + offset;
    }

    /**
     * Gives up the slot's pages (see the reuse rule): who holds them keeps them as they are; this
     * process gets fresh zeroed pages at its next write.
     */
    public void renew(int slot) throws ErrnoException {
        Errors.check("madvise(MADV_DONTNEED)", "output slot " + slot,
                Libc.madvise(address(slot, 0), slotBytes, Libc.MADV_DONTNEED));
    }

    /** Bytes of the arena in 2 MiB pages now, from /proc/self/smaps (for MappingInfo-like reports). */
    public long hugeBytes() {
        return Pages.anonHugeBytes(base);
    }

    @Override
    public void close() {
        Libc.munmap(raw, rawLength);
    }
}
