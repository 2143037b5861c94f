package io.xmmap;

import io.xmmap.internal.mem.OutputSlots;
import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The output side of a mapping: the program writes a stream's bytes into a writable window at
 * its tail ({@link #reserve}) and hands the first bytes of it on ({@link #commit}). Into a pipe,
 * committed bytes go by {@code vmsplice(2)}: the pipe takes references to the pages, nothing is
 * copied. Into anything else (file, socket, tty) they go by {@code write(2)}, a copy.
 *
 * <pre>
 *   stream:   0 ......... written() | reserved window | (nothing yet)
 *   memory:   slots of 2 MiB, used round and round; a window lies inside one slot
 * </pre>
 *
 * <p><b>Safety.</b> A window is valid from {@code reserve} to the next {@code commit},
 * {@code reserve} or {@code close}; afterwards every access throws {@link IllegalStateException}
 * (it is a segment of a confined arena closed then), so committed bytes cannot be changed
 * through the API. Committed bytes are never written again: a slot coming round again gets fresh
 * pages (the reuse rule, {@link OutputSlots}), so a reader that is slow, or that {@code tee}s or
 * {@code splice}s the pages on, always sees the bytes as committed. (The rest of a partly
 * committed page is written by the next window; the pipe only ever shows the committed range of
 * a page, and never merges other bytes into a page given by {@code vmsplice}.)
 * {@code SPLICE_F_GIFT} is not used. Commits are synchronous: when {@code commit} returns, the
 * bytes are in the pipe (or written), and {@link #close} has nothing left to flush.
 *
 * <p>Ownership and threads: owns a duplicate of the fd it was given (or the file it opened);
 * confined to the thread that created it.
 */
public final class StreamOutput implements AutoCloseable {
    private static final long AGAIN = -Errors.EAGAIN;
    /** Default arena: 4 slots of 2 MiB. */
    static final long SLOT = 2L << 20;
    static final int SLOTS = 4;

    private final int fd;
    private final String name;
    private final boolean vmsplice;
    private final boolean spinning;
    private final OutputSlots arena;
    private final boolean[] handedOut;
    private final Thread owner = Thread.currentThread();
    private int slot;
    private long pos;
    private long written;
    private Arena window;
    private long windowLength;
    private boolean closed;

    StreamOutput(int fd, String name, boolean pipe, Emit emit, long slotBytes, int slots) throws IOException {
        this.fd = fd;
        this.name = name;
        this.vmsplice = pipe && !emit.copy();
        this.spinning = emit.spinning();
        if (pipe && emit.pipeSize() > 0) {
            Errors.check("fcntl(F_SETPIPE_SZ)", name, Libc.fcntl(fd, Libc.F_SETPIPE_SZ, emit.pipeSize()));
        }
        this.arena = OutputSlots.create(slotBytes, slots, emit.hugePages());
        this.handedOut = new boolean[slots];
    }

    /**
     * A writable window of {@code length} bytes (at most the slot size, 2 MiB) for stream
     * offsets {@code [written(), written() + length)}. A window reserved before and not committed
     * is given up (its bytes are not sent).
     */
    public MemorySegment reserve(long length) throws IOException {
        check();
        if (length < 0 || length > arena.slotBytes()) {
            throw new IllegalArgumentException("window of " + length + " bytes: 0 to " + arena.slotBytes() + " can be reserved");
        }
        endWindow();
        if (pos + length > arena.slotBytes()) {
            int next = (slot + 1) % arena.slots();
            if (handedOut[next]) {
                // Its old pages may still be in a pipe: never write them again. Renewed before the
                // move, so a failed renewal leaves this output where it was (the next reserve
                // tries again) and never writes into pages that were not renewed.
                arena.renew(next);
                handedOut[next] = false;
            }
            slot = next;
            pos = 0;
        }
        window = Arena.ofConfined();
        windowLength = length;
        return MemorySegment.ofAddress(arena.address(slot, pos)).reinterpret(length, window, null);
    }

    /**
     * Sends the first {@code length} bytes of the reserved window on (blocking while the pipe is
     * full) and ends the window. Returns when they are in the pipe or written.
     *
     * @throws ErrnoException when the fd refuses them (EPIPE: the reader has gone)
     */
    public void commit(long length) throws IOException {
        check();
        if (window == null) {
            throw new IllegalStateException("nothing reserved: reserve(...) a window first");
        }
        if (length < 0 || length > windowLength) {
            throw new IllegalArgumentException("cannot commit " + length + " bytes of a " + windowLength + "-byte window");
        }
        endWindow();
        long addr = arena.address(slot, pos);
        for (long done = 0; done < length; ) {
            MemorySegment rest = MemorySegment.ofAddress(addr + done).reinterpret(length - done);
            long r = vmsplice ? Libc.vmsplice(fd, rest, spinning ? Libc.SPLICE_F_NONBLOCK : 0) : Libc.write(fd, rest);
            if (r == AGAIN) {
                if (spinning) {
                    Thread.onSpinWait();
                } else {
                    Errors.check("poll", name, Libc.poll(fd, Libc.POLLOUT, -1, (short) 0, -1));
                }
                continue;
            }
            Errors.check(vmsplice ? "vmsplice" : "write", name, r);
            done += r;
            if (vmsplice) {
                handedOut[slot] = true;
            }
            pos += r;
            written += r;
        }
    }

    /** Bytes of the arena in 2 MiB pages now (from /proc/self/smaps), for tests and reports. */
    long hugePageBytes() {
        return arena.hugeBytes();
    }

    /** Bytes committed so far: the stream offset of the next window. */
    public long written() {
        return written;
    }

    /** How committed bytes leave: "vmsplice(2) into a pipe, ..." or "write(2)". */
    public String method() {
        return vmsplice ? "vmsplice(2) into a pipe (no copy; a slot's pages are renewed each round)"
                + (spinning ? ", spinning" : "") : "write(2) (a copy)";
    }

    private void endWindow() {
        if (window != null) {
            window.close();
            window = null;
        }
    }

    private void check() {
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("output to " + name + " is confined to " + owner.getName());
        }
        if (closed) {
            throw new IllegalStateException("output to " + name + " is closed");
        }
    }

    /** Ends the window, closes the fd (reporting its error, if any) and unmaps the arena. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new WrongThreadException("output to " + name + " is confined to " + owner.getName());
        }
        closed = true;
        endWindow();
        arena.close(); // pages still in a pipe stay alive there: the pipe holds references
        Errors.check("close", name, Libc.close(fd));
    }
}
