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
        sb.append("| benchmark | params | score | error (99.9%) | unit |\n| --- | --- | ---: | ---: | --- |\n");
        for (RunResult r : results) {
            var p = r.getParams();
            Map<String, String> params = new TreeMap<>();
            for (String k : p.getParamsKeys()) {
                params.put(k, p.getParam(k));
            }
            var s = r.getPrimaryResult();
            String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
            sb.append(String.format("| %s | %s | %.1f | %.1f | %s |%n", name, params, s.getScore(),
                    s.getScoreError(), s.getScoreUnit()));
        }
        return sb.toString();
    }
}
