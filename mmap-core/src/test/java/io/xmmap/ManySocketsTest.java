package io.xmmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One thread maps 1,000 concurrent loopback TCP connections in streaming mode (64 KiB rings) and
 * serves them all through one {@link StreamSet}: no thread per mapping, memory bounded by the
 * rings, every stream checked byte for byte. Each stream starts with its own length (8 bytes,
 * little-endian); the rest is the position pattern.
 */
@Timeout(300)
class ManySocketsTest {
    private static final int CONNECTIONS = 1000;
    private static final Memory RING = Memory.streaming(64 << 10);

    @Test
    void oneThreadServesAThousandMappedSockets() throws Exception {
        long shmemBefore = shmem();
        int threadsBefore = Thread.activeCount();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try (ServerSocketChannel server = ServerSocketChannel.open()
                .bind(new InetSocketAddress("127.0.0.1", 0), CONNECTIONS);
             StreamSet set = StreamSet.open()) {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int k = 0; k < CONNECTIONS; k++) {
                long size = 200_000 + 101L * k;
                sent.add(CompletableFuture.runAsync(() -> send(server, size), writers));
            }
            Map<StreamMapping, long[]> state = new HashMap<>(); // {position, expected size or -1}
            List<StreamMapping> all = new ArrayList<>();
            try {
                for (int k = 0; k < CONNECTIONS; k++) {
                    try (SocketChannel accepted = server.accept()) {
                        StreamMapping m = Xmmap.map(accepted, RING, Feed.SYNC);
                        all.add(m);
                        set.add(m);
                        state.put(m, new long[] {0, -1});
                    }
                }
                long peakRss = 0;
                long bytes = 0;
                while (set.size() > 0) {
                    List<StreamMapping> ready = set.await(Duration.ofSeconds(60));
                    assertFalse(ready.isEmpty(), "nothing arrived for 60 s with " + set.size() + " streams open");
                    for (StreamMapping m : ready) {
                        long[] st = state.get(m);
                        MemorySegment w = m.windowNow(st[0], RING.bytes() / 2);
                        if (st[0] == 0 && w.byteSize() >= 8) {
                            st[1] = w.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
                        }
                        long from = Math.max(st[0], 8);
                        if (st[0] + w.byteSize() > from) {
                            MemorySegment body = w.asSlice(from - st[0]);
                            assertEquals(-1, Pattern.firstMismatch(body, from), "stream bytes at " + from);
                        }
                        st[0] += w.byteSize();
                        bytes += w.byteSize();
                        m.release(st[0]);
                        if (all.size() == CONNECTIONS && set.size() == CONNECTIONS && st[0] == 0) {
                            // every mapping is open: the feeding adds no thread per mapping
                            assertTrue(Thread.activeCount() - threadsBefore < 50,
                                    "threads: " + Thread.activeCount() + " (before: " + threadsBefore + ")");
                        }
                        if (w.byteSize() == 0 && m.isEof()) {
                            assertEquals(st[1], st[0], "every byte of the stream");
                            set.remove(m);
                        }
                    }
                    peakRss = Math.max(peakRss, shmem());
                }
                long want = 0;
                for (int k = 0; k < CONNECTIONS; k++) {
                    want += 200_000 + 101L * k;
                }
                assertEquals(want, bytes, "all bytes of all streams");
                // The rings are memfd (shared) memory seen through two views each: 1,000 x 64 KiB x 2
                // = 125 MiB resident at most, however long the streams (each is 3-4.6 rings long;
                // the JVM heap is not counted here).
                long growth = peakRss - shmemBefore;
                System.out.printf("1,000 mapped sockets: peak RssShmem growth %d MiB%n", growth >> 20);
                assertTrue(growth <= 2L * CONNECTIONS * RING.bytes() + (8 << 20),
                        "ring memory grew by " + (growth >> 20) + " MiB");
            } finally {
                for (StreamMapping m : all) {
                    m.close();
                }
            }
            for (var s : sent) {
                s.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
    }

    /** RssShmem of this process (the rings are memfd memory), in bytes. */
    private static long shmem() throws IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("RssShmem:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
            }
        }
        throw new IOException("no RssShmem in /proc/self/status");
    }

    /** Connects, sends the stream's length then the pattern in odd chunks, shuts its side down. */
    private static void send(ServerSocketChannel server, long size) {
        try (SocketChannel ch = SocketChannel.open(server.getLocalAddress())) {
            for (long off = 0; off < size; ) {
                int n = (int) Math.min(size - off, 4099);
                byte[] b = Pattern.bytes(off, n);
                if (off == 0) {
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, size);
                }
                ByteBuffer buf = ByteBuffer.wrap(b);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                off += n;
            }
            ch.shutdownOutput();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
