package io.xmmap.examples.wc;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code xmmap wc} against GNU wc, byte for byte (stdout, stderr, exit status), on a corpus the
 * test generates: empty input, no trailing newline, CRLF, NUL and control bytes, invalid and
 * multibyte UTF-8 (2-6 byte forms, overlongs, surrogates, truncated), non-breaking and wide spaces,
 * a 5 MiB line longer than any window, 100k short lines, random bytes; several files with a
 * missing file and a directory; and the same inputs through a pipe. Both locales, both paradigms.
 */
@Timeout(300)
class WcDifferentialTest {
    @TempDir
    static Path dir;
    static List<Path> corpus = new ArrayList<>();

    @BeforeAll
    static void corpus() throws IOException {
        corpus = io.xmmap.examples.Corpus.create(dir);
    }

    static Stream<Arguments> fileCases() {
        List<Arguments> out = new ArrayList<>();
        for (String flags : List.of("", "-l", "-w", "-c", "-m", "-L", "-lwmcL")) {
            for (String locale : List.of("C", "C.UTF-8")) {
                for (String paradigm : List.of("mapped", "read")) {
                    out.add(Arguments.of(flags, locale, paradigm));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "files wc {0} LC_ALL={1} {2}")
    @MethodSource("fileCases")
    void filesMatchGnuWc(String flags, String locale, String paradigm) throws Exception {
        StringBuilder args = new StringBuilder(flags);
        for (Path p : corpus) {
            args.append(" '").append(p).append("'");
        }
        args.append(" '").append(dir.resolve("missing")).append("' '").append(dir).append("'");
        compare("wc " + args, "$XMMAP wc --paradigm=" + paradigm + " " + args, locale);
        // One file, one count: GNU's unpadded form.
        compare("wc " + flags + " < '" + corpus.get(4) + "'", "$XMMAP wc --paradigm=" + paradigm + " " + flags
                + " < '" + corpus.get(4) + "'", locale);
    }

    static Stream<Arguments> pipeCases() {
        List<Arguments> out = new ArrayList<>();
        for (String flags : List.of("", "-m", "-lwmcL")) {
            for (String locale : List.of("C", "C.UTF-8")) {
                for (String paradigm : List.of("mapped", "read")) {
                    for (String file : List.of("long-line", "straddle", "invalid-utf8")) {
                        out.add(Arguments.of(flags, locale, paradigm, file));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "pipe {3} | wc {0} LC_ALL={1} {2}")
    @MethodSource("pipeCases")
    void pipesMatchGnuWc(String flags, String locale, String paradigm, String file) throws Exception {
        String src = "cat '" + dir.resolve(file) + "' | ";
        compare(src + "wc " + flags, src + "$XMMAP wc --paradigm=" + paradigm + " " + flags, locale);
        compare(src + "wc " + flags + " - ", src + "$XMMAP wc --paradigm=" + paradigm + " " + flags + " -", locale);
    }

    private static void compare(String gnu, String ours, String locale) throws Exception {
        io.xmmap.examples.Corpus.compare(gnu, ours, locale);
    }
}
