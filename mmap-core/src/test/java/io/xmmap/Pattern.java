package io.xmmap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Test content that says where it belongs: the aligned 8-byte word at stream offset {@code o} is a
 * mix of {@code o}, so a byte that lands at the wrong offset, repeats, or goes missing is caught.
 * Byte {@code o} is byte {@code o & 7} (little-endian) of {@code word(o & ~7)}.
 */
final class Pattern {
    private Pattern() {}

    private static final ValueLayout.OfLong LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    static long word(long alignedOffset) {
        long x = alignedOffset * 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29) ^ 0x5DEECE66DL;
    }

    static byte byteAt(long o) {
        return (byte) (word(o & ~7L) >>> ((o & 7) * 8));
    }

    /** Fills {@code dst} with the pattern of stream offsets {@code [from, from + dst.byteSize())}. */
    static void fill(MemorySegment dst, long from) {
        long n = dst.byteSize();
        long i = 0;
        for (; i < n && ((from + i) & 7) != 0; i++) {
            dst.set(ValueLayout.JAVA_BYTE, i, byteAt(from + i));
        }
        for (; i + 8 <= n; i += 8) {
            dst.set(LE, i, word(from + i));
        }
        for (; i < n; i++) {
            dst.set(ValueLayout.JAVA_BYTE, i, byteAt(from + i));
        }
    }

    /** Returns the first stream offset in {@code w} (which starts at {@code from}) that is wrong, or -1. */
    static long firstMismatch(MemorySegment w, long from) {
        long n = w.byteSize();
        long i = 0;
        for (; i < n && ((from + i) & 7) != 0; i++) {
            if (w.get(ValueLayout.JAVA_BYTE, i) != byteAt(from + i)) {
                return from + i;
            }
        }
        for (; i + 8 <= n; i += 8) {
            if (w.get(LE, i) != word(from + i)) {
                for (long j = i; j < i + 8; j++) {
                    if (w.get(ValueLayout.JAVA_BYTE, j) != byteAt(from + j)) {
                        return from + j;
                    }
                }
            }
        }
        for (; i < n; i++) {
            if (w.get(ValueLayout.JAVA_BYTE, i) != byteAt(from + i)) {
                return from + i;
            }
        }
        return -1;
    }

    static byte[] bytes(long from, int n) {
        byte[] b = new byte[n];
        fill(MemorySegment.ofArray(b), from);
        return b;
    }
}
