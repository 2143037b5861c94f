package io.xmmap.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed article's ladder (002_af09de8c75587b06.txt): one writer process and one reader process
 * on a pipe, each rung adding a technique, in Java with the library ({@link LadderWriter},
 * {@link LadderReader}) beside C programs of this project doing the same ({@code ladder-write},
 * {@code ladder-read}), same run, alternating order. Also the C writer as the article wrote it
 * ({@code --article}: no reuse rule, the same bytes sent again without refilling), to show what
 * the rule costs. GiB/s timed inside the reader over the last three quarters of the bytes.
 * <pre>
 *   1 write / read            3 vmsplice / splice      5 + busy loop
 *   2 vmsplice / read         4 + huge pages
 * </pre>
 */
final class PipeLadder {
    static final List<String> RUNGS = List.of("write / read", "vmsplice / read", "vmsplice / splice",
            "+ huge pages", "+ busy loop");
    static final List<String> IMPLS = List.of("c", "java", "c-article");

    private final long bytes;
    private final int rounds;
    private final Path writer;
    private final Path reader;

    private Progress progress;
    private double workPerByte;

    PipeLadder(long bytes, int rounds) throws IOException, InterruptedException {
        this.bytes = bytes;
        this.rounds = rounds;
        this.writer = NativeTools.program("ladder-write");
        this.reader = NativeTools.program("ladder-read");
    }

    /** Trials {@link #run} makes: one untimed and {@code rounds} timed per rung and implementation. */
    int plannedTrials() {
        return RUNGS.size() * IMPLS.size() * (1 + rounds);
    }

    /** Bytes {@link #run} moves through pipes, warm-ups included: its work, for a progress display. */
    long plannedBytes() {
        long n = 0;
        for (int rung = 1; rung <= RUNGS.size(); rung++) {
            n += IMPLS.size() * (warmUpBytes(rung) + rounds * bytesFor(rung));
        }
        return n;
    }

    /**
     * Reports each trial to {@code p} instead of printing a line per trial, as {@code workPerByte}
     * units of work per byte it moves.
     */
    PipeLadder progress(Progress p, double workPerByte) {
        this.progress = p;
        this.workPerByte = workPerByte;
        return this;
    }

    private long warmUpBytes(int rung) {
        return Math.max(1 << 20, bytesFor(rung) / 4);
    }

    /** GiB/s per "rung/impl" per round (one untimed pass of each first, at a quarter of the size). */
    Map<String, double[]> run() throws Exception {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int rung = 1; rung <= RUNGS.size(); rung++) {
            for (String impl : IMPLS) {
                out.put(rung + "/" + impl, new double[rounds]);
                if (progress != null) {
                    progress.show("ladder warm-up", "rung " + rung + " " + impl);
                }
                measure(rung, impl, warmUpBytes(rung));
                if (progress != null) {
                    progress.advance("ladder warm-up", "rung " + rung + " " + impl + " done", warmUpBytes(rung) * workPerByte);
                }
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int rung = 1; rung <= RUNGS.size(); rung++) {
                List<String> order = new ArrayList<>(IMPLS);
                Collections.rotate(order, r + rung);
                for (String impl : order) {
                    String round = "ladder round " + (r + 1) + "/" + rounds;
                    if (progress != null) {
                        progress.show(round, String.format(Locale.ROOT, "rung %d %s", rung, impl));
                    }
                    double g = measure(rung, impl, bytesFor(rung));
                    out.get(rung + "/" + impl)[r] = g;
                    String what = String.format(Locale.ROOT, "rung %d %-10s %7.2f GiB/s", rung, impl, g);
                    if (progress != null) {
                        progress.advance(round, what, bytesFor(rung) * workPerByte);
                    } else {
                        System.err.println("  round " + (r + 1) + "/" + rounds + "  " + what);
                    }
                }
            }
        }
        return out;
    }

    private double measure(int rung, String impl, long n) throws Exception {
        String pipeline = switch (impl) {
            case "c" -> NativeTools.q(writer) + " " + rung + " " + n + " | " + NativeTools.q(reader) + " " + rung + " " + skip(n);
            case "c-article" -> NativeTools.q(writer) + " " + rung + " " + n + " --article | " + NativeTools.q(reader) + " "
                    + rung + " " + skip(n);
            case "java" -> sh(NativeTools.javaCommand(LadderWriter.class)) + " " + rung + " " + n + " | "
                    + sh(NativeTools.javaCommand(LadderReader.class)) + " " + rung + " " + skip(n);
            default -> throw new IllegalArgumentException(impl);
        };
        String[] f = NativeTools.output(new ProcessBuilder("sh", "-c", "set -e; " + pipeline), 10,
                "rung " + rung + " " + impl).trim().split("\\s+");
        long got = Long.parseLong(f[0]);
        if (got != n || Long.parseLong(f[1]) != n - skip(n)) {
            throw new IllegalStateException("rung " + rung + " " + impl + ": read " + got + " of " + n + " bytes");
        }
        return Long.parseLong(f[1]) / Double.parseDouble(f[2]) / (1L << 30);
    }

    /**
     * The huge-page rungs run ten times as fast: they move 4x the bytes, so that a run lasts long
     * enough (seconds, not a fraction of one) for the machine's scheduling noise to average out.
     */
    long bytesFor(int rung) {
        return rung >= 4 ? bytes * 4 : bytes;
    }

    private static String sh(List<String> command) {
        return String.join(" ", command.stream().map(NativeTools::q).toList());
    }

    /** The first quarter of each run is not timed: process start-up and the JVM's warm-up. */
    static long skip(long n) {
        return n / 4;
    }

    /** The results.md section; {@code chart} is the chart's path from results.md's folder, without extension. */
    static String table(Map<String, double[]> gibs, long bytes, int rounds, String command, String chart) {
        StringBuilder sb = new StringBuilder("### PipeLadder\n\nCommand: `" + command + "` (" + (bytes >> 20)
                + " MiB per run, 4x that on the huge-page rungs, the last three quarters timed (start-up and JIT warm-up left out, for C and Java alike), x "
                + rounds + " rounds; writer and reader are separate processes on one pipe).\n\n");
        sb.append(Machine.describe().markdown()).append('\n');
        sb.append("| rung | C GiB/s | Java GiB/s | Java/C (median of per-round ratios) | C as the article wrote it (no reuse rule) GiB/s |\n"
                + "| --- | ---: | ---: | ---: | ---: |\n");
        for (int rung = 1; rung <= RUNGS.size(); rung++) {
            double[] c = gibs.get(rung + "/c"), j = gibs.get(rung + "/java"), a = gibs.get(rung + "/c-article");
            sb.append(String.format(Locale.ROOT, "| %d. %s | %.2f | %.2f | %.2f | %.2f |%n", rung, RUNGS.get(rung - 1),
                    PipeIngestThroughput.median(c), PipeIngestThroughput.median(j), ToolRunsVsGnu.medianRatio(j, c),
                    PipeIngestThroughput.median(a)));
        }
        sb.append("\nBoth writers fill every 256 KiB window (a copy of a template, stamped with its sequence number) "
                + "and, from rung 2, keep the reuse rule (a slot's pages are dropped before it is written again: the pipe may still hold them). "
                + "The article's writer sends the same buffer again and again without either. Chart: `" + chart + ".svg` (`.png`).\n\n"
                + "[![the pipe ladder, C beside Java](" + chart + ".png)](" + chart + ".svg)\n");
        return sb.toString();
    }

    static void chart(Map<String, double[]> gibs, Path base) throws IOException {
        double[][] v = new double[RUNGS.size()][IMPLS.size()];
        for (int rung = 1; rung <= RUNGS.size(); rung++) {
            for (int k = 0; k < IMPLS.size(); k++) {
                v[rung - 1][k] = PipeIngestThroughput.median(gibs.get(rung + "/" + IMPLS.get(k)));
            }
        }
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < RUNGS.size(); i++) {
            groups.add((i + 1) + ". " + RUNGS.get(i));
        }
        Charts.groupedBars(base, "Pipe ladder: writer | reader on one pipe (median GiB/s, log scale)", "GiB/s", groups,
                List.of("C (same reuse rule)", "Java (xmmap)", "C as in the article (no reuse rule)"), v, "");
    }
}
