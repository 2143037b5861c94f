package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./xmmap bench --quick} works end to end: every paradigm reads every source it applies to
 * for every task, each trial's count equal to GNU's (the reader process checks and fails
 * otherwise), every cell of the table filled, the charts written as SVG and PNG, the ladder
 * measured, and the report redrawn from the CSV alone. This is the smoke run CI makes; nothing
 * about speed is asserted.
 */
@Timeout(300)
class BenchSuiteSmokeTest {
    @TempDir
    Path tmp;

    @Test
    void quickRunMeasuresEveryCellAndWritesTablesChartsAndData() throws Exception {
        Path results = tmp.resolve("notes/results.md");
        BenchSuite.main(new String[] {"--quick", "--results", results.toString()});

        ParadigmReport.Run run = ParadigmReport.readCsv(tmp.resolve("notes/data/paradigms.csv"));
        for (String p : Paradigms.ALL) {
            for (String s : TrialSource.KINDS) {
                for (String t : Paradigms.TASKS) {
                    ParadigmReport.Cell c = ParadigmReport.cell(run, p, s, t);
                    if (Paradigms.applies(p, s)) {
                        assertNotNull(c, p + " " + s + " " + t);
                        assertEquals(2, c.trials(), p + " " + s + " " + t);
                        assertTrue(c.gibs() > 0 && c.rssMiB() > 0 && c.cpuMs() > 0, p + " " + s + " " + t + ": " + c);
                    } else {
                        assertEquals(null, c, p + " does not apply to " + s);
                    }
                }
            }
        }
        String md = Files.readString(results);
        assertTrue(md.startsWith(ResultsFile.PREAMBLE), "the preamble is generated");
        String paradigms = md.substring(md.indexOf("<!-- BEGIN paradigms"), md.indexOf("<!-- END paradigms"));
        for (String p : Paradigms.ALL) {
            assertTrue(paradigms.contains("| " + p + " |"), p + " has a row:\n" + paradigms);
        }
        assertTrue(paradigms.contains("Command: `./xmmap bench --quick --results"), paradigms);
        assertTrue(paradigms.contains("| nio-map | ") && paradigms.contains(" † |"), "mapped copies are marked:\n" + paradigms);
        assertTrue(paradigms.contains("in a file on "), "the corpus' file system is named:\n" + paradigms);
        assertTrue(Files.readString(tmp.resolve("notes/charts/paradigms-copy.svg")).contains("† file bars of nio-map and xmmap"),
                "the copy chart says what its mapped-file bars measure");
        assertTrue(md.contains("<!-- BEGIN pipe-ladder"), "the ladder section is written");
        for (String chart : new String[] {"paradigms-copy", "paradigms-lines", "paradigms-find", "pipe-ladder"}) {
            Path svg = tmp.resolve("notes/charts/" + chart + ".svg");
            assertTrue(Files.readString(svg).strip().endsWith("</svg>"), chart);
            assertNotNull(ImageIO.read(tmp.resolve("notes/charts/" + chart + ".png").toFile()), chart + ".png decodes");
        }

        // The report is drawn again from the data alone, to the same text.
        Files.delete(tmp.resolve("notes/charts/paradigms-lines.svg"));
        Files.writeString(results, md.replace("<!-- BEGIN paradigms", "hand-typed text\n<!-- BEGIN paradigms"));
        BenchSuite.report(new String[] {results.toString()});
        assertEquals(md, Files.readString(results));
        assertTrue(Files.exists(tmp.resolve("notes/charts/paradigms-lines.svg")));
        assertFalse(Files.readString(results).contains("hand-typed"));
    }
}
