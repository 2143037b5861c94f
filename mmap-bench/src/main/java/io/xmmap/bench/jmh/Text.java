package io.xmmap.bench.jmh;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Benchmark input: lower-case words of 1-9 letters, one space or newline between (~1 in 8 a newline). */
final class Text {
    private Text() {}

    /** Fills {@code dst} with text: a 1 MiB random block repeated (1 GiB byte by byte takes seconds). */
    static void fill(MemorySegment dst) {
        long n = dst.byteSize();
        int blockSize = (int) Math.min(n, 1 << 20);
        byte[] block = new byte[blockSize];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < blockSize; ) {
            for (int len = 1 + r.nextInt(9); len > 0 && i < blockSize; len--) {
                block[i++] = (byte) ('a' + r.nextInt(26));
            }
            if (i < blockSize) {
                block[i++] = (byte) (r.nextInt(8) == 0 ? '\n' : ' ');
            }
        }
        for (long off = 0; off < n; off += blockSize) {
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, off, (int) Math.min(blockSize, n - off));
        }
    }
}
