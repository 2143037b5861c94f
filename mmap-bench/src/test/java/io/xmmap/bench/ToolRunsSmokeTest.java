package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole-process tool benchmark works end to end on a small corpus: every task runs in every
 * implementation through file and pipe, the outputs agree with GNU's (the harness throws when
 * they do not) and the table has a row per (task, source). Nothing about speed is asserted.
 */
@Timeout(600)
class ToolRunsSmokeTest {
    @TempDir
    Path tmp;

    @Test
    void everyTaskRunsAndAgreesWithGnu() throws Exception {
        Path launcher = ResultsFile.defaultFile().getParent().getParent().resolve("xmmap");
        List<Long> sizes = List.of(3L << 20);
        var progress = Progress.onStandardError(ToolRunsVsGnu.TASKS.size() * ToolRunsVsGnu.SOURCES.size()
                * ToolRunsVsGnu.IMPLS.size());
        ToolRunsVsGnu bench = new ToolRunsVsGnu(launcher, tmp, 1);
        Map<String, double[]> secs = bench.run(sizes, progress);
        assertEquals(ToolRunsVsGnu.TASKS.size() * ToolRunsVsGnu.SOURCES.size() * ToolRunsVsGnu.IMPLS.size(), secs.size());
        secs.forEach((k, v) -> assertTrue(v[0] > 0, k + " measured nothing"));
        String table = ToolRunsVsGnu.table(secs, sizes, 1, "test", bench.pmdShare);
        assertEquals(2, bench.pmdShare.size(), "the page-cache state is recorded for both file phases");
        for (ToolRunsVsGnu.Task t : ToolRunsVsGnu.TASKS) {
            assertTrue(table.contains("| 3 MiB | `" + t.name() + "` | pipe |"), table);
            assertTrue(table.contains("| 3 MiB | `" + t.name() + "` | file |"), table);
            assertTrue(table.contains("| 3 MiB | `" + t.name() + "` | file, cat copy |"), table);
        }
        assertTrue(Files.notExists(tmp.resolve("corpus-" + (3L << 20) + ".log")), "the corpus is deleted");
    }

    @Test
    void theCorpusEndsAtALineEndAndHasTheSearchedLines() throws Exception {
        Path f = tmp.resolve("c.log");
        ToolRunsVsGnu.writeCorpus(f, 1 << 20);
        byte[] b = Files.readAllBytes(f);
        assertTrue(b.length <= 1 << 20 && b.length > (1 << 20) - 200, "size " + b.length);
        assertEquals('\n', b[b.length - 1]);
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(s.contains(" ERROR ") && s.contains(" timed out after "), "the grep tasks find something");
    }
}
