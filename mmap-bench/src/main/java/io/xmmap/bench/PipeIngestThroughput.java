package io.xmmap.bench;

import io.xmmap.Feed;
import io.xmmap.Memory;
import io.xmmap.StreamMapping;
import io.xmmap.Xmmap;
import io.xmmap.internal.mem.Pages;
import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * GiB/s of ingesting a pipe, per mechanism, all fed by the same writer: {@code vmsplice-writer}, a C
 * program that vmsplices a pre-touched huge-page buffer into the pipe in a loop (seed 002's fastest
 * writer). The baseline, run in every round beside the others, is {@code read-reader}: C,
 * {@code read(2)} of 256 KiB into a 2 MiB huge-page buffer. Each figure is timed from the first
 * byte to EOF inside the reading process; rounds alternate the mechanisms so drift hits all alike,
 * and each mechanism's ratio is the median of its per-round ratios to the C reader of that round.
 *
 * <p>The mechanism is the parameter:
 * <ul>
 *   <li>{@code c-read}: the C reference reader (baseline);</li>
 *   <li>{@code c-read-busy}: the C reader with {@code preadv2(RWF_NOWAIT)} spinning on EAGAIN, and
 *       {@code xmmap-streaming-spin}: a sync streaming mapping with {@code Feed.withSpinning(true)}
 *       (seed 002's busy-loop rung, reader side only);</li>
 *   <li>{@code c-read-retain}: the C reader keeping every byte in fresh huge-page memory (the
 *       like-for-like baseline of retain-all: first touch of fresh memory is in both);</li>
 *   <li>{@code ffm-read}: the same loop in Java through the FFM read(2) handle;</li>
 *   <li>{@code xmmap-streaming[-bg][-vmsplice]}: a streaming mapping, 1 MiB windows, each released
 *       after use; sync or background feed; read(2) or vmsplice(2) feeder;</li>
 *   <li>{@code xmmap-retain-all[-bg]}: a retain-all mapping (fresh memory for every byte).</li>
 * </ul>
 */
final class PipeIngestThroughput {
    static final List<String> MECHANISMS = List.of("c-read", "ffm-read", "xmmap-streaming", "xmmap-streaming-bg",
            "xmmap-streaming-vmsplice", "c-read-busy", "xmmap-streaming-spin", "c-read-retain", "xmmap-retain-all",
            "xmmap-retain-all-bg");
    private static final long WINDOW = 1 << 20;
    private static final int CHUNK = 256 << 10;

    private final long bytes;
    private final int rounds;
    private final List<String> mechanisms;
    private final Path writer;
    private final Path reader;

    PipeIngestThroughput(long bytes, int rounds, List<String> mechanisms) throws IOException, InterruptedException {
        this.bytes = bytes;
        this.rounds = rounds;
        this.mechanisms = mechanisms;
        this.writer = NativeTools.program("vmsplice-writer");
        this.reader = NativeTools.program("read-reader");
    }

    /** Runs every round; returns GiB/s per mechanism per round. */
    Map<String, double[]> run() throws Exception {
        return Rounds.run(mechanisms, rounds, bytes, this::measure);
    }

    private double measure(String mechanism, long n) throws Exception {
        return switch (mechanism) {
            case "c-read" -> cRead(n, "");
            case "c-read-retain" -> cRead(n, " --retain");
            case "c-read-busy" -> cRead(n, " --busy");
            case "xmmap-streaming-spin" -> javaPipe(n, fd -> mapped(fd, Memory.STREAMING, Feed.SYNC.withSpinning(true)));
            case "ffm-read" -> javaPipe(n, this::ffmRead);
            case "xmmap-streaming" -> javaPipe(n, fd -> mapped(fd, Memory.STREAMING, Feed.SYNC));
            case "xmmap-streaming-bg" -> javaPipe(n, fd -> mapped(fd, Memory.STREAMING, Feed.BACKGROUND));
            case "xmmap-streaming-vmsplice" -> javaPipe(n, fd -> mapped(fd, Memory.STREAMING,
                    Feed.SYNC.withMethod(Feed.Method.VMSPLICE)));
            case "xmmap-retain-all" -> javaPipe(n, fd -> mapped(fd, Memory.retainAll(n + (1 << 20)), Feed.SYNC));
            case "xmmap-retain-all-bg" -> javaPipe(n, fd -> mapped(fd, Memory.retainAll(n + (1 << 20)), Feed.BACKGROUND));
            default -> throw new IllegalArgumentException("unknown mechanism " + mechanism + "; one of " + MECHANISMS);
        };
    }

    private double cRead(long n, String flags) throws Exception {
        String out = NativeTools.output(new ProcessBuilder("sh", "-c",
                NativeTools.q(writer) + " " + n + " | " + NativeTools.q(reader) + flags), 10, "C reference").trim();
        String[] f = out.split("\\s+");
        long got = Long.parseLong(f[0]);
        check(got, n);
        return got / Double.parseDouble(f[1]) / (1L << 30);
    }

    /** GiB/s of first touch of fresh huge-page memory, per pass (C memset; see first-touch.c). */
    static double[] firstTouch() throws Exception {
        String[] lines = NativeTools.output(new ProcessBuilder(NativeTools.program("first-touch").toString(), "1024"),
                5, "first-touch").trim().split("\n");
        double[] out = new double[lines.length];
        for (int i = 0; i < lines.length; i++) {
            out[i] = Double.parseDouble(lines[i].split(" ")[1]);
        }
        return out;
    }

    /** Measures one reader in this JVM: returns {bytes, seconds from first byte to EOF}. */
    interface JavaReader {
        double[] read(int fd) throws Exception;
    }

    private double javaPipe(long n, JavaReader body) throws Exception {
        int[] p = new int[2];
        Errors.check("pipe2", "bench", Libc.pipe2(p, 0));
        Path w = Path.of("/proc/" + ProcessHandle.current().pid() + "/fd/" + p[1]);
        Process proc = new ProcessBuilder("sh", "-c", "exec >" + w + "; exec " + NativeTools.q(writer) + " " + n)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        proc.onExit().whenComplete((x, e) -> Libc.close(p[1]));
        double[] r;
        try {
            r = body.read(p[0]);
        } finally {
            Libc.close(p[0]);
        }
        if (!proc.waitFor(1, TimeUnit.MINUTES) || proc.exitValue() != 0) {
            throw new IOException("writer failed with status " + proc.exitValue());
        }
        check((long) r[0], n);
        return r[0] / r[1] / (1L << 30);
    }

    private double[] ffmRead(int fd) throws IOException {
        Libc.fcntl(fd, Libc.F_SETPIPE_SZ, 1 << 20);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Pages.HUGE, Pages.HUGE);
            Libc.madvise(buf.address(), Pages.HUGE, Libc.MADV_HUGEPAGE);
            buf.fill((byte) 0);
            long total = 0, off = 0, t0 = 0;
            for (;;) {
                if (off + CHUNK > Pages.HUGE) {
                    off = 0;
                }
                long r = Errors.check("read", fd, Libc.read(fd, buf.asSlice(off, CHUNK)));
                if (r == 0) {
                    break;
                }
                if (total == 0) {
                    t0 = System.nanoTime();
                }
                total += r;
                off += r;
            }
            return new double[] {total, (System.nanoTime() - t0) / 1e9};
        }
    }

    private static double[] mapped(int fd, Memory memory, Feed feed) throws IOException {
        try (StreamMapping m = Xmmap.map(fd, memory, feed)) {
            m.window(0, 1);
            long t0 = System.nanoTime();
            long pos = 0;
            for (MemorySegment w; (w = m.window(pos, WINDOW)).byteSize() > 0; ) {
                pos += w.byteSize();
                m.release(pos);
            }
            return new double[] {pos, (System.nanoTime() - t0) / 1e9};
        }
    }

    private static void check(long got, long want) {
        if (got != want) {
            throw new IllegalStateException("lost bytes: wanted " + want + ", got " + got);
        }
    }

    /** The Markdown table: median GiB/s, and the median of per-round ratios to c-read. */
    static String table(Map<String, double[]> gibs, long bytes, int rounds, String command, double[] touch) {
        StringBuilder sb = new StringBuilder();
        sb.append("### PipeIngestThroughput\n\n");
        sb.append("Command: `").append(command).append("`  \n");
        sb.append(Pages.human(bytes)).append(" per run, ").append(rounds)
                .append(" rounds, mechanisms alternated; writer: `vmsplice-writer` (C, huge pages, vmsplice).\n\n");
        sb.append(Machine.describe().markdown());
        sb.append(String.format(java.util.Locale.ROOT, "- first touch of fresh huge-page memory (C memset of 1 GiB, passes 1/2/3): %.2f / %.2f / %.2f GiB/s%n%n",
                touch[0], touch[1], touch[2]));
        sb.append("| mechanism | median GiB/s | min | max | ratio to c-read | ratio to c-read-retain |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        double[] base = gibs.get("c-read");
        double[] baseRetain = gibs.get("c-read-retain");
        for (Map.Entry<String, double[]> e : gibs.entrySet()) {
            double[] v = e.getValue();
            sb.append(String.format(java.util.Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %s | %s |%n", e.getKey(), median(v),
                    Arrays.stream(v).min().orElse(0), Arrays.stream(v).max().orElse(0), ratio(v, base),
                    e.getKey().contains("retain") ? ratio(v, baseRetain) : ""));
        }
        return sb.toString();
    }

    /** The median of the per-round ratios v[i] / base[i]: each round's drift cancels out. */
    private static String ratio(double[] v, double[] base) {
        if (base == null) {
            return "n/a";
        }
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i] / base[i];
        }
        return String.format(java.util.Locale.ROOT, "%.2f", median(r));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
