package io.xmmap.bench;

import io.xmmap.internal.sys.LibcResource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The reader process of {@link AccessParadigms}: one JVM per paradigm and pass, so that each
 * paradigm's code is compiled for itself and its memory is its own. For every source and task
 * it runs {@code warmups} untimed trials, then {@code runs} timed ones, and prints one line per
 * trial on standard output as it starts and one as it ends:
 * <pre>
 *   begin SOURCE TASK warm|timed
 *   trial SOURCE TASK warm|timed NANOS USER_MICROS SYS_MICROS PEAK_RSS_KIB START_RSS_KIB RESULT
 * </pre>
 * The timed region is the paradigm's whole use of the source: opening it its own way, the task,
 * and closing what it opened (a mapping's unmapping, a stream's close). The writer sends its
 * first byte only once the clock runs ({@link TrialSource#go}). CPU time is
 * {@code getrusage(RUSAGE_SELF)} around it: every thread of this process (the JIT and GC threads
 * too; the writer is another process). Peak RSS is {@code VmHWM} after the high-water mark was
 * reset ({@code echo 5 > /proc/self/clear_refs}) just before the task, which sets it to the
 * resident set of that moment ({@code VmRSS}, also printed: the difference is what the task
 * added). A result that differs from the expected one (GNU's) stops the process with status 1,
 * and so does a parent that stopped reading.
 *
 * <p>usage: {@code ParadigmReader PARADIGM FILE FILE_WRITER SOURCES TASKS WARMUPS RUNS BYTES LINES MATCHES}
 */
public final class ParadigmReader {
    private ParadigmReader() {}

    public static void main(String[] a) throws Exception {
        String paradigm = a[0];
        Path file = Path.of(a[1]);
        Path fileWriter = Path.of(a[2]);
        List<String> sources = List.of(a[3].split(","));
        List<String> tasks = List.of(a[4].split(","));
        int warmups = Integer.parseInt(a[5]);
        int runs = Integer.parseInt(a[6]);
        long[] expected = {Long.parseLong(a[7]), Long.parseLong(a[8]), Long.parseLong(a[9])};
        for (String source : sources) {
            if (!Paradigms.applies(paradigm, source)) {
                continue;
            }
            for (String task : tasks) {
                long want = expected[Paradigms.TASKS.indexOf(task)];
                for (int i = 0; i < warmups + runs; i++) {
                    boolean warm = i < warmups;
                    say("begin " + source + " " + task + " " + (warm ? "warm" : "timed"));
                    say(trial(paradigm, source, task, file, fileWriter, warm, want));
                }
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        if (System.out.checkError()) {
            System.exit(1); // the parent is gone or stopped reading: stop measuring
        }
    }

    private static String trial(String paradigm, String source, String task, Path file, Path fileWriter,
                                boolean warm, long want) throws Exception {
        long[] cpu0 = new long[2];
        long[] cpu1 = new long[2];
        long result;
        long nanos;
        long hwm;
        long rss0;
        try (TrialSource src = new TrialSource(source, file, fileWriter)) {
            System.gc(); // the previous trial's garbage is not this trial's cost
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            rss0 = ManySocketsReader.status("VmRSS:") >> 10;
            rusage(cpu0);
            long t0 = System.nanoTime();
            src.go();
            result = Paradigms.run(paradigm, task, src);
            src.closeOpened();
            nanos = System.nanoTime() - t0;
            rusage(cpu1);
            hwm = ManySocketsReader.status("VmHWM:") >> 10;
        }
        if (result != want) {
            System.err.printf("ParadigmReader: %s %s %s counted %d, GNU %d%n", paradigm, source, task, result, want);
            System.exit(1);
        }
        return String.format(java.util.Locale.ROOT, "trial %s %s %s %d %d %d %d %d %d", source, task, warm ? "warm" : "timed", nanos,
                cpu1[0] - cpu0[0], cpu1[1] - cpu0[1], hwm, rss0, result);
    }

    private static void rusage(long[] micros) {
        int r = LibcResource.getrusage(LibcResource.RUSAGE_SELF, micros);
        if (r < 0) {
            throw new IllegalStateException("getrusage failed: errno " + -r);
        }
    }
}
