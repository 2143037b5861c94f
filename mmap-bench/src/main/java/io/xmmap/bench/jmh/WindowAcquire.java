package io.xmmap.bench.jmh;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Window acquisition and release/recycle: the cost of the mapping API itself, with no I/O in
 * the way: window + release over a regular file mapped from the page cache (data is always
 * there), windows of {@code size}. Streaming mode adds the slot scopes (one confined arena per
 * 8 MiB slot, closed when the slot is released) and MADV_DONTNEED of released slots: with 1 MiB
 * windows a slot is recycled every 8 operations, so the recycling shows. The 1 GiB file is
 * sparse; the mapping is reopened when it reaches the end, inside the measured operation (once
 * per 1,024 operations at 1 MiB, so the open and close are part of the figure).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class WindowAcquire {
    @Param({"streaming", "retain-all"})
    public String memory;

    @Param({"4KiB", "1MiB"})
    public String size;

    private static final long SIZE = 1L << 30;
    private long window;
    private Path file;
    private StreamMapping mapping;
    private long pos;

    @Setup(Level.Trial)
    public void createFile() throws IOException {
        file = Files.createTempFile("xmmap-jmh", ".bin");
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(1), SIZE - 1);
        }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        window = io.xmmap.internal.mem.Pages.parseSize(size.replace("iB", ""));
        mapping = Xmmap.open(file, memory.equals("streaming") ? Memory.STREAMING : Memory.RETAIN_ALL);
        pos = 0;
    }

    @Benchmark
    public long windowAndRelease() throws IOException {
        if (pos + window > SIZE) {
            mapping.close();
            open();
        }
        MemorySegment w = mapping.window(pos, window);
        pos += w.byteSize();
        mapping.release(pos);
        return w.address();
    }

    @TearDown(Level.Iteration)
    public void close() {
        mapping.close();
    }

    @TearDown(Level.Trial)
    public void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }
}
