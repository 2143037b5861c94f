package io.xmmap.bench;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The progress display of a long benchmark, on standard error: what is measured now, how far
 * along (trials done of planned), time elapsed and an estimate of the time left (elapsed time
 * per trial since the first trial began, times the trials left: trials of one benchmark cost
 * about the same). On a terminal one line is rewritten in place; into a log, a line is printed
 * whenever the subject changes and every 10 s otherwise. Confined to the thread that drives the
 * benchmark.
 */
final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final int total;
    private long start = System.nanoTime();
    private long lastPrinted;
    private int done;
    private String lastSubject = "";

    Progress(int total, PrintStream out, boolean terminal) {
        this.total = total;
        this.out = out;
        this.terminal = terminal;
    }

    /** A display on standard error, rewriting its line when standard error is a terminal. */
    static Progress onStandardError(int total) {
        return new Progress(total, System.err, io.xmmap.internal.sys.Libc.isatty(2) && System.getenv("CI") == null);
    }

    /** Starts the clock again: preparation before the first trial is not part of the pace. */
    void restartClock() {
        start = System.nanoTime();
    }

    /** One more trial done; {@code subject} is what is being measured now, {@code detail} where in it. */
    void advance(String subject, String detail) {
        done++;
        show(subject, detail);
    }

    /** Says what is being measured now without counting a trial. */
    void show(String subject, String detail) {
        String line = line(subject, detail);
        if (terminal) {
            out.print("\r" + line + "\033[K");
            out.flush();
        } else if (!subject.equals(lastSubject) || System.nanoTime() - lastPrinted > 10_000_000_000L) {
            out.println(line);
            lastPrinted = System.nanoTime();
        }
        lastSubject = subject;
    }

    String line(String subject, String detail) {
        long elapsed = System.nanoTime() - start;
        String left = done == 0 ? "?" : clock((long) ((double) elapsed / done * (total - done)));
        return String.format("[%3d%% %d/%d] %s · %s | %s elapsed, ~%s left", done * 100 / Math.max(1, total), done,
                total, subject, detail, clock(elapsed), left);
    }

    void finish() {
        if (terminal) {
            out.println();
        }
        out.println("done: " + done + " trials in " + clock(System.nanoTime() - start));
    }

    int done() {
        return done;
    }

    private static String clock(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
