package io.xmmap.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * "Comparing access paradigms": every paradigm of {@link Paradigms} doing every task (copy to
 * /dev/null, count lines, count lines holding a fixed string) on every source (the corpus file
 * in the page cache, a pipe, a loopback TCP socket), in one run.
 *
 * <p>How a run goes: the corpus ({@link ToolRunsVsGnu#writeCorpus}, ~80-byte log lines) is
 * written once and read once into the page cache; GNU {@code wc -l} and {@code grep -c -F} give
 * the answers every trial is checked against. Then, pass by pass, each paradigm runs in a JVM of
 * its own ({@link ParadigmReader}): per source and task, {@code warmups} untimed trials and
 * {@code runs} timed ones. Even passes go through the paradigms in reverse, so that a drift of the
 * machine over the run does not favour the ones measured first; the baseline ({@code read-write})
 * is measured in every pass like the others.
 * <pre>
 *   pass 1:  read-write  java.io-stream  ...  xmmap-streaming      one JVM each;
 *            in each: file, pipe, socket x copy, lines, find
 *   pass 2:  xmmap-streaming  ...  java.io-stream  read-write
 *            in each: socket, pipe, file x find, lines, copy
 * </pre>
 * Confined to one thread; the readers are child processes, killed if one outlives its limit.
 */
final class AccessParadigms {
    /** One timed trial. */
    record Trial(String paradigm, String source, String task, int pass, long nanos, long userMicros,
                 long sysMicros, long peakRssKiB, long startRssKiB) {}

    /** How long one reader JVM may take (all its trials) before it and its writer are killed. */
    private static final int READER_LIMIT_MINUTES = 10;

    private final long size;
    private long corpusBytes;
    private String filesystem = "?";
    private final int passes;
    private final int warmups;
    private final int runs;
    private final List<String> paradigms;
    private final List<String> sources;

    AccessParadigms(long size, int passes, int warmups, int runs, List<String> paradigms, List<String> sources) {
        if (passes < 1 || runs < 1 || warmups < 0 || size < 1 << 20) {
            throw new IllegalArgumentException("passes and runs must be at least 1, warm-ups at least 0, the corpus 1 MiB or more");
        }
        this.size = size;
        this.passes = passes;
        this.warmups = warmups;
        this.runs = runs;
        this.paradigms = paradigms;
        this.sources = sources;
    }

    /** Trials planned: what the progress display counts. */
    int plannedTrials() {
        int n = 0;
        for (String p : paradigms) {
            for (String s : sources) {
                n += Paradigms.applies(p, s) ? Paradigms.TASKS.size() * (warmups + runs) : 0;
            }
        }
        return n * passes;
    }

    /** Bytes the planned trials read (warm-ups read the whole corpus too): the work a progress display counts. */
    double plannedBytes() {
        return (double) plannedTrials() * size;
    }

    /** The type of the file system the corpus was on ({@code stat -f}: ext2/ext3, tmpfs, ...), once {@link #run} wrote it. */
    String filesystem() {
        return filesystem;
    }

    /** The corpus' size in bytes once {@link #run} wrote it (cut at a line end: a little under the size asked for). */
    long corpusBytes() {
        return corpusBytes;
    }

    /**
     * Runs every pass and returns the timed trials, counting each trial on {@code progress} as the
     * bytes it read (the caller finishes the display). The corpus is this run's own temporary
     * file, on disk and synced before the first trial (its writeback would compete with pass 1),
     * deleted at the end, and at an interrupt too.
     */
    List<Trial> run(Progress progress) throws Exception {
        progress.show("corpus", "writing " + ToolRunsVsGnu.human(size) + " of log lines and asking GNU for the answers");
        Path corpus = Files.createTempFile("xmmap-paradigms", ".log");
        Thread cleanUp = new Thread(() -> corpus.toFile().delete());
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            ToolRunsVsGnu.writeCorpus(corpus, size);
            try (FileChannel ch = FileChannel.open(corpus, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            filesystem = NativeTools.output(new ProcessBuilder("stat", "-f", "-c", "%T", corpus.toString()), 1, "stat -f").strip();
            return run(corpus, progress);
        } finally {
            Files.deleteIfExists(corpus);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway; what went wrong before matters more
            }
        }
    }

    private List<Trial> run(Path corpus, Progress progress) throws Exception {
        long bytes = Files.size(corpus);
        corpusBytes = bytes;
        long lines = count(new ProcessBuilder("wc", "-l", corpus.toString()));
        long matches = count(new ProcessBuilder("grep", "-c", "-F", ParadigmTasks.NEEDLE_TEXT, corpus.toString()));
        Path writer = NativeTools.program("file-writer");
        List<Trial> trials = new ArrayList<>();
        progress.restartClock();
        for (int pass = 1; pass <= passes; pass++) {
            // Even passes go backwards, across paradigms and inside each reader JVM too, so that
            // no paradigm, source or task always comes first (least JIT-compiled) or last.
            List<String> order = new ArrayList<>(paradigms);
            List<String> cells = new ArrayList<>(sources);
            List<String> tasks = new ArrayList<>(Paradigms.TASKS);
            if (pass % 2 == 0) {
                Collections.reverse(order);
                Collections.reverse(cells);
                Collections.reverse(tasks);
            }
            for (String paradigm : order) {
                List<String> cmd = new ArrayList<>(NativeTools.javaCommand(ParadigmReader.class));
                cmd.addAll(List.of(paradigm, corpus.toString(), writer.toString(), String.join(",", cells),
                        String.join(",", tasks), Integer.toString(warmups), Integer.toString(runs),
                        Long.toString(bytes), Long.toString(lines), Long.toString(matches)));
                readerProcess(cmd, paradigm, pass, progress, trials, bytes);
            }
        }
        return trials;
    }

    private void readerProcess(List<String> cmd, String paradigm, int pass, Progress progress, List<Trial> trials,
                               long bytes) throws IOException, InterruptedException {
        String subject = "pass " + pass + "/" + passes + " · " + paradigm;
        progress.show(subject, "starting a JVM");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // A reader that hangs (a bug, a writer that never ends) is killed with its writer, which
        // would otherwise outlive it; the reader's output then ends.
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(READER_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                    timedOut.set(true);
                    kill(p);
                }
            } catch (InterruptedException ignored) {
                // the reader ended first
            }
        });
        int timed = 0;
        boolean ended = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ");
                if (f.length == 4 && f[0].equals("begin")) {
                    progress.show(subject, trialName(f) + " trial");
                    continue;
                }
                if (f.length != 10 || !f[0].equals("trial")) {
                    throw new IOException("ParadigmReader printed an unexpected line: " + line);
                }
                boolean warm = f[3].equals("warm");
                if (!warm) {
                    trials.add(new Trial(paradigm, f[1], f[2], pass, Long.parseLong(f[4]), Long.parseLong(f[5]),
                            Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8])));
                    timed++;
                }
                progress.advance(subject, trialName(f) + " trial done", bytes);
            }
            ended = p.waitFor(1, TimeUnit.MINUTES);
        } finally {
            watchdog.interrupt();
            if (!ended) {
                // A reader whose output made no sense, or that did not end a minute after it: it and its writer go.
                kill(p);
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (p.exitValue() != 0) {
            String why = timedOut.get() ? "killed after " + READER_LIMIT_MINUTES + " minutes"
                    : !ended ? "killed: it did not end a minute after its last trial"
                    : "see its message above";
            throw new IOException("the " + paradigm + " reader failed (exit " + p.exitValue() + ", after " + timed
                    + " timed trials): " + why);
        }
    }

    /** "SOURCE · TASK · warm-up|timed" from a reader's begin or trial line. */
    private static String trialName(String[] f) {
        return f[1] + " · " + f[2] + " · " + (f[3].equals("warm") ? "warm-up" : "timed");
    }

    /** Kills a reader and what it started (its writer first, which would otherwise be left running). */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private static long count(ProcessBuilder pb) throws IOException, InterruptedException {
        String out = NativeTools.output(pb, 2, String.join(" ", pb.command()));
        return Long.parseLong(out.strip().split("\\s+")[0]);
    }
}
