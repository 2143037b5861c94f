package io.xmmap.examples.grep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The anchored search finds what String.indexOf finds, from every start, near the end too. */
@Timeout(60)
class LiteralSearchTest {
    @Test
    void findsWhatIndexOfFinds() {
        Random r = new Random(3);
        String alphabet = "ab eEQ\n9";
        for (int iter = 0; iter < 3000; iter++) {
            StringBuilder text = new StringBuilder();
            for (int k = r.nextInt(iter < 100 ? 20 : 5000); k > 0; k--) {
                text.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            StringBuilder lit = new StringBuilder();
            for (int k = 1 + r.nextInt(5); k > 0; k--) {
                lit.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String t = text.toString();
            LiteralSearch search = new LiteralSearch(lit.toString().getBytes(StandardCharsets.ISO_8859_1));
            MemorySegment seg = MemorySegment.ofArray(t.getBytes(StandardCharsets.ISO_8859_1));
            int from = t.isEmpty() ? 0 : r.nextInt(t.length() + 1);
            assertEquals(t.indexOf(lit.toString(), from), search.find(seg, from),
                    "'" + lit + "' in a text of " + t.length() + " from " + from);
        }
    }

    @Test
    void anchorIsTheRarestByte() {
        assertEquals(12, LiteralSearch.anchor(" timed out after ".getBytes(StandardCharsets.US_ASCII)),
                "'f' of 'after' is the rarest by the table");
        assertEquals(0, LiteralSearch.anchor("ERROR".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(1, LiteralSearch.anchor("eq".getBytes(StandardCharsets.US_ASCII)));
    }
}
