package io.xmmap;

import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;
import io.xmmap.internal.sys.LibcSocket;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The fd a mapping reads, with what {@code fstat} said about it and the one way it is read.
 *
 * <p>Owns its fd: a path is opened here, an fd handed in by the user is duplicated
 * ({@code F_DUPFD_CLOEXEC}), so the user may close theirs at any time and the mapping never reads
 * a recycled fd number. Also owns an eventfd that {@link #wake()} signals, so that a feeder waiting
 * in {@link #await} can be told to stop.
 *
 * <p>Reads never block for long: {@link #readNow} returns {@code -EAGAIN} instead of sleeping
 * ({@code recv(MSG_DONTWAIT)} on sockets, {@code preadv2(RWF_NOWAIT)} on pipes,
 * {@code vmsplice(SPLICE_F_NONBLOCK)} when asked for, else a zero-time {@code poll} first: FIFOs
 * opened by path and ttys refuse RWF_NOWAIT), and sleeping happens only in {@link #await},
 * which the eventfd can interrupt. The fd's own O_NONBLOCK flag is never changed: the file
 * description may be shared with other processes (a shell's standard input).
 *
 * <p>Thread pattern: one reader at a time; {@link #wake()} from any thread; the socket's
 * {@link LowWater} mark as that class says.
 */
final class Source implements AutoCloseable {
    private static final long AGAIN = -Errors.EAGAIN;

    final int fd;
    final StreamKind kind;
    final String name;
    /** The file's size for {@link StreamKind#FILE}, else 0. */
    final long fileSize;
    private final int wakeFd;
    private final boolean vmsplice;
    /** preadv2(RWF_NOWAIT) is used; cleared at the first EOPNOTSUPP. */
    private boolean preadNowait;
    private int pipeSize;
    /** Sockets: how many queued bytes wake a waiter (see {@link LowWater}); inactive for other kinds. */
    final LowWater lowWater;

    private Source(int fd, StreamKind kind, String name, long fileSize, Feed feed) throws IOException {
        this.fd = fd;
        this.kind = kind;
        this.name = name;
        this.fileSize = fileSize;
        boolean pipe = kind == StreamKind.PIPE || kind == StreamKind.FIFO;
        this.vmsplice = pipe && feed.method() == Feed.Method.VMSPLICE;
        // Measured on Linux 6.18: pipe(2) pipes and sockets take RWF_NOWAIT; FIFOs opened by path
        // and terminals fail it with EOPNOTSUPP (a zero-length probe succeeds on all of them, so
        // it cannot tell). readNow still falls back at the first EOPNOTSUPP. Sockets use
        // recv(MSG_DONTWAIT) instead: the same per-call non-blocking read, without an iovec.
        this.preadNowait = !vmsplice && kind == StreamKind.PIPE;
        if (pipe && feed.pipeSize() > 0) {
            pipeSize = growPipe(fd, feed.pipeSize());
        }
        this.lowWater = new LowWater(fd, kind == StreamKind.SOCKET);
        this.wakeFd = kind.isStream() ? (int) Errors.check("eventfd", name, Libc.eventfd(0, Libc.EFD_NONBLOCK)) : -1;
        SocketFds.own(fd);
        if (wakeFd >= 0) {
            SocketFds.own(wakeFd);
        }
    }

    /** Opens {@code path} for reading. A FIFO's open waits until a writer opens it, as open(2) does. */
    static Source open(Path path, Feed feed) throws IOException {
        String name = path.toString();
        // O_NOCTTY: a terminal opened by a session leader without one would otherwise become its
        // controlling terminal, and the other side's hang-up would send the JVM SIGHUP.
        int fd = Libc.open(name, Libc.O_RDONLY | Libc.O_NOCTTY, 0);
        Errors.check("open", name, fd);
        return adopt(fd, name, true, feed);
    }

    /** Duplicates the caller's {@code fd}; the caller keeps (and closes) the original. */
    static Source dup(int fd, Feed feed) throws IOException {
        if (fd < 0) {
            throw new IllegalArgumentException("negative fd: " + fd);
        }
        int own = Libc.fcntl(fd, Libc.F_DUPFD_CLOEXEC, 3);
        Errors.check("dup", fd, own);
        return adopt(own, "fd=" + fd, false, feed);
    }

    private static Source adopt(int fd, String name, boolean byPath, Feed feed) throws IOException {
        try {
            Libc.Stat st = Errors.fstat(fd, name);
            int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
            Errors.check("fcntl", name, flags);
            if ((flags & Libc.O_ACCMODE) == Libc.O_WRONLY) {
                throw Errors.exception("read", name + ", opened write-only", -Errors.EBADF);
            }
            StreamKind kind = switch (st.type()) {
                case Libc.S_IFIFO -> byPath ? StreamKind.FIFO : StreamKind.PIPE;
                case Libc.S_IFSOCK -> StreamKind.SOCKET;
                case Libc.S_IFCHR -> Libc.isatty(fd) ? StreamKind.TTY : StreamKind.CHAR_DEVICE;
                case Libc.S_IFREG -> st.size() > 0 ? StreamKind.FILE : StreamKind.SIZELESS_FILE;
                case Libc.S_IFDIR -> throw Errors.exception("map", name, -Errors.EISDIR);
                default -> throw Errors.exception("map", name + ", " + describe(fd)
                        + ": not a file, pipe, FIFO, socket or character device", -Errors.EINVAL);
            };
            return new Source(fd, kind, name, kind == StreamKind.FILE ? st.size() : 0, feed);
        } catch (IOException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    /** What the fd is, as /proc names it ("anon_inode:[eventfd]"), for error messages. */
    private static String describe(int fd) {
        try {
            return java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (IOException | RuntimeException e) {
            return "an fd of another kind";
        }
    }

    /** Asks for a bigger pipe; falls back to the unprivileged maximum; returns the size in force. */
    private static int growPipe(int fd, int want) {
        int cur = Libc.fcntl(fd, Libc.F_GETPIPE_SZ, 0);
        if (cur >= want) {
            return cur;
        }
        int got = Libc.fcntl(fd, Libc.F_SETPIPE_SZ, want);
        if (got < 0) {
            // EPERM above /proc/sys/fs/pipe-max-size without CAP_SYS_RESOURCE, EBUSY if data is in it.
            got = Libc.fcntl(fd, Libc.F_SETPIPE_SZ, Math.min(want, pipeMaxSize()));
        }
        return got > 0 ? got : Math.max(cur, 0);
    }

    private static int pipeMaxSize() {
        try {
            return Integer.parseInt(java.nio.file.Files.readString(Path.of("/proc/sys/fs/pipe-max-size")).trim());
        } catch (IOException | RuntimeException e) {
            return 1 << 20;
        }
    }

    /** The pipe's capacity after F_SETPIPE_SZ, or 0 when this is not a pipe. */
    int pipeSize() {
        return pipeSize;
    }

    /**
     * How this source is read, for {@link MappingInfo}; {@code blocking}: untimed waits sleep in
     * the read itself ({@link #readBlocking}).
     */
    String method(boolean blocking) {
        String nowait = vmsplice ? "vmsplice(2) SPLICE_F_NONBLOCK"
                : kind == StreamKind.SOCKET ? "recv(2) MSG_DONTWAIT"
                : preadNowait ? "preadv2(2) RWF_NOWAIT" : "poll(2) + read(2)";
        String block = vmsplice ? "vmsplice(2)" : kind == StreamKind.SOCKET ? "recv(2)" : "read(2)";
        return blocking ? block + " (timed waits: " + nowait + ")" : nowait;
    }

    /**
     * Reads into {@code dst}, sleeping in the kernel until something arrives: the cheapest read
     * there is, but nothing can interrupt it. Only for a consumer that reads in its own thread and
     * is the only one who could close the mapping (sync feed, streaming mode). Returns bytes read,
     * 0 at EOF, {@code -EAGAIN} if the fd is non-blocking and empty, or another {@code -errno}.
     */
    long readBlocking(MemorySegment dst) {
        return hangUpIsEof(vmsplice ? Libc.vmsplice(fd, dst, 0)
                : kind == StreamKind.SOCKET ? LibcSocket.recv(fd, dst, 0) : Libc.read(fd, dst));
    }

    /**
     * A terminal whose other side has gone (the pty master closed, the line hung up) fails every
     * read with EIO, with nothing lost before it: that is the end of its stream, not an error.
     */
    private long hangUpIsEof(long r) {
        return r == -Errors.EIO && kind == StreamKind.TTY ? 0 : r;
    }

    /**
     * Reads what is there now into {@code dst}, without blocking. Returns bytes read (> 0), 0 at
     * EOF, {@code -EAGAIN} when nothing is there yet, or another {@code -errno}.
     */
    long readNow(MemorySegment dst) {
        if (vmsplice) {
            return Libc.vmsplice(fd, dst, Libc.SPLICE_F_NONBLOCK);
        }
        if (kind == StreamKind.SOCKET) {
            return LibcSocket.recv(fd, dst, LibcSocket.MSG_DONTWAIT);
        }
        if (preadNowait) {
            long r = Libc.preadv2(fd, dst, Libc.RWF_NOWAIT);
            if (r != -Errors.EOPNOTSUPP) {
                return hangUpIsEof(r);
            }
            preadNowait = false;
        }
        int ev = Libc.poll(fd, Libc.POLLIN, -1, (short) 0, 0);
        if (ev == 0) {
            return AGAIN;
        }
        return ev < 0 ? ev : hangUpIsEof(Libc.read(fd, dst));
    }

    /** The name of the system call {@link #readNow} makes, for error messages. */
    String readCall() {
        return vmsplice ? "vmsplice" : kind == StreamKind.SOCKET ? "recv" : "read";
    }

    /**
     * True when a read now would return EOF: the fd polls readable or hung up and holds no bytes
     * ({@code FIONREAD} 0). One rule for every kind: a pipe whose writers are gone polls POLLHUP;
     * a socket after the peer's FIN and a terminal with only an EOF mark queued poll POLLIN; a
     * hung-up terminal polls everything, POLLERR included, and fails the ioctl with EIO, which is
     * its EOF as for reads. A socket in error is not at EOF: the next read reports the error.
     * Checked without waiting and without taking bytes, for a consumer whose ring is full.
     */
    boolean atEof() throws IOException {
        if (kind != StreamKind.PIPE && kind != StreamKind.FIFO && kind != StreamKind.SOCKET && kind != StreamKind.TTY) {
            return false; // FIONREAD means nothing on /dev/zero (ENOTTY) or gives size - pos on a file
        }
        int r = Libc.poll(fd, Libc.POLLIN, -1, (short) 0, 0);
        Errors.check("poll", name, r);
        if ((r & (Libc.POLLIN | Libc.POLLHUP)) == 0 || ((r & Libc.POLLERR) != 0 && kind != StreamKind.TTY)) {
            return false;
        }
        int n = (int) hangUpIsEof(Libc.bytesReadable(fd));
        Errors.check("ioctl", name + ", FIONREAD", n);
        return n == 0;
    }

    /** {@link #await} result bits: the fd is ready to read; the wake eventfd was signalled. */
    static final int READY = 1, WOKEN = 2;

    /**
     * Waits until the fd is readable (or hung up, or in error), {@link #wake()} is called, or
     * {@code timeoutMillis} pass (-1: no limit). Returns {@link #READY} and/or {@link #WOKEN}
     * bits, 0 on time-out.
     */
    int await(int timeoutMillis) throws IOException {
        int r = Libc.poll(fd, Libc.POLLIN, wakeFd, Libc.POLLIN, timeoutMillis);
        Errors.check("poll", name, r);
        return ((r & 0xFFFF) != 0 ? READY : 0) | ((r >>> 16) != 0 ? WOKEN : 0);
    }

    /**
     * Takes back a {@link #wake()} meant to make a sleeper look again (a lower need), so that the
     * next await sleeps. Only while the mapping is open: a closing wake must stay.
     */
    void drainWake() {
        Libc.eventfdDrain(wakeFd);
    }

    /** Interrupts an {@link #await} in another thread (and every later one). */
    void wake() {
        if (wakeFd >= 0) {
            Libc.eventfdSignal(wakeFd);
        }
    }

    @Override
    public void close() {
        lowWater.disable();
        if (wakeFd >= 0) {
            SocketFds.disown(wakeFd);
            Libc.close(wakeFd);
        }
        SocketFds.disown(fd);
        Libc.close(fd);
    }
}
