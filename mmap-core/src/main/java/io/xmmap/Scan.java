package io.xmmap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Scanning kernels over windows. SWAR ("SIMD within a register"): eight bytes per 64-bit load, with
 * exact zero-byte detection, so no incubator module is needed. Stateless; thread-safe.
 */
public final class Scan {
    private Scan() {}

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;

    /** Marks, with 0x80, each zero byte of {@code x}; exact (no false positives across bytes). */
    private static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    /** How many bytes of {@code s} equal {@code b}. */
    public static long count(MemorySegment s, byte b) {
        long n = s.byteSize();
        long pattern = ONES * (b & 0xFF);
        long count = 0;
        long i = 0;
        for (; i + 32 <= n; i += 32) {
            count += Long.bitCount(zeroBytes(s.get(WORD, i) ^ pattern))
                    + Long.bitCount(zeroBytes(s.get(WORD, i + 8) ^ pattern))
                    + Long.bitCount(zeroBytes(s.get(WORD, i + 16) ^ pattern))
                    + Long.bitCount(zeroBytes(s.get(WORD, i + 24) ^ pattern));
        }
        for (; i + 8 <= n; i += 8) {
            count += Long.bitCount(zeroBytes(s.get(WORD, i) ^ pattern));
        }
        for (; i < n; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) == b) {
                count++;
            }
        }
        return count;
    }

    /** The offset of the first byte of {@code s} at or after {@code from} that equals {@code b}, or -1. */
    public static long indexOf(MemorySegment s, long from, byte b) {
        long n = s.byteSize();
        long pattern = ONES * (b & 0xFF);
        long i = Math.max(0, from);
        for (; i + 8 <= n; i += 8) {
            long z = zeroBytes(s.get(WORD, i) ^ pattern);
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        for (; i < n; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) == b) {
                return i;
            }
        }
        return -1;
    }
}
