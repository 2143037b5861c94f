package io.xmmap.bench.jmh;

import io.xmmap.Scan;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
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
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * The scanning kernels behind {@code wc -l} (count a byte) and {@code grep -F} (find the next
 * occurrence of a byte), four ways: a plain byte loop; the first SWAR kernel (a popcount per
 * word, which C2 does not vectorize); {@link Scan}, the shipped SWAR kernel shaped so that C2
 * auto-vectorizes it; and the incubating Vector API ({@code ByteVector.eq(..).trueCount()}, the
 * fastest Vector API form found; a masked byte add was slower). Text of short words ({@link Text}); 256 KiB
 * (fits in L2) and 1 GiB (from memory). The tools ship the SWAR kernel: the Vector API is an
 * incubator module and prints a warning on standard error in every JVM that resolves it, which a
 * command-line tool cannot do; this benchmark measures what that costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector"})
public class ScanKernels {
    @Param({"byte-loop", "swar-word", "scan", "vector"})
    public String kernel;

    @Param({"256KiB", "1GiB"})
    public String size;

    private static final VectorSpecies<Byte> S = ByteVector.SPECIES_PREFERRED;
    private Arena arena;
    private MemorySegment text;

    @Setup(Level.Trial)
    public void fill() {
        long n = io.xmmap.internal.mem.Pages.parseSize(size.replace("iB", ""));
        arena = Arena.ofShared();
        text = arena.allocate(n, 64);
        Text.fill(text);
        text.set(ValueLayout.JAVA_BYTE, n - 1, (byte) 'Q');
        // Every kernel must give the byte loop's answers, or its speed means nothing.
        if (countNewlines() != byteLoopCount(text, (byte) '\n') || findRareByte() != n - 1) {
            throw new IllegalStateException(kernel + " disagrees with the byte loop");
        }
    }

    @TearDown(Level.Trial)
    public void free() {
        arena.close();
    }

    /** Newlines in the whole region. */
    @Benchmark
    public long countNewlines() {
        return switch (kernel) {
            case "byte-loop" -> byteLoopCount(text, (byte) '\n');
            case "swar-word" -> swarWordCount(text, (byte) '\n');
            case "scan" -> Scan.count(text, (byte) '\n');
            default -> vectorTrueCount(text, (byte) '\n');
        };
    }

    /** The position of the one 'Q' (last byte): a search that runs the whole region. */
    @Benchmark
    public long findRareByte() {
        return switch (kernel) {
            case "byte-loop" -> byteLoopIndexOf(text, (byte) 'Q');
            case "swar-word" -> swarWordIndexOf(text, (byte) 'Q');
            case "scan" -> Scan.indexOf(text, 0, (byte) 'Q');
            default -> vectorIndexOf(text, (byte) 'Q');
        };
    }

    static long byteLoopCount(MemorySegment s, byte b) {
        long c = 0;
        for (long i = 0, n = s.byteSize(); i < n; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) == b) {
                c++;
            }
        }
        return c;
    }

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x | LOW7);
    }

    /** The first SWAR kernel: one popcount per word, four words per iteration. Not vectorized. */
    static long swarWordCount(MemorySegment s, byte b) {
        long n = s.byteSize(), pattern = 0x0101010101010101L * (b & 0xFF), c = 0, i = 0;
        for (; i + 32 <= n; i += 32) {
            c += Long.bitCount(zeroBytes(s.get(WORD, i) ^ pattern))
                    + Long.bitCount(zeroBytes(s.get(WORD, i + 8) ^ pattern))
                    + Long.bitCount(zeroBytes(s.get(WORD, i + 16) ^ pattern))
                    + Long.bitCount(zeroBytes(s.get(WORD, i + 24) ^ pattern));
        }
        return c + byteLoopCount(s.asSlice(i), b);
    }

    /** The first SWAR search: test one word, stop at the first hit. */
    static long swarWordIndexOf(MemorySegment s, byte b) {
        long n = s.byteSize(), pattern = 0x0101010101010101L * (b & 0xFF), i = 0;
        for (; i + 8 <= n; i += 8) {
            long z = zeroBytes(s.get(WORD, i) ^ pattern);
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        long r = byteLoopIndexOf(s.asSlice(i), b);
        return r < 0 ? -1 : i + r;
    }

    static long byteLoopIndexOf(MemorySegment s, byte b) {
        for (long i = 0, n = s.byteSize(); i < n; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) == b) {
                return i;
            }
        }
        return -1;
    }

    static long vectorTrueCount(MemorySegment s, byte b) {
        long n = s.byteSize(), c = 0, i = 0;
        long bound = n - n % S.length();
        for (; i < bound; i += S.length()) {
            c += ByteVector.fromMemorySegment(S, s, i, ByteOrder.LITTLE_ENDIAN).eq(b).trueCount();
        }
        return c + byteLoopCount(s.asSlice(i), b);
    }

    static long vectorIndexOf(MemorySegment s, byte b) {
        long n = s.byteSize(), i = 0;
        long bound = n - n % S.length();
        for (; i < bound; i += S.length()) {
            VectorMask<Byte> m = ByteVector.fromMemorySegment(S, s, i, ByteOrder.LITTLE_ENDIAN).eq(b);
            if (m.anyTrue()) {
                return i + m.firstTrue();
            }
        }
        long r = byteLoopIndexOf(s.asSlice(i), b);
        return r < 0 ? -1 : i + r;
    }
}
