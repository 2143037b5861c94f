package io.xmmap.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./xmmap bench [--quick] [options]}: the suite in one command. Measures the access
 * paradigms ({@link AccessParadigms}) and the seed ladder ({@link PipeLadder}) and folds the last
 * JMH run's JSON ({@code ./xmmap bench jmh}) into the same report: tables into results.md, charts
 * beside it, the trials as CSV under {@code data/} (so {@code ./xmmap bench report} draws them
 * again without measuring). About 4 minutes on 2 cores (a 256 MiB corpus, 2 passes x 5 timed
 * trials per cell; the ladder at 4 GiB per run, 2 rounds); {@code --quick} is a smoke run of the
 * same code on a small corpus (well under 30 s once built) that writes under
 * {@code mmap-bench/target/quick/} unless {@code --results} says otherwise, so that it never
 * overwrites measured figures.
 * <pre>
 *   thesis-notes/results.md                     the tables (sections paradigms, pipe-ladder, jmh)
 *   thesis-notes/charts/paradigms-{copy,lines,find}.svg/.png, pipe-ladder.svg/.png
 *   thesis-notes/data/paradigms.csv, jmh.json   the measurements behind them
 * </pre>
 */
final class BenchSuite {
    private BenchSuite() {}

    /**
     * What a byte through the ladder costs in time, in paradigm bytes: a default run here moved
     * ~300 GiB through the ladder's pipes in ~40 s and read ~200 GiB in paradigm trials in ~95 s
     * (JVM starts included), so a ladder byte is counted as about a quarter of one.
     */
    static final double LADDER_BYTE_WORK = 0.25;

    static final String USAGE = "xmmap bench [--quick] [--bytes N] [--passes P] [--runs R] [--paradigms a,b] "
            + "[--sources file,pipe,socket] [--ladder-bytes N] [--no-ladder] [--results FILE]";

    static void main(String[] args) throws Exception {
        long bytes = 256L << 20;
        int passes = 2;
        int warmups = 1;
        int runs = 5;
        long ladderBytes = 4L << 30;
        int ladderRounds = 2;
        boolean ladder = true;
        boolean quick = false;
        Path results = null;
        List<String> paradigms = Paradigms.ALL;
        List<String> sources = TrialSource.KINDS;
        if (java.util.Arrays.asList(args).contains("--quick")) {
            // The smoke run's sizes first: options given with --quick still apply, in any order.
            quick = true;
            bytes = 16L << 20;
            passes = 1;
            runs = 2;
            ladderBytes = 64L << 20;
            ladderRounds = 1;
        }
        for (int i = 0; i < args.length; i++) {
            if (!args[i].equals("--quick") && !args[i].equals("--no-ladder") && i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value\nusage: " + USAGE);
            }
            switch (args[i]) {
                case "--quick" -> { }
                case "--bytes" -> bytes = BenchMain.parseSize(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--paradigms" -> paradigms = List.of(args[++i].split(","));
                case "--sources" -> sources = List.of(args[++i].split(","));
                case "--ladder-bytes" -> ladderBytes = BenchMain.parseSize(args[++i]);
                case "--no-ladder" -> ladder = false;
                case "--results" -> results = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\nusage: " + USAGE);
            }
        }
        paradigms = paradigms.stream().distinct().toList();
        sources = sources.stream().distinct().toList();
        if (!paradigms.contains(Paradigms.BASELINE) || !Paradigms.ALL.containsAll(paradigms)
                || !TrialSource.KINDS.containsAll(sources)) {
            throw new IllegalArgumentException("paradigms are " + Paradigms.ALL + " (" + Paradigms.BASELINE
                    + ", the baseline, always among them); sources are " + TrialSource.KINDS);
        }
        if (results == null) {
            Path root = ResultsFile.defaultFile().getParent().getParent();
            results = !quick ? ResultsFile.defaultFile() : Files.isDirectory(root.resolve("mmap-bench"))
                    ? root.resolve("mmap-bench/target/quick/results.md")
                    : Files.createTempDirectory("xmmap-quick").resolve("results.md");
        }
        String command = ("./xmmap bench " + String.join(" ", args)).strip();
        Path notes = results.toAbsolutePath().getParent();
        AccessParadigms suite = new AccessParadigms(bytes, passes, warmups, runs, paradigms, sources);
        PipeLadder l = ladder ? new PipeLadder(ladderBytes, ladderRounds) : null;
        // One display for both stages, so that its time left is the whole run's. Its work is the
        // bytes read; a ladder byte counts LADDER_BYTE_WORK of a paradigm byte (see below).
        Progress progress = Progress.onStandardError(suite.plannedTrials() + (l == null ? 0 : l.plannedTrials()),
                suite.plannedBytes() + (l == null ? 0 : l.plannedBytes() * LADDER_BYTE_WORK));
        System.err.println((l == null ? "" : "stage 1/2: ") + "access paradigms, " + ToolRunsVsGnu.human(bytes) + " corpus, " + passes
                + (passes == 1 ? " pass" : " passes") + " x (" + warmups + " warm-up + " + runs + " timed) per paradigm, source and task");
        long t0 = System.nanoTime();
        List<AccessParadigms.Trial> trials = suite.run(progress);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("command", command);
        meta.put("machine", Machine.describe().markdown().strip());
        meta.put("bytes", Long.toString(suite.corpusBytes()));
        meta.put("filesystem", suite.filesystem());
        meta.put("trials", passes + " pass(es) x (" + warmups + " warm-up + " + runs + " timed) trials per cell; medians of "
                + passes * runs + "; measured in " + seconds / 60 + " min " + seconds % 60 + " s");
        Path csv = notes.resolve("data/paradigms.csv");
        progress.breakLine();
        ParadigmReport.writeCsv(csv, meta, trials);
        report(results, csv, notes.resolve("data/jmh.json"));

        if (l != null) {
            System.err.println("stage 2/2: the seed ladder, " + ToolRunsVsGnu.human(ladderBytes) + " per run");
            Map<String, double[]> gibs = l.progress(progress, LADDER_BYTE_WORK).run();
            progress.finish();
            Path chart = notes.resolve("charts/pipe-ladder");
            ResultsFile.replaceSection(results, "pipe-ladder", PipeLadder.table(gibs, ladderBytes, ladderRounds, command,
                    relative(results, chart)));
            PipeLadder.chart(gibs, chart);
        } else {
            progress.finish();
        }
        System.err.println("written: " + results + ", its charts/ and data/");
    }

    /**
     * {@code ./xmmap bench all}: every benchmark at its full size, each writing its own section
     * (the ladder at full size, not the suite's short one): every table and chart of results.md.
     */
    static void all(String[] args) throws Exception {
        if (args.length > 0) {
            throw new IllegalArgumentException("xmmap bench all takes no options");
        }
        main(new String[] {"--no-ladder"});
        for (String b : List.of("ladder", "ingest", "socket", "many-sockets", "tools", "jmh")) {
            System.err.println("== ./xmmap bench " + b);
            BenchMain.main(new String[] {b});
        }
    }

    /** {@code ./xmmap bench report}: redraws the paradigm tables and charts and the JMH table from their data. */
    static void report(String[] args) throws Exception {
        Path results = args.length > 0 ? Path.of(args[0]) : ResultsFile.defaultFile();
        Path notes = results.toAbsolutePath().getParent();
        report(results, notes.resolve("data/paradigms.csv"), notes.resolve("data/jmh.json"));
        System.err.println("written: " + results);
    }

    private static void report(Path results, Path csv, Path jmhJson) throws Exception {
        if (Files.exists(csv)) {
            ParadigmReport.Run run = ParadigmReport.readCsv(csv);
            Path chart = results.toAbsolutePath().getParent().resolve("charts/paradigms");
            // The table first: a chart that cannot be drawn must not cost the measured figures.
            ResultsFile.replaceSection(results, "paradigms", ParadigmReport.markdown(run, relative(results, chart)));
            ParadigmReport.charts(run, chart);
        }
        if (!Files.exists(jmhJson)) {
            System.err.println("no " + jmhJson + " yet: ./xmmap bench jmh makes it; the jmh section is left as it is");
            return;
        }
        try {
            ResultsFile.replaceSection(results, "jmh", JmhReport.fromJson(Files.readString(jmhJson)));
        } catch (RuntimeException e) {
            System.err.println("cannot fold in " + jmhJson + " (" + e.getMessage() + "); rerun ./xmmap bench jmh");
        }
    }

    /** {@code chart} as a link from results.md's folder. */
    private static String relative(Path results, Path chart) {
        return results.toAbsolutePath().getParent().relativize(chart.toAbsolutePath()).toString();
    }
}
