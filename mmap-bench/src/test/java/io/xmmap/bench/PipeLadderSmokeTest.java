package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ladder works end to end at 32 MiB per run: both C programs compile, every rung of C, Java
 * and the article's C moves every byte (the harness checks the counts), the table has a row per
 * rung, and the chart comes out as SVG and as a PNG that decodes. Nothing about speed is asserted.
 */
@Timeout(300)
class PipeLadderSmokeTest {
    @TempDir
    Path tmp;

    @Test
    void everyRungOfEveryImplementationMovesEveryByte() throws Exception {
        Map<String, double[]> gibs = new PipeLadder(32L << 20, 1).run();
        assertEquals(PipeLadder.RUNGS.size() * PipeLadder.IMPLS.size(), gibs.size());
        gibs.forEach((k, v) -> assertTrue(v[0] > 0, k + " measured nothing"));
        String table = PipeLadder.table(gibs, 32L << 20, 1, "test", "chart");
        for (int rung = 1; rung <= PipeLadder.RUNGS.size(); rung++) {
            assertTrue(table.contains("| " + rung + ". " + PipeLadder.RUNGS.get(rung - 1) + " |"), table);
        }
        Path base = tmp.resolve("ladder");
        PipeLadder.chart(gibs, base);
        String svg = Files.readString(Path.of(base + ".svg"));
        assertTrue(svg.startsWith("<svg") && svg.strip().endsWith("</svg>"), svg);
        assertEquals(PipeLadder.RUNGS.size() * PipeLadder.IMPLS.size() + PipeLadder.IMPLS.size(),
                svg.split("<rect x=").length - 1, "a bar per rung and implementation, a legend box per implementation");
        BufferedImage png = ImageIO.read(Path.of(base + ".png").toFile());
        assertEquals(900, png.getWidth());
        assertEquals(460, png.getHeight());
    }
}
