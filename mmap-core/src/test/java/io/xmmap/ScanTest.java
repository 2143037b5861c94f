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

    /** One target byte (or none) far away: the block paths, their edges and every start offset. */
    @Test
    void farHitsAcrossBlockEdgesMatchTheByteLoop() {
        Random r = new Random(2);
        for (int iter = 0; iter < 2000; iter++) {
            int len = r.nextInt(3) == 0 ? 2048 * (1 + r.nextInt(4)) + r.nextInt(17) - 8 : r.nextInt(40000);
            byte[] a = new byte[len];
            java.util.Arrays.fill(a, (byte) 'x');
            int hits = r.nextInt(4);
            for (int h = 0; h < hits && len > 0; h++) {
                a[r.nextInt(len)] = '\n';
            }
            MemorySegment s = MemorySegment.ofArray(a);
            int from = len == 0 ? 0 : r.nextInt(len + 1);
            long want = 0;
            long first = -1;
            for (int i = 0; i < len; i++) {
                if (a[i] == '\n') {
                    want++;
                    if (first < 0 && i >= from) {
                        first = i;
                    }
                }
            }
            assertEquals(want, Scan.count(s, (byte) '\n'), "count, len " + len);
            assertEquals(first, Scan.indexOf(s, from, (byte) '\n'), "indexOf, len " + len + " from " + from);
        }
    }
}
