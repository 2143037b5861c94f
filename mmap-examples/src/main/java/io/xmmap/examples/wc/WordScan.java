package io.xmmap.examples.wc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * SWAR kernel for {@code wc}'s words and lines over plain text: bytes that are printable ASCII
 * (word bytes, 0x21-0x7E) or one of the six ASCII spaces. A word ends at each space byte whose
 * previous byte is a word byte, so with no other bytes about, the count is a vertical operation
 * on two overlapping loads, which C2 vectorizes (the same block shape as {@link io.xmmap.Scan}):
 * <pre>
 *   off-1   p7 p6 .. p0        word(p): 0x80 where the previous byte is a word byte
 *   off     x7 x6 .. x0        space(x): 0x80 where this byte is a space
 *   ends += (space(x) &amp; word(p)) &gt;&gt;&gt; 7     one 0/1 per byte lane, folded per 255 words
 * </pre>
 * Any other byte (a control character, DEL, a byte &gt;= 0x80) keeps the word state as it is, which
 * two loads cannot see: a block holding one is left to the caller's byte-by-byte loop.
 * Stateless; thread-safe.
 */
final class WordScan {
    private WordScan() {}

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final long HIGH = 0x8080808080808080L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final long ONES = 0x0101010101010101L;
    private static final long EVEN_BYTES = 0x00FF00FF00FF00FFL;
    private static final long SUM16 = 0x0001000100010001L;
    private static final int BLOCK = 255;

    /** Counts found by {@link #scan}: word ends and newlines. */
    static final class Tally {
        long words, lines;
    }

    /**
     * Scans whole blocks of {@code [i, n)} while they hold only word and space bytes, adding to
     * {@code t}; returns where it stopped (a block with another byte, or less than 8 bytes left).
     * The byte at {@code i - 1} must exist and be a word or space byte.
     */
    static long scan(MemorySegment s, long i, long n, Tally t) {
        while (n - i >= 8) {
            int k = (int) Math.min(BLOCK, (n - i) >>> 3);
            long ends = 0, lines = 0, other = 0;
            for (int j = 0; j < k; j++) {
                long off = i + ((long) j << 3);
                long x = s.get(WORD, off);
                long sx = space(x);
                ends += (sx & word(s.get(WORD, off - 1))) >>> 7;
                lines += zeroBytes(x ^ (ONES * '\n')) >>> 7;
                other |= ~(sx | word(x)) & HIGH;
            }
            if (other != 0) {
                return i;
            }
            t.words += fold(ends);
            t.lines += fold(lines);
            i += (long) k << 3;
        }
        return i;
    }

    /** 0x80 in each byte lane of x that is 0x21-0x7E. */
    private static long word(long x) {
        long x7 = x & LOW7;
        long ge21 = x7 + ONES * (0x80 - 0x21);
        long ge7f = x7 + ONES * (0x80 - 0x7F);
        return ge21 & ~(ge7f | x) & HIGH;
    }

    /** 0x80 in each byte lane of x that is ' ' or 0x09-0x0D. */
    private static long space(long x) {
        long x7 = x & LOW7;
        long ge09 = x7 + ONES * (0x80 - 0x09);
        long ge0e = x7 + ONES * (0x80 - 0x0E);
        return zeroBytes(x ^ (ONES * ' ')) | ge09 & ~(ge0e | x) & HIGH;
    }

    private static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    private static long fold(long acc) {
        return (((acc & EVEN_BYTES) + ((acc >>> 8) & EVEN_BYTES)) * SUM16) >>> 48;
    }
}
