package io.xmmap.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress display of a long benchmark, on standard error: what is measured now, how far
 * along (trials done of planned, and the share of the planned work), time elapsed and an
 * estimate of the time left. On a terminal one line is rewritten in place; into a log, a line is
 * printed whenever the subject changes and every 10 s otherwise.
 *
 * <p>Trials are not all alike (a warm-up moves a quarter of the bytes; a ladder rung moves four
 * times as many as a paradigm trial), so each trial carries a weight, its share of the work, and
 * the time left is the time per unit of work so far times the work left. One display can span
 * several stages: the suite plans the work of all of them up front, so the estimate covers the
 * whole run, not the stage at hand.
 *
 * <p>Confined to the thread that drives the benchmark.
 */
final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier clock;
    private final int trials;
    private final double work;
    private long start;
    private long lastPrinted;
    private int done;
    private double worked;
    private String lastSubject = "";

    /** {@code trials} trials of {@code work} units in all; {@code clock} gives nanoseconds. */
    Progress(int trials, double work, PrintStream out, boolean terminal, LongSupplier clock) {
        this.trials = trials;
        this.work = work;
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** A display on standard error for trials of equal weight, rewriting its line when standard error is a terminal. */
    static Progress onStandardError(int trials) {
        return onStandardError(trials, trials);
    }

    /** A display on standard error for {@code trials} trials of {@code work} units in all. */
    static Progress onStandardError(int trials, double work) {
        return new Progress(trials, work, System.err, io.xmmap.internal.sys.Libc.isatty(2) && System.getenv("CI") == null,
                System::nanoTime);
    }

    /** Starts the clock again: preparation before the first trial is not part of the pace. */
    void restartClock() {
        start = clock.getAsLong();
    }

    /** One more trial of weight 1 done. */
    void advance(String subject, String detail) {
        advance(subject, detail, 1);
    }

    /** One more trial done, of {@code weight} units of work; {@code subject} is what is measured now, {@code detail} where in it. */
    void advance(String subject, String detail, double weight) {
        done++;
        worked += weight;
        show(subject, detail);
    }

    /** Says what is being measured now without counting a trial. */
    void show(String subject, String detail) {
        String line = line(subject, detail);
        if (terminal) {
            out.print("\r" + line + "\033[K");
            out.flush();
        } else if (!subject.equals(lastSubject) || clock.getAsLong() - lastPrinted > 10_000_000_000L) {
            out.println(line);
            lastPrinted = clock.getAsLong();
        }
        lastSubject = subject;
    }

    String line(String subject, String detail) {
        long elapsed = clock.getAsLong() - start;
        String left = worked <= 0 ? "?" : clock((long) (elapsed / worked * Math.max(0, work - worked)));
        int percent = (int) Math.min(100, worked * 100 / Math.max(Double.MIN_VALUE, work));
        return String.format(Locale.ROOT, "[%3d%% %d/%d] %s · %s | %s elapsed, ~%s left", percent, done, trials,
                subject, detail, clock(elapsed), left);
    }

    /**
     * Ends the line being rewritten on a terminal, so that a message printed now stands on a line
     * of its own (the next update starts a new progress line); nothing in a log.
     */
    void breakLine() {
        if (terminal) {
            out.println();
        }
    }

    /** Ends the display: a last line with the trials done and the time they took. */
    void finish() {
        if (terminal) {
            out.println();
        }
        out.println("done: " + done + " trials in " + clock(clock.getAsLong() - start));
    }

    int done() {
        return done;
    }

    private static String clock(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        return String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
