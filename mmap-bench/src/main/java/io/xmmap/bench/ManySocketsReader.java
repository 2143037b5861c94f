package io.xmmap.bench;

import io.xmmap.Memory;
import io.xmmap.StreamMapping;
import io.xmmap.StreamSet;
import io.xmmap.Xmmap;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * One run of {@link ManySocketsIngest}, in a JVM of its own so that its memory is its own:
 * listens on loopback, starts {@code tcp-fanout} to open N connections, serves them all from
 * this one thread with one mechanism, checks every stream (its 8-byte id, then a CRC32C of the
 * rest against the pattern's), and prints one line:
 * {@code BYTES SECONDS SETUP_SECONDS PSS_GROWTH_BYTES HEAP_GROWTH_BYTES HWM_BYTES THREADS}.
 *
 * <p>Mechanisms, each one thread:
 * <ul>
 *   <li>{@code nio-selector}: a {@link Selector} over non-blocking {@link SocketChannel}s, each
 *       with its own 64 KiB direct buffer (the connection's state between reads);</li>
 *   <li>{@code nio-selector-shared}: the same with one 64 KiB buffer for all (the least memory
 *       NIO can use, for a consumer that never keeps bytes across reads);</li>
 *   <li>{@code xmmap-streamset}: each connection accepted and mapped ({@code Xmmap.accept}) with
 *       a 64 KiB streaming ring and sync feed, all in one {@link StreamSet}; ready ones are taken
 *       with {@code windowNow} and released.</li>
 * </ul>
 * Each run first serves a warm-up set of up to {@value #WARM_UP_CONNECTIONS} connections the
 * same way (compiled code, loaded classes, linked downcalls: a server runs warm), then the
 * measured set. Memory: the growth of the process's proportional set size ({@code Pss} in
 * {@code /proc/self/smaps_rollup}; a ring's two views of one page count once) from before the
 * listen to mid-stream, when half the bytes are in, each after a full GC (the young generation is
 * kept small by the parent's flags, so garbage does not pass for memory held); the live heap's
 * growth over the same span; and the peak RSS ({@code VmHWM}). Time:
 * from the first accept to the last EOF (setup, the accepts and mappings, is inside it and also
 * reported alone).
 */
final class ManySocketsReader {
    static final int BUFFER = 64 << 10;
    static final int WARM_UP_CONNECTIONS = 100;

    private final int connections;
    /** Connections the serving loops accept: fewer in the warm-up, then {@link #connections}. */
    private int serving;
    /** False during the warm-up: the half-way memory figure is taken in the measured set only. */
    private boolean measuring;
    private final long bytesEach;
    private final long expectedBodyCrc;
    private long bytes;
    private long pssAtHalf;
    private long heapAtHalf;
    private long halfAt;
    private final BitSet ids = new BitSet();

    private ManySocketsReader(int connections, long bytesEach) {
        this.connections = connections;
        this.bytesEach = bytesEach;
        this.halfAt = connections * bytesEach / 2;
        CRC32C crc = new CRC32C();
        byte[] b = new byte[1 << 16];
        for (long o = 8; o < bytesEach; ) {
            int n = (int) Math.min(b.length, bytesEach - o);
            for (int i = 0; i < n; i++) {
                b[i] = (byte) ((o + i) * 131 + 7);
            }
            crc.update(b, 0, n);
            o += n;
        }
        this.expectedBodyCrc = crc.getValue();
    }

    /** {@code ManySocketsReader MECHANISM CONNECTIONS BYTES_EACH FANOUT_PROGRAM} */
    public static void main(String[] args) throws Exception {
        ManySocketsReader r = new ManySocketsReader(Integer.parseInt(args[1]), Long.parseLong(args[2]));
        System.out.println(r.run(args[0], Path.of(args[3])));
    }

    private String run(String mechanism, Path fanout) throws Exception {
        // Warm-up: the same mechanism over a smaller set, so that the JIT has compiled the loop
        // (a server runs warm) and the classes and downcalls it needs are not counted as memory
        // for the connections. The figures below are for the second, full set.
        serving = Math.max(1, Math.min(connections, WARM_UP_CONNECTIONS));
        serveAll(mechanism, fanout);
        bytes = 0;
        ids.clear();
        pauses = 0;
        serving = connections;
        measuring = true;
        System.gc();
        long heapBefore = heapUsed();
        long pssBefore = rollup("Pss:");
        long[] t = serveAll(mechanism, fanout);
        return bytes + " " + (t[2] - t[0] - pauses) / 1e9 + " " + (t[1] - t[0]) / 1e9 + " " + (pssAtHalf - pssBefore)
                + " " + (heapAtHalf - heapBefore) + " " + status("VmHWM:") + " " + Thread.activeCount();
    }

    /**
     * {@link #serving} connections from tcp-fanout, every stream checked; returns the nanoTimes
     * of the start, of the end of setup and of the end.
     */
    private long[] serveAll(String mechanism, Path fanout) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress("127.0.0.1", 0), serving)) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            Process sender = new ProcessBuilder(fanout.toString(), String.valueOf(port), String.valueOf(serving),
                    String.valueOf(bytesEach)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try {
                long t0 = System.nanoTime();
                long setup = serve(mechanism, server);
                long t1 = System.nanoTime();
                if (!sender.waitFor(2, TimeUnit.MINUTES) || sender.exitValue() != 0) {
                    throw new IOException("tcp-fanout failed or hung");
                }
                if (bytes != serving * bytesEach || ids.cardinality() != serving) {
                    throw new IllegalStateException("got " + bytes + " bytes from " + ids.cardinality()
                            + " streams; wanted " + serving * bytesEach + " from " + serving);
                }
                return new long[] {t0, setup, t1};
            } finally {
                sender.destroyForcibly();
            }
        }
    }

    private long serve(String mechanism, ServerSocketChannel server) throws IOException {
        return switch (mechanism) {
            case "nio-selector" -> nio(server, true);
            case "nio-selector-shared" -> nio(server, false);
            case "xmmap-streamset" -> mapped(server);
            default -> throw new IllegalArgumentException("unknown mechanism " + mechanism);
        };
    }

    /** Time spent reading /proc at the half-way mark, left out of the throughput. */
    private long pauses;

    private void took(long n) throws IOException {
        bytes += n;
        if (measuring && halfAt >= 0 && bytes >= halfAt) {
            long t = System.nanoTime();
            System.gc();
            heapAtHalf = heapUsed();
            pssAtHalf = rollup("Pss:");
            halfAt = -1;
            pauses += System.nanoTime() - t;
        }
    }

    /** Per-stream check state: bytes seen, the id, the running CRC of the body. */
    private final class Check {
        long pos;
        final ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();

        void consume(ByteBuffer b) throws IOException {
            int n = b.remaining();
            while (head.hasRemaining() && b.hasRemaining()) {
                head.put(b.get());
            }
            crc.update(b);
            pos += n;
            took(n);
        }

        void end() {
            int id = (int) head.getLong(0);
            if (head.hasRemaining() || pos != bytesEach || crc.getValue() != expectedBodyCrc || id < 0
                    || id >= connections || ids.get(id)) {
                throw new IllegalStateException("stream " + id + " is wrong: " + pos + " bytes, crc "
                        + Long.toHexString(crc.getValue()) + " (want " + bytesEach + ", "
                        + Long.toHexString(expectedBodyCrc) + ")");
            }
            ids.set(id);
        }
    }

    /** Serves the connections with a selector; returns when setup ended (nanoTime). */
    private long nio(ServerSocketChannel server, boolean bufferEach) throws IOException {
        ByteBuffer shared = bufferEach ? null : ByteBuffer.allocateDirect(BUFFER);
        try (Selector sel = Selector.open()) {
            for (int k = 0; k < serving; k++) {
                SocketChannel ch = server.accept();
                ch.configureBlocking(false);
                ch.register(sel, SelectionKey.OP_READ, new Object[] {new Check(),
                        bufferEach ? ByteBuffer.allocateDirect(BUFFER) : shared});
            }
            long setup = System.nanoTime();
            int open = serving;
            while (open > 0) {
                if (sel.select(60_000) == 0) {
                    throw new IOException("nothing arrived for 60 s with " + open + " connections open");
                }
                for (var it = sel.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    Object[] att = (Object[]) key.attachment();
                    Check c = (Check) att[0];
                    ByteBuffer b = (ByteBuffer) att[1];
                    SocketChannel ch = (SocketChannel) key.channel();
                    int r;
                    while ((r = ch.read(b.clear())) > 0) {
                        c.consume(b.flip());
                    }
                    if (r < 0) {
                        c.end();
                        key.cancel();
                        ch.close();
                        open--;
                    }
                }
            }
            return setup;
        }
    }

    /** Serves the connections as mappings in one StreamSet; returns when setup ended (nanoTime). */
    private long mapped(ServerSocketChannel server) throws IOException {
        Memory ring = Memory.streaming(BUFFER);
        List<StreamMapping> all = new ArrayList<>(serving);
        try (StreamSet set = StreamSet.open()) {
            for (int k = 0; k < serving; k++) {
                StreamMapping m = Xmmap.accept(server, ring);
                all.add(m);
                set.add(m);
            }
            java.util.IdentityHashMap<StreamMapping, Check> checks = new java.util.IdentityHashMap<>();
            for (StreamMapping m : all) {
                checks.put(m, new Check());
            }
            long setup = System.nanoTime();
            while (set.size() > 0) {
                List<StreamMapping> ready = set.await(Duration.ofSeconds(60));
                if (ready.isEmpty()) {
                    throw new IOException("nothing arrived for 60 s with " + set.size() + " streams open");
                }
                for (StreamMapping m : ready) {
                    Check c = checks.get(m);
                    // Take what is there, window after window (as the NIO loop reads until none
                    // is left): up to 56 KiB at once, as much as a 64 KiB ring of 8 KiB slots
                    // hands out, each released before the next.
                    MemorySegment w;
                    while ((w = m.windowNow(c.pos, BUFFER - BUFFER / 8)).byteSize() > 0) {
                        long end = c.pos + w.byteSize();
                        c.consume(w.asByteBuffer());
                        m.release(end);
                    }
                    if (m.isEof() && c.pos == m.mapped()) {
                        c.end();
                        set.remove(m);
                        m.close();
                    }
                }
            }
            return setup;
        } finally {
            for (StreamMapping m : all) {
                m.close();
            }
        }
    }

    private static long heapUsed() {
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A field of /proc/self/smaps_rollup, in bytes. */
    static long rollup(String field) throws IOException {
        return kib(Path.of("/proc/self/smaps_rollup"), field);
    }

    static long status(String field) throws IOException {
        return kib(Path.of("/proc/self/status"), field);
    }

    private static long kib(Path file, String field) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
            }
        }
        throw new IOException("no " + field + " in " + file);
    }
}
