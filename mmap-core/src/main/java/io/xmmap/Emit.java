package io.xmmap;

import io.xmmap.internal.mem.Pages;

/**
 * How an output mapping ({@link StreamOutput}) hands committed bytes on. Immutable; start from
 * {@link #DEFAULT} and adjust with the {@code with...} methods.
 *
 * <ul>
 *   <li><b>Copy</b>: {@code write(2)} even into a pipe (a copy; the arena is reused at once)
 *       instead of {@code vmsplice(2)} (page references; each slot's pages renewed per round).
 *       Anything but a pipe is always written.</li>
 *   <li><b>Huge pages</b>: the arena is advised {@code MADV_HUGEPAGE} (default) or
 *       {@code MADV_NOHUGEPAGE}. With vmsplice, renewing a slot of 4 KiB pages costs a fault per
 *       page; of one 2 MiB page, one.</li>
 *   <li><b>Spinning</b>: a full pipe is busy-waited for ({@code SPLICE_F_NONBLOCK} and retry)
 *       instead of slept on. Costs a core; saves wake-ups.</li>
 *   <li><b>Pipe size</b>: what {@code F_SETPIPE_SZ} asks for on a pipe (0 leaves it alone).</li>
 * </ul>
 */
public final class Emit {
    /** vmsplice into pipes, write(2) elsewhere; huge pages; sleeping; the pipe left as it is. */
    public static final Emit DEFAULT = new Emit(false, true, false, 0);

    private final boolean copy;
    private final boolean hugePages;
    private final boolean spinning;
    private final int pipeSize;

    private Emit(boolean copy, boolean hugePages, boolean spinning, int pipeSize) {
        this.copy = copy;
        this.hugePages = hugePages;
        this.spinning = spinning;
        this.pipeSize = pipeSize;
    }

    public Emit withCopy(boolean c) {
        return new Emit(c, hugePages, spinning, pipeSize);
    }

    public Emit withHugePages(boolean h) {
        return new Emit(copy, h, spinning, pipeSize);
    }

    public Emit withSpinning(boolean s) {
        return new Emit(copy, hugePages, s, pipeSize);
    }

    public Emit withPipeSize(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("pipe size must not be negative: " + bytes);
        }
        return new Emit(copy, hugePages, spinning, bytes);
    }

    public boolean copy() {
        return copy;
    }

    public boolean hugePages() {
        return hugePages;
    }

    public boolean spinning() {
        return spinning;
    }

    public int pipeSize() {
        return pipeSize;
    }

    @Override
    public String toString() {
        return (copy ? "write(2)" : "vmsplice(2) into pipes") + (hugePages ? ", huge pages" : ", 4 KiB pages")
                + (spinning ? ", spinning" : "") + (pipeSize > 0 ? ", pipe " + Pages.human(pipeSize) : "");
    }
}
