package io.xmmap.examples.text;

import io.xmmap.ErrnoException;
import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

/**
 * Which fds the tools may move bytes between inside the kernel ({@code io.xmmap.Pipes}): pipes,
 * sockets and regular files with a size. Terminals, character devices and size-less files
 * ({@code /proc}) take the mapped path, as do directories (whose error that path reports as GNU
 * does).
 */
public final class ZeroCopy {
    private ZeroCopy() {}

    /** What fstat says of {@code fd}. */
    public static Libc.Stat stat(int fd, String name) throws ErrnoException {
        int[] err = new int[1];
        Libc.Stat st = Libc.fstat(fd, err);
        if (st == null) {
            throw Errors.exception("statx", name, err[0]);
        }
        return st;
    }

    /** True for a pipe, a socket or a regular file with a size. */
    public static boolean spliceable(Libc.Stat st) {
        return switch (st.type()) {
            case Libc.S_IFIFO, Libc.S_IFSOCK -> true;
            case Libc.S_IFREG -> st.size() > 0;
            default -> false;
        };
    }

    /** True when {@code fd} was opened with O_APPEND (splice refuses to write to such a file). */
    public static boolean appending(int fd) {
        int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
        return flags >= 0 && (flags & 0x400 /* O_APPEND, <asm-generic/fcntl.h> */) != 0;
    }
}
