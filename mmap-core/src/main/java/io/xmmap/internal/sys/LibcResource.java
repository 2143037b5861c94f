package io.xmmap.internal.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Resource accounting of the native layer, under its contract (one handle, linked on first use,
 * {@code -errno} returned, never thrown). The benchmarks split a run's CPU time into user and
 * system time with it: {@code getrusage} reports microseconds, where {@code /proc/self/stat}
 * rounds to clock ticks (10 ms).
 */
public final class LibcResource {
    private LibcResource() {}

    /** {@code RUSAGE_SELF} from {@code <sys/resource.h>}: every thread of the calling process. */
    public static final int RUSAGE_SELF = 0;

    /**
     * {@code struct rusage} on LP64 Linux: {@code struct timeval ru_utime} at 0, {@code ru_stime}
     * at 16 (each {@code { long tv_sec; long tv_usec; }}), then 14 longs; 144 bytes in all.
     */
    private static final long RUSAGE_SIZEOF = 144;

    private static final ThreadLocal<MemorySegment> USAGE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(RUSAGE_SIZEOF, 8));

    /** {@code int getrusage(int who, struct rusage *usage);} */
    private static final class Getrusage {
        static final MethodHandle H = Libc.errnoHandle("getrusage",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    }

    /**
     * Puts the user and system CPU time of {@code who}, in microseconds, into {@code micros[0]}
     * and {@code micros[1]}; 0 or -errno.
     */
    public static int getrusage(int who, long[] micros) {
        Libc.Scratch s = Libc.scratch();
        MemorySegment u = USAGE.get();
        try {
            int r = (int) Getrusage.H.invokeExact(s.state, who, u);
            if (r < 0) {
                return -s.errno();
            }
            micros[0] = u.get(JAVA_LONG, 0) * 1_000_000 + u.get(JAVA_LONG, 8);
            micros[1] = u.get(JAVA_LONG, 16) * 1_000_000 + u.get(JAVA_LONG, 24);
            return 0;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }
}
