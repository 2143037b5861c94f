package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The shared task kernels count what a line-by-line oracle counts, whatever the size of the
 * reads that feed them: lines cut anywhere by a fill (1 byte, odd sizes, page-straddling, the
 * whole buffer) are carried over and searched whole, never twice, never in halves.
 */
@Timeout(60)
class ParadigmTasksTest {
    private static String text(long seed, int lines, boolean finalNewline) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            int len = r.nextInt(200);
            for (int j = 0; j < len; j++) {
                sb.append(r.nextInt(10) == 0 ? 'E' : (char) ('A' + r.nextInt(26)));
            }
            switch (r.nextInt(6)) {
                case 0 -> sb.insert(sb.length() - len / 2, "ERROR");
                case 1 -> sb.append("ERRORERROR ERROR");
                case 2 -> sb.append("ERRO");
                default -> { }
            }
            sb.append('\n');
        }
        return finalNewline ? sb.toString() : sb + "tail ERROR without a newline";
    }

    private static long oracle(String text) {
        long n = 0;
        for (String line : text.split("\n", -1)) {
            n += line.contains(ParadigmTasks.NEEDLE_TEXT) ? 1 : 0;
        }
        return n;
    }

    /** A fill that delivers {@code text} in reads of at most {@code step} bytes. */
    private static ParadigmTasks.Fill reads(byte[] text, MemorySegment buf, int step) {
        int[] pos = {0};
        return (off, len) -> {
            int n = Math.min(Math.min(len, step), text.length - pos[0]);
            MemorySegment.copy(MemorySegment.ofArray(text), pos[0], buf, off, n);
            pos[0] += n;
            return n;
        };
    }

    @Test
    void matchingLinesAgreesWithALineByLineOracleForEveryReadSize() throws IOException {
        for (boolean newline : new boolean[] {true, false}) {
            String t = text(7, 3000, newline);
            byte[] b = t.getBytes(StandardCharsets.ISO_8859_1);
            long want = oracle(t);
            assertEquals(want, ParadigmTasks.matchingLines(MemorySegment.ofArray(b)));
            for (int step : new int[] {1, 3, 4095, 4097, 65536, Integer.MAX_VALUE}) {
                MemorySegment buf = MemorySegment.ofArray(new byte[8192]);
                assertEquals(want, ParadigmTasks.matchingLines(buf, reads(b, buf, step)), "reads of " + step);
            }
        }
    }

    @Test
    void newlinesCountsEveryNewlineForEveryReadSize() throws IOException {
        String t = text(11, 2000, true);
        byte[] b = t.getBytes(StandardCharsets.ISO_8859_1);
        for (int step : new int[] {1, 7, 4096, 5000}) {
            MemorySegment buf = MemorySegment.ofArray(new byte[4096]);
            assertEquals(2000, ParadigmTasks.newlines(buf, reads(b, buf, step)), "reads of " + step);
        }
    }

    @Test
    void wholeLinesCutsAtTheLastNewlineUnlessAtEof() throws IOException {
        MemorySegment w = MemorySegment.ofArray("ab\ncd\nef".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(6, ParadigmTasks.wholeLines(w, false).byteSize());
        assertEquals(8, ParadigmTasks.wholeLines(w, true).byteSize());
        MemorySegment noNewline = MemorySegment.ofArray(new byte[16]);
        assertThrows(IOException.class, () -> ParadigmTasks.wholeLines(noNewline, false));
    }

    @Test
    void aLineLongerThanTheBufferIsAnErrorNotAMiscount() {
        byte[] b = ("x".repeat(10_000) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        MemorySegment buf = MemorySegment.ofArray(new byte[4096]);
        IOException e = assertThrows(IOException.class, () -> ParadigmTasks.matchingLines(buf, reads(b, buf, 999)));
        assertEquals("a line longer than the 4096-byte buffer", e.getMessage());
    }
}
