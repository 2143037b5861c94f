package io.xmmap.examples.text;

import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Standard output through write(2) from a native buffer. Large native segments (mapped windows)
 * are written straight from where they are, without a copy into the buffer. Single-threaded.
 */
public final class Out implements AutoCloseable {
    /** Thrown when the reader of standard output has gone (EPIPE): the tool exits quietly. */
    public static final class BrokenPipe extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private static final int SIZE = 256 << 10;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buf = arena.allocate(SIZE);
    private long used;

    public Out() {
    }

    public void write(byte b) throws IOException {
        if (used == SIZE) {
            flush();
        }
        buf.set(ValueLayout.JAVA_BYTE, used++, b);
    }

    public void write(String ascii) throws IOException {
        for (int i = 0; i < ascii.length(); i++) {
            write((byte) ascii.charAt(i));
        }
    }

    /** Writes {@code s}: copied when small or on the heap, written in place when large and native. */
    public void write(MemorySegment s) throws IOException {
        if (s.isNative() && s.byteSize() >= SIZE / 2) {
            flush();
            writeFully(s);
            return;
        }
        for (long off = 0; off < s.byteSize(); ) {
            if (used == SIZE) {
                flush();
            }
            long n = Math.min(SIZE - used, s.byteSize() - off);
            MemorySegment.copy(s, off, buf, used, n);
            used += n;
            off += n;
        }
    }

    public void flush() throws IOException {
        writeFully(buf.asSlice(0, used));
        used = 0;
    }

    private static void writeFully(MemorySegment s) throws IOException {
        while (s.byteSize() > 0) {
            long r = Libc.write(1, s);
            if (r == -Errors.EPIPE) {
                throw new BrokenPipe();
            }
            Errors.check("write", 1, r);
            s = s.asSlice(r);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            arena.close();
        }
    }
}
