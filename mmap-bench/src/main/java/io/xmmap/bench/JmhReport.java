package io.xmmap.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Runs the JMH benchmarks (JMH's own command-line options apply) and renders a Markdown table. */
final class JmhReport {
    private JmhReport() {}

    static String run(String[] args, String command) throws Exception {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        StringBuilder sb = new StringBuilder("### JMH microbenchmarks\n\nCommand: `" + command + "`\n\n");
        sb.append(Machine.describe().markdown()).append('\n');
        sb.append("Benchmarks with a `size` parameter also show GiB/s (size / time per operation).\n\n");
        sb.append("| benchmark | params | score | error (99.9%) | unit | GiB/s |\n| --- | --- | ---: | ---: | --- | ---: |\n");
        for (RunResult r : results) {
            var p = r.getParams();
            Map<String, String> params = new TreeMap<>();
            for (String k : p.getParamsKeys()) {
                params.put(k, p.getParam(k));
            }
            var s = r.getPrimaryResult();
            String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
            sb.append(String.format("| %s | %s | %.1f | %.1f | %s | %s |%n", name, params, s.getScore(),
                    s.getScoreError(), s.getScoreUnit(), gibPerSecond(params.get("size"), s.getScore(), s.getScoreUnit())));
        }
        return sb.toString();
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
        return String.format("%.1f", bytes / seconds / (1L << 30));
    }
}
