package io.xmmap.examples.wc;

import io.xmmap.examples.text.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Word and line counts with the SWAR kernel agree with the plain C-locale state machine
 * (word bytes 0x21-0x7E, six spaces, every other byte keeps the state) on text where clean
 * stretches, long enough for the kernel, alternate with bytes it must leave to the byte loop,
 * cut into windows at random points.
 */
@Timeout(60)
class WordScanTest {
    @Test
    void kernelCountsMatchTheStateMachine() {
        Random r = new Random(5);
        byte[] clean = "ab cd\tefg\nh  ij\u000bk\rl\fmn op".getBytes();
        byte[] other = {0x01, 0x00, 0x7F, (byte) 0x80, (byte) 0xC3, (byte) 0xFF, 0x1B};
        for (int iter = 0; iter < 400; iter++) {
            byte[] text = new byte[r.nextInt(40000)];
            for (int i = 0; i < text.length; i++) {
                text[i] = r.nextInt(3000) == 0 ? other[r.nextInt(other.length)] : clean[r.nextInt(clean.length)];
            }
            long[] want = reference(text);
            Counts c = new Counts(true, false, Locale.bytes());
            int pos = 0;
            while (pos < text.length) {
                int len = Math.min(text.length - pos, 1 + r.nextInt(r.nextBoolean() ? 64 : 9000));
                c.add(MemorySegment.ofArray(text).asSlice(pos, len), pos + len == text.length);
                pos += len;
            }
            c.finish();
            assertEquals(want[0], c.words, "words, iteration " + iter);
            assertEquals(want[1], c.lines, "lines, iteration " + iter);
            assertEquals(text.length, c.bytes, "bytes, iteration " + iter);
        }
    }

    private static long[] reference(byte[] text) {
        long words = 0, lines = 0;
        boolean in = false;
        for (byte x : text) {
            int b = x & 0xFF;
            if (b == '\n') {
                lines++;
            }
            if (b == ' ' || b >= 0x09 && b <= 0x0D) {
                words += in ? 1 : 0;
                in = false;
            } else if (b >= 0x21 && b < 0x7F) {
                in = true;
            }
        }
        return new long[] {words + (in ? 1 : 0), lines};
    }
}
