package io.xmmap.examples.grep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The literal grep searches for is one every match really contains. */
@Timeout(60)
class RequiredLiteralTest {
    private static String of(String re, boolean ere) {
        byte[] b = RequiredLiteral.of(re, ere, 2);
        return b == null ? null : new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void extendedPatterns() {
        assertEquals("ERROR ", of("ERROR .*out", true));
        assertEquals(" timed out after ", of("ERROR .*ms [0-9] timed out after [0-9]+ ms", true));
        assertEquals("abc", of("abc", true));
        assertEquals(null, of("ab*c", true), "b may be absent: runs 'a' and 'c' are too short");
        assertEquals("hello", of("hello.*world", true), "the first of two equally long runs");
        assertEquals(null, of("foo|bar", true), "a top-level alternation has no required string");
        assertEquals("baz", of("(foo|bar)baz", true));
        assertEquals("x.y", of("x\\.y", true), "an escaped dot is a dot");
        assertEquals("de", of("de[f]g", true));
        assertEquals("def", of("[]abc]def", true), "']' first in a bracket is a member");
        assertEquals("word", of("\\bword\\b", true));
        assertEquals(null, of("ab{2}", true), "b{2} is not the literal b");
        assertEquals("cd", of("ab?cd", true));
        assertEquals("a+b", of("a\\+b", true));
    }

    @Test
    void basicPatterns() {
        assertEquals("a+b", of("a+b", false), "+ is literal in a BRE");
        assertEquals("bc", of("a\\{2\\}bc", false));
        assertEquals(null, of("ab\\|cd", false), "GNU's \\| alternates");
        assertEquals("(x|y)", of("(x|y)", false), "parentheses and bars are literal in a BRE");
        assertEquals("yz", of("\\(abc\\)*yz", false));
        assertEquals("ab", of("abc*", false));
        assertEquals(null, of("[[:alpha:]]x", false));
    }

    /** Random small patterns over a few atoms: whenever a subject matches, it holds the literal. */
    @Test
    void everyMatchContainsTheLiteral() {
        Random r = new Random(11);
        String[] ereAtoms = {"a", "b", "c", ".", "*", "+", "?", "|", "(", ")", "[ab]", "\\.", "{2}", "^", "$"};
        String[] breAtoms = {"a", "b", "c", ".", "*", "\\+", "\\?", "\\|", "\\(", "\\)", "[ab]", "\\.", "\\{2\\}", "+", "|"};
        int checked = 0;
        for (int iter = 0; iter < 20000; iter++) {
            boolean ere = r.nextBoolean();
            String[] atoms = ere ? ereAtoms : breAtoms;
            StringBuilder re = new StringBuilder();
            for (int k = 1 + r.nextInt(7); k > 0; k--) {
                re.append(atoms[r.nextInt(atoms.length)]);
            }
            byte[] lit = RequiredLiteral.of(re.toString(), ere, 1);
            if (lit == null) {
                continue;
            }
            Matcher m;
            try {
                m = Posix.compile(List.of(re.toString()), ere ? Posix.Syntax.EXTENDED : Posix.Syntax.BASIC,
                        false, false, false).matcher("");
            } catch (IllegalArgumentException e) { // PatternSyntaxException too: random patterns are often invalid
                continue;
            }
            String needle = new String(lit, StandardCharsets.US_ASCII);
            for (int s = 0; s < 30; s++) {
                StringBuilder subject = new StringBuilder();
                for (int k = r.nextInt(12); k > 0; k--) {
                    subject.append("abc.+|()"/* */.charAt(r.nextInt(8)));
                }
                if (m.reset(subject).find()) {
                    checked++;
                    assertTrue(subject.indexOf(needle) >= 0,
                            "/" + re + "/ (" + (ere ? "ERE" : "BRE") + ") matched '" + subject + "' without '" + needle + "'");
                }
            }
        }
        assertTrue(checked > 1000, "too few matching subjects to mean anything: " + checked);
    }
}
