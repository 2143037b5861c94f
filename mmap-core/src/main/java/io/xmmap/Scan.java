package io.xmmap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Scanning kernels over windows: SWAR ("SIMD within a register") over 64-bit words, written so
 * that C2's auto-vectorizer turns the inner loops into AVX2 code. No incubator module is needed
 * (the Vector API prints a warning on standard error in every JVM that uses it, which a
 * command-line tool cannot afford); {@code ScanKernels} in mmap-bench measures both.
 *
 * <p>The shape that vectorizes: an inner loop of at most 255 words with no branch and no
 * {@code bitCount}, accumulating a 0/1 flag per byte lane ({@code acc += match >>> 7}); each byte
 * lane of the accumulator holds at most 255, so it is folded into the total once per block:
 * <pre>
 *   word  b7 b6 b5 b4 b3 b2 b1 b0     match: 0x80 in each lane equal to the byte sought
 *   acc   c7 c6 c5 c4 c3 c2 c1 c0     ci &lt;= 255 after a block of 255 words
 *   fold  (c7+c6)(c5+c4)(c3+c2)(c1+c0) as 16-bit fields, then one multiply sums the four
 * </pre>
 * Stateless; thread-safe.
 */
public final class Scan {
    private Scan() {}

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;
    private static final long EVEN_BYTES = 0x00FF00FF00FF00FFL;
    private static final long SUM16 = 0x0001000100010001L;
    /** Words per block: a byte lane of the accumulator must not pass 255. */
    private static final int COUNT_BLOCK = 255;
    /** Words per block for far searches: 2 KiB, tested at once, then searched word by word. */
    private static final int FIND_BLOCK = 256;
    /** How far a search goes word by word before it switches to blocks. */
    private static final int NEAR_BYTES = 128;

    /** Marks, with 0x80, each zero byte of {@code x}; exact (no false positives across bytes). */
    private static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    /** How many bytes of {@code s} equal {@code b}. */
    public static long count(MemorySegment s, byte b) {
        long n = s.byteSize();
        long pattern = ONES * (b & 0xFF);
        long words = n >>> 3;
        long count = 0;
        for (long w = 0; w < words; ) {
            int k = (int) Math.min(COUNT_BLOCK, words - w);
            long base = w << 3;
            long acc = 0;
            for (int j = 0; j < k; j++) {
                acc += zeroBytes(s.get(WORD, base + ((long) j << 3)) ^ pattern) >>> 7;
            }
            count += (((acc & EVEN_BYTES) + ((acc >>> 8) & EVEN_BYTES)) * SUM16) >>> 48;
            w += k;
        }
        for (long i = words << 3; i < n; i++) {
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
        // Near hits (the next newline of a line) are found word by word ...
        for (long near = Math.min(n - 7, i + NEAR_BYTES); i < near; i += 8) {
            long z = zeroBytes(s.get(WORD, i) ^ pattern);
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        // ... far ones a block at a time: one vectorized reduction says whether the block holds b.
        // The trip count is a variable on purpose: C2 unrolls a constant-count loop fully and
        // then does not vectorize it.
        for (long blocks = (n - i) / (FIND_BLOCK * 8L); blocks > 0; blocks--, i += FIND_BLOCK * 8L) {
            int k = (int) Math.min(FIND_BLOCK, blocks * FIND_BLOCK);
            long any = 0;
            for (int j = 0; j < k; j++) {
                any |= zeroBytes(s.get(WORD, i + ((long) j << 3)) ^ pattern);
            }
            if (any != 0) {
                break;
            }
        }
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
