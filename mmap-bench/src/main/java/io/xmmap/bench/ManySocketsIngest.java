package io.xmmap.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Many concurrent loopback TCP connections served by one thread: 1,000 mapped sockets in one
 * {@code StreamSet} vs 1,000 {@code SocketChannel}s under an NIO {@code Selector}, same C sender
 * ({@code tcp-fanout}), same run. Each run is a fresh JVM ({@link ManySocketsReader}) so that the
 * memory measured is the mechanism's alone; rounds alternate the order; throughput ratios are
 * medians of per-round ratios to {@code nio-selector}.
 */
final class ManySocketsIngest {
    static final List<String> MECHANISMS = List.of("nio-selector", "nio-selector-shared", "xmmap-streamset");
    private static final String BASELINE = "nio-selector";
    /** The children's young generation: small, so that garbage does not show as resident memory. */
    private static final int YOUNG_MIB = 8;

    /**
     * One run's line from the child: bytes, stream seconds (go to last EOF), setup seconds (accept
     * and set up all, no bytes flowing), Pss growth, live heap growth, VmHWM, threads.
     */
    record Run(long bytes, double streamSeconds, double setupSeconds, long pssGrowth, long heapGrowth, long hwm, int threads) {
        /** Setup and streaming together. */
        double gibPerSecond() {
            return bytes / (streamSeconds + setupSeconds) / (1L << 30);
        }

        /** Throughput once every connection is accepted and set up. */
        double streamingGibPerSecond() {
            return bytes / streamSeconds / (1L << 30);
        }

        static Run parse(String line) {
            String[] f = line.trim().split("\\s+");
            return new Run(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), Integer.parseInt(f[6]));
        }
    }

    private final int connections;
    private final long bytesEach;
    private final int rounds;
    private final Path fanout;

    ManySocketsIngest(int connections, long bytesEach, int rounds) throws IOException, InterruptedException {
        this.connections = connections;
        this.bytesEach = bytesEach;
        this.rounds = rounds;
        this.fanout = NativeTools.program("tcp-fanout");
    }

    /** Runs per mechanism, in round order (one untimed warm-up run of each first). */
    Map<String, List<Run>> run() throws Exception {
        Map<String, List<Run>> out = new LinkedHashMap<>();
        for (String m : MECHANISMS) {
            out.put(m, new ArrayList<>());
            once(m); // page cache of the programs, the kernel's socket caches
        }
        for (int r = 0; r < rounds; r++) {
            List<String> order = new ArrayList<>(MECHANISMS);
            if (r % 2 == 1) {
                Collections.reverse(order);
            }
            for (String m : order) {
                Run run = once(m);
                out.get(m).add(run);
                System.err.printf("  round %d/%d  %-20s %6.2f GiB/s  Pss +%d MiB  peak RSS %d MiB%n", r + 1, rounds, m,
                        run.gibPerSecond(), run.pssGrowth() >> 20, run.hwm() >> 20);
            }
        }
        return out;
    }

    private Run once(String mechanism) throws IOException, InterruptedException {
        List<String> cmd = NativeTools.javaCommand(ManySocketsReader.class, "-Xmn" + YOUNG_MIB + "m");
        cmd.addAll(List.of(mechanism, String.valueOf(connections), String.valueOf(bytesEach), fanout.toString()));
        return Run.parse(NativeTools.output(new ProcessBuilder(cmd), 5, mechanism + " run"));
    }

    static String table(Map<String, List<Run>> runs, int connections, long bytesEach, int rounds, String command) {
        StringBuilder sb = new StringBuilder("### ManySocketsIngest\n\nCommand: `" + command + "` (" + connections
                + " concurrent loopback TCP connections x " + (bytesEach >> 10) + " KiB each, one thread serving all, "
                + rounds + " rounds, a fresh JVM per run; one C sender, `tcp-fanout`, writing to all).\n\n");
        sb.append(Machine.describe().markdown()).append('\n');
        sb.append("| mechanism | GiB/s, all (median) | ratio to nio-selector | GiB/s after setup | ratio "
                + "| setup ms (accept + map/register all) | memory growth, Pss MiB | of it live heap MiB | peak RSS MiB | threads |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        double[] base = gib(runs.get(BASELINE), false);
        double[] baseStreaming = gib(runs.get(BASELINE), true);
        runs.forEach((m, list) -> sb.append(String.format(java.util.Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.0f | %.1f | %.1f | %.0f | %d |%n", m,
                PipeIngestThroughput.median(gib(list, false)), ToolRunsVsGnu.medianRatio(gib(list, false), base),
                PipeIngestThroughput.median(gib(list, true)), ToolRunsVsGnu.medianRatio(gib(list, true), baseStreaming),
                PipeIngestThroughput.median(list.stream().mapToDouble(r -> r.setupSeconds() * 1000).toArray()),
                PipeIngestThroughput.median(list.stream().mapToDouble(r -> r.pssGrowth() / 1048576.0).toArray()),
                PipeIngestThroughput.median(list.stream().mapToDouble(r -> r.heapGrowth() / 1048576.0).toArray()),
                PipeIngestThroughput.median(list.stream().mapToDouble(r -> r.hwm() / 1048576.0).toArray()),
                list.get(list.size() - 1).threads())));
        sb.append("\nSetup: accepting and mapping (or registering) every connection, no bytes flowing (the sender "
                + "waits for a go). GiB/s after setup: from the go to the last EOF; all: setup included. Memory growth: "
                + "proportional set size with every connection open and set up, minus before the listen, each after a "
                + "full GC, young generation " + YOUNG_MIB + " MiB (-Xmn) in every run; a ring's two views of one page "
                + "count once (peak RSS counts them twice). Threads: the whole JVM's. Medians over the rounds. Rings "
                + "and per-connection buffers are " + (ManySocketsReader.BUFFER >> 10) + " KiB each; kernel socket "
                + "buffers are not in these figures (the same for all).\n");
        return sb.toString();
    }

    private static double[] gib(List<Run> runs, boolean afterSetup) {
        return runs.stream().mapToDouble(afterSetup ? Run::streamingGibPerSecond : Run::gibPerSecond).toArray();
    }
}
