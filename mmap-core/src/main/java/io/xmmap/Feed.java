package io.xmmap;

import io.xmmap.internal.mem.Pages;

/**
 * How bytes get from the fd into a mapping. Immutable; start from {@link #SYNC} or
 * {@link #BACKGROUND} and adjust with the {@code with...} methods.
 *
 * <ul>
 *   <li><b>Thread</b>: {@link #SYNC} reads on demand in the consumer's own thread, inside
 *       {@code window(...)} (no extra thread, no hand-off); {@link #BACKGROUND} runs one feeder
 *       thread per mapping that reads ahead while the consumer works.</li>
 *   <li><b>Method</b>: {@link Method#READ} is {@code read(2)} into the arena (any fd);
 *       {@link Method#VMSPLICE} is {@code vmsplice(2)} from the pipe into the arena (pipes and
 *       FIFOs only; other kinds fall back to READ).</li>
 *   <li><b>Spinning</b>: waits busy-loop instead of sleeping: the feeder polls the fd without
 *       blocking and the consumer spins on the fill mark. Costs a core; saves wake-ups.</li>
 *   <li><b>Chunk</b>: the most one read asks for. <b>Pipe size</b>: what {@code F_SETPIPE_SZ}
 *       asks for on a pipe or FIFO (capped by /proc/sys/fs/pipe-max-size for non-root).</li>
 * </ul>
 */
public final class Feed {
    /** The system call that moves bytes from the fd into the arena. */
    public enum Method { READ, VMSPLICE }

    /** Reads on demand in the consumer's thread with read(2), 256 KiB at a time, 1 MiB pipe. */
    public static final Feed SYNC = new Feed(false, Method.READ, false, 256 << 10, 1 << 20);
    /** Reads ahead in a feeder thread with read(2), 256 KiB at a time, 1 MiB pipe. */
    public static final Feed BACKGROUND = new Feed(true, Method.READ, false, 256 << 10, 1 << 20);

    private final boolean background;
    private final Method method;
    private final boolean spinning;
    private final int chunk;
    private final int pipeSize;

    private Feed(boolean background, Method method, boolean spinning, int chunk, int pipeSize) {
        this.background = background;
        this.method = method;
        this.spinning = spinning;
        this.chunk = chunk;
        this.pipeSize = pipeSize;
    }

    /** The same feed with another method. */
    public Feed withMethod(Method m) {
        return new Feed(background, java.util.Objects.requireNonNull(m), spinning, chunk, pipeSize);
    }

    /** The same feed, busy-waiting ({@code true}) or sleeping ({@code false}). */
    public Feed withSpinning(boolean spin) {
        return new Feed(background, method, spin, chunk, pipeSize);
    }

    /** The same feed reading at most {@code bytes} (4 KiB to 64 MiB) per call. */
    public Feed withChunk(int bytes) {
        if (bytes < 4096 || bytes > (64 << 20)) {
            throw new IllegalArgumentException("chunk must be 4 KiB to 64 MiB: " + bytes);
        }
        return new Feed(background, method, spinning, bytes, pipeSize);
    }

    /** The same feed asking for a pipe of {@code bytes} (0 leaves the pipe as it is). */
    public Feed withPipeSize(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("pipe size must not be negative: " + bytes);
        }
        return new Feed(background, method, spinning, chunk, bytes);
    }

    public boolean background() {
        return background;
    }

    public Method method() {
        return method;
    }

    public boolean spinning() {
        return spinning;
    }

    public int chunk() {
        return chunk;
    }

    public int pipeSize() {
        return pipeSize;
    }

    @Override
    public String toString() {
        return (background ? "background" : "sync") + " " + (method == Method.READ ? "read(2)" : "vmsplice(2)")
                + (spinning ? " spinning" : "") + ", " + Pages.human(chunk) + " chunks";
    }
}
