package io.xmmap.internal.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The pseudo-terminal and termios calls of the native layer, under {@link Libc}'s contract: one
 * handle per call, linked on first use, {@code -errno} returned, never thrown.
 */
public final class LibcTerminal {
    private LibcTerminal() {}

    /** {@code int posix_openpt(int flags);} */
    private static final class PosixOpenpt {
        static final MethodHandle H = Libc.errnoHandle("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    /** {@code int grantpt(int fd);} */
    private static final class Grantpt {
        static final MethodHandle H = Libc.errnoHandle("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    /** {@code int unlockpt(int fd);} */
    private static final class Unlockpt {
        static final MethodHandle H = Libc.errnoHandle("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    /** {@code int ptsname_r(int fd, char *buf, size_t buflen);} (returns an error number, not -1) */
    private static final class PtsnameR {
        static final MethodHandle H = Libc.errnoHandle("ptsname_r",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    }
    /** {@code int tcgetattr(int fd, struct termios *termios_p);} */
    private static final class Tcgetattr {
        static final MethodHandle H = Libc.errnoHandle("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }
    /** {@code int tcsetattr(int fd, int optional_actions, const struct termios *termios_p);} */
    private static final class Tcsetattr {
        static final MethodHandle H = Libc.errnoHandle("tcsetattr",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }
    /** {@code void cfmakeraw(struct termios *termios_p);} */
    private static final class Cfmakeraw {
        static final MethodHandle H = Libc.plainHandle("cfmakeraw", FunctionDescriptor.ofVoid(ADDRESS));
    }

    // ---- pseudo-terminals (<stdlib.h>, <termios.h>) ------------------------------------------

    /** {@code <asm-generic/termbits.h>}: c_lflag bits, and tcsetattr's TCSANOW. */
    public static final int ECHO = 0x8;
    public static final int TCSANOW = 0;
    /** {@code struct termios} (glibc x86-64: 60 bytes); c_lflag is the fourth tcflag_t. */
    private static final long TERMIOS_SIZE = 64, C_LFLAG = 12;

    /**
     * Opens a new pseudo-terminal master ({@code posix_openpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC)},
     * {@code grantpt}, {@code unlockpt}); returns the fd, or -errno.
     */
    public static int openPtyMaster() {
        Libc.Scratch s = Libc.scratch();
        try {
            int fd = (int) PosixOpenpt.H.invokeExact(s.state, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC);
            if (fd < 0) {
                return -s.errno();
            }
            int r = (int) Grantpt.H.invokeExact(s.state, fd);
            if (r == 0) {
                r = (int) Unlockpt.H.invokeExact(s.state, fd);
            }
            if (r < 0) {
                int e = s.errno();
                Libc.close(fd);
                return -e;
            }
            return fd;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    /** The path of the slave of pty master {@code fd} ({@code ptsname_r}); null with -errno in err[0]. */
    public static String ptsname(int fd, int[] err) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(128);
            int r = (int) PtsnameR.H.invokeExact(Libc.scratch().state, fd, buf, 128L);
            if (r != 0) {
                err[0] = -r;
                return null;
            }
            return buf.getString(0);
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    /**
     * Sets the terminal on {@code fd} raw ({@code cfmakeraw}: no line editing, no echo, no
     * translation) or, with {@code raw} false, keeps its mode and sets only whether it echoes.
     * Returns 0 or -errno.
     */
    public static int setTerminal(int fd, boolean raw, boolean echo) {
        Libc.Scratch s = Libc.scratch();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(TERMIOS_SIZE, 8);
            int r = (int) Tcgetattr.H.invokeExact(s.state, fd, t);
            if (r < 0) {
                return -s.errno();
            }
            if (raw) {
                Cfmakeraw.H.invokeExact(t);
            }
            int lflag = t.get(JAVA_INT, C_LFLAG);
            t.set(JAVA_INT, C_LFLAG, echo ? lflag | ECHO : lflag & ~ECHO);
            r = (int) Tcsetattr.H.invokeExact(s.state, fd, TCSANOW, t);
            return r < 0 ? -s.errno() : 0;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }
}
