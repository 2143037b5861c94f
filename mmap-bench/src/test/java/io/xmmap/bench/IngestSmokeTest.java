package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark harness works end to end on a small input: the C programs compile with gcc, every
 * mechanism moves every byte (the harness checks the count), the table and the results file are
 * written. Nothing about speed is asserted here; speed lives in the benchmark's own output.
 */
@Timeout(300)
class IngestSmokeTest {
    @TempDir
    Path tmp;

    @Test
    void everyMechanismRunsAndTheTableIsWritten() throws Exception {
        long bytes = 64L << 20;
        Map<String, double[]> gibs = new PipeIngestThroughput(bytes, 1, PipeIngestThroughput.MECHANISMS).run();
        assertEquals(PipeIngestThroughput.MECHANISMS.size(), gibs.size());
        gibs.forEach((m, v) -> assertTrue(v[0] > 0, m + " measured nothing"));
        String table = PipeIngestThroughput.table(gibs, bytes, 1, "test", PipeIngestThroughput.firstTouch());
        for (String m : PipeIngestThroughput.MECHANISMS) {
            assertTrue(table.contains("| " + m + " |"), table);
        }
        Path results = tmp.resolve("results.md");
        ResultsFile.replaceSection(results, "pipe-ingest", table);
        ResultsFile.replaceSection(results, "pipe-ingest", table);
        String text = Files.readString(results);
        assertTrue(text.startsWith(ResultsFile.PREAMBLE), "the file starts with the generated preamble");
        assertTrue(text.contains(table.strip()), "the table is written as it is");
        assertEquals(1, text.split("BEGIN pipe-ingest", -1).length - 1, "the section is replaced, not repeated");
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertEquals(2.0, PipeIngestThroughput.median(new double[] {3, 1, 2}));
        assertEquals(2.5, PipeIngestThroughput.median(new double[] {4, 1, 3, 2}));
    }
}
