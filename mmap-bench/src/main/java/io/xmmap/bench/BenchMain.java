package io.xmmap.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code xmmap bench [--quick] [...]}: the suite ({@link BenchSuite}): access paradigms, the seed
 * ladder, the last JMH run folded in. {@code xmmap bench report}: redraws its tables and charts from data.
 * {@code xmmap bench ingest [--bytes N] [--rounds R] [--mechanisms a,b,..] [--no-write]}: runs
 * {@link PipeIngestThroughput} and writes its table into thesis-notes/results.md.
 * {@code xmmap bench tools [--sizes 1G,4G] [--rounds R] [--quick] [--no-write]}: runs
 * {@link ToolRunsVsGnu} (whole-process wc/grep/cat vs GNU and the read twin) and writes its table.
 * {@code xmmap bench socket [--bytes N] [--rounds R] [--no-write]}: runs
 * {@link SocketIngestThroughput} (loopback TCP, mapped vs a C read loop) and writes its table.
 * {@code xmmap bench many-sockets [--connections N] [--bytes-each N] [--rounds R] [--quick] [--no-write]}: runs
 * {@link ManySocketsIngest} (1,000 mapped sockets on one thread vs an NIO selector) and writes its table.
 * {@code xmmap bench ladder [--bytes N] [--rounds R] [--quick] [--no-write]}: runs {@link PipeLadder}
 * (the seed article's ladder, Java beside C) and writes its table and chart.
 * {@code xmmap bench jmh [--no-write] [JMH options]}: runs the JMH microbenchmarks of this module and writes
 * their table into thesis-notes/results.md.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || (args[0].startsWith("--") && !args[0].equals("--help"))) {
            BenchSuite.main(args);
            return;
        }
        if (args[0].equals("help") || args[0].equals("--help")) {
            System.err.println("usage: " + BenchSuite.USAGE + "\n"
                    + "       xmmap bench report [RESULTS_FILE]\n"
                    + "       xmmap bench all\n"
                    + "       xmmap bench ingest [--bytes N] [--rounds R] [--mechanisms a,b] [--no-write]\n"
                    + "       xmmap bench jmh [--no-write] [JMH options]\n"
                    + "       xmmap bench tools [--sizes 1G,4G] [--rounds R] [--quick] [--no-write]\n"
                    + "       xmmap bench socket [--bytes N] [--rounds R] [--no-write]\n"
                    + "       xmmap bench many-sockets [--connections N] [--bytes-each N] [--rounds R] [--quick] [--no-write]\n"
                    + "       xmmap bench ladder [--bytes N] [--rounds R] [--quick] [--no-write]");
            System.exit(2);
        }
        switch (args[0]) {
            case "ingest" -> ingest(Arrays.copyOfRange(args, 1, args.length));
            case "jmh" -> jmh(Arrays.copyOfRange(args, 1, args.length));
            case "tools" -> tools(Arrays.copyOfRange(args, 1, args.length));
            case "socket" -> socket(Arrays.copyOfRange(args, 1, args.length));
            case "many-sockets" -> manySockets(Arrays.copyOfRange(args, 1, args.length));
            case "ladder" -> ladder(Arrays.copyOfRange(args, 1, args.length));
            case "report" -> BenchSuite.report(Arrays.copyOfRange(args, 1, args.length));
            case "all" -> BenchSuite.all(Arrays.copyOfRange(args, 1, args.length));
            default -> {
                System.err.println("xmmap bench: unknown benchmark " + args[0]);
                System.exit(2);
            }
        }
    }

    private static void ingest(String[] args) throws Exception {
        long bytes = 4L << 30;
        int rounds = 5;
        boolean write = true;
        List<String> mechanisms = PipeIngestThroughput.MECHANISMS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bytes" -> bytes = parseSize(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--mechanisms" -> mechanisms = List.of(args[++i].split(","));
                case "--no-write" -> write = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String command = "./xmmap bench ingest " + String.join(" ", args);
        System.err.println("PipeIngestThroughput: " + bytes + " bytes x " + rounds + " rounds x " + mechanisms);
        Map<String, double[]> gibs = new PipeIngestThroughput(bytes, rounds, mechanisms).run();
        double[] touch = PipeIngestThroughput.firstTouch();
        String table = PipeIngestThroughput.table(gibs, bytes, rounds, command.strip(), touch);
        System.out.println(table);
        if (write) {
            Path f = ResultsFile.defaultFile();
            ResultsFile.replaceSection(f, "pipe-ingest", table);
            System.err.println("written to " + f);
        }
    }

    private static void tools(String[] args) throws Exception {
        List<Long> sizes = List.of(1L << 30, 4L << 30);
        int rounds = 3;
        boolean write = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(BenchMain::parseSize).toList();
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--quick" -> {
                    sizes = List.of(64L << 20);
                    rounds = 1;
                }
                case "--no-write" -> write = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path results = ResultsFile.defaultFile();
        Path launcher = results.getParent().getParent().resolve("xmmap");
        Path dir = java.nio.file.Files.createTempDirectory("xmmap-tools");
        try {
            var progress = Progress.onStandardError(sizes.size() * rounds * ToolRunsVsGnu.TASKS.size()
                    * ToolRunsVsGnu.SOURCES.size() * ToolRunsVsGnu.IMPLS.size());
            ToolRunsVsGnu bench = new ToolRunsVsGnu(launcher, dir, rounds);
            Map<String, double[]> secs = bench.run(sizes, progress);
            String table = ToolRunsVsGnu.table(secs, sizes, rounds, ("./xmmap bench tools " + String.join(" ", args)).strip(),
                    bench.pmdShare);
            System.out.println(table);
            if (write) {
                ResultsFile.replaceSection(results, "tools", table);
                System.err.println("written to " + results);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(dir.resolve("out"));
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    private static void socket(String[] args) throws Exception {
        long bytes = 4L << 30;
        int rounds = 5;
        boolean write = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bytes" -> bytes = parseSize(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--no-write" -> write = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, double[]> gibs = new SocketIngestThroughput(bytes, rounds).run();
        String table = SocketIngestThroughput.table(gibs, bytes, rounds,
                ("./xmmap bench socket " + String.join(" ", args)).strip());
        System.out.println(table);
        if (write) {
            Path f = ResultsFile.defaultFile();
            ResultsFile.replaceSection(f, "socket-ingest", table);
            System.err.println("written to " + f);
        }
    }

    private static void manySockets(String[] args) throws Exception {
        int connections = 1000;
        long each = 4L << 20;
        int rounds = 3;
        boolean write = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--bytes-each" -> each = parseSize(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--quick" -> {
                    each = 256 << 10;
                    rounds = 1;
                }
                case "--no-write" -> write = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.err.println("ManySocketsIngest: " + connections + " connections x " + each + " bytes x " + rounds + " rounds");
        var runs = new ManySocketsIngest(connections, each, rounds).run();
        String table = ManySocketsIngest.table(runs, connections, each, rounds,
                ("./xmmap bench many-sockets " + String.join(" ", args)).strip());
        System.out.println(table);
        if (write) {
            Path f = ResultsFile.defaultFile();
            ResultsFile.replaceSection(f, "many-sockets", table);
            System.err.println("written to " + f);
        }
    }

    private static void ladder(String[] args) throws Exception {
        long bytes = 8L << 30;
        int rounds = 3;
        boolean write = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bytes" -> bytes = parseSize(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--quick" -> {
                    bytes = 256L << 20;
                    rounds = 1;
                }
                case "--no-write" -> write = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.err.println("PipeLadder: " + bytes + " bytes x " + rounds + " rounds");
        var gibs = new PipeLadder(bytes, rounds).run();
        Path results = ResultsFile.defaultFile();
        Path chart = results.getParent().resolve("charts/pipe-ladder");
        String table = PipeLadder.table(gibs, bytes, rounds, ("./xmmap bench ladder " + String.join(" ", args)).strip(),
                "charts/pipe-ladder");
        System.out.println(table);
        if (write) {
            PipeLadder.chart(gibs, chart);
            ResultsFile.replaceSection(results, "pipe-ladder", table);
            System.err.println("written to " + results + " and " + chart + ".svg/.png");
        }
    }

    private static void jmh(String[] args) throws Exception {
        if (Arrays.stream(args).anyMatch(a -> List.of("-l", "-lp", "-h", "-lrf", "-lprof").contains(a))) {
            org.openjdk.jmh.Main.main(args); // listings and help: nothing to run or write
            return;
        }
        boolean write = !Arrays.asList(args).contains("--no-write");
        String[] jmhArgs = Arrays.stream(args).filter(a -> !a.equals("--no-write")).toArray(String[]::new);
        Path f = ResultsFile.defaultFile();
        Path json = write ? f.getParent().resolve("data/jmh.json") : Files.createTempFile("xmmap-jmh", ".json");
        String table = JmhReport.run(jmhArgs, ("./xmmap bench jmh " + String.join(" ", jmhArgs)).strip(), json);
        System.out.println(table);
        if (write) {
            ResultsFile.replaceSection(f, "jmh", table);
            System.err.println("written to " + f);
        }
    }

    static long parseSize(String s) {
        return io.xmmap.internal.mem.Pages.parseSize(s);
    }
}
