package io.xmmap.internal.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The in-kernel copy calls of the native layer ({@code splice}, {@code tee} and {@code vmsplice}
 * are in {@link Libc}), under its contract: one handle per call, linked on first use,
 * {@code -errno} returned, never thrown, EINTR retried. Both use and advance the fds' file
 * positions (NULL offsets).
 */
public final class LibcCopy {
    private LibcCopy() {}

    /** {@code ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count);} */
    private static final class Sendfile {
        static final MethodHandle H = Libc.errnoHandle("sendfile",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    }

    /**
     * {@code ssize_t copy_file_range(int fd_in, off_t *off_in, int fd_out, off_t *off_out,
     * size_t len, unsigned int flags);}
     */
    private static final class CopyFileRange {
        static final MethodHandle H = Libc.errnoHandle("copy_file_range",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }

    /** {@code sendfile(2)} of up to {@code count} bytes from {@code in} (a file) to {@code out}; bytes or -errno. */
    public static long sendfile(int out, int in, long count) {
        Libc.Scratch s = Libc.scratch();
        try {
            long r;
            do {
                r = (long) Sendfile.H.invokeExact(s.state, out, in, MemorySegment.NULL, count);
            } while (r < 0 && s.errno() == Libc.EINTR);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    /** {@code copy_file_range(2)} of up to {@code len} bytes between regular files; bytes, 0 at EOF, or -errno. */
    public static long copyFileRange(int in, int out, long len) {
        Libc.Scratch s = Libc.scratch();
        try {
            long r;
            do {
                r = (long) CopyFileRange.H.invokeExact(s.state, in, MemorySegment.NULL, out, MemorySegment.NULL, len, 0);
            } while (r < 0 && s.errno() == Libc.EINTR);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }
}
