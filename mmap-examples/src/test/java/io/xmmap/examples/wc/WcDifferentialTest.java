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
        Random r = new Random(2026);
        add("empty", new byte[0]);
        add("no-newline", "one two\tthree".getBytes(StandardCharsets.UTF_8));
        add("crlf", "a b\r\nc  d\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        add("controls", new byte[] {'a', 0, 'b', ' ', 1, ' ', 0x1b, 'c', 0x0b, 'd', '\f', 'e', '\r', 0x7f, '\n'});
        add("utf8", ("héllo wörld — 中文 text\u00a0nbsp\u2007fig\u3000wide\u200bzw\u2060wj e\u0301 😀\n"
                + "\u2028ls\u0085nel\ttab\n").getBytes(StandardCharsets.UTF_8));
        add("invalid-utf8", new byte[] {'a', (byte) 0x80, 'b', ' ', (byte) 0xc0, (byte) 0xaf, ' ', (byte) 0xed,
                (byte) 0xa0, (byte) 0x80, ' ', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, ' ', (byte) 0xf8,
                (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80, ' ', (byte) 0xfe, ' ', (byte) 0xe4, (byte) 0xb8,
                '\n', (byte) 0xe4, (byte) 0xb8});
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            lines.append(i % 7 == 0 ? "" : "w" + i + (i % 3 == 0 ? " x" : "")).append('\n');
        }
        add("100k-lines", lines.toString().getBytes(StandardCharsets.UTF_8));
        byte[] longLine = new byte[5 << 20];
        String alphabet = "abc def\tghé中😀 ";
        byte[] pieces = alphabet.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < longLine.length; i++) {
            longLine[i] = pieces[r.nextInt(pieces.length)];
        }
        add("long-line", longLine);
        byte[] random = new byte[3 << 20];
        r.nextBytes(random);
        add("random-bytes", random);
        // Multibyte characters that straddle every window and buffer boundary.
        byte[] wide = "中".repeat(3 << 20 / 3 + 1).getBytes(StandardCharsets.UTF_8);
        add("straddle", wide);
    }

    private static void add(String name, byte[] content) throws IOException {
        corpus.add(Files.write(dir.resolve(name), content));
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
        String[] want = sh(gnu, locale);
        String[] got = sh(ours, locale);
        assertEquals(want[0], got[0], "stdout of: " + ours);
        assertEquals(want[1], got[1], "stderr of: " + ours);
        assertEquals(want[2], got[2], "exit status of: " + ours);
    }

    private static String[] sh(String script, String locale) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script);
        pb.environment().put("XMMAP", java + " --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -cp "
                + System.getProperty("java.class.path") + " io.xmmap.examples.Main");
        pb.environment().put("LC_ALL", locale);
        Process p = pb.start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + script);
        }
        t.join();
        return new String[] {out, err.toString(StandardCharsets.ISO_8859_1), String.valueOf(p.exitValue())};
    }
}
