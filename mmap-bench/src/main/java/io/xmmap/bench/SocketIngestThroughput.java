package io.xmmap.bench;

import io.xmmap.Feed;
import io.xmmap.Memory;
import io.xmmap.StreamMapping;
import io.xmmap.Xmmap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * GiB/s of ingesting a loopback TCP connection, per mechanism, all fed by the same sender:
 * {@code tcp-sender}, C, 256 KiB {@code write(2)}s from a pre-touched huge-page buffer. The
 * baseline, run in every round beside the others, is a plain C {@code read(2)} loop
 * ({@code socket-reader}: 256 KiB reads into a 2 MiB huge-page buffer). Each figure is timed
 * inside the reader from the first byte to EOF; rounds alternate the order; ratios are medians of
 * per-round ratios to the C reader.
 * <ul>
 *   <li>{@code c-read}: the C reference reader (baseline);</li>
 *   <li>{@code c-read-lowat}: the same with SO_RCVLOWAT at 256 KiB (what the mapping sets when
 *       one consumer waits for a window: it sleeps until a chunk is queued, not per segment);</li>
 *   <li>{@code c-splice-read}, {@code c-splice-vmsplice}: {@code splice(2)} socket -> 1 MiB pipe,
 *       then {@code read(2)} or {@code vmsplice(2)} pipe -> buffer: the alternative to reading
 *       the socket into the arena directly; {@code -lowat}: the same with SO_RCVLOWAT;</li>
 *   <li>{@code xmmap-streaming[-bg]}: {@code Xmmap.map(SocketChannel)}, 4 MiB ring, 1 MiB
 *       windows released after use, sync or background feed.</li>
 * </ul>
 */
final class SocketIngestThroughput {
    static final List<String> MECHANISMS = List.of("c-read", "c-read-lowat", "c-splice-read", "c-splice-vmsplice",
            "c-splice-read-lowat", "c-splice-vmsplice-lowat", "xmmap-streaming", "xmmap-streaming-bg");
    private static final String LOWAT = String.valueOf(256 << 10);
    private static final long WINDOW = 1 << 20;

    private final long bytes;
    private final int rounds;
    private final Path sender;
    private final Path reader;

    SocketIngestThroughput(long bytes, int rounds) throws IOException, InterruptedException {
        this.bytes = bytes;
        this.rounds = rounds;
        this.sender = NativeTools.program("tcp-sender");
        this.reader = NativeTools.program("socket-reader");
    }

    /** GiB/s per mechanism per round (one untimed pass each first). */
    Map<String, double[]> run() throws Exception {
        return Rounds.run(MECHANISMS, rounds, bytes, this::measure);
    }

    private double measure(String mechanism, long n) throws Exception {
        Process s = new ProcessBuilder(sender.toString(), String.valueOf(n))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(s.getInputStream())).readLine().trim());
            double[] got = switch (mechanism) {
                case "c-read" -> cReader(port, "--mode", "read");
                case "c-read-lowat" -> cReader(port, "--mode", "read", "--lowat", LOWAT);
                case "c-splice-read" -> cReader(port, "--mode", "splice-read");
                case "c-splice-vmsplice" -> cReader(port, "--mode", "splice-vmsplice");
                case "c-splice-read-lowat" -> cReader(port, "--mode", "splice-read", "--lowat", LOWAT);
                case "c-splice-vmsplice-lowat" -> cReader(port, "--mode", "splice-vmsplice", "--lowat", LOWAT);
                case "xmmap-streaming" -> mapped(port, Feed.SYNC);
                case "xmmap-streaming-bg" -> mapped(port, Feed.BACKGROUND);
                default -> throw new IllegalArgumentException("unknown mechanism " + mechanism + "; one of " + MECHANISMS);
            };
            if (!s.waitFor(1, TimeUnit.MINUTES) || s.exitValue() != 0) {
                throw new IOException("tcp-sender failed");
            }
            if ((long) got[0] != n) {
                throw new IllegalStateException("lost bytes: wanted " + n + ", got " + (long) got[0]);
            }
            return got[0] / got[1] / (1L << 30);
        } finally {
            s.destroyForcibly();
        }
    }

    private double[] cReader(int port, String... options) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(reader.toString(), String.valueOf(port)));
        cmd.addAll(List.of(options));
        String[] f = NativeTools.output(new ProcessBuilder(cmd), 10, "C reader " + options[1]).trim().split("\\s+");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
    }

    private static double[] mapped(int port, Feed feed) throws IOException {
        try (SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
             StreamMapping m = Xmmap.map(ch, Memory.STREAMING, feed)) {
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

    static String table(Map<String, double[]> gibs, long bytes, int rounds, String command) {
        StringBuilder sb = new StringBuilder("### SocketIngestThroughput\n\nCommand: `" + command + "` ("
                + (bytes >> 20) + " MiB x " + rounds + " rounds over loopback TCP, one C sender).\n\n");
        sb.append(Machine.describe().markdown()).append('\n');
        sb.append("| mechanism | GiB/s (median) | ratio to c-read | ratio to c-read-lowat |\n| --- | ---: | ---: | ---: |\n");
        double[] base = gibs.get("c-read");
        double[] lowat = gibs.get("c-read-lowat");
        gibs.forEach((m, v) -> sb.append(String.format(java.util.Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", m, PipeIngestThroughput.median(v),
                ToolRunsVsGnu.medianRatio(v, base), ToolRunsVsGnu.medianRatio(v, lowat))));
        sb.append("\nRatios are medians of per-round ratios. `c-read-lowat` is the fair C counterpart of the mapping, "
                + "which sets the same SO_RCVLOWAT while one consumer waits.\n");
        return sb.toString();
    }
}
