package io.xmmap;

/** What kind of kernel object a mapping reads, as {@code fstat} tells it. */
public enum StreamKind {
    /** An anonymous pipe (from {@code pipe(2)}, a shell {@code |}). */
    PIPE,
    /** A named pipe opened by path. */
    FIFO,
    /** A terminal or pseudo-terminal. */
    TTY,
    /** Any other character device ({@code /dev/zero}, {@code /dev/urandom}). */
    CHAR_DEVICE,
    /** A stream socket (TCP, Unix-domain). */
    SOCKET,
    /** A regular file with a size: mapped straight from the page cache. */
    FILE,
    /** A regular file that reports size 0 but may have content ({@code /proc}, {@code /sys}): read as a stream. */
    SIZELESS_FILE;

    /** True for the kinds whose bytes arrive over time and are fed into an arena. */
    public boolean isStream() {
        return this != FILE;
    }
}
