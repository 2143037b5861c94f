package io.xmmap;

import io.xmmap.internal.sys.Libc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The reuse rule under load: a writer that reuses its memory as early as the library lets it
 * (the smallest arena, 2 slots of 256 KiB, going round 20,000 times per 10 GiB, windows of a
 * whole slot) against readers that hold on to its pages for longer than a round: a slow reader
 * (4 KiB reads behind a 1 MiB pipe), and a reader that {@code tee}s every page into a second
 * 1 MiB pipe (read slowly, so its page references live long) and {@code splice}s the original to
 * a file. The pipes hold more than the arena, so a writer that wrote into pages still in them
 * would be caught. Every 8 bytes carry
 * their stream position; every byte read is checked: zero corrupt bytes over 10 GiB each. (With
 * the slot renewal taken out of {@code StreamOutput}, both tests fail on corrupt bytes.)
 */
@Timeout(600)
class ReuseRuleTest {
    private static final long TOTAL = 10L << 30;
    private static final long SLOT = 256 << 10;
    /** More than the 512 KiB arena: pages stay referenced past the writer's next round. */
    private static final int PIPE = 1 << 20;

    private static void bigPipe(int fd) throws Exception {
        assertEquals(PIPE, Pipes.pipeSize(fd, PIPE), "pipe size");
    }

    @TempDir
    Path tmp;

    /** Writes TOTAL pattern bytes into pipe {@code fd} in full slot-sized windows, then closes it. */
    private static void fastWriter(int fd) throws Exception {
        fastWriter(fd, SLOT);
    }

    /** The same with 2 slots of {@code slot} bytes; 2 MiB slots get (and must get) huge pages. */
    private static void fastWriter(int fd, long slot) throws Exception {
        try (StreamOutput out = new StreamOutput(fd, "pipe", true, Emit.DEFAULT, slot, 2)) {
            while (out.written() < TOTAL) {
                long n = Math.min(TOTAL - out.written(), slot);
                MemorySegment w = out.reserve(n);
                Pattern.fill(w, out.written());
                out.commit(n);
                if (slot >= (2 << 20) && out.written() == 3 * slot) {
                    assertEquals(true, out.hugePageBytes() > 0, "the arena got huge pages (THP " + 
                            io.xmmap.internal.mem.Pages.thpMode() + ")");
                }
            }
        }
    }

    /**
     * Huge pages (2 slots of 2 MiB, the rule renewing one 2 MiB page at a time): a relay
     * {@code tee}s every page from pipe a into pipe t and moves it on with {@code splice} into b,
     * a second relay splices b into c (page references move, not bytes), and t and c are read
     * slowly. a, b and c hold successive megabytes, more than a slot; t holds the same pages as b.
     */
    @Test
    void hugePagesAgainstTeeAndSpliceRelaysSeeNoCorruptByteIn10GiB() throws Exception {
        int[] a = Fixtures.pipe();
        int[] t = Fixtures.pipe();
        int[] b = Fixtures.pipe();
        int[] c = Fixtures.pipe();
        for (int[] p : new int[][] {a, t, b, c}) {
            bigPipe(p[1]);
        }
        CompletableFuture<Long> readerT = StreamOutputTest.checkedReader(t[0], 4096);
        CompletableFuture<Long> readerC = StreamOutputTest.checkedReader(c[0], 4096);
        CompletableFuture<Long> relay1 = Fixtures.async(() -> {
            try {
                long moved = 0;
                for (long n; (n = Libc.tee(a[0], t[1], 1 << 20, 0)) != 0; ) {
                    assertEquals(true, n > 0, "tee: " + n);
                    assertEquals(n, Pipes.splice(a[0], b[1], n), "splice on");
                    moved += n;
                }
                return moved;
            } finally {
                Libc.close(a[0]);
                Libc.close(t[1]);
                Libc.close(b[1]);
            }
        });
        CompletableFuture<Long> relay2 = Fixtures.async(() -> {
            try {
                return Pipes.splice(b[0], c[1], Long.MAX_VALUE);
            } finally {
                Libc.close(b[0]);
                Libc.close(c[1]);
            }
        });
        writeThenJoin(a[1], 2 << 20, readerT, readerC, relay1, relay2);
        for (CompletableFuture<Long> f : List.of(relay1, relay2, readerT, readerC)) {
            assertEquals(TOTAL, f.get(300, TimeUnit.SECONDS));
        }
    }

    /**
     * Runs the writer; if it fails (EPIPE: a reader stopped), the readers' own failures (a corrupt
     * byte) are what the test reports.
     */
    @SafeVarargs
    private static void writeThenJoin(int fd, CompletableFuture<Long>... readers) throws Exception {
        writeThenJoin(fd, SLOT, readers);
    }

    @SafeVarargs
    private static void writeThenJoin(int fd, long slot, CompletableFuture<Long>... readers) throws Exception {
        try {
            fastWriter(fd, slot);
        } catch (ErrnoException writerFailed) {
            for (CompletableFuture<Long> r : readers) {
                r.get(60, TimeUnit.SECONDS);
            }
            throw writerFailed;
        }
    }

    @Test
    void aSlowReaderSeesNoCorruptByteIn10GiB() throws Exception {
        int[] p = Fixtures.pipe();
        bigPipe(p[1]);
        CompletableFuture<Long> reader = StreamOutputTest.checkedReader(p[0], 4096);
        writeThenJoin(p[1], reader);
        assertEquals(TOTAL, reader.get(300, TimeUnit.SECONDS));
    }

    @Test
    void aReaderThatTeesAndSplicesToAFileSeesNoCorruptByteIn10GiB() throws Exception {
        int[] a = Fixtures.pipe();
        int[] b = Fixtures.pipe();
        bigPipe(a[1]);
        bigPipe(b[1]);
        Path file = tmp.resolve("spliced");
        int f = Libc.open(file.toString(), Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC, 0644);
        CompletableFuture<Long> copyReader = StreamOutputTest.checkedReader(b[0], 4096);
        CompletableFuture<Long> teeReader = Fixtures.async(() -> {
            try (FileChannel check = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
                MemorySegment tail = arena.allocate(64 << 10);
                long moved = 0;
                long sinceCheck = 0;
                for (long n; (n = Libc.tee(a[0], b[1], 1 << 20, 0)) != 0; ) {
                    assertEquals(true, n > 0, "tee: " + n);
                    assertEquals(n, Pipes.splice(a[0], f, n), "splice to the file");
                    moved += n;
                    sinceCheck += n;
                    if (sinceCheck >= (256 << 20)) {
                        // What the file got: its last 64 KiB, read back; then free the disk space
                        // (the file position runs on, so the file stays sparse).
                        ByteBuffer bb = tail.asByteBuffer().clear();
                        long at = moved - bb.capacity();
                        while (bb.hasRemaining()) {
                            check.read(bb, at + bb.position());
                        }
                        assertEquals(-1, Pattern.firstMismatch(tail, at), "file bytes before " + moved);
                        assertEquals(0, Libc.ftruncate(f, 0));
                        sinceCheck = 0;
                    }
                }
                return moved;
            } finally {
                Libc.close(a[0]);
                Libc.close(b[1]);
                Libc.close(f);
            }
        });
        writeThenJoin(a[1], copyReader, teeReader);
        assertEquals(TOTAL, teeReader.get(300, TimeUnit.SECONDS));
        assertEquals(TOTAL, copyReader.get(300, TimeUnit.SECONDS));
    }
}
