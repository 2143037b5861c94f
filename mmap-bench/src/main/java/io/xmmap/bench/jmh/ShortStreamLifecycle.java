package io.xmmap.bench.jmh;

import io.xmmap.Feed;
import io.xmmap.Memory;
import io.xmmap.StreamMapping;
import io.xmmap.Xmmap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A short stream's whole life in a streaming mapping with the default 4 MiB ring: open
 * ({@code /dev/zero}, which never makes anyone wait), take {@code size} bytes in windows of at
 * most 256 KiB, releasing behind, close. This is the fixed cost a program pays per stream (the
 * ring's memfd and two views, the pages the first lap faults in, the unmapping), which a
 * long-stream throughput figure hides: a tool that maps many small inputs, or a server mapping
 * many short connections, pays it for each. {@code /dev/zero} fills whatever it is given, so the
 * feed's chunk is cut to the stream's size: a 4 KiB stream reads 4 KiB, not the default chunk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ShortStreamLifecycle {
    @Param({"4KiB", "1MiB", "8MiB"})
    public String size;

    private long bytes;
    private Feed feed;
    private final Path zero = Path.of("/dev/zero");

    @Setup
    public void size() {
        bytes = io.xmmap.internal.mem.Pages.parseSize(size.replace("iB", ""));
        feed = Feed.SYNC.withChunk((int) Math.min(bytes, Feed.SYNC.chunk()));
    }

    @Benchmark
    public long openReadClose() throws IOException {
        long sum = 0;
        try (StreamMapping m = Xmmap.open(zero, Memory.STREAMING, feed)) {
            for (long pos = 0; pos < bytes; ) {
                MemorySegment w = m.window(pos, Math.min(256 << 10, bytes - pos));
                sum += w.address();
                pos += w.byteSize();
                m.release(pos);
            }
        }
        return sum;
    }
}
