package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paradigm figures survive their CSV round trip (meta with newlines, bars and backslashes
 * too), cells are medians and quartiles of the trials, ratios are to the baseline of the same
 * source and task, and a missing baseline gives "—", not a number.
 */
@Timeout(10)
class ParadigmReportTest {
    @TempDir
    Path tmp;

    private static AccessParadigms.Trial trial(String p, String s, String t, long millis, long rssMiB) {
        return new AccessParadigms.Trial(p, s, t, 1, millis * 1_000_000, millis * 300, millis * 700, rssMiB << 10, 50 << 10);
    }

    @Test
    void csvRoundTripKeepsMetaAndTrials() throws Exception {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("command", "./xmmap bench --paradigms a|b \\ c");
        meta.put("machine", "- machine: x\n- JDK: y\\n literal\r\n- carriage return kept");
        meta.put("bytes", Long.toString(1L << 30));
        List<AccessParadigms.Trial> trials = List.of(trial("read-write", "pipe", "lines", 500, 60),
                trial("xmmap-streaming", "pipe", "lines", 250, 80));
        Path csv = tmp.resolve("p.csv");
        ParadigmReport.writeCsv(csv, meta, trials);
        ParadigmReport.Run run = ParadigmReport.readCsv(csv);
        assertEquals(meta, run.meta());
        assertEquals(trials, run.trials());
    }

    @Test
    void cellsAreMediansAndQuartilesAndRatiosAreToTheSameSourceAndTask() {
        List<AccessParadigms.Trial> ts = new ArrayList<>();
        for (long ms : new long[] {1000, 250, 500, 2000}) { // 1 GiB: 1, 4, 2 and 0.5 GiB/s
            ts.add(trial("xmmap-streaming", "pipe", "find", ms, 80));
        }
        ts.add(trial("read-write", "pipe", "find", 1000, 60));
        ts.add(trial("read-write", "file", "find", 100, 60));
        ParadigmReport.Run run = new ParadigmReport.Run(Map.of("bytes", Long.toString(1L << 30), "command", "c",
                "machine", "- m", "trials", "t"), ts);
        ParadigmReport.Cell c = ParadigmReport.cell(run, "xmmap-streaming", "pipe", "find");
        assertEquals(1.5, c.gibs(), 1e-9);
        assertEquals(0.875, c.gibsP25(), 1e-9);
        assertEquals(2.5, c.gibsP75(), 1e-9);
        assertEquals(750, c.cpuMs(), 1e-9, "median of per-trial user + system");
        assertEquals(30, c.addedMiB(), 1e-9);
        assertEquals(4, c.trials());
        assertNull(ParadigmReport.cell(run, "xmmap-streaming", "socket", "find"));

        String md = ParadigmReport.markdown(run, "charts/p");
        assertTrue(md.contains("| xmmap-streaming | — | — | — | — | — | 1.50 (1.50) |"), md);
        assertTrue(md.contains("| pipe | count lines holding \"ERROR\" | xmmap-streaming | 1.50 | 0.88..2.50 | 1.50 |"), md);
        assertTrue(md.contains("| file | count lines holding \"ERROR\" | read-write | 10.00 | 10.00..10.00 | 1.00 |"), md);
    }

    @Test
    void csvOfAnotherLayoutIsRefusedNamingTheLine() throws Exception {
        Path old = tmp.resolve("old.csv");
        // The layout before start_rss_kib: eight fields a trial.
        java.nio.file.Files.writeString(old, "# bytes: 100\nparadigm,source,task,pass,nanos,user_us,sys_us,peak_rss_kib\n"
                + "read-write,pipe,lines,1,5,1,1,60\n");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> ParadigmReport.readCsv(old));
        assertTrue(e.getMessage().contains("old.csv:2:"), e.getMessage());
        Path cut = tmp.resolve("cut.csv");
        java.nio.file.Files.writeString(cut, "# bytes: 100\n" + ParadigmReport.HEADER + "\nread-write,pipe,lines,1,5,1,1\n");
        e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> ParadigmReport.readCsv(cut));
        assertTrue(e.getMessage().contains("cut.csv:3:"), e.getMessage());
        Path empty = tmp.resolve("empty.csv");
        java.nio.file.Files.writeString(empty, "# bytes: 100\n" + ParadigmReport.HEADER + "\n");
        assertThrows(java.io.IOException.class, () -> ParadigmReport.readCsv(empty), "no trials");
    }

    @Test
    void mappedFilesCopiedToDevNullAreMarkedAndEveryFigureHasItsRatio() {
        List<AccessParadigms.Trial> ts = new ArrayList<>(List.of(trial("read-write", "file", "copy", 100, 60),
                trial("nio-map", "file", "copy", 10, 300), trial("xmmap-streaming", "pipe", "copy", 50, 90)));
        ParadigmReport.Run run = new ParadigmReport.Run(Map.of("bytes", Long.toString(1L << 30), "command", "c",
                "machine", "- m", "trials", "t"), ts);
        String md = ParadigmReport.markdown(run, "charts/p");
        // 1 GiB in 10 ms: 100 GiB/s, 10x; user 3 ms vs 30, sys 7 vs 70, RSS 300 vs 60 MiB, added 250 vs 10.
        assertTrue(md.contains("| file | copy to /dev/null | nio-map | 100.00 † | 100.00..100.00 | 10.00 | 3 | 0.10 | 7 | 0.10 | 0.10 | 300 | 5.00 | 250 |"), md);
        assertTrue(md.contains("| nio-map | 100.00 (10.00) † |"), md);
        assertTrue(md.contains("| read-write | 10.00 (1.00) |"), md);
        assertTrue(ParadigmReport.mappedCopy("xmmap-retain-all", "file", "copy"));
        assertTrue(!ParadigmReport.mappedCopy("xmmap-streaming", "pipe", "copy") && !ParadigmReport.mappedCopy("nio-map", "file", "lines"));
    }

    @Test
    void quantilesOfOddAndEvenCounts() {
        assertEquals(2, ParadigmReport.median(new double[] {3, 1, 2}));
        assertEquals(2.5, ParadigmReport.median(new double[] {4, 1, 3, 2}));
        assertEquals(1.75, ParadigmReport.quantile(new double[] {4, 1, 3, 2}, 0.25), 1e-9);
        assertEquals(7, ParadigmReport.quantile(new double[] {7}, 0.75));
    }
}
