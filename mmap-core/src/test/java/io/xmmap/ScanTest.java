package io.xmmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The SWAR kernels agree with a plain byte loop at every length, alignment and byte value. */
@Timeout(60)
class ScanTest {
    @Test
    void countAndIndexOfMatchTheByteLoop() {
        Random r = new Random(1);
        for (int iter = 0; iter < 3000; iter++) {
            int len = iter < 100 ? iter : r.nextInt(5000);
            byte[] a = new byte[len + 7];
            for (int i = 0; i < a.length; i++) {
                // Few distinct values, including 0x80/0xFF/0x00 neighbours of the target.
                a[i] = (byte) new int[] {'\n', 0, 0x80, 0xFF, 0x0B, 0x8A, 'a'}[r.nextInt(7)];
            }
            int off = r.nextInt(8);
            MemorySegment s = MemorySegment.ofArray(a).asSlice(off, Math.min(len, a.length - off));
            for (byte b : new byte[] {'\n', 0, (byte) 0x80, (byte) 0xFF}) {
                long want = 0;
                long first = -1;
                for (long i = 0; i < s.byteSize(); i++) {
                    if (s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) == b) {
                        want++;
                        if (first < 0) {
                            first = i;
                        }
                    }
                }
                assertEquals(want, Scan.count(s, b));
                assertEquals(first, Scan.indexOf(s, 0, b));
            }
        }
    }
}
