package io.xmmap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of an {@link AccessParadigms} run: kept as CSV (every timed trial, with the run's
 * command, machine and corpus size as {@code #} lines, so that tables and charts can be drawn
 * again without measuring again), turned into the Markdown section of results.md and into one
 * chart per task (throughput by paradigm and source). Medians over all timed trials of all
 * passes; ratios are medians of the paradigm over medians of {@code read-write}, same source and
 * task, same run. Stateless.
 */
final class ParadigmReport {
    private ParadigmReport() {}

    /**
     * The figures of one paradigm on one source and task: medians over its trials, and the
     * quartiles of its GiB/s (p25..p75), the spread a difference must clear to mean something.
     */
    record Cell(double gibs, double gibsP25, double gibsP75, double userMs, double sysMs, double cpuMs,
                double rssMiB, double addedMiB, int trials) {}

    /** A run read back: its description and its trials. */
    record Run(Map<String, String> meta, List<AccessParadigms.Trial> trials) {
        long bytes() {
            return Long.parseLong(meta.get("bytes"));
        }
    }

    static void writeCsv(Path csv, Map<String, String> meta, List<AccessParadigms.Trial> trials) throws IOException {
        StringBuilder sb = new StringBuilder();
        meta.forEach((k, v) -> sb.append("# ").append(k).append(": ")
                .append(v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")).append('\n'));
        sb.append(HEADER).append('\n');
        for (AccessParadigms.Trial t : trials) {
            sb.append(String.join(",", t.paradigm(), t.source(), t.task(), Integer.toString(t.pass()),
                    Long.toString(t.nanos()), Long.toString(t.userMicros()), Long.toString(t.sysMicros()),
                    Long.toString(t.peakRssKiB()), Long.toString(t.startRssKiB()))).append('\n');
        }
        Files.createDirectories(csv.toAbsolutePath().getParent());
        Files.writeString(csv, sb);
    }

    /**
     * Reads what {@link #writeCsv} wrote. A file of another layout (an older version's, a cut-off
     * one) is refused with the line that does not fit: a report drawn from half-read data would
     * be wrong without saying so.
     */
    static Run readCsv(Path csv) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        List<AccessParadigms.Trial> trials = new ArrayList<>();
        boolean header = false;
        int n = 0;
        for (String l : Files.readString(csv).split("\n", -1)) {
            n++;
            if (l.startsWith("# ") && !header && l.indexOf(": ") > 2) {
                int c = l.indexOf(": ");
                meta.put(l.substring(2, c), unescape(l.substring(c + 2)));
            } else if (l.equals(HEADER) && !header) {
                header = true;
            } else if (!l.isEmpty()) {
                String[] f = l.split(",", -1);
                if (!header || f.length != 9) {
                    throw new IOException(csv + ":" + n + ": not a trial of " + HEADER + " (rerun ./xmmap bench): " + l);
                }
                try {
                    trials.add(new AccessParadigms.Trial(f[0], f[1], f[2], Integer.parseInt(f[3]), Long.parseLong(f[4]),
                            Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8])));
                } catch (NumberFormatException e) {
                    throw new IOException(csv + ":" + n + ": " + e.getMessage() + ": " + l, e);
                }
            }
        }
        if (!header || trials.isEmpty() || !meta.containsKey("bytes")) {
            throw new IOException(csv + ": no " + (header ? "trials or corpus size" : "header " + HEADER) + " (rerun ./xmmap bench)");
        }
        return new Run(meta, trials);
    }

    static final String HEADER = "paradigm,source,task,pass,nanos,user_us,sys_us,peak_rss_kib,start_rss_kib";

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = switch (s.charAt(++i)) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> s.charAt(i);
                };
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** The cell of (paradigm, source, task), or null when it was not measured. */
    static Cell cell(Run run, String paradigm, String source, String task) {
        List<AccessParadigms.Trial> ts = run.trials().stream()
                .filter(t -> t.paradigm().equals(paradigm) && t.source().equals(source) && t.task().equals(task)).toList();
        if (ts.isEmpty()) {
            return null;
        }
        double[] gibs = ts.stream().mapToDouble(t -> run.bytes() / (t.nanos() * 1e-9) / (1L << 30)).toArray();
        return new Cell(median(gibs), quantile(gibs, 0.25), quantile(gibs, 0.75),
                median(ts.stream().mapToDouble(t -> t.userMicros() / 1e3).toArray()),
                median(ts.stream().mapToDouble(t -> t.sysMicros() / 1e3).toArray()),
                median(ts.stream().mapToDouble(t -> (t.userMicros() + t.sysMicros()) / 1e3).toArray()),
                median(ts.stream().mapToDouble(t -> t.peakRssKiB() / 1024.0).toArray()),
                median(ts.stream().mapToDouble(t -> (t.peakRssKiB() - t.startRssKiB()) / 1024.0).toArray()), ts.size());
    }

    static double median(double[] v) {
        return quantile(v, 0.5);
    }

    /** The {@code q} quantile of {@code v}, linear between the two nearest values (the median of an even count is their mean). */
    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (s[hi] - s[lo]) * (pos - lo);
    }

    private static final Map<String, String> TASK_NAMES = Map.of(
            "copy", "copy to /dev/null", "lines", "count lines", "find", "count lines holding \"" + ParadigmTasks.NEEDLE_TEXT + "\"");

    static String markdown(Run run, String chartBase) {
        Map<String, String> m = run.meta();
        StringBuilder sb = new StringBuilder("### Access paradigms: file, pipe, socket × copy, lines, find\n\n");
        sb.append("Command: `").append(m.get("command")).append("`\n\n").append(m.get("machine")).append('\n');
        sb.append("- corpus: ").append(mib(run.bytes())).append(" of ~80-byte log lines")
                .append(m.containsKey("filesystem") ? " in a file on " + m.get("filesystem") : "").append("; ")
                .append(m.get("trials")).append("\n");
        sb.append("- every trial's count checked against GNU `wc -l` / `grep -c -F`; a reader JVM per paradigm and pass; ")
                .append("pipe and socket fed by `file-writer` (splice / sendfile from the page cache, its own process)\n");
        sb.append("- GiB/s: median of the trials' GiB/s (corpus size / wall time); CPU: median user and system time of the reader process ")
                .append("(`getrusage`, all its threads); RSS: median peak resident set of the reader during the task ")
                .append("(`VmHWM` reset before it; a JVM's own footprint included; mapped file pages count as resident), ")
                .append("and what the task added to the resident set it started with (added MiB; no ratio: ")
                .append("the baseline adds next to nothing)\n");
        sb.append("- timed: the paradigm's whole use of the source, from opening it its own way to closing what it opened; ")
                .append("p25..p75: the middle half of the trials' GiB/s: a difference inside it is not a difference\n");
        sb.append("- ×: the figure over `read-write`'s (FFM `read(2)`/`write(2)`), same source and task, same run; ")
                .append("throughput × above 1 is faster, CPU and RSS × below 1 use less; the buffered paradigms read ")
                .append(Paradigms.BUFFER >> 10).append(" KiB at a time, as xmmap's feed does\n");
        sb.append("- ").append(MAPPED_COPY).append(": /dev/null's `write` reads nothing, so a mapped file's copy cells ")
                .append("measure mapping it (and, for xmmap, populating its page tables), not moving its bytes\n");
        sb.append("- charts (below): ").append(chartBase).append("-{copy,lines,find}.svg (.png)\n\n");
        List<String> sources = present(run, TrialSource.KINDS, true);
        List<String> paradigms = present(run, Paradigms.ALL, false);

        sb.append("Throughput, GiB/s (× read-write):\n\n| paradigm |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (String s : sources) {
            for (String t : Paradigms.TASKS) {
                sb.append(' ').append(s).append(' ').append(t).append(" |");
                rule.append(" ---: |");
            }
        }
        sb.append('\n').append(rule).append('\n');
        for (String p : paradigms) {
            sb.append("| ").append(p).append(" |");
            for (String s : sources) {
                for (String t : Paradigms.TASKS) {
                    Cell c = cell(run, p, s, t);
                    Cell b = cell(run, Paradigms.BASELINE, s, t);
                    sb.append(c == null ? " — |" : String.format(Locale.ROOT, " %.2f (%s)%s |", c.gibs(),
                            ratio(c.gibs(), b == null ? 0 : b.gibs()), mappedCopy(p, s, t) ? " " + MAPPED_COPY : ""));
                }
            }
            sb.append('\n');
        }
        sb.append("\nCPU time and memory, per source and task:\n\n")
                .append("| source | task | paradigm | GiB/s | p25..p75 | × | user ms | × | sys ms | × | CPU × | peak RSS MiB | × | added MiB |\n")
                .append("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (String s : sources) {
            for (String t : Paradigms.TASKS) {
                Cell b = cell(run, Paradigms.BASELINE, s, t);
                for (String p : paradigms) {
                    Cell c = cell(run, p, s, t);
                    if (c == null) {
                        continue;
                    }
                    Cell base = b == null ? new Cell(0, 0, 0, 0, 0, 0, 0, 0, 0) : b;
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f%s | %.2f..%.2f | %s | %.0f | %s | %.0f | %s | %s | %.0f | %s | %.0f |%n",
                            s, TASK_NAMES.get(t), p, c.gibs(), mappedCopy(p, s, t) ? " " + MAPPED_COPY : "", c.gibsP25(), c.gibsP75(),
                            ratio(c.gibs(), base.gibs()), c.userMs(), cpuRatio(c.userMs(), base.userMs()), c.sysMs(),
                            cpuRatio(c.sysMs(), base.sysMs()), cpuRatio(c.cpuMs(), base.cpuMs()), c.rssMiB(), ratio(c.rssMiB(), base.rssMiB()),
                            c.addedMiB()));
                }
            }
        }
        sb.append('\n');
        for (String t : Paradigms.TASKS) {
            sb.append("[![").append(TASK_NAMES.get(t).replace("\"", "")).append(": throughput by paradigm and source](")
                    .append(chartBase).append('-').append(t).append(".png)](").append(chartBase).append('-').append(t).append(".svg)\n");
        }
        return sb.toString();
    }

    /** One chart per task: paradigms along x, one bar per source. */
    static void charts(Run run, Path base) throws IOException {
        List<String> sources = present(run, TrialSource.KINDS, true);
        List<String> paradigms = present(run, Paradigms.ALL, false);
        for (String t : Paradigms.TASKS) {
            double[][] v = new double[paradigms.size()][sources.size()];
            for (int g = 0; g < paradigms.size(); g++) {
                for (int s = 0; s < sources.size(); s++) {
                    Cell c = cell(run, paradigms.get(g), sources.get(s), t);
                    v[g][s] = c == null ? Double.NaN : c.gibs();
                }
            }
            boolean marked = paradigms.stream().anyMatch(p -> sources.contains("file") && mappedCopy(p, "file", t));
            Charts.groupedBars(Path.of(base + "-" + t), "Task: " + TASK_NAMES.get(t) + " (" + mib(run.bytes())
                            + " of text) — throughput by paradigm and source",
                    "GiB/s, median (log scale; higher is faster)", paradigms, sources, v,
                    marked ? "file bars of nio-map and xmmap: /dev/null's write reads nothing, so they measure "
                            + "mapping the file, not moving its bytes" : "");
        }
    }

    /** The mark of the cells where a mapped file is "copied" to /dev/null, which reads nothing. */
    static final String MAPPED_COPY = "†";

    /** Whether (paradigm, source, task) is a mapped file written to /dev/null: no byte of it is read. */
    static boolean mappedCopy(String paradigm, String source, String task) {
        return task.equals("copy") && source.equals("file") && (paradigm.equals("nio-map") || paradigm.startsWith("xmmap-"));
    }

    private static List<String> present(Run run, List<String> order, boolean sources) {
        return order.stream().filter(x -> run.trials().stream().anyMatch(t -> (sources ? t.source() : t.paradigm()).equals(x))).toList();
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    /** {@code v / base}, or "—" when the baseline is not there (or not positive). */
    private static String ratio(double v, double base) {
        return base > 0 && v >= 0 ? String.format(Locale.ROOT, "%.2f", v / base) : "—";
    }

    /** A ratio of CPU times: "—" against a baseline under half a millisecond, where it means nothing. */
    private static String cpuRatio(double ms, double baseMs) {
        return baseMs >= 0.5 ? ratio(ms, baseMs) : "—";
    }
}
