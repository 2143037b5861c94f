package io.xmmap.internal.sys;

import io.xmmap.ErrnoException;

/**
 * The one place where a {@code -errno} result of {@link Libc} becomes an exception.
 *
 * <p>Every check names the call and what it was applied to, so a failure reads like
 * {@code read(fd=5) failed: EBADF (Bad file descriptor)} wherever it surfaces.
 */
public final class Errors {
    private Errors() {}

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    // <asm-generic/errno-base.h>, <asm-generic/errno.h>
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EXDEV = 18;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int EPIPE = 32;
    public static final int ENOSYS = 38;
    public static final int EOPNOTSUPP = 95;
    public static final int ECONNRESET = 104;
    public static final int ENOTCONN = 107;

    /** The exception for {@code -result} (which must be negative) from {@code call} on {@code fd}. */
    public static ErrnoException exception(String call, int fd, long result) {
        return exception(call, "fd=" + fd, result);
    }

    /** The exception for {@code -result} from {@code call} applied to {@code subject}. */
    public static ErrnoException exception(String call, String subject, long result) {
        int errno = (int) -result;
        return new ErrnoException(call, subject, errno, Libc.errnoName(errno), Libc.errnoText(errno));
    }

    /** What {@code statx} says of {@code fd}, or the exception naming {@code subject}. */
    public static Libc.Stat fstat(int fd, String subject) throws ErrnoException {
        int[] err = new int[1];
        Libc.Stat st = Libc.fstat(fd, err);
        if (st == null) {
            throw exception("statx", subject, err[0]);
        }
        return st;
    }

    /** Returns {@code result} when it is not negative, else throws the exception for it. */
    public static long check(String call, int fd, long result) throws ErrnoException {
        if (result < 0) {
            throw exception(call, fd, result);
        }
        return result;
    }

    /** Returns {@code result} when it is not negative, else throws the exception for it. */
    public static long check(String call, String subject, long result) throws ErrnoException {
        if (result < 0) {
            throw exception(call, subject, result);
        }
        return result;
    }
}
