package io.xmmap.bench;

import io.xmmap.Emit;
import io.xmmap.StreamOutput;
import io.xmmap.Xmmap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The Java writer of {@link PipeLadder}: the library's output mapping on standard output, doing
 * what {@code ladder-write.c} does on each rung: 256 KiB windows (4 slots of 2 MiB), each filled by
 * copying a 256 KiB template and stamped with its sequence number in its first 8 bytes, then
 * committed; a 1 MiB pipe.
 * <pre>
 *   rung 1  Emit copy (write(2)), 4 KiB pages     rung 4  vmsplice, huge pages
 *   rung 2  vmsplice, 4 KiB pages                 rung 5  vmsplice, huge pages, spinning
 *   rung 3  as rung 2 (the reader changes)
 * </pre>
 * Usage: {@code LadderWriter RUNG BYTES}.
 */
public final class LadderWriter {
    private LadderWriter() {}

    static final long WINDOW = 256 << 10;
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    static Emit emit(int rung) {
        Emit e = Emit.DEFAULT.withPipeSize(1 << 20).withHugePages(rung >= 4).withSpinning(rung >= 5);
        return rung == 1 ? e.withCopy(true) : e;
    }

    public static void main(String[] args) throws Exception {
        int rung = Integer.parseInt(args[0]);
        long total = Long.parseLong(args[1]);
        // Off-heap, as C's template is: a native-to-native copy.
        MemorySegment template = java.lang.foreign.Arena.global().allocate(WINDOW, 4096);
        for (int i = 0; i < WINDOW; i++) {
            template.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 131 + 7));
        }
        try (StreamOutput out = Xmmap.output(1, emit(rung))) {
            while (out.written() < total) {
                long n = Math.min(WINDOW, total - out.written());
                MemorySegment w = out.reserve(n);
                MemorySegment.copy(template, 0, w, 0, n);
                if (n >= 8) {
                    w.set(WORD, 0, out.written() / WINDOW);
                }
                out.commit(n);
            }
        }
    }
}
