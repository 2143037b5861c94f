package io.xmmap.internal.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The socket calls of the native layer, under {@link Libc}'s contract: one handle per call,
 * linked on first use, {@code -errno} returned, never thrown.
 */
public final class LibcSocket {
    private LibcSocket() {}

    /** {@code int socketpair(int domain, int type, int protocol, int sv[2]);} */
    private static final class Socketpair {
        static final MethodHandle H = Libc.errnoHandle("socketpair",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }
    /** {@code int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen);} */
    private static final class Getsockopt {
        static final MethodHandle H = Libc.errnoHandle("getsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }
    /** {@code int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);} */
    private static final class Setsockopt {
        static final MethodHandle H = Libc.errnoHandle("setsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    }
    /** {@code ssize_t recv(int sockfd, void *buf, size_t len, int flags);} */
    private static final class Recv {
        static final MethodHandle H = Libc.errnoHandle("recv",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    /** {@code int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);} */
    private static final class Getsockname {
        static final MethodHandle H = Libc.errnoHandle("getsockname",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }
    /** {@code int getpeername(int sockfd, struct sockaddr *addr, socklen_t *addrlen);} */
    private static final class Getpeername {
        static final MethodHandle H = Libc.errnoHandle("getpeername",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    }

    // <sys/socket.h>, <bits/socket.h>, <asm-generic/socket.h>
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int SO_RCVLOWAT = 18;
    public static final int SO_ACCEPTCONN = 30;
    public static final int MSG_DONTWAIT = 0x40;

    /** {@code socketpair(2)} with SOCK_CLOEXEC added: fills {@code fds[0..1]}; 0 or -errno. */
    public static int socketpair(int domain, int type, int[] fds) {
        Libc.Scratch s = Libc.scratch();
        try {
            int r = (int) Socketpair.H.invokeExact(s.state, domain, type | SOCK_CLOEXEC, 0, s.ints);
            if (r < 0) {
                return -s.errno();
            }
            fds[0] = s.ints.get(JAVA_INT, 0);
            fds[1] = s.ints.get(JAVA_INT, 4);
            return 0;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    /**
     * {@code recv(2)} into {@code dst}; returns bytes received, 0 at EOF, or -errno (-EAGAIN with
     * MSG_DONTWAIT when nothing is there). The socket call: no iovec to import, unlike preadv2.
     */
    public static long recv(int fd, MemorySegment dst, int flags) {
        Libc.Scratch s = Libc.scratch();
        try {
            long r;
            do {
                r = (long) Recv.H.invokeExact(s.state, fd, dst, dst.byteSize(), flags);
            } while (r < 0 && s.errno() == Libc.EINTR);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    /** {@code getsockopt(fd, SOL_SOCKET, SO_RCVBUF)}: the receive buffer size, or -errno. */
    public static int receiveBufferSize(int fd) {
        return intOption(fd, SO_RCVBUF);
    }

    /** {@code getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN)}: 1 for a listening socket, 0 if not, or -errno. */
    public static int acceptsConnections(int fd) {
        return intOption(fd, SO_ACCEPTCONN);
    }

    /** {@code getsockopt(fd, SOL_SOCKET, SO_RCVLOWAT)}: the receive low-water mark, or -errno. */
    public static int receiveLowWater(int fd) {
        return intOption(fd, SO_RCVLOWAT);
    }

    /**
     * {@code setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &bytes)}: poll, epoll and blocking reads wait
     * until {@code bytes} are queued (or EOF, an error, a signal); 0 or -errno. Linux caps it at
     * half the receive buffer.
     */
    public static int setReceiveLowWater(int fd, int bytes) {
        Libc.Scratch s = Libc.scratch();
        try {
            s.ints.set(JAVA_INT, 0, bytes);
            int r = (int) Setsockopt.H.invokeExact(s.state, fd, SOL_SOCKET, SO_RCVLOWAT, s.ints, 4);
            return r < 0 ? -s.errno() : 0;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    private static int intOption(int fd, int name) {
        Libc.Scratch s = Libc.scratch();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment val = a.allocate(JAVA_INT);
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 4);
            int r = (int) Getsockopt.H.invokeExact(s.state, fd, SOL_SOCKET, name, val, len);
            return r < 0 ? -s.errno() : val.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    /**
     * The raw {@code struct sockaddr} of the socket's own ({@code peer} false, getsockname) or
     * its peer's address (getpeername), as bytes; null with -errno in {@code err[0]} on failure.
     */
    public static byte[] sockaddr(int fd, boolean peer, int[] err) {
        Libc.Scratch s = Libc.scratch();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = a.allocate(128, 8); // sizeof(struct sockaddr_storage)
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 128);
            int r = peer ? (int) Getpeername.H.invokeExact(s.state, fd, addr, len)
                    : (int) Getsockname.H.invokeExact(s.state, fd, addr, len);
            if (r < 0) {
                err[0] = -s.errno();
                return null;
            }
            return addr.asSlice(0, Math.min(128, len.get(JAVA_INT, 0))).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }
}
