package io.xmmap.bench;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.results.format.ResultFormatType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the JMH benchmarks (JMH's own command-line options apply), keeps JMH's JSON results in a
 * file of this project's ({@code {"command", "machine", "results": [JMH's array]}}), and renders
 * a Markdown table from that file, so that {@code ./xmmap bench} and {@code ./xmmap bench report}
 * fold the last run into the report without running JMH again.
 */
final class JmhReport {
    private JmhReport() {}

    /** Runs JMH, writes {@code json}, returns the table. */
    static String run(String[] args, String command, Path json) throws Exception {
        Path raw = Files.createTempFile("xmmap-jmh", ".json");
        try {
            // Fail on error: a benchmark that throws must stop the run, not leave its rows out quietly.
            var options = new OptionsBuilder().parent(new CommandLineOptions(args)).shouldFailOnError(true)
                    .resultFormat(ResultFormatType.JSON).result(raw.toString()).build();
            new Runner(options).run();
            String text = "{\"command\": " + quote(command) + ", \"machine\": " + quote(Machine.describe().markdown())
                    + ", \"results\": " + Files.readString(raw).strip() + "}\n";
            String table = fromJson(text); // a file that cannot be read back is not kept
            Files.createDirectories(json.toAbsolutePath().getParent());
            Files.writeString(json, text);
            return table;
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    /** The Markdown table of a file written by {@link #run}. */
    @SuppressWarnings("unchecked")
    static String fromJson(String text) {
        Map<String, Object> file = (Map<String, Object>) Json.parse(text);
        StringBuilder sb = new StringBuilder("### JMH microbenchmarks\n\nCommand: `" + file.get("command") + "` (JSON: data/jmh.json)\n\n");
        sb.append(((String) file.get("machine")).strip()).append("\n\n");
        sb.append("Benchmarks whose operation reads `size` bytes (").append(String.join(", ", READS_SIZE))
                .append(") also show GiB/s (size / time per operation); the others have none: `WindowAcquire` hands out ")
                .append("a window of `size` bytes without reading it, `ShortStreamLifecycle` measures a mapping's fixed cost.\n\n");
        sb.append("| benchmark | params | score | error (99.9%) | unit | GiB/s |\n| --- | --- | ---: | ---: | --- | ---: |\n");
        for (Object o : (List<Object>) file.get("results")) {
            Map<String, Object> r = (Map<String, Object>) o;
            String b = (String) r.get("benchmark");
            String name = b.substring(b.lastIndexOf('.', b.lastIndexOf('.') - 1) + 1);
            Map<String, String> params = new TreeMap<>();
            if (r.get("params") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
            }
            Map<String, Object> m = (Map<String, Object>) r.get("primaryMetric");
            double score = number(m.get("score"));
            double error = number(m.get("scoreError"));
            String unit = (String) m.get("scoreUnit");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %s | %s | %s |%n", name, params, score,
                    Double.isNaN(error) ? "—" : String.format(Locale.ROOT, "%.1f", error), unit,
                    READS_SIZE.contains(name.substring(0, name.indexOf('.'))) ? gibPerSecond(params.get("size"), score, unit) : ""));
        }
        return sb.toString();
    }

    /** The benchmarks whose every operation reads all of its {@code size} parameter's bytes. */
    static final List<String> READS_SIZE = List.of("FeederStep", "ScanKernels", "WordKernels");

    private static double number(Object o) {
        return o instanceof Double d ? d : Double.NaN;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }

    /** GiB/s for a benchmark that scans {@code size} ("256KiB", "1GiB") per operation, or "". */
    static String gibPerSecond(String size, double score, String unit) {
        if (size == null || score <= 0) {
            return "";
        }
        double seconds = switch (unit) {
            case "us/op" -> score * 1e-6;
            case "ms/op" -> score * 1e-3;
            case "ns/op" -> score * 1e-9;
            default -> -1;
        };
        if (seconds <= 0) {
            return "";
        }
        long bytes = io.xmmap.internal.mem.Pages.parseSize(size.replace("iB", ""));
        return String.format(Locale.ROOT, "%.1f", bytes / seconds / (1L << 30));
    }
}
