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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * One run of {@link ManySocketsIngest}, in a JVM of its own so that its memory is its own:
 * listens on loopback, starts {@code tcp-fanout}, which opens N connections and waits; accepts
 * and sets up all of them with one mechanism; measures memory; tells the sender to go; serves all
 * the streams from this one thread, checking each (its 8-byte id, then a CRC32C of the rest
 * against the pattern's); and prints one line:
 * {@code BYTES STREAM_SECONDS SETUP_SECONDS MEMORY_GROWTH HEAP_GROWTH HWM THREADS}.
 *
 * <p>Mechanisms, each one thread:
 * <ul>
 *   <li>{@code nio-selector}: a {@link Selector} over non-blocking {@link SocketChannel}s, each
 *       with its own 64 KiB direct buffer (the connection's state between reads);</li>
 *   <li>{@code nio-selector-shared}: the same with one 64 KiB buffer for all (the least memory
 *       NIO can use, for a consumer that never keeps bytes across reads);</li>
 *   <li>{@code xmmap-streamset}: each connection accepted and mapped ({@code Xmmap.accept}) with
 *       a 64 KiB streaming ring and sync feed, all in one {@link StreamSet}; each ready one is
 *       taken window after window with {@code windowNow} and released.</li>
 * </ul>
 * Each run first serves a warm-up set of up to {@value #WARM_UP_CONNECTIONS} connections the
 * same way (compiled code, loaded classes, linked downcalls: a server runs warm), then the
 * measured set. Setup time: the accepts and mappings/registrations, no bytes flowing (the sender
 * waits for a go). Stream time: from the go to the last EOF. Memory, with every connection open
 * and set up, before the go: the growth of the proportional set size ({@code Pss} in
 * {@code /proc/self/smaps_rollup}; a ring's two views of one page count once) since before the
 * listen, and of the live heap, each after a full GC (the parent keeps the young generation
 * small, so garbage does not pass for memory held); the peak RSS ({@code VmHWM}); the process's
 * threads ({@code Threads} in {@code /proc/self/status}).
 */
final class ManySocketsReader {
    static final int BUFFER = 64 << 10;
    static final int WARM_UP_CONNECTIONS = 100;
    private static final long ACCEPT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final int connections;
    private final long bytesEach;
    private final long expectedBodyCrc;
    /** Connections being served: the warm-up set, then {@link #connections}. */
    private int serving;
    private long bytes;
    private final BitSet ids = new BitSet();

    private ManySocketsReader(int connections, long bytesEach) {
        this.connections = connections;
        this.bytesEach = bytesEach;
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
        serving = Math.max(1, Math.min(connections, WARM_UP_CONNECTIONS));
        serveAll(mechanism, fanout, null);
        bytes = 0;
        ids.clear();
        serving = connections;
        long[] memory = new long[4];
        System.gc();
        memory[0] = rollup("Pss:");
        memory[1] = heapUsed();
        long[] t = serveAll(mechanism, fanout, memory);
        return bytes + " " + (t[2] - t[1]) / 1e9 + " " + (t[1] - t[0]) / 1e9 + " " + (memory[2] - memory[0]) + " "
                + (memory[3] - memory[1]) + " " + status("VmHWM:") + " " + status("Threads:");
    }

    /**
     * Serves {@link #serving} connections from tcp-fanout, every stream checked. With
     * {@code memory} (Pss and heap before, in [0] and [1]), measures them again once all are set
     * up, into [2] and [3]. Returns the nanoTimes of the start, the go and the end.
     */
    private long[] serveAll(String mechanism, Path fanout, long[] memory) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress("127.0.0.1", 0), serving)) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            Process sender = new ProcessBuilder(fanout.toString(), String.valueOf(port), String.valueOf(serving),
                    String.valueOf(bytesEach)).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                long[] t = new long[3];
                t[0] = System.nanoTime();
                Runnable go = () -> {
                    try {
                        if (memory != null) {
                            System.gc();
                            memory[2] = rollup("Pss:");
                            memory[3] = heapUsed();
                        }
                        sender.getOutputStream().write('g');
                        sender.getOutputStream().flush();
                        t[1] = System.nanoTime();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                };
                switch (mechanism) {
                    case "nio-selector" -> nio(server, sender, true, go);
                    case "nio-selector-shared" -> nio(server, sender, false, go);
                    case "xmmap-streamset" -> mapped(server, sender, go);
                    default -> throw new IllegalArgumentException("unknown mechanism " + mechanism);
                }
                t[2] = System.nanoTime();
                if (!sender.waitFor(2, TimeUnit.MINUTES) || sender.exitValue() != 0) {
                    throw new IOException("tcp-fanout failed or hung");
                }
                if (bytes != serving * bytesEach || ids.cardinality() != serving) {
                    throw new IllegalStateException("got " + bytes + " bytes from " + ids.cardinality()
                            + " streams; wanted " + serving * bytesEach + " from " + serving);
                }
                return t;
            } finally {
                sender.destroyForcibly();
            }
        }
    }

    /**
     * Waits (at most 60 s, and no longer than the sender lives) until a connection is waiting on
     * the non-blocking {@code server}.
     */
    private static void awaitConnection(ServerSocketChannel server, Selector acceptor, Process sender) throws IOException {
        long until = System.nanoTime() + ACCEPT_LIMIT_NANOS;
        while (acceptor.select(100) == 0) {
            if (!sender.isAlive() || System.nanoTime() - until > 0) {
                throw new IOException("no connection to accept on " + server.getLocalAddress()
                        + (sender.isAlive() ? " within 60 s" : ": tcp-fanout exited with " + sender.exitValue()));
            }
        }
        acceptor.selectedKeys().clear();
    }

    /** Per-stream check state: bytes seen, the id, the running CRC of the body. */
    private final class Check {
        long pos;
        final ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();

        void consume(ByteBuffer b) {
            int n = b.remaining();
            while (head.hasRemaining() && b.hasRemaining()) {
                head.put(b.get());
            }
            crc.update(b);
            pos += n;
            bytes += n;
        }

        void end() {
            int id = (int) head.getLong(0);
            if (head.hasRemaining() || pos != bytesEach || crc.getValue() != expectedBodyCrc || id < 0
                    || id >= serving || ids.get(id)) {
                throw new IllegalStateException("stream " + id + " is wrong: " + pos + " bytes, crc "
                        + Long.toHexString(crc.getValue()) + " (want " + bytesEach + ", "
                        + Long.toHexString(expectedBodyCrc) + ")");
            }
            ids.set(id);
        }
    }

    private void nio(ServerSocketChannel server, Process sender, boolean bufferEach, Runnable go) throws IOException {
        ByteBuffer shared = bufferEach ? null : ByteBuffer.allocateDirect(BUFFER);
        server.configureBlocking(false);
        try (Selector acceptor = Selector.open(); Selector sel = Selector.open()) {
            server.register(acceptor, SelectionKey.OP_ACCEPT);
            for (int k = 0; k < serving; ) {
                SocketChannel ch = server.accept();
                if (ch == null) {
                    awaitConnection(server, acceptor, sender);
                    continue;
                }
                ch.configureBlocking(false);
                ch.register(sel, SelectionKey.OP_READ, new Object[] {new Check(),
                        bufferEach ? ByteBuffer.allocateDirect(BUFFER) : shared});
                k++;
            }
            go.run();
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
        }
    }

    private void mapped(ServerSocketChannel server, Process sender, Runnable go) throws IOException {
        Memory ring = Memory.streaming(BUFFER);
        List<StreamMapping> all = new ArrayList<>(serving);
        Map<StreamMapping, Check> checks = new IdentityHashMap<>();
        server.configureBlocking(false);
        try (Selector acceptor = Selector.open(); StreamSet set = StreamSet.open()) {
            server.register(acceptor, SelectionKey.OP_ACCEPT);
            while (all.size() < serving) {
                awaitConnection(server, acceptor, sender);
                StreamMapping m;
                try {
                    m = Xmmap.accept(server, ring);
                } catch (IOException noneWaiting) {
                    continue; // woken without a connection: wait again
                }
                all.add(m);
                set.add(m);
                checks.put(m, new Check());
            }
            go.run();
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
        return number(Path.of("/proc/self/smaps_rollup"), field) << 10;
    }

    /** A field of /proc/self/status: kB fields in bytes, counts as they are. */
    static long status(String field) throws IOException {
        long n = number(Path.of("/proc/self/status"), field);
        return field.equals("Threads:") ? n : n << 10;
    }

    private static long number(Path file, String field) throws IOException {
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " in " + file);
    }
}
