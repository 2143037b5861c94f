package io.xmmap.examples.grep;

import io.xmmap.Scan;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Finds a byte string in a window: a SWAR search ({@link Scan#indexOf}) for the one byte of the
 * string likely rarest in text, then a byte-by-byte comparison around each hit. Searching for a
 * space or an {@code e} would stop every few bytes; an upper-case letter or a rare lower-case one
 * lets the search run at memory speed between hits.
 * <pre>
 *   literal   " timed out after "        anchor: 'f' (rarest by the table below)
 *   window    ...ms\n2026-.. ERROR worker-3 lease 41 timed out after 812 ms\n...
 *                                                             ^ hit on 'f' -> compare from hit-anchor
 * </pre>
 * Immutable; thread-safe.
 */
final class LiteralSearch {
    private final byte[] literal;
    private final int anchor;

    LiteralSearch(byte[] literal) {
        if (literal.length == 0) {
            throw new IllegalArgumentException("empty literal");
        }
        this.literal = literal.clone();
        this.anchor = anchor(literal);
    }

    /** The offset of the next occurrence in {@code chunk} at or after {@code from}, or -1. */
    long find(MemorySegment chunk, long from) {
        long n = chunk.byteSize();
        byte rare = literal[anchor];
        for (long q = Scan.indexOf(chunk, from + anchor, rare); q >= 0; q = Scan.indexOf(chunk, q + 1, rare)) {
            long p = q - anchor;
            if (p + literal.length > n) {
                return -1;
            }
            int k = 0;
            while (k < literal.length && chunk.get(ValueLayout.JAVA_BYTE, p + k) == literal[k]) {
                k++;
            }
            if (k == literal.length) {
                return p;
            }
        }
        return -1;
    }

    /** The index of the byte to search for: the first of the least frequent ones. */
    static int anchor(byte[] literal) {
        int best = 0;
        int bestScore = Integer.MAX_VALUE;
        for (int k = 0; k < literal.length; k++) {
            int score = frequency(literal[k]);
            if (score < bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return best;
    }

    /** A rough rank of how common a byte is in text and logs (higher: more common). */
    private static int frequency(byte b) {
        int i = " etaoinshrdlcumwfgypbvk".indexOf(b); // most frequent first
        if (i >= 0) {
            return 100 - i;
        }
        if (b >= '0' && b <= '9') {
            return 60;
        }
        return b >= 'A' && b <= 'Z' ? 40 : 30;
    }
}
