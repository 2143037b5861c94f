package io.xmmap;

import java.io.IOException;

/**
 * A system call failed. The message names the call, its subject and the errno, e.g.
 * {@code vmsplice(fd=5) failed: EBADF (Bad file descriptor)}.
 *
 * <p>Thrown for failures of the stream itself (a closed or wrong-mode fd, a reset connection);
 * misuse of the API (bad ranges, use after close) throws the usual unchecked exceptions instead.
 */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;
    private final String errnoName;
    private final String errnoText;

    /** For {@code io.xmmap.internal.sys.Errors}; user code has no reason to construct one. */
    public ErrnoException(String call, String subject, int errno, String errnoName, String errnoText) {
        super(call + "(" + subject + ") failed: " + errnoName + " (" + errnoText + ")");
        this.call = call;
        this.errno = errno;
        this.errnoName = errnoName;
        this.errnoText = errnoText;
    }

    /** The name of the call that failed, e.g. {@code "read"}. */
    public String call() {
        return call;
    }

    /** The errno value, e.g. 9. */
    public int errno() {
        return errno;
    }

    /** The errno's description, e.g. {@code "Bad file descriptor"} (strerror's text). */
    public String errnoText() {
        return errnoText;
    }

    /** The errno's symbolic name, e.g. {@code "EBADF"}. */
    public String errnoName() {
        return errnoName;
    }
}
