package io.xmmap;

import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

import java.io.IOException;

/**
 * Moving bytes between fds without passing them through this process's memory: {@code splice},
 * {@code tee}, {@code sendfile}, {@code copy_file_range}, and pipe sizes. Same error model as the
 * mappings: a failed call is an {@link ErrnoException} naming it and its fds, e.g.
 * {@code splice(fd=5 -> fd=7) failed: EINVAL (Invalid argument)}.
 *
 * <pre>
 *   transfer(in, out):  pipe on either side      splice
 *                       file -> file             copy_file_range (else sendfile)
 *                       file -> anything else    sendfile
 *                       otherwise                splice in -> [internal pipe] -> out
 *   tee(in, out1, out2): in (a pipe, or spliced into one) --tee--> out1 (a pipe, or through one)
 *                                                          --splice--> out2
 * </pre>
 *
 * <p>All calls block as the fds do; an fd in non-blocking mode is waited for with {@code poll}
 * (its O_NONBLOCK flag is left alone). Calls use and advance the fds' file positions. Internal
 * pipes live for one call. The kernel refuses to splice or copy into a file opened with
 * O_APPEND (EINVAL, EBADF): the error is passed on; write such a file with {@code write(2)}.
 * Thread-safe (stateless).
 */
public final class Pipes {
    private Pipes() {}

    private static final long CHUNK = 1 << 20;
    private static final long AGAIN = -Errors.EAGAIN;

    /** The capacity of pipe {@code fd}, in bytes. */
    public static int pipeSize(int fd) throws IOException {
        return (int) Errors.check("fcntl(F_GETPIPE_SZ)", fd, Libc.fcntl(fd, Libc.F_GETPIPE_SZ, 0));
    }

    /**
     * Sets the capacity of pipe {@code fd} (the kernel rounds up to a power-of-two number of
     * pages); returns the capacity in force. EPERM above /proc/sys/fs/pipe-max-size without
     * CAP_SYS_RESOURCE; EBUSY when the pipe holds more than the new size.
     */
    public static int pipeSize(int fd, int bytes) throws IOException {
        return (int) Errors.check("fcntl(F_SETPIPE_SZ)", fd, Libc.fcntl(fd, Libc.F_SETPIPE_SZ, bytes));
    }

    /**
     * {@code splice(2)}s up to {@code len} bytes ({@code Long.MAX_VALUE}: until EOF) from
     * {@code in} to {@code out}, one of which must be a pipe; returns the bytes moved (fewer only
     * at EOF). Pages move by reference where the kernel can (pipe to pipe, pipe to socket).
     */
    public static long splice(int in, int out, long len) throws IOException {
        return splice(in, out, len, false);
    }

    /**
     * As {@link #splice(int, int, long)}; {@code spin}: when an end is not ready, busy-wait
     * ({@code SPLICE_F_NONBLOCK} and retry) instead of sleeping in the kernel. Costs a core;
     * saves the wake-ups (the last rung of the seed article's ladder).
     */
    public static long splice(int in, int out, long len, boolean spin) throws IOException {
        checkLength(len);
        long moved = 0;
        while (moved < len) {
            long r = spliceOnce(in, out, Math.min(len - moved, CHUNK), spin);
            if (r == 0) {
                break;
            }
            moved += r;
        }
        return moved;
    }

    /**
     * One splice call: what is there now (waiting for something: in the kernel's poll, or
     * busy with {@code spin}), at most {@code max}; 0 at EOF.
     */
    private static long spliceOnce(int in, int out, long max, boolean spin) throws IOException {
        int flags = Libc.SPLICE_F_MOVE | (spin ? Libc.SPLICE_F_NONBLOCK : 0);
        while (true) {
            long r = Libc.splice(in, out, max, flags);
            if (r != AGAIN) {
                return Errors.check("splice", "fd=" + in + " -> fd=" + out, r);
            }
            if (spin) {
                Thread.onSpinWait();
            } else {
                KernelCopy.await(in, out);
            }
        }
    }

    /**
     * Moves up to {@code len} bytes ({@code Long.MAX_VALUE}: until EOF) from {@code in} to
     * {@code out} inside the kernel, with the call that fits the two fds (see the class javadoc);
     * returns the bytes moved.
     */
    public static long transfer(int in, int out, long len) throws IOException {
        checkLength(len);
        int inType = KernelCopy.type(in), outType = KernelCopy.type(out);
        if (inType == Libc.S_IFIFO || outType == Libc.S_IFIFO) {
            return splice(in, out, len);
        }
        if (inType == Libc.S_IFREG) {
            return outType == Libc.S_IFREG ? KernelCopy.copyFileRange(in, out, len) : KernelCopy.sendfile(in, out, len);
        }
        int[] p = KernelCopy.internalPipe();
        try {
            long moved = 0;
            while (moved < len) {
                long n = spliceOnce(in, p[1], Math.min(len - moved, CHUNK), false);
                if (n == 0) {
                    break;
                }
                KernelCopy.exactly(splice(p[0], out, n), n, "splice", p[0], out);
                moved += n;
            }
            return moved;
        } finally {
            Libc.close(p[0]);
            Libc.close(p[1]);
        }
    }

    /**
     * Copies up to {@code len} bytes ({@code Long.MAX_VALUE}: until EOF) from {@code in} to both
     * {@code out1} and {@code out2} without passing them through this process: {@code tee(2)}
     * duplicates page references into {@code out1}, {@code splice(2)} then moves them to
     * {@code out2}. Where {@code in} or {@code out1} is not a pipe, an internal pipe stands in.
     * Returns the bytes copied. {@code out2} must take a splice from a pipe (pipe, file, socket).
     */
    public static long tee(int in, int out1, int out2, long len) throws IOException {
        checkLength(len);
        if (KernelCopy.type(in) == Libc.S_IFIFO) {
            return teeFromPipe(in, out1, out2, len, false);
        }
        int[] q = KernelCopy.internalPipe();
        try {
            long moved = 0;
            while (moved < len) {
                long n = spliceOnce(in, q[1], Math.min(len - moved, CHUNK), false);
                if (n == 0) {
                    break;
                }
                KernelCopy.exactly(teeFromPipe(q[0], out1, out2, n, true), n, "tee", q[0], out1);
                moved += n;
            }
            return moved;
        } finally {
            Libc.close(q[0]);
            Libc.close(q[1]);
        }
    }

    /** {@link #transfer(int, int, long)} of the whole file at {@code in} to {@code out}. */
    public static long transfer(java.nio.file.Path in, int out) throws IOException {
        int fd = openRead(in);
        try {
            return transfer(fd, out, Long.MAX_VALUE);
        } finally {
            Libc.close(fd);
        }
    }

    /**
     * {@link #transfer(int, int, long)} of {@code in} until EOF into the file at {@code out},
     * created or truncated (mode 0666 less the umask).
     */
    public static long transfer(int in, java.nio.file.Path out) throws IOException {
        int fd = openWrite(out);
        try {
            return transfer(in, fd, Long.MAX_VALUE);
        } finally {
            Errors.check("close", out.toString(), Libc.close(fd));
        }
    }

    /** {@link #tee(int, int, int, long)} of {@code in} until EOF into {@code out1} and the file at {@code out2} (created or truncated). */
    public static long tee(int in, int out1, java.nio.file.Path out2) throws IOException {
        int fd = openWrite(out2);
        try {
            return tee(in, out1, fd, Long.MAX_VALUE);
        } finally {
            Errors.check("close", out2.toString(), Libc.close(fd));
        }
    }

    private static int openRead(java.nio.file.Path p) throws IOException {
        return (int) Errors.check("open", p.toString(), Libc.open(p.toString(), Libc.O_RDONLY, 0));
    }

    private static int openWrite(java.nio.file.Path p) throws IOException {
        return (int) Errors.check("open", p.toString(), Libc.open(p.toString(), Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC, 0666));
    }

    /**
     * Sends the file at {@code file} to a connected socket channel ({@code sendfile(2)}: the page
     * cache to the socket, no copy through this process); returns the bytes sent. Bytes written
     * to the channel before this call go first. The channel's fd is found as
     * {@code Xmmap.map(SocketChannel, ...)} finds it: no reflection, no {@code --add-opens}.
     */
    public static long transfer(java.nio.file.Path file, java.nio.channels.SocketChannel channel) throws IOException {
        if (!channel.isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        if (!channel.isConnected()) {
            throw new java.nio.channels.NotYetConnectedException();
        }
        return transfer(file, SocketFds.find(channel, -1));
    }

    /** tee from pipe {@code src}; {@code exact}: {@code len} bytes are known to be there. */
    private static long teeFromPipe(int src, int out1, int out2, long len, boolean exact) throws IOException {
        boolean direct = KernelCopy.type(out1) == Libc.S_IFIFO;
        int[] p = direct ? null : KernelCopy.internalPipe();
        int dup = direct ? out1 : p[1];
        try {
            long moved = 0;
            while (moved < len) {
                long r = Libc.tee(src, dup, Math.min(len - moved, CHUNK), 0);
                if (r == AGAIN) {
                    KernelCopy.await(src, dup);
                    continue;
                }
                Errors.check("tee", "fd=" + src + " -> fd=" + dup, r);
                if (r == 0) {
                    if (exact) {
                        throw new IOException("tee: " + (len - moved) + " bytes went missing from internal pipe fd=" + src);
                    }
                    break;
                }
                // Consume exactly what was duplicated, so the next tee sees new bytes.
                KernelCopy.exactly(splice(src, out2, r), r, "splice", src, out2);
                if (!direct) {
                    KernelCopy.exactly(splice(p[0], out1, r), r, "splice", p[0], out1);
                }
                moved += r;
            }
            return moved;
        } finally {
            if (p != null) {
                Libc.close(p[0]);
                Libc.close(p[1]);
            }
        }
    }

    private static void checkLength(long len) {
        if (len < 0) {
            throw new IllegalArgumentException("negative length: " + len);
        }
    }
}
