package io.xmmap.bench.jmh;

import io.xmmap.Feed;
import io.xmmap.Memory;
import io.xmmap.StreamMapping;
import io.xmmap.Xmmap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Feeding and recycling, with a source that never makes anyone wait: a streaming mapping (4 MiB
 * ring) of {@code /dev/zero}, {@code size} bytes per operation, released behind. The feed reads
 * up to its chunk (256 KiB) per {@code read(2)}, so an operation pays 1/64 (4 KiB) or 1/4
 * (64 KiB) of a read, plus its share of slot recycling (scope close, MADV_DONTNEED, refault):
 * the per-byte cost of feeding as a consumer of small windows sees it. {@code sync}: the consumer's
 * thread reads; {@code background}: the feeder thread reads ahead and the consumer only waits
 * for it. The kernel's side of a {@code read} from /dev/zero is a page clear, about as cheap as a
 * pipe read of cached pages.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FeederStep {
    @Param({"sync", "background"})
    public String feed;

    @Param({"4KiB", "64KiB"})
    public String size;

    private StreamMapping mapping;
    private long step;
    private long pos;

    @Setup(Level.Iteration)
    public void open() throws IOException {
        step = io.xmmap.internal.mem.Pages.parseSize(size.replace("iB", ""));
        mapping = Xmmap.open(Path.of("/dev/zero"), Memory.STREAMING, feed.equals("sync") ? Feed.SYNC : Feed.BACKGROUND);
        pos = 0;
    }

    @Benchmark
    public long windowOfFreshBytes() throws IOException {
        MemorySegment w = mapping.window(pos, step);
        pos += w.byteSize();
        mapping.release(pos);
        return w.address();
    }

    @TearDown(Level.Iteration)
    public void close() {
        mapping.close();
    }
}
