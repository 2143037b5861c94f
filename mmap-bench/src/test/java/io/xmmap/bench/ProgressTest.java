package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The time left is the time per unit of work so far times the work left, over every stage the display spans. */
@Timeout(10)
class ProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void timeLeftIsThePaceSoFarTimesTheWorkLeft() {
        AtomicLong now = new AtomicLong(5 * SECOND);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // 4 trials: two of weight 1 (warm-ups, a quarter of the bytes), two of weight 4.
        Progress p = new Progress(4, 10, new PrintStream(out), false, now::get);
        assertTrue(p.line("a", "b").contains("[  0% 0/4] a · b | 0:00 elapsed, ~? left"), p.line("a", "b"));
        now.addAndGet(2 * SECOND);
        p.advance("a", "first", 1);
        // 1 unit in 2 s: 9 units left take 18 s.
        assertEquals("[ 10% 1/4] a · b | 0:02 elapsed, ~0:18 left", p.line("a", "b"));
        now.addAndGet(2 * SECOND);
        p.advance("a", "second", 1);
        now.addAndGet(16 * SECOND);
        p.advance("b", "third", 4);
        // 6 units in 20 s: 4 left take 13.3 s.
        assertEquals("[ 60% 3/4] b · c | 0:20 elapsed, ~0:13 left", p.line("b", "c"));
        p.finish();
        String log = out.toString();
        assertTrue(log.contains("[ 10% 1/4] a · first"), "a log gets a line when the subject is new:\n" + log);
        assertTrue(!log.contains("a · second"), "not for every trial of the same subject within 10 s:\n" + log);
        assertTrue(log.contains("[ 60% 3/4] b · third"), "a new subject:\n" + log);
        assertTrue(log.endsWith("done: 3 trials in 0:20\n"), log);
    }

    @Test
    void restartingTheClockLeavesPreparationOutOfThePace() {
        AtomicLong now = new AtomicLong(0);
        Progress p = new Progress(2, 2, new PrintStream(new ByteArrayOutputStream()), false, now::get);
        now.addAndGet(60 * SECOND); // writing the corpus
        p.restartClock();
        now.addAndGet(3 * SECOND);
        p.advance("x", "y");
        assertEquals("[ 50% 1/2] x · y | 0:03 elapsed, ~0:03 left", p.line("x", "y"));
    }
}
