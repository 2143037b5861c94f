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
        meta.put("machine", "- machine: x\n- JDK: y\\n literal");
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
    void quantilesOfOddAndEvenCounts() {
        assertEquals(2, ParadigmReport.median(new double[] {3, 1, 2}));
        assertEquals(2.5, ParadigmReport.median(new double[] {4, 1, 3, 2}));
        assertEquals(1.75, ParadigmReport.quantile(new double[] {4, 1, 3, 2}, 0.25), 1e-9);
        assertEquals(7, ParadigmReport.quantile(new double[] {7}, 0.75));
    }

    @Test
    void progressEstimatesTheTimeLeftFromThePaceSoFar() {
        var out = new java.io.ByteArrayOutputStream();
        Progress p = new Progress(4, new java.io.PrintStream(out), false);
        assertTrue(p.line("a", "b").contains("[  0% 0/4] a · b | 0:00 elapsed, ~? left"), p.line("a", "b"));
        p.advance("a", "first");
        p.advance("a", "second");
        assertTrue(p.line("a", "b").startsWith("[ 50% 2/4] a · b |"), p.line("a", "b"));
        assertTrue(out.toString().contains("[ 25% 1/4] a · first"), "a log gets a line when the subject is new");
        assertEquals(1, out.toString().lines().count(), "and not for every trial of the same subject");
    }
}
