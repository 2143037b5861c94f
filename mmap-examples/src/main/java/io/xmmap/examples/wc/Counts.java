package io.xmmap.examples.wc;

import io.xmmap.Scan;
import io.xmmap.examples.text.Locale;
import io.xmmap.examples.text.Utf8;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What {@code wc} counts for one input, fed window by window. The rules are GNU coreutils 9's:
 * a word is a run of printable non-space characters (non-printables neither start nor end one);
 * \n, \r and \f end a line for -L, \t advances to the next multiple of 8; in UTF-8 an invalid byte
 * counts as a byte but not as a character, and widths come from the C library's {@code wcwidth}.
 *
 * <p>Only what was asked for is computed: -l and -c alone go through the SWAR newline kernel;
 * words, characters and line length take the full state machine. Single-threaded.
 */
final class Counts {
    long lines, words, chars, bytes, maxLine;
    private long linePos;
    private boolean inWord;
    private final boolean full;
    private final boolean maxLineWanted;
    private final Locale locale;

    /**
     * @param full     whether words, characters or line length are wanted (else lines and bytes only)
     * @param maxLine  whether the line length (-L) is wanted: it needs the per-byte state machine
     */
    Counts(boolean full, boolean maxLine, Locale locale) {
        this.full = full;
        this.maxLineWanted = maxLine;
        this.locale = locale;
    }

    /** Whether the content must be read: false when only the byte count of a sized file is wanted. */
    boolean needsContent(boolean lines) {
        return full || lines;
    }

    /**
     * Counts {@code w}; returns how many bytes it consumed: all of them, except (in UTF-8, when
     * {@code last} is false) an incomplete character at the end, which the caller passes again at
     * the start of the next window.
     */
    long add(MemorySegment w, boolean last) {
        long n = w.byteSize();
        if (!full) {
            lines += Scan.count(w, (byte) '\n');
            bytes += n;
            return n;
        }
        long i = 0;
        boolean utf8 = locale.utf8();
        while (i < n) {
            if (!maxLineWanted) {
                i = wordsFast(w, i, n, utf8);
                if (i >= n) {
                    break;
                }
            }
            int c = w.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
            if (c < 0x80 || !utf8) {
                i++;
                bytes++;
                chars++;
                ascii(c);
                continue;
            }
            long d = Utf8.decode(w, i, n);
            if (d == Utf8.INCOMPLETE && !last) {
                return i;
            }
            if (d < 0) {
                i++;
                bytes++;
                continue;
            }
            int len = (int) (d >>> 32);
            int cp = (int) d;
            i += len;
            bytes += len;
            chars++;
            if (locale.isPrint(cp)) {
                int width = locale.width(cp);
                if (width > 0) {
                    linePos += width;
                }
                if (locale.isSpace(cp)) {
                    endWord();
                } else {
                    inWord = true;
                }
            }
        }
        return n;
    }

    /** Byte classes for the word-count fast path: 0 no change, 1 starts/continues a word, 2 ends one, 3 leave the fast path. */
    private static final byte[] C_CLASS = new byte[256];
    private static final byte[] UTF8_CLASS = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            byte k = c >= 0x21 && c < 0x7F ? (byte) 1 : (c == ' ' || (c >= 0x09 && c <= 0x0D)) ? (byte) 2 : 0;
            C_CLASS[c] = k;
            UTF8_CLASS[c] = c >= 0x80 ? 3 : k;
        }
    }

    /**
     * Lines, words, characters and bytes of ASCII/C-locale bytes without the line-length state:
     * a table lookup per byte. Stops at the first byte that needs UTF-8 decoding; returns where.
     */
    private long wordsFast(MemorySegment w, long i, long n, boolean utf8) {
        byte[] table = utf8 ? UTF8_CLASS : C_CLASS;
        int in = inWord ? 1 : 0;
        long wordCount = 0, lineCount = 0;
        long start = i;
        long stretch = SHORT_STRETCH;
        while (i < n) {
            // Whole blocks of plain text go through the SWAR kernel ...
            // The kernel reads the word state off byte i-1: it must be a word or space byte (then
            // that state is the carried one), not a state-keeping byte or the end of a decoded char.
            int before = i > 0 ? table[w.get(ValueLayout.JAVA_BYTE, i - 1) & 0xFF] : 0;
            if (before == 1 || before == 2) {
                tally.words = 0;
                tally.lines = 0;
                long j = WordScan.scan(w, i, n, tally);
                if (j > i) {
                    wordCount += tally.words;
                    lineCount += tally.lines;
                    in = table[w.get(ValueLayout.JAVA_BYTE, j - 1) & 0xFF] == 1 ? 1 : 0;
                    i = j;
                    stretch = SHORT_STRETCH;
                } else {
                    stretch = LONG_STRETCH; // text the kernel cannot take: try again later
                }
            }
            // ... the rest byte by byte, a stretch at a time.
            for (long stop = Math.min(n, i + stretch); i < stop; i++) {
                int b = w.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
                int k = table[b];
                if (k == 3) {
                    n = i; // leaves both loops
                    break;
                }
                lineCount += b == '\n' ? 1 : 0;
                wordCount += in & (k >> 1);
                in = k == 1 ? 1 : k == 2 ? 0 : in;
            }
        }
        inWord = in == 1;
        words += wordCount;
        lines += lineCount;
        bytes += i - start;
        chars += i - start;
        return i;
    }

    /** Bytes the table loop takes before the SWAR kernel is tried again (after success, after failure). */
    private static final long SHORT_STRETCH = 64, LONG_STRETCH = 64 << 10;
    private final WordScan.Tally tally = new WordScan.Tally();

    private void ascii(int c) {
        switch (c) {
            case '\n' -> {
                lines++;
                endLine();
            }
            case '\r', '\f' -> endLine();
            case '\t' -> {
                linePos += 8 - (linePos & 7);
                endWord();
            }
            case ' ' -> {
                linePos++;
                endWord();
            }
            case 0x0B -> endWord();
            default -> {
                if (c >= 0x20 && c < 0x7F) {
                    linePos++;
                    inWord = true;
                }
            }
        }
    }

    private void endLine() {
        if (linePos > maxLine) {
            maxLine = linePos;
        }
        linePos = 0;
        endWord();
    }

    private void endWord() {
        if (inWord) {
            words++;
            inWord = false;
        }
    }

    /** Closes the last line and word; call once, after the last window. */
    void finish() {
        if (linePos > maxLine) {
            maxLine = linePos;
        }
        endWord();
        if (!full) {
            chars = bytes;
        }
    }
}
