package io.xmmap.bench;

import io.xmmap.Scan;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The three tasks of {@link AccessParadigms}, on bytes, shared by every byte-level paradigm so
 * that the paradigms differ in how bytes arrive, not in how they are scanned: count lines (the
 * shipped SWAR {@link Scan#count}), and count the lines that contain {@link #NEEDLE} (first byte
 * by {@link Scan#indexOf}, then a compare, then on to the next line, as {@code grep -c -F} does).
 * Copying is the paradigms' own business.
 *
 * <p>A buffered reader searching for a string must not cut a line in two: {@link #matchingLines(MemorySegment, Fill)}
 * searches whole lines only and moves the unfinished last line to the front of the buffer before
 * the next fill (the copy a {@code read(2)} tool pays and a mapping does not):
 * <pre>
 *   buffer  [ line | line | line | unfinished ][ free ......... ]
 *            searched ----------->  moved to 0   filled next
 * </pre>
 * Stateless.
 */
final class ParadigmTasks {
    private ParadigmTasks() {}

    /** What the find task looks for: 2% of the corpus' lines ({@code ToolRunsVsGnu.writeCorpus}). */
    static final String NEEDLE_TEXT = "ERROR";
    private static final byte[] NEEDLE = NEEDLE_TEXT.getBytes(StandardCharsets.ISO_8859_1);

    /** Reads into the caller's buffer at {@code offset}, at most {@code length} bytes; bytes read, or &lt;= 0 at EOF. */
    @FunctionalInterface
    interface Fill {
        long fill(int offset, int length) throws IOException;
    }

    /** Newlines in {@code s}. */
    static long newlines(MemorySegment s) {
        return Scan.count(s, (byte) '\n');
    }

    /** Lines of {@code s} that contain the needle; {@code s} holds whole lines (the last may lack its newline). */
    static long matchingLines(MemorySegment s) {
        long n = 0;
        long end = s.byteSize();
        byte first = NEEDLE[0];
        for (long from = 0; ; ) {
            long p = Scan.indexOf(s, from, first);
            if (p < 0 || p + NEEDLE.length > end) {
                return n;
            }
            if (matchesAt(s, p)) {
                n++;
                long nl = Scan.indexOf(s, p + NEEDLE.length, (byte) '\n');
                if (nl < 0) {
                    return n;
                }
                from = nl + 1;
            } else {
                from = p + 1;
            }
        }
    }

    private static boolean matchesAt(MemorySegment s, long p) {
        for (int i = 1; i < NEEDLE.length; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, p + i) != NEEDLE[i]) {
                return false;
            }
        }
        return true;
    }

    /** The offset just past the last newline among the first {@code limit} bytes of {@code s}, or 0. */
    static long afterLastNewline(MemorySegment s, long limit) {
        for (long i = limit - 1; i >= 0; i--) {
            if (s.get(ValueLayout.JAVA_BYTE, i) == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /** Newlines in everything {@code fill} delivers into {@code buffer}. */
    static long newlines(MemorySegment buffer, Fill fill) throws IOException {
        long n = 0;
        for (long k; (k = fill.fill(0, (int) buffer.byteSize())) > 0; ) {
            n += newlines(buffer.asSlice(0, k));
        }
        return n;
    }

    /** Lines containing the needle in everything {@code fill} delivers, searched whole lines at a time. */
    static long matchingLines(MemorySegment buffer, Fill fill) throws IOException {
        long n = 0;
        int have = 0;
        int capacity = (int) buffer.byteSize();
        while (true) {
            long k = have == capacity ? 0 : fill.fill(have, capacity - have);
            if (k <= 0) {
                if (have == capacity) {
                    throw new IOException("a line longer than the " + capacity + "-byte buffer");
                }
                return n + (have > 0 ? matchingLines(buffer.asSlice(0, have)) : 0);
            }
            have += (int) k;
            int cut = (int) afterLastNewline(buffer, have);
            if (cut > 0) {
                n += matchingLines(buffer.asSlice(0, cut));
                MemorySegment.copy(buffer, cut, buffer, 0, have - cut);
                have -= cut;
            }
        }
    }

    /** A fixed-size chunk as a line-complete slice: up to its last newline, or all of it at EOF. */
    static MemorySegment wholeLines(MemorySegment window, boolean atEof) throws IOException {
        if (atEof) {
            return window;
        }
        long cut = afterLastNewline(window, window.byteSize());
        if (cut == 0) {
            throw new IOException("a line longer than the " + window.byteSize() + "-byte window");
        }
        return window.asSlice(0, cut);
    }
}
