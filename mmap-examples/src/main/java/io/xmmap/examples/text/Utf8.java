package io.xmmap.examples.text;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A UTF-8 decoder that accepts and refuses exactly what glibc's {@code mbrtowc} does in a UTF-8
 * locale: 1- to 6-byte forms up to 0x7FFFFFFF, no overlong forms, no surrogates. A byte that does
 * not begin a valid sequence is invalid on its own (the caller skips one byte, as GNU tools do).
 */
public final class Utf8 {
    private Utf8() {}

    /** Returned by {@link #decode} for an invalid byte at {@code i}. */
    public static final long INVALID = -1;
    /** Returned by {@link #decode} when the sequence at {@code i} runs past the end of the data. */
    public static final long INCOMPLETE = -2;

    /**
     * Decodes the sequence at {@code i} (whose first byte is >= 0x80). Returns
     * {@code length << 32 | codePoint}, {@link #INVALID} or {@link #INCOMPLETE}.
     */
    public static long decode(MemorySegment s, long i, long end) {
        int b = s.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
        int len;
        int cp;
        int min;
        if (b < 0xC2) {
            return INVALID;
        } else if (b < 0xE0) {
            len = 2; cp = b & 0x1F; min = 0x80;
        } else if (b < 0xF0) {
            len = 3; cp = b & 0x0F; min = 0x800;
        } else if (b < 0xF8) {
            len = 4; cp = b & 0x07; min = 0x10000;
        } else if (b < 0xFC) {
            len = 5; cp = b & 0x03; min = 0x200000;
        } else if (b < 0xFE) {
            len = 6; cp = b & 0x01; min = 0x4000000;
        } else {
            return INVALID;
        }
        for (int k = 1; k < len; k++) {
            if (i + k >= end) {
                return INCOMPLETE;
            }
            int c = s.get(ValueLayout.JAVA_BYTE, i + k) & 0xFF;
            if ((c & 0xC0) != 0x80) {
                return INVALID;
            }
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return INVALID;
        }
        return ((long) len << 32) | (cp & 0xFFFFFFFFL);
    }
}
