package io.xmmap.examples.text;

import io.xmmap.internal.sys.Libc;

/**
 * Which fds the tools may move bytes between inside the kernel ({@code io.xmmap.Pipes}): from
 * pipes, sockets and regular files with a size; into pipes, sockets and regular files not opened
 * O_APPEND (the kernel refuses to splice or copy into those). Terminals, character devices,
 * size-less files ({@code /proc}) and directories take the mapped path, which reports their
 * errors as GNU does.
 */
public final class ZeroCopy {
    private ZeroCopy() {}

    /** True for a pipe, a socket or a regular file with a size. */
    public static boolean canSend(Libc.Stat st) {
        return switch (st.type()) {
            case Libc.S_IFIFO, Libc.S_IFSOCK -> true;
            case Libc.S_IFREG -> st.size() > 0;
            default -> false;
        };
    }

    /** True for a pipe, a socket or a regular file (of any size) that {@code fd} did not open O_APPEND. */
    public static boolean canReceive(Libc.Stat st, int fd) {
        return switch (st.type()) {
            case Libc.S_IFIFO, Libc.S_IFSOCK -> true;
            case Libc.S_IFREG -> {
                int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
                yield flags >= 0 && (flags & Libc.O_APPEND) == 0;
            }
            default -> false;
        };
    }
}
