package io.xmmap.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ported tools run as a user runs them: whole processes (JVM start-up included, through the
 * {@code ./xmmap} launcher), on a log-like text file in the page cache and through a pipe from the
 * same producer ({@code cat FILE |}), against GNU coreutils/grep and against the tool's own
 * {@code --paradigm=read} twin. Everything runs under {@code LC_ALL=C}.
 *
 * <p>Each round runs every (task, source) with the three implementations in a rotating order;
 * a ratio is taken within a round (the machine is shared and noisy) and the table reports the
 * median over rounds. Every output is compared with GNU's; a mismatch fails the run.
 */
final class ToolRunsVsGnu {
    /** A task: the GNU command line and the xmmap one (same arguments), then the input. */
    record Task(String name, String tool, List<String> args, boolean toDevNull) {}

    static final List<Task> TASKS = List.of(
            new Task("wc -l", "wc", List.of("-l"), false),
            new Task("wc -w", "wc", List.of("-w"), false),
            new Task("grep -c -F", "grep", List.of("-c", "-F", "ERROR"), false),
            new Task("grep -c -E", "grep", List.of("-c", "-E", "ERROR .*timed out after [0-9]+ ms"), false),
            new Task("cat > /dev/null", "cat", List.of(), true));
    static final List<String> IMPLS = List.of("gnu", "xmmap", "xmmap-read");
    static final List<String> SOURCES = List.of("file", "file-copy", "pipe");

    private final Path xmmap;
    private final Path dir;
    private final int rounds;

    ToolRunsVsGnu(Path xmmap, Path dir, int rounds) {
        this.xmmap = xmmap;
        this.dir = dir;
        this.rounds = rounds;
    }

    /** Seconds per run: key "size|task|source|impl", one value per round. */
    Map<String, double[]> run(List<Long> sizes, Progress progress) throws IOException, InterruptedException {
        Map<String, double[]> secs = new LinkedHashMap<>();
        sh("'" + xmmap + "' wc -l /dev/null"); // builds the tools and their start-up cache, unmeasured
        for (long size : sizes) {
            Path corpus = dir.resolve("corpus-" + size + ".log");
            try {
                // Phase 1: the page cache as the writer left it (32 MiB writes: ext4 keeps large folios).
                writeCorpus(corpus, size);
                sh("cat '" + corpus + "' > /dev/null");
                pmdShare.put(size + "|file", pmdMappedShare(corpus));
                rounds(secs, size, corpus, List.of("file", "pipe"), progress);
                // Phase 2: a copy written by cat (128 KiB writes: small folios, one entry per 4 KiB).
                Path copy = dir.resolve("copy-" + size + ".log");
                try {
                    sh("cat '" + corpus + "' > '" + copy + "'");
                    Files.delete(corpus);
                    Files.move(copy, corpus);
                    pmdShare.put(size + "|file-copy", pmdMappedShare(corpus));
                    rounds(secs, size, corpus, List.of("file-copy"), progress);
                } finally {
                    Files.deleteIfExists(copy);
                }
            } finally {
                Files.deleteIfExists(corpus);
            }
        }
        return secs;
    }

    /** Share of the corpus mapped with 2 MiB entries when mapped, per "size|source". */
    final Map<String, Double> pmdShare = new LinkedHashMap<>();

    private void rounds(Map<String, double[]> secs, long size, Path corpus, List<String> sources, Progress progress)
            throws IOException, InterruptedException {
        for (int r = 0; r < rounds; r++) {
            for (Task t : TASKS) {
                for (String source : sources) {
                    String want = null;
                    for (int k = 0; k < IMPLS.size(); k++) {
                        String impl = IMPLS.get((k + r) % IMPLS.size());
                        progress.advance("tools", String.format(java.util.Locale.ROOT, "%s %s %s %s (round %d/%d)",
                                human(size), t.name, source, impl, r + 1, rounds));
                        Path out = dir.resolve("out");
                        long t0 = System.nanoTime();
                        sh(command(t, source, impl, corpus, out));
                        double s = (System.nanoTime() - t0) / 1e9;
                        secs.computeIfAbsent(size + "|" + t.name + "|" + source + "|" + impl,
                                x -> new double[rounds])[r] = s;
                        String got = t.toDevNull ? "" : Files.readString(out, StandardCharsets.ISO_8859_1);
                        if (want == null) {
                            want = got;
                        } else if (!want.equals(got)) {
                            throw new IllegalStateException(t.name + " " + source + " " + impl
                                    + ": output differs from the others: " + got + " vs " + want);
                        }
                    }
                }
            }
        }
    }

    /**
     * Maps the file (as the tools do), fills its page tables and reads FilePmdMapped from
     * /proc/self/smaps_rollup: how much of it the page cache holds in 2 MiB folios, which map
     * with one entry each instead of 512. The mapping cost of a file depends on it.
     */
    static double pmdMappedShare(Path file) throws IOException {
        try (var m = io.xmmap.Xmmap.open(file, io.xmmap.Memory.RETAIN_ALL)) {
            long before = pmdKiB();
            for (long pos = 0; pos < m.size(); pos += 64L << 20) {
                m.window(pos, 64L << 20); // a window fills the page tables under it
            }
            return (pmdKiB() - before) * 1024.0 / Math.max(1, m.size());
        }
    }

    private static long pmdKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps_rollup"))) {
            if (line.startsWith("FilePmdMapped:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private String command(Task t, String source, String impl, Path corpus, Path out) {
        StringBuilder c = new StringBuilder();
        if (source.equals("pipe")) {
            c.append("cat '").append(corpus).append("' | ");
        }
        c.append(impl.equals("gnu") ? t.tool : "'" + xmmap + "' " + t.tool);
        if (impl.equals("xmmap-read")) {
            c.append(" --paradigm=read");
        }
        for (String a : t.args) {
            c.append(" '").append(a).append('\'');
        }
        if (source.startsWith("file")) {
            c.append(" '").append(corpus).append('\'');
        }
        // Not /dev/null for counts: GNU grep (and xmmap grep) stop at the first match there.
        c.append(t.toDevNull ? " > /dev/null" : " > '" + out + "'");
        return c.toString();
    }

    /** Runs a pipeline under bash -o pipefail; grep's status 1 (nothing selected) is a success. */
    static void sh(String command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-o", "pipefail", "-c", command);
        pb.environment().put("LC_ALL", "C");
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        int rc = pb.start().waitFor();
        if (rc > 1 || rc == 1 && !command.contains("grep")) {
            throw new IOException("failed (" + rc + "): " + command);
        }
    }

    /**
     * Log lines, ~80 bytes each: a time stamp, a level (INFO 90%, WARN 8%, ERROR 2%), a worker and
     * one of a few messages with numbers; a third of the ERROR lines are time-outs. A 32 MiB
     * block is generated and repeated up to {@code size} bytes (cut at a line end).
     */
    static void writeCorpus(Path file, long size) throws IOException {
        SplittableRandom r = new SplittableRandom(2026);
        StringBuilder sb = new StringBuilder(33 << 20);
        String[] words = {"request", "cache", "session", "upload", "index", "query", "shard", "lease"};
        while (sb.length() < (32 << 20)) {
            int p = r.nextInt(100);
            String level = p < 2 ? "ERROR" : p < 10 ? "WARN " : "INFO ";
            sb.append(String.format(java.util.Locale.ROOT, "2026-11-%02d %02d:%02d:%02d.%03d %s worker-%d ", 1 + r.nextInt(28),
                    r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1000), level, r.nextInt(16)));
            String w = words[r.nextInt(words.length)];
            if (p < 2 && r.nextInt(3) == 0) {
                sb.append(w).append(' ').append(r.nextInt(100000)).append(" timed out after ")
                        .append(100 + r.nextInt(9900)).append(" ms");
            } else {
                sb.append("handled ").append(w).append(' ').append(r.nextInt(100000)).append(" in ")
                        .append(r.nextInt(500)).append(" ms");
            }
            sb.append('\n');
        }
        byte[] block = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        try (OutputStream o = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(block.length, left);
                if (n < block.length) {
                    int cut = n;
                    while (cut > 0 && block[cut - 1] != '\n') {
                        cut--;
                    }
                    n = cut > 0 ? cut : n;
                    left = n;
                }
                o.write(block, 0, n);
                left -= n;
            }
        }
    }

    /** The Markdown table: seconds (median) and ratios (median of per-round ratios). */
    static String table(Map<String, double[]> secs, List<Long> sizes, int rounds, String command,
                        Map<String, Double> pmdShare) {
        StringBuilder sb = new StringBuilder("### Tools, whole process, vs GNU and the read twin\n\n");
        sb.append("Command: `").append(command).append("` (").append(rounds).append(" rounds; LC_ALL=C; ")
                .append("JVM start-up included, through the `./xmmap` launcher; pipe = `cat FILE | tool`; ")
                .append("file in the page cache).\n\n");
        sb.append(Machine.describe().markdown()).append('\n');
        sb.append("Sources: *file* = the corpus in the page cache as its writer left it (written in 32 MiB "
                + "writes); *file, cat copy* = a copy of it written by `cat` (128 KiB writes), in the page cache "
                + "as `cat` left it; *pipe* = `cat FILE | tool`. How much of the file the page cache held "
                + "in 2 MiB folios (mapped with one page-table entry instead of 512) decides what mapping "
                + "it costs:");
        for (var e : pmdShare.entrySet()) {
            String[] k = e.getKey().split("\\|");
            sb.append(String.format(java.util.Locale.ROOT, " %s %s %.0f%%;", human(Long.parseLong(k[0])), k[1].equals("file") ? "file" : "cat copy",
                    100 * e.getValue()));
        }
        sb.setLength(sb.length() - (pmdShare.isEmpty() ? 0 : 1));
        sb.append(".\n\n");
        sb.append("Speed-up = GNU time / xmmap time (> 1: xmmap faster); mapped/read = read-twin time / "
                + "mapped time (> 1: the mapped paradigm is faster). Medians of per-round ratios.\n\n");
        sb.append("| size | task | source | GNU s | xmmap s | read twin s | speed-up vs GNU | mapped/read |\n");
        sb.append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (long size : sizes) {
            for (Task t : TASKS) {
                for (String source : SOURCES) {
                    String k = size + "|" + t.name + "|" + source + "|";
                    double[] gnu = secs.get(k + "gnu"), map = secs.get(k + "xmmap"), read = secs.get(k + "xmmap-read");
                    if (gnu == null) {
                        continue;
                    }
                    sb.append(String.format(java.util.Locale.ROOT, "| %s | `%s` | %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", human(size),
                            t.name, source.equals("file-copy") ? "file, cat copy" : source, PipeIngestThroughput.median(gnu), PipeIngestThroughput.median(map),
                            PipeIngestThroughput.median(read), medianRatio(gnu, map), medianRatio(read, map)));
                }
            }
        }
        return sb.toString();
    }

    static double medianRatio(double[] num, double[] den) {
        double[] r = new double[num.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = num[i] / den[i];
        }
        return PipeIngestThroughput.median(r);
    }

    static String human(long size) {
        return size % (1L << 30) == 0 ? (size >> 30) + " GiB" : (size >> 20) + " MiB";
    }
}
