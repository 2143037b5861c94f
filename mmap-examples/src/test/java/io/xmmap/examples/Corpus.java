package io.xmmap.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The differential-test corpus of the text tools, and the runner that compares a GNU command with
 * ours byte for byte (stdout, stderr, exit status; {@code $XMMAP} is our launcher): empty input,
 * no trailing newline, CRLF, NUL and control bytes, invalid and multibyte UTF-8 (2-6 byte forms,
 * overlongs, surrogates, truncated), non-breaking and wide spaces, a 5 MiB line longer than any
 * window, 100k short lines, random bytes, multibyte characters straddling every window boundary.
 */
public final class Corpus {
    private Corpus() {}

    /** Writes the corpus into {@code dir}; returns the files in a fixed order. */
    public static List<Path> create(Path dir) throws IOException {
        List<Path> corpus = new ArrayList<>();
        Random r = new Random(2026);
        add(dir, corpus, "empty", new byte[0]);
        add(dir, corpus, "no-newline", "one two\tthree".getBytes(StandardCharsets.UTF_8));
        add(dir, corpus, "crlf", "a b\r\nc  d\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        add(dir, corpus, "controls", new byte[] {'a', 0, 'b', ' ', 1, ' ', 0x1b, 'c', 0x0b, 'd', '\f', 'e', '\r', 0x7f, '\n'});
        add(dir, corpus, "utf8", ("héllo wörld — 中文 text\u00a0nbsp\u2007fig\u3000wide\u200bzw\u2060wj e\u0301 😀\n"
                + "\u2028ls\u0085nel\ttab\n").getBytes(StandardCharsets.UTF_8));
        add(dir, corpus, "invalid-utf8", new byte[] {'a', (byte) 0x80, 'b', ' ', (byte) 0xc0, (byte) 0xaf, ' ', (byte) 0xed,
                (byte) 0xa0, (byte) 0x80, ' ', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, ' ', (byte) 0xf8,
                (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80, ' ', (byte) 0xfe, ' ', (byte) 0xe4, (byte) 0xb8,
                '\n', (byte) 0xe4, (byte) 0xb8});
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            lines.append(i % 7 == 0 ? "" : "w" + i + (i % 3 == 0 ? " x" : "")).append('\n');
        }
        add(dir, corpus, "100k-lines", lines.toString().getBytes(StandardCharsets.UTF_8));
        byte[] longLine = new byte[5 << 20];
        String alphabet = "abc def\tghé中😀 ";
        byte[] pieces = alphabet.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < longLine.length; i++) {
            longLine[i] = pieces[r.nextInt(pieces.length)];
        }
        add(dir, corpus, "long-line", longLine);
        byte[] random = new byte[3 << 20];
        r.nextBytes(random);
        add(dir, corpus, "random-bytes", random);
        // Multibyte characters that straddle every window and buffer boundary.
        byte[] wide = "中".repeat(3 << 20 / 3 + 1).getBytes(StandardCharsets.UTF_8);
        add(dir, corpus, "straddle", wide);
        return corpus;
    }

    private static void add(Path dir, List<Path> corpus, String name, byte[] content) throws IOException {
        corpus.add(Files.write(dir.resolve(name), content));
    }

    public static void compare(String gnu, String ours, String locale) throws Exception {
        String[] want = sh(gnu, locale);
        String[] got = sh(ours, locale);
        assertEquals(want[0], got[0], "stdout of: " + ours);
        assertEquals(want[1], got[1], "stderr of: " + ours);
        assertEquals(want[2], got[2], "exit status of: " + ours);
    }

    public static String[] sh(String script, String locale) throws IOException, InterruptedException {
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
