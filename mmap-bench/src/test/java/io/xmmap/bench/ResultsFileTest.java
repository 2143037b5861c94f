package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** results.md is all generated: the preamble, then the sections in their order; writing one keeps the rest. */
@Timeout(10)
class ResultsFileTest {
    @TempDir
    Path tmp;

    @Test
    void writingASectionKeepsTheOthersInOrderAndDropsTextOutsideTheMarkers() throws Exception {
        Path f = tmp.resolve("results.md");
        ResultsFile.replaceSection(f, "tools", "tools v1");
        ResultsFile.replaceSection(f, "custom", "custom v1");
        ResultsFile.replaceSection(f, "paradigms", "paradigms v1");
        Files.writeString(f, Files.readString(f) + "\nnotes typed by hand\n");
        ResultsFile.replaceSection(f, "tools", "tools v2\n\n| a | b |");
        String text = Files.readString(f);
        assertTrue(text.startsWith(ResultsFile.PREAMBLE));
        int p = text.indexOf("paradigms v1"), t = text.indexOf("tools v2\n\n| a | b |"), c = text.indexOf("custom v1");
        assertTrue(p > 0 && p < t && t < c, "known sections in order, unknown after them:\n" + text);
        assertEquals(-1, text.indexOf("tools v1"));
        assertEquals(-1, text.indexOf("typed by hand"));
    }
}
