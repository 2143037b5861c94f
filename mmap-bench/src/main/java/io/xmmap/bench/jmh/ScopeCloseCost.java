package io.xmmap.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * What one window scope costs: create an arena, put a window in it, close it. A streaming mapping
 * pays this once per recycled slot; it is why streaming scopes are confined (a shared arena's close
 * is a handshake with every thread of the JVM).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ScopeCloseCost {
    @Param({"confined", "shared"})
    public String arena;

    private final MemorySegment memory = Arena.global().allocate(4096);
    /** The arena escapes into a field, as it does in the mapping's scope table. */
    private Arena last;

    @Benchmark
    public byte createWindowClose() {
        Arena a = arena.equals("shared") ? Arena.ofShared() : Arena.ofConfined();
        last = a;
        MemorySegment w = MemorySegment.ofAddress(memory.address()).reinterpret(4096, a, null);
        byte b = w.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 17);
        a.close();
        return b;
    }
}
