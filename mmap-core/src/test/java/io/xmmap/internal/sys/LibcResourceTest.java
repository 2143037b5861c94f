package io.xmmap.internal.sys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** getrusage reports this process's CPU time split into user and system time, in microseconds. */
@Timeout(60)
class LibcResourceTest {
    @Test
    void userTimeGrowsWithComputationAndSystemTimeWithSystemCalls() {
        long[] before = new long[2];
        assertEquals(0, LibcResource.getrusage(LibcResource.RUSAGE_SELF, before));
        assertTrue(before[0] > 0 && before[1] >= 0, "a running JVM has used CPU time");
        // Work until user time has grown by 50 ms (bounded: 20 s of wall time at most).
        long[] now = new long[2];
        long x = 1;
        for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; ) {
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            LibcResource.getrusage(LibcResource.RUSAGE_SELF, now);
            if (now[0] - before[0] >= 50_000) {
                break;
            }
        }
        assertTrue(now[0] - before[0] >= 50_000, "user time grew by " + (now[0] - before[0]) + " us (" + x + ")");
        // Reading /dev/zero is kernel work: system time grows by 20 ms within the bound.
        int fd = Libc.open("/dev/zero", Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        assertTrue(fd >= 0);
        long[] sys0 = new long[2];
        long[] sys1 = new long[2];
        LibcResource.getrusage(LibcResource.RUSAGE_SELF, sys0);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(1 << 20);
            for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; ) {
                assertEquals(1 << 20, Libc.read(fd, buf));
                LibcResource.getrusage(LibcResource.RUSAGE_SELF, sys1);
                if (sys1[1] - sys0[1] >= 20_000) {
                    break;
                }
            }
        } finally {
            Libc.close(fd);
        }
        assertTrue(sys1[1] - sys0[1] >= 20_000, "system time grew by " + (sys1[1] - sys0[1]) + " us");
    }

    @Test
    void anUnknownWhoIsEinval() {
        assertEquals(-Errors.EINVAL, LibcResource.getrusage(42, new long[2]));
    }
}
