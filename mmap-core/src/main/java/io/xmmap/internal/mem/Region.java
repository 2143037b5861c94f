package io.xmmap.internal.mem;

import java.io.IOException;

/**
 * Where a mapping's bytes live: stream offset {@code o} is at virtual address {@link #address(long)}.
 *
 * <p>Three layouts, one per memory mode or source:
 * <pre>
 *  Ring (streaming)        memfd mapped twice, back to back: any window up to capacity is contiguous
 *    base           base+C          base+2C
 *    |  memfd [0,C)  |  memfd [0,C)  |        o  ->  base + (o mod C)
 *
 *  Reservation (retain-all)   PROT_NONE reserve, committed forward with mprotect in large steps
 *    base                 committed                    base+limit
 *    | RW, MADV_HUGEPAGE   |  PROT_NONE, MAP_NORESERVE   |       o  ->  base + o
 *
 *  FileImage (regular file)   the file mapped read-only, MAP_SHARED, size fixed at open
 *    base                       base+size                              o  ->  base + o
 * </pre>
 *
 * <p>Thread pattern: one feeder thread calls {@link #fillLimit}; any thread may call
 * {@link #address}; {@link #close} runs once, after the feeder has stopped and every window scope
 * is closed.
 */
public sealed interface Region extends AutoCloseable permits Ring, Reservation, FileImage {

    /** The virtual address of stream offset {@code offset}; valid only for live offsets. */
    long address(long offset);

    /**
     * How far the feeder may fill now: the feeder may write stream offsets in
     * {@code [filled, fillLimit)}. {@code released} is the consumer's release point (bytes below it
     * may be recycled). A {@link Reservation} commits more memory here, which may fail.
     */
    long fillLimit(long filled, long released) throws IOException;

    /** True when no more memory can ever be had: {@code fillLimit == filled} is final. */
    boolean exhausted(long filled);

    /** The longest window that can always be served (the whole ring minus one recycling slot). */
    long maxWindow();

    /** The recycling granularity: memory is reused only in whole slots, never part of one. */
    long slotSize();

    /** Memory this region holds committed now (readable/writable), in bytes. */
    long committedBytes();

    /**
     * Memory this region holds resident by its own accounting, in bytes: what it has faulted in
     * (or, where it faults nothing in itself, what it has committed). Safe from any thread.
     */
    default long residentBytes() {
        return committedBytes();
    }

    /** Describes the page size the region got, e.g. "2 MiB (THP)" or "4 KiB". */
    String pages();

    /** Gives the memory back. Only after every window scope over it is closed. */
    @Override
    void close();
}
