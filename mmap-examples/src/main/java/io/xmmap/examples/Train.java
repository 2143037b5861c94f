package io.xmmap.examples;

import io.xmmap.examples.cat.Cat;
import io.xmmap.examples.grep.Grep;
import io.xmmap.examples.wc.Wc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * {@code xmmap train}: the workload the launcher records once per build into the JDK's AOT cache
 * ({@code -XX:AOTCacheOutput}, JDK 25), so that later runs of the tools start with their classes
 * loaded and linked and their methods profiled. It runs each tool, in both paradigms, over a
 * generated text file and (for {@code wc}) over standard input, which the launcher feeds from a
 * pipe. Output goes to standard output, which the launcher discards through a pipe (not
 * /dev/null, where grep would stop at the first match and train less).
 */
final class Train {
    private Train() {}

    static int run(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("xmmap-train");
        Path text = dir.resolve("text");
        try {
            Files.writeString(text, sample(4 << 20), StandardCharsets.UTF_8);
            String f = text.toString();
            for (String paradigm : new String[] {"--paradigm=mapped", "--paradigm=read"}) {
                Wc.run(new String[] {paradigm, "-l", f});
                Wc.run(new String[] {paradigm, f, f});
                Cat.run(new String[] {paradigm, f});
                Cat.run(new String[] {paradigm, "-n", f});
                Grep.run(new String[] {paradigm, "-c", "-F", "needle", f});
                Grep.run(new String[] {paradigm, "-c", "-E", "ne+dl[a-z]", f});
                Grep.run(new String[] {paradigm, "-n", "-i", "NEEDLE", f});
                Grep.run(new String[] {paradigm, "-v", "-c", "e", f});
            }
            Wc.run(new String[] {"-l"});
            return 0;
        } finally {
            Files.deleteIfExists(text);
            Files.deleteIfExists(dir);
        }
    }

    /** Lines of 1-12 random lower-case words, some of them "needle". */
    private static String sample(int bytes) {
        SplittableRandom r = new SplittableRandom(7);
        StringBuilder sb = new StringBuilder(bytes + 100);
        while (sb.length() < bytes) {
            for (int w = r.nextInt(12); w >= 0; w--) {
                if (r.nextInt(50) == 0) {
                    sb.append("needle");
                } else {
                    for (int c = 1 + r.nextInt(9); c > 0; c--) {
                        sb.append((char) ('a' + r.nextInt(26)));
                    }
                }
                sb.append(w == 0 ? '\n' : ' ');
            }
        }
        return sb.toString();
    }
}
