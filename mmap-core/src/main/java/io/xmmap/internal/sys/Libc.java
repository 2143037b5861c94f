package io.xmmap.internal.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The native layer: one downcall handle per libc function, nothing else.
 *
 * <h2>Contract of every method</h2>
 * <ul>
 *   <li>It returns the call's result when the call succeeded and {@code -errno} when it failed
 *       (errno is captured with {@code Linker.Option.captureCallState("errno")}, so nothing the
 *       JVM does between the call and the check can clobber it). It never throws for a failed
 *       call; {@link Errors} turns a negative result into an exception that names the call.</li>
 *   <li>{@code EINTR} is retried here, so callers never see it.</li>
 *   <li>No handle is linked with {@code Linker.Option.critical}: most of these calls may block,
 *       and a critical downcall holds off safepoints (a blocked critical {@code read} stalls
 *       every GC of the process).</li>
 *   <li>Pointers are passed as {@link MemorySegment}s; the caller guarantees they are alive for
 *       the duration of the call.</li>
 * </ul>
 *
 * <p>Each handle sits in its own holder class, so it is linked on first use: linking a
 * downcall costs milliseconds (the first one ~60 ms), and a tool that makes ten kinds of call
 * should not pay for thirty at start-up. A holder's static final field is still a constant to
 * the JIT.
 *
 * <p>Thread-safe: every thread gets its own errno slot and scratch memory ({@link Scratch}).
 *
 * <p>This class holds the file-descriptor, I/O and memory calls and the shared machinery;
 * {@link LibcSocket}, {@link LibcTerminal}, {@link LibcEpoll} and {@link LibcLocale} hold the rest, under the same
 * contract.
 *
 * <p>Flag values are the Linux x86-64 / generic ones; each constant names the header it comes
 * from.
 */
public final class Libc {
    private Libc() {}

    // <fcntl.h> / <asm-generic/fcntl.h>
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int O_DIRECTORY = 0x10000;
    public static final int O_NOCTTY = 0x100;
    public static final int O_CREAT = 0x40;
    public static final int O_TRUNC = 0x200;
    public static final int O_APPEND = 0x400;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int F_SETPIPE_SZ = 1031;
    public static final int F_GETPIPE_SZ = 1032;
    public static final int O_ACCMODE = 3;
    // <sys/mman.h> / <asm-generic/mman-common.h>
    public static final int PROT_NONE = 0;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 0x01;
    public static final int MAP_PRIVATE = 0x02;
    public static final int MAP_FIXED = 0x10;
    public static final int MAP_ANONYMOUS = 0x20;
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MADV_DONTNEED = 4;
    public static final int MADV_HUGEPAGE = 14;
    public static final int MFD_CLOEXEC = 1;
    // <fcntl.h> (splice family)
    public static final int SPLICE_F_MOVE = 1;
    public static final int SPLICE_F_NONBLOCK = 2;
    public static final int SPLICE_F_MORE = 4;
    // <poll.h>
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    // <asm-generic/ioctls.h>
    public static final long FIONREAD = 0x541B;
    // <sys/eventfd.h>
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int EFD_NONBLOCK = 0x800;
    // <sys/stat.h>
    public static final int S_IFMT = 0xF000;
    public static final int S_IFIFO = 0x1000;
    public static final int S_IFCHR = 0x2000;
    public static final int S_IFDIR = 0x4000;
    public static final int S_IFBLK = 0x6000;
    public static final int S_IFREG = 0x8000;
    public static final int S_IFLNK = 0xA000;
    public static final int S_IFSOCK = 0xC000;
    // <linux/stat.h>, <fcntl.h>
    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int STATX_TYPE = 0x1;
    public static final int STATX_MODE = 0x2;
    public static final int STATX_SIZE = 0x200;
    public static final int STATX_INO = 0x100;
    // <unistd.h>
    public static final int SC_PAGESIZE = 30;
    public static final int SC_PHYS_PAGES = 85;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

    /** {@code struct statx}: 256 bytes; stx_mode (u16) at 0x1C, stx_size (u64) at 0x28. */
    private static final long STATX_SIZEOF = 256, STX_MODE = 0x1C, STX_INO = 0x20, STX_SIZE = 0x28,
            STX_DEV_MAJOR = 0x88, STX_DEV_MINOR = 0x8C;
    static final int EINTR = 4;

    static MethodHandle errnoHandle(String name, FunctionDescriptor fd, Linker.Option... more) {
        Linker.Option[] opts = new Linker.Option[more.length + 1];
        opts[0] = ERRNO_OPT;
        System.arraycopy(more, 0, opts, 1, more.length);
        MemorySegment sym = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(sym, fd, opts);
    }

    /** A function that does not set errno; missing from libc is a linkage error naming it. */
    static MethodHandle plainHandle(String name, FunctionDescriptor fd) {
        MemorySegment sym = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(sym, fd);
    }

    /** A function newer C libraries have (glibc 2.32+ for strerror*_np): null when absent. */
    static MethodHandle optionalHandle(String name, FunctionDescriptor fd) {
        return LINKER.defaultLookup().find(name).map(s -> LINKER.downcallHandle(s, fd)).orElse(null);
    }

    /** {@code ssize_t read(int fd, void *buf, size_t count);} */
    private static final class Read {
        static final MethodHandle H = errnoHandle("read",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }
    /** {@code ssize_t preadv2(int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags);} */
    private static final class Preadv2 {
        static final MethodHandle H = errnoHandle("preadv2",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT));
    }
    /** {@code ssize_t write(int fd, const void *buf, size_t count);} */
    private static final class Write {
        static final MethodHandle H = errnoHandle("write",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    }
    /** {@code ssize_t vmsplice(int fd, const struct iovec *iov, size_t nr_segs, unsigned int flags);} */
    private static final class Vmsplice {
        static final MethodHandle H = errnoHandle("vmsplice",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    /** {@code ssize_t splice(int fd_in, off64_t *off_in, int fd_out, off64_t *off_out, size_t len, unsigned int flags);} */
    private static final class Splice {
        static final MethodHandle H = errnoHandle("splice",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    /** {@code ssize_t tee(int fd_in, int fd_out, size_t len, unsigned int flags);} */
    private static final class Tee {
        static final MethodHandle H = errnoHandle("tee",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));
    }
    /** {@code int fcntl(int fd, int cmd, ... /* int arg *}{@code /);} */
    private static final class Fcntl {
        static final MethodHandle H = errnoHandle("fcntl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    }
    /** {@code int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf);} */
    private static final class Statx {
        static final MethodHandle H = errnoHandle("statx",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    }
    /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);} */
    private static final class Mmap {
        static final MethodHandle H = errnoHandle("mmap",
                FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    }
    /** {@code int munmap(void *addr, size_t length);} */
    private static final class Munmap {
        static final MethodHandle H = errnoHandle("munmap",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    }
    /** {@code int mprotect(void *addr, size_t len, int prot);} */
    private static final class Mprotect {
        static final MethodHandle H = errnoHandle("mprotect",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    /** {@code int madvise(void *addr, size_t length, int advice);} */
    private static final class Madvise {
        static final MethodHandle H = errnoHandle("madvise",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    /** {@code int memfd_create(const char *name, unsigned int flags);} */
    private static final class MemfdCreate {
        static final MethodHandle H = errnoHandle("memfd_create",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }
    /** {@code int ftruncate(int fd, off_t length);} */
    private static final class Ftruncate {
        static final MethodHandle H = errnoHandle("ftruncate",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    }
    /** {@code int close(int fd);} */
    private static final class Close {
        static final MethodHandle H = errnoHandle("close",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout);} */
    private static final class Poll {
        static final MethodHandle H = errnoHandle("poll",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    }
    /** {@code int eventfd(unsigned int initval, int flags);} */
    private static final class Eventfd {
        static final MethodHandle H = errnoHandle("eventfd",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }
    /** {@code int pipe2(int pipefd[2], int flags);} */
    private static final class Pipe2 {
        static final MethodHandle H = errnoHandle("pipe2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    }
    /** {@code int open(const char *pathname, int flags, ... /* mode_t mode *}{@code /);} */
    private static final class Open {
        static final MethodHandle H = errnoHandle("open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    }
    /** {@code int ioctl(int fd, unsigned long request, ... /* int *argp *}{@code /);} */
    private static final class IoctlInt {
        static final MethodHandle H = errnoHandle("ioctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    }
    /** {@code int isatty(int fd);} */
    private static final class Isatty {
        static final MethodHandle H = errnoHandle("isatty",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    /** {@code long sysconf(int name);} */
    private static final class Sysconf {
        static final MethodHandle H = errnoHandle("sysconf",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    }
    /** {@code const char *strerrorname_np(int errnum);} (glibc 2.32+; may be absent) */
    private static final class StrerrornameNp {
        static final MethodHandle H = optionalHandle("strerrorname_np",
                FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }
    /** {@code const char *strerrordesc_np(int errnum);} (glibc 2.32+; may be absent) */
    private static final class StrerrordescNp {
        static final MethodHandle H = optionalHandle("strerrordesc_np",
                FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /** Per-thread memory for errno capture and small structs; lives as long as its thread. */
    static final class Scratch {
        final MemorySegment state;
        final MemorySegment iov;    // struct iovec { void *base; size_t len; }
        final MemorySegment pollfds; // struct pollfd[2] { int fd; short events, revents; }
        final MemorySegment statx;
        final MemorySegment ints;   // int[2] for pipe2
        final MemorySegment word;   // one 8-byte counter for eventfd reads and writes
        final MemorySegment epollEvent; // struct epoll_event (12 or 16 bytes)

        Scratch() {
            Arena arena = Arena.ofAuto();
            state = arena.allocate(CALL_STATE);
            iov = arena.allocate(16, 8);
            pollfds = arena.allocate(16, 8);
            statx = arena.allocate(STATX_SIZEOF, 8);
            ints = arena.allocate(8, 4);
            word = arena.allocate(8, 8);
            epollEvent = arena.allocate(16, 8);
        }

        int errno() {
            return (int) ERRNO.get(state, 0L);
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    static Scratch scratch() {
        return SCRATCH.get();
    }

    /** invokeExact declares Throwable; a downcall only throws what linking or the JVM throws. */
    static RuntimeException linkageFailure(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    // ---- I/O ------------------------------------------------------------------------------

    /** {@code read(2)} into {@code dst}; returns bytes read, 0 at EOF, or -errno. */
    public static long read(int fd, MemorySegment dst) {
        Scratch s = scratch();
        try {
            long r;
            do {
                r = (long) Read.H.invokeExact(s.state, fd, dst, dst.byteSize());
            } while (r < 0 && s.errno() == EINTR);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code <linux/fs.h>}: per-call non-blocking read, -EAGAIN instead of waiting. */
    public static final int RWF_NOWAIT = 0x8;

    /**
     * {@code preadv2(2)} at the current position (offset -1) with one iovec over {@code dst}.
     * With {@link #RWF_NOWAIT} it returns -EAGAIN instead of blocking, without touching the fd's
     * O_NONBLOCK flag (which other processes sharing the file description would see).
     */
    public static long preadv2(int fd, MemorySegment dst, int flags) {
        Scratch s = scratch();
        s.iov.set(ADDRESS, 0, dst);
        s.iov.set(JAVA_LONG, 8, dst.byteSize());
        try {
            long r;
            do {
                r = (long) Preadv2.H.invokeExact(s.state, fd, s.iov, 1, -1L, flags);
            } while (r < 0 && s.errno() == EINTR);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code write(2)} from {@code src}; returns bytes written or -errno. */
    public static long write(int fd, MemorySegment src) {
        Scratch s = scratch();
        try {
            long r;
            do {
                r = (long) Write.H.invokeExact(s.state, fd, src, src.byteSize());
            } while (r < 0 && s.errno() == EINTR);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /**
     * {@code vmsplice(2)} with one iovec over {@code mem}. On a pipe's write end it gives the
     * pages to the pipe; on a read end it copies out of the pipe into {@code mem}.
     * Returns bytes moved or -errno.
     */
    public static long vmsplice(int fd, MemorySegment mem, int flags) {
        Scratch s = scratch();
        s.iov.set(ADDRESS, 0, mem);
        s.iov.set(JAVA_LONG, 8, mem.byteSize());
        try {
            long r;
            do {
                r = (long) Vmsplice.H.invokeExact(s.state, fd, s.iov, 1L, flags);
            } while (r < 0 && s.errno() == EINTR);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code splice(2)} at the fds' current positions; returns bytes moved, 0 at EOF, or -errno. */
    public static long splice(int fdIn, int fdOut, long len, int flags) {
        Scratch s = scratch();
        try {
            long r;
            do {
                r = (long) Splice.H.invokeExact(s.state, fdIn, MemorySegment.NULL, fdOut, MemorySegment.NULL, len, flags);
            } while (r < 0 && s.errno() == EINTR);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code tee(2)}: duplicates up to len bytes from pipe fdIn into pipe fdOut; -errno on failure. */
    public static long tee(int fdIn, int fdOut, long len, int flags) {
        Scratch s = scratch();
        try {
            long r;
            do {
                r = (long) Tee.H.invokeExact(s.state, fdIn, fdOut, len, flags);
            } while (r < 0 && s.errno() == EINTR);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    // ---- file descriptors -----------------------------------------------------------------

    /** {@code fcntl(2)} with an int argument; returns the result or -errno. */
    public static int fcntl(int fd, int cmd, int arg) {
        Scratch s = scratch();
        try {
            int r;
            do {
                r = (int) Fcntl.H.invokeExact(s.state, fd, cmd, arg);
            } while (r < 0 && s.errno() == EINTR);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code open(2)}; returns the new fd or -errno. Opening a FIFO may block until a writer comes. */
    public static int open(String path, int flags, int mode) {
        Scratch s = scratch();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cpath = a.allocateFrom(path);
            int r;
            do {
                r = (int) Open.H.invokeExact(s.state, cpath, flags | O_CLOEXEC, mode);
            } while (r < 0 && s.errno() == EINTR);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code close(2)}; returns 0 or -errno. EINTR is not retried: on Linux the fd is gone anyway. */
    public static int close(int fd) {
        Scratch s = scratch();
        try {
            int r = (int) Close.H.invokeExact(s.state, fd);
            return r < 0 && s.errno() != EINTR ? -s.errno() : 0;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code pipe2(2)}: fills {@code fds[0]} (read end) and {@code fds[1]} (write end); 0 or -errno. */
    public static int pipe2(int[] fds, int flags) {
        Scratch s = scratch();
        try {
            int r = (int) Pipe2.H.invokeExact(s.state, s.ints, flags | O_CLOEXEC);
            if (r < 0) {
                return -s.errno();
            }
            fds[0] = s.ints.get(JAVA_INT, 0);
            fds[1] = s.ints.get(JAVA_INT, 4);
            return 0;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code eventfd(2)} with EFD_CLOEXEC added; returns the fd or -errno. */
    public static int eventfd(int initval, int flags) {
        Scratch s = scratch();
        try {
            int r = (int) Eventfd.H.invokeExact(s.state, initval, flags | EFD_CLOEXEC);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /**
     * {@code poll(2)} on one or two fds ({@code fd2 < 0} leaves the second slot out).
     * Returns a bit set: bits 0-15 the revents of fd1, bits 16-31 those of fd2; 0 on time-out;
     * or -errno. EINTR restarts the wait with the full time-out.
     */
    public static int poll(int fd1, short events1, int fd2, short events2, int timeoutMillis) {
        Scratch s = scratch();
        MemorySegment p = s.pollfds;
        p.set(JAVA_INT, 0, fd1);
        p.set(ValueLayout.JAVA_SHORT, 4, events1);
        p.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
        p.set(JAVA_INT, 8, fd2);
        p.set(ValueLayout.JAVA_SHORT, 12, events2);
        p.set(ValueLayout.JAVA_SHORT, 14, (short) 0);
        long n = fd2 < 0 ? 1 : 2;
        try {
            int r;
            do {
                r = (int) Poll.H.invokeExact(s.state, p, n, timeoutMillis);
            } while (r < 0 && s.errno() == EINTR);
            if (r < 0) {
                return -s.errno();
            }
            if (r == 0) {
                return 0;
            }
            int rev1 = p.get(ValueLayout.JAVA_SHORT, 6) & 0xFFFF;
            int rev2 = n == 2 ? p.get(ValueLayout.JAVA_SHORT, 14) & 0xFFFF : 0;
            return rev1 | (rev2 << 16);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /**
     * {@code ioctl(fd, FIONREAD, &n)}: the bytes a read could take now without waiting (pipes,
     * sockets, terminals; a terminal in canonical mode does not count its EOF marks). Returns n or
     * -errno.
     */
    public static int bytesReadable(int fd) {
        Scratch s = scratch();
        try {
            int r;
            do {
                r = (int) IoctlInt.H.invokeExact(s.state, fd, FIONREAD, s.ints);
            } while (r < 0 && s.errno() == EINTR);
            return r < 0 ? -s.errno() : s.ints.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** eventfd: adds 1 to the counter ({@code write(2)} of the 8-byte value 1); 8 or -errno. */
    public static long eventfdSignal(int fd) {
        Scratch s = scratch();
        s.word.set(JAVA_LONG, 0, 1L);
        return write(fd, s.word);
    }

    /** eventfd: takes the counter back to 0 ({@code read(2)} of 8 bytes); 8, -EAGAIN when it was 0, or -errno. */
    public static long eventfdDrain(int fd) {
        return read(fd, scratch().word);
    }

    /** {@code isatty(3)}: true when fd is a terminal. */
    public static boolean isatty(int fd) {
        Scratch s = scratch();
        try {
            return (int) Isatty.H.invokeExact(s.state, fd) == 1;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** The kind and size of an fd, from {@code statx(fd, "", AT_EMPTY_PATH)}. */
    public record Stat(int mode, long size, long inode, long device) {
        public int type() {
            return mode & S_IFMT;
        }

        /** Same file: same inode on the same device. */
        public boolean sameFile(Stat other) {
            return inode == other.inode && device == other.device;
        }
    }

    /** {@code statx(2)} on an open fd; returns null and puts -errno in {@code err[0]} on failure. */
    public static Stat fstat(int fd, int[] err) {
        Scratch s = scratch();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment empty = a.allocateFrom("");
            int r = (int) Statx.H.invokeExact(s.state, fd, empty, AT_EMPTY_PATH,
                    STATX_TYPE | STATX_MODE | STATX_SIZE | STATX_INO, s.statx);
            if (r < 0) {
                err[0] = -s.errno();
                return null;
            }
            long dev = (long) s.statx.get(JAVA_INT, STX_DEV_MAJOR) << 32 | (s.statx.get(JAVA_INT, STX_DEV_MINOR) & 0xFFFFFFFFL);
            return new Stat(s.statx.get(ValueLayout.JAVA_SHORT, STX_MODE) & 0xFFFF, s.statx.get(JAVA_LONG, STX_SIZE),
                    s.statx.get(JAVA_LONG, STX_INO), dev);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    // ---- memory ---------------------------------------------------------------------------

    /** {@code mmap(2)}; returns the address, or -errno (user addresses are never negative). */
    public static long mmap(long addr, long len, int prot, int flags, int fd, long offset) {
        Scratch s = scratch();
        try {
            MemorySegment r = (MemorySegment) Mmap.H.invokeExact(s.state, MemorySegment.ofAddress(addr), len, prot, flags, fd, offset);
            return r.address() == -1L ? -s.errno() : r.address();
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code munmap(2)}; 0 or -errno. */
    public static int munmap(long addr, long len) {
        Scratch s = scratch();
        try {
            int r = (int) Munmap.H.invokeExact(s.state, MemorySegment.ofAddress(addr), len);
            return r < 0 ? -s.errno() : 0;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code mprotect(2)}; 0 or -errno. */
    public static int mprotect(long addr, long len, int prot) {
        Scratch s = scratch();
        try {
            int r = (int) Mprotect.H.invokeExact(s.state, MemorySegment.ofAddress(addr), len, prot);
            return r < 0 ? -s.errno() : 0;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code madvise(2)}; 0 or -errno. */
    public static int madvise(long addr, long len, int advice) {
        Scratch s = scratch();
        try {
            int r = (int) Madvise.H.invokeExact(s.state, MemorySegment.ofAddress(addr), len, advice);
            return r < 0 ? -s.errno() : 0;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code memfd_create(2)} with MFD_CLOEXEC added; returns the fd or -errno. */
    public static int memfdCreate(String name, int flags) {
        Scratch s = scratch();
        try (Arena a = Arena.ofConfined()) {
            int r = (int) MemfdCreate.H.invokeExact(s.state, a.allocateFrom(name), flags | MFD_CLOEXEC);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code ftruncate(2)}; 0 or -errno. */
    public static int ftruncate(int fd, long len) {
        Scratch s = scratch();
        try {
            int r;
            do {
                r = (int) Ftruncate.H.invokeExact(s.state, fd, len);
            } while (r < 0 && s.errno() == EINTR);
            return r < 0 ? -s.errno() : 0;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    /** {@code sysconf(3)}; the value, or -errno (-1 with errno 0 becomes -22, EINVAL). */
    public static long sysconf(int name) {
        Scratch s = scratch();
        try {
            long r = (long) Sysconf.H.invokeExact(s.state, name);
            return r < 0 ? (s.errno() == 0 ? -22 : -s.errno()) : r;
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }

    // ---- errno text -----------------------------------------------------------------------

    /** The symbolic name of an errno value ("EBADF"), or "errno N" when libc cannot say. */
    public static String errnoName(int errno) {
        String s = cString(StrerrornameNp.H, errno);
        return s != null ? s : "errno " + errno;
    }

    /** The description of an errno value ("Bad file descriptor"), or "unknown error N". */
    public static String errnoText(int errno) {
        String s = cString(StrerrordescNp.H, errno);
        return s != null ? s : "unknown error " + errno;
    }

    private static String cString(MethodHandle h, int errno) {
        if (h == null) {
            return null;
        }
        try {
            MemorySegment p = (MemorySegment) h.invokeExact(errno);
            return p.equals(MemorySegment.NULL) ? null : p.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw linkageFailure(t);
        }
    }
}
