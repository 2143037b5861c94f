package io.xmmap.examples.wc;

import io.xmmap.examples.text.Locale;
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

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code wc}'s word (and line) counting in the C locale, two ways: the byte-at-a-time state
 * machine (a class-table lookup per byte, as the tool did first) and {@link Counts} with its
 * SWAR kernel ({@link WordScan}). Text of short words; 256 KiB (L2) and 1 GiB (memory).
 * Lives in the tool's package because the kernel is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class WordKernels {
    @Param({"byte-loop", "wordscan"})
    public String kernel;

    @Param({"256KiB", "1GiB"})
    public String size;

    private Arena arena;
    private MemorySegment text;
    private static final byte[] CLASS = new byte[256];

    static {
        for (int c = 0; c < 256; c++) {
            CLASS[c] = (byte) (c >= 0x21 && c < 0x7F ? 1 : c == ' ' || c >= 0x09 && c <= 0x0D ? 2 : 0);
        }
    }

    @Setup(Level.Trial)
    public void fill() {
        long n = io.xmmap.internal.mem.Pages.parseSize(size.replace("iB", ""));
        arena = Arena.ofShared();
        text = arena.allocate(n, 64);
        int block = (int) Math.min(n, 1 << 20);
        byte[] b = new byte[block];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < block; i++) {
            b[i] = r.nextInt(6) == 0 ? (byte) (r.nextInt(8) == 0 ? '\n' : ' ') : (byte) ('a' + r.nextInt(26));
        }
        for (long off = 0; off < n; off += block) {
            MemorySegment.copy(b, 0, text, ValueLayout.JAVA_BYTE, off, (int) Math.min(block, n - off));
        }
        if (countWords() != byteLoop(text)) {
            throw new IllegalStateException(kernel + " disagrees with the byte loop");
        }
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }

    /** Words in the whole region. */
    @Benchmark
    public long countWords() {
        if (kernel.equals("byte-loop")) {
            return byteLoop(text);
        }
        Counts c = new Counts(true, false, Locale.bytes());
        c.add(text, true);
        c.finish();
        return c.words + c.lines;
    }

    static long byteLoop(MemorySegment s) {
        long words = 0, lines = 0;
        int in = 0;
        for (long i = 0, n = s.byteSize(); i < n; i++) {
            int b = s.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
            int k = CLASS[b];
            lines += b == '\n' ? 1 : 0;
            words += in & (k >> 1);
            in = k == 1 ? 1 : k == 2 ? 0 : in;
        }
        return words + in + lines; // both counts feed the result, so neither is optimized away
    }
}
