package io.xmmap;

import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;
import io.xmmap.internal.sys.LibcTerminal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * A pseudo-terminal, for mapping what is typed at a terminal:
 * <pre>
 *   type(bytes) ──► master fd ══ line discipline (canonical: a line at a time; raw) ══► slave()
 *                                                                 Xmmap.open(slave(), ...) reads here
 * </pre>
 * The master plays the terminal: what is written to it is what a user types. In canonical mode
 * (the default) a line reaches the slave when its newline is typed, Ctrl-D ({@code 0x04}) at the
 * start of a line is EOF, and {@link #close} (the terminal hanging up) is EOF, every byte mapped
 * before it staying readable. Input the reader has not taken yet when the master hangs up can
 * be lost (seen here: a line typed just before the master closed never reached the slave's
 * reader; Linux resets the line discipline on hang-up), so a reader that must not lose the last
 * line reads it before the hang-up; a {@link Feed#BACKGROUND} feed reads as soon as it arrives. Opened with {@code posix_openpt}, {@code grantpt}, {@code unlockpt},
 * {@code ptsname_r} through FFM.
 *
 * <p>Owns the master fd until {@link #close}. Thread-safe as the fds are: one writer at a time.
 */
public final class Pty implements AutoCloseable {
    /** Ctrl-D, the default VEOF: at the start of a line, the reader sees EOF. */
    public static final byte EOF = 0x04;

    private final int master;
    private final Path slave;
    private volatile boolean closed;

    private Pty(int master, Path slave) {
        this.master = master;
        this.slave = slave;
    }

    /** A new pseudo-terminal in canonical mode, echo on (as a terminal starts). */
    public static Pty open() throws IOException {
        int fd = (int) Errors.check("posix_openpt", "/dev/ptmx", LibcTerminal.openPtyMaster());
        int[] err = new int[1];
        String name = LibcTerminal.ptsname(fd, err);
        if (name == null) {
            Libc.close(fd);
            throw Errors.exception("ptsname_r", fd, err[0]);
        }
        return new Pty(fd, Path.of(name));
    }

    /** The slave's path ({@code /dev/pts/N}): what a program reads, and what a mapping opens. */
    public Path slave() {
        return slave;
    }

    /** The master fd (owned by this object). */
    public int master() {
        return master;
    }

    /** Types {@code bytes} at the terminal (writes them all to the master). */
    public void type(byte[] bytes) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, buf, ValueLayout.JAVA_BYTE, 0, bytes.length);
            for (long off = 0; off < bytes.length; ) {
                long r = Libc.write(master, buf.asSlice(off, bytes.length - off));
                Errors.check("write", master, r);
                off += r;
            }
        }
    }

    /**
     * Sets the terminal's mode: {@code raw} (no line editing, no special characters, no echo:
     * every byte reaches the reader as typed) or canonical with or without echo. An echoing
     * terminal writes every typed byte back to the master; nobody reading it, the echo buffer
     * fills and typing stops, so echo is for terminals someone watches.
     */
    public void mode(boolean raw, boolean echo) throws IOException {
        int fd = Libc.open(slave.toString(), Libc.O_RDWR | Libc.O_NOCTTY, 0);
        Errors.check("open", slave.toString(), fd);
        try {
            Errors.check("tcsetattr", slave.toString(), LibcTerminal.setTerminal(fd, raw, echo));
        } finally {
            Libc.close(fd);
        }
    }

    /** Hangs up: closes the master. A mapping of the slave then sees EOF after what was typed. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(master);
        }
    }
}
