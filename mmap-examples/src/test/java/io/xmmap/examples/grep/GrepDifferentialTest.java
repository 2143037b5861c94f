package io.xmmap.examples.grep;

import io.xmmap.examples.Corpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code xmmap grep} against GNU grep under LC_ALL=C, byte for byte (stdout, stderr, exit status):
 * every supported flag over the text corpus as several files (with a missing file and a directory)
 * and through a pipe, fixed strings, basic and extended expressions, both paradigms; endless input
 * with -m and -q; a slow writer whose lines show as they arrive.
 */
@Timeout(120)
class GrepDifferentialTest {
    @TempDir
    static Path dir;
    static List<Path> corpus;

    @BeforeAll
    static void corpus() throws IOException {
        corpus = new ArrayList<>(Corpus.create(dir));
        // The multi-megabyte single lines go through the pipe case and wc/cat; here they would only
        // make every case slow (java.util.regex over a 5 MiB line, per case).
        corpus.removeIf(p -> List.of("random-bytes", "long-line", "straddle", "100k-lines")
                .contains(p.getFileName().toString()));
        corpus.add(Files.writeString(dir.resolve("words"), """
                foo bar
                Foo
                baz qux foofoo
                (a) a+b {1} x*y
                tab\there end$
                """));
        corpus.add(Files.write(dir.resolve("binary"), "abc\nx\0y abc\nabc\n".getBytes()));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<String> flagSets = List.of("", "-i", "-v", "-c", "-n", "-o", "-l", "-L", "-w", "-x", "-h", "-H", "-s",
                "-in", "-vc", "-on", "-m 3", "-m 2 -c", "-a", "-iw", "-vx");
        List<String> patterns = List.of("foo", "-F 'a+b'", "'^[a-f]'", "-E 'o+|qu'", "'x\\*y'", "-e w1 -e baz",
                "-E '[[:digit:]]{2,}'", "'\\<w'");
        for (String flags : flagSets) {
            for (int k = 0; k < 3; k++) {
                String pattern = patterns.get((flagSets.indexOf(flags) * 3 + k) % patterns.size());
                out.add(Arguments.of(flags, pattern, k % 2 == 0 ? "mapped" : "read"));
            }
        }
        return out.stream();
    }

    @Test
    void hundredThousandLinesAndALongLineThroughAPipe() throws Exception {
        Path lines = dir.resolve("100k-lines");
        for (String flags : List.of("-c w1", "-n 'w9[0-9]*9$'", "-vc x", "-nF w99", "-cF w1", "-wnF w12", "-xF w7", "-onF 9 x",
                // regexes with a required literal (searched for first, then the regex on its lines)
                "-cE 'w12(3|4)5'", "-nE 'w1[0-9]+99'", "-oE 'w7[0-9]{2}'", "-c 'w\\(1\\)2\\{1\\}3'",
                "-wnE 'w9[0-9]'", "-vcE 'w[0-9]*77'", "-cE '9 w1[0-9]'", "-xc 'w1.*'")) {
            Corpus.compare("cat '" + lines + "' | grep " + flags, "cat '" + lines + "' | $XMMAP grep " + flags, "C");
        }
        Path longLine = dir.resolve("long-line");
        Corpus.compare("cat '" + longLine + "' | grep -c 'def'", "cat '" + longLine + "' | $XMMAP grep -c 'def'", "C");
    }

    @ParameterizedTest(name = "grep {0} {1} ({2})")
    @MethodSource("cases")
    void matchesGnuGrep(String flags, String pattern, String paradigm) throws Exception {
        StringBuilder files = new StringBuilder();
        for (Path p : corpus) {
            files.append(" '").append(p).append("'");
        }
        files.append(" '").append(dir.resolve("missing")).append("' '").append(dir).append("'");
        String ours = "$XMMAP grep --paradigm=" + paradigm + " " + flags + " " + pattern;
        String gnu = "grep " + flags + " " + pattern;
        Corpus.compare(gnu + files + " | sha256sum", ours + files + " | sha256sum", "C");
        Corpus.compare(gnu + files + " >/dev/null", ours + files + " >/dev/null", "C");
        String pipe = "cat '" + dir.resolve("words") + "' '" + dir.resolve("crlf") + "' | ";
        Corpus.compare(pipe + gnu, pipe + ours, "C");
    }

    /** Review finds: CR is not a line end, BRE intervals with a comma, long options with separate values. */
    @Test
    void carriageReturnsIntervalsAndSeparateOptionValues() throws Exception {
        Path f = Files.write(dir.resolve("cr"), "abc\r\nfoo\nfoooo\na\rc\n".getBytes());
        for (String args : List.of("-x abc", "-c 'a.c'", "'o\\{1,2\\}'", "'fo\\{,3\\}o'", "--max-count 1 o",
                "--regexp foo", "-c -l o", "-c -L zzz", "-m x o", "--max-count")) {
            Corpus.compare("grep " + args + " '" + f + "'", "$XMMAP grep " + args + " '" + f + "'", "C");
        }
        Corpus.compare("printf 'a\\nb\\n' | grep a - -", "printf 'a\\nb\\n' | $XMMAP grep --paradigm=read a - -", "C");
    }

    @Test
    void endlessInputStopsAtMaxCountAndQuiet() throws Exception {
        Corpus.compare("yes | grep -m2 -n y", "yes | $XMMAP grep -m2 -n y", "C");
        Corpus.compare("yes | grep -q y", "yes | $XMMAP grep -q y", "C");
        Corpus.compare("yes | grep -l y", "yes | $XMMAP grep -l y", "C");
    }

    @Test
    void aSlowWritersLinesShowAsTheyArrive() throws Exception {
        // The writer waits for our output of line 1 before it writes line 2: a tool that buffered its
        // input or output until EOF would never print it, and the test would time out.
        Path fifo = dir.resolve("lines-fifo");
        Path back = dir.resolve("back-fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString(), back.toString()).start().waitFor());
        String script = "( echo first >&3; read ack <'" + back + "'; echo second >&3 ) 3>'" + fifo + "' & "
                + "TOOL --line-buffered '' '" + fifo + "' 2>/dev/null | { read a; echo \"$a\"; echo ok >'"
                + back + "'; read b; echo \"$b\"; }";
        for (String tool : List.of("grep", "$XMMAP grep", "$XMMAP grep --paradigm=read")) {
            String[] r = Corpus.sh(script.replace("TOOL", tool), "C");
            assertEquals("first\nsecond\n", r[0], tool);
        }
    }
}
