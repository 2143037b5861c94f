package io.xmmap;

import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;
import io.xmmap.internal.sys.LibcCopy;

import java.io.IOException;

/**
 * The building blocks under {@link Pipes}: the file-to-anything calls ({@code sendfile},
 * {@code copy_file_range} with its fallbacks), waiting for a non-blocking fd, internal pipes,
 * fd kinds. Stateless.
 */
final class KernelCopy {
    private KernelCopy() {}

    private static final long AGAIN = -Errors.EAGAIN;

    static long sendfile(int in, int out, long len) throws IOException {
        long moved = 0;
        while (moved < len) {
            long r = LibcCopy.sendfile(out, in, Math.min(len - moved, 1L << 30));
            if (r == AGAIN) {
                // The input is a regular file (always ready): only the output can be full.
                Errors.check("poll", "fd=" + out, Libc.poll(out, Libc.POLLOUT, -1, (short) 0, -1));
                continue;
            }
            Errors.check("sendfile", "fd=" + in + " -> fd=" + out, r);
            if (r == 0) {
                break;
            }
            moved += r;
        }
        return moved;
    }

    static long copyFileRange(int in, int out, long len) throws IOException {
        long moved = 0;
        while (moved < len) {
            long r = LibcCopy.copyFileRange(in, out, Math.min(len - moved, 1L << 30));
            if (r < 0 && moved == 0 && (r == -Errors.EXDEV || r == -Errors.EINVAL || r == -Errors.EOPNOTSUPP
                    || r == -Errors.ENOSYS || r == -Errors.EPERM)) {
                // Across file systems, a file system without it, or a filter (seccomp) refusing it.
                return sendfile(in, out, len);
            }
            Errors.check("copy_file_range", "fd=" + in + " -> fd=" + out, r);
            if (r == 0) {
                break;
            }
            moved += r;
        }
        return moved;
    }

    static void exactly(long got, long want, String call, int in, int out) throws IOException {
        if (got != want) {
            throw new IOException(call + "(fd=" + in + " -> fd=" + out + ") moved " + got + " of " + want
                    + " bytes: the other side ended early");
        }
    }

    /**
     * A non-blocking fd said EAGAIN: waits on the side that is not ready (the input for bytes, or
     * else the output for room), not on both: a side that is always ready (a regular file) would
     * end the wait at once and turn it into a busy loop.
     */
    static void await(int in, int out) throws IOException {
        String what = "fd=" + in + " -> fd=" + out;
        int now = (int) Errors.check("poll", what, Libc.poll(in, Libc.POLLIN, out, Libc.POLLOUT, 0));
        boolean inReady = (now & 0xFFFF) != 0, outReady = (now >>> 16) != 0;
        if (!inReady) {
            Errors.check("poll", what, Libc.poll(in, Libc.POLLIN, -1, (short) 0, -1));
        } else if (!outReady) {
            Errors.check("poll", what, Libc.poll(out, Libc.POLLOUT, -1, (short) 0, -1));
        }
    }

    static int[] internalPipe() throws IOException {
        int[] p = new int[2];
        Errors.check("pipe2", "internal pipe", Libc.pipe2(p, 0));
        Libc.fcntl(p[1], Libc.F_SETPIPE_SZ, 1 << 20); // best effort: 1 MiB moves per call
        return p;
    }

    static int type(int fd) throws IOException {
        return Errors.fstat(fd, "fd=" + fd).type();
    }
}
