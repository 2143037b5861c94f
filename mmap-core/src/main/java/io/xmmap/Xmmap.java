package io.xmmap;

import io.xmmap.internal.mem.FileImage;
import io.xmmap.internal.mem.Region;
import io.xmmap.internal.mem.Reservation;
import io.xmmap.internal.mem.Ring;
import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Maps streams (pipes, FIFOs, sockets, terminals) and files into memory with one API.
 *
 * <pre>{@code
 * try (StreamMapping in = Xmmap.stdin(Memory.STREAMING)) {
 *     for (long pos = 0; ; ) {
 *         MemorySegment w = in.window(pos, 1 << 20);   // blocks until 1 MiB is there, or EOF
 *         if (w.byteSize() == 0) break;                 // EOF: in.size() is exact now
 *         consume(w);
 *         pos += w.byteSize();
 *         in.release(pos);                              // everything below pos may be recycled
 *     }
 * }
 * }</pre>
 *
 * <p>A regular file with a size is mapped straight from the page cache (no copy, size fixed at
 * open); everything else is fed into an arena by {@code read(2)} or {@code vmsplice(2)}, see
 * {@link Feed}. The mapping owns a duplicate of the fd it reads; the caller keeps its own.
 */
public final class Xmmap {
    private Xmmap() {}

    /** Maps the file, FIFO or character device at {@code path}, fed synchronously. */
    public static StreamMapping open(Path path, Memory memory) throws IOException {
        return open(path, memory, Feed.SYNC);
    }

    /**
     * Maps the file, FIFO or character device at {@code path}. Opening a FIFO waits for a writer,
     * as {@code open(2)} does.
     */
    public static StreamMapping open(Path path, Memory memory, Feed feed) throws IOException {
        return create(Source.open(path, feed), memory, feed);
    }

    /** Maps the readable fd {@code fd} (duplicated; the caller still owns and closes {@code fd}). */
    public static StreamMapping map(int fd, Memory memory) throws IOException {
        return map(fd, memory, Feed.SYNC);
    }

    /** Maps the readable fd {@code fd} (duplicated; the caller still owns and closes {@code fd}). */
    public static StreamMapping map(int fd, Memory memory, Feed feed) throws IOException {
        return create(Source.dup(fd, feed), memory, feed);
    }

    /** Maps standard input (fd 0), whatever it is: pipe, FIFO, socket, tty or file. */
    public static StreamMapping stdin(Memory memory) throws IOException {
        return map(0, memory, Feed.SYNC);
    }

    /** Maps standard input (fd 0) with the given feed. */
    public static StreamMapping stdin(Memory memory, Feed feed) throws IOException {
        return map(0, memory, feed);
    }

    /**
     * Maps the receive stream of a connected socket channel (TCP over IPv4 or IPv6, or
     * Unix-domain). The mapping reads a duplicate of the channel's fd, found without reflection
     * (see {@code SocketFds}): the caller may close the channel, and must not read from it any
     * more (bytes it read would be missing from the mapping). The peer's {@code shutdown(SHUT_WR)}
     * or close is EOF; a reset is an {@link ErrnoException} ({@code ECONNRESET}) from the first
     * window that needs a byte past it, every byte received before it staying readable.
     */
    public static StreamMapping map(java.nio.channels.SocketChannel channel, Memory memory, Feed feed)
            throws IOException {
        if (!channel.isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        if (!channel.isConnected()) {
            throw new java.nio.channels.NotYetConnectedException();
        }
        return map(SocketFds.find(channel, -1), memory, feed);
    }

    /**
     * Connects to {@code address} ({@link java.net.InetSocketAddress} or
     * {@link java.net.UnixDomainSocketAddress}) and maps what the peer sends.
     */
    public static StreamMapping connect(java.net.SocketAddress address, Memory memory) throws IOException {
        int hint = SocketFds.lowestFreeFd();
        try (var channel = java.nio.channels.SocketChannel.open(address)) {
            return map(SocketFds.find(channel, hint), memory, Feed.SYNC);
        }
    }

    /** Accepts one connection on {@code server} and maps what the peer sends. */
    public static StreamMapping accept(java.nio.channels.ServerSocketChannel server, Memory memory)
            throws IOException {
        int hint = SocketFds.lowestFreeFd();
        try (var channel = server.accept()) {
            if (channel == null) {
                throw new IOException("accept: " + server.getLocalAddress() + " is non-blocking and has no connection waiting");
            }
            return map(SocketFds.find(channel, hint), memory, Feed.SYNC);
        }
    }

    /**
     * An output mapping onto the writable fd {@code fd} (duplicated; the caller still owns and
     * closes {@code fd}): {@code vmsplice(2)} when it is a pipe, {@code write(2)} otherwise.
     */
    public static StreamOutput output(int fd) throws IOException {
        return output(fd, Emit.DEFAULT);
    }

    /** An output mapping onto {@code fd} (duplicated), emitting as {@code emit} says. */
    public static StreamOutput output(int fd, Emit emit) throws IOException {
        if (fd < 0) {
            throw new IllegalArgumentException("negative fd: " + fd);
        }
        int own = Libc.fcntl(fd, Libc.F_DUPFD_CLOEXEC, 3);
        Errors.check("fcntl(F_DUPFD_CLOEXEC)", fd, own);
        return output(own, "fd=" + fd, emit);
    }

    /** An output mapping onto the file at {@code path}, created or truncated (mode 0666 less the umask). */
    public static StreamOutput output(Path path) throws IOException {
        int fd = Libc.open(path.toString(), Libc.O_WRONLY
                | Libc.O_CREAT | Libc.O_TRUNC, 0666);
        Errors.check("open", path.toString(), fd);
        return output(fd, path.toString(), Emit.DEFAULT);
    }

    /** An output mapping onto standard output (fd 1), whatever it is. */
    public static StreamOutput stdout() throws IOException {
        return output(1);
    }

    private static StreamOutput output(int fd, String name, Emit emit) throws IOException {
        try {
            Libc.Stat st = Errors.fstat(fd, name);
            if (st.type() == Libc.S_IFDIR) {
                throw Errors.exception("output", name, -Errors.EISDIR);
            }
            int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
            Errors.check("fcntl", name, flags);
            if ((flags & Libc.O_ACCMODE) == Libc.O_RDONLY) {
                throw Errors.exception("write", name + ", opened read-only",
                        -Errors.EBADF);
            }
            return new StreamOutput(fd, name, st.type() == Libc.S_IFIFO, emit, StreamOutput.SLOT, StreamOutput.SLOTS);
        } catch (IOException | RuntimeException e) {
            Libc.close(fd);
            throw e;
        }
    }

    private static StreamMapping create(Source source, Memory memory, Feed feed) throws IOException {
        Region region = null;
        try {
            if (source.kind == StreamKind.FILE) {
                region = FileImage.map(source.fd, source.fileSize, memory.isStreaming());
            } else if (memory.isStreaming()) {
                region = Ring.create(memory.bytes(), memory.ringSlots());
            } else {
                region = Reservation.reserve(memory.bytes());
            }
            return new StreamMapping(source, region, memory, feed);
        } catch (IOException | RuntimeException | Error e) {
            if (region != null) {
                region.close();
            }
            source.close();
            throw e;
        }
    }
}
