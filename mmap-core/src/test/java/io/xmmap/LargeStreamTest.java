package io.xmmap;

import io.xmmap.internal.sys.Libc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gigabyte streams: every byte checked; streaming keeps memory bounded whatever the length. */
@Timeout(300)
class LargeStreamTest {
    static Stream<Arguments> gigabyte() {
        return Stream.of(
                Arguments.of(Memory.STREAMING, Feed.SYNC),
                Arguments.of(Memory.STREAMING, Feed.BACKGROUND),
                Arguments.of(Memory.retainAll(2L << 30), Feed.SYNC),
                Arguments.of(Memory.retainAll(2L << 30), Feed.BACKGROUND));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("gigabyte")
    void oneGibibyteArrivesIntact(Memory memory, Feed feed) throws Exception {
        long total = (1L << 30) + 12345;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] p = Fixtures.pipe();
        Thread writer;
        try (StreamMapping m = Xmmap.map(p[0], memory, feed)) {
            writer = Fixtures.patternWriter(p[1], total, Fixtures.oddChunks(42), failure);
            long window = memory.isStreaming() ? memory.bytes() / 2 : 8 << 20;
            assertEquals(total, Fixtures.readAllChecked(m, 99, window));
            if (!memory.isStreaming()) {
                // Retain-all: the whole stream is one contiguous segment, like mmap(2) of a file.
                MemorySegment all = m.window(0, m.size());
                assertEquals(total, all.byteSize());
                assertEquals(-1, Pattern.firstMismatch(all.asSlice(total - (3 << 20)), total - (3 << 20)));
            }
        } finally {
            Libc.close(p[0]);
        }
        writer.join();
        assertNull(failure.get());
    }

    private static final long SLOT = Memory.DEFAULT_RING / 8;

    /** {@code n} rounded up to whole ring slots. */
    private static long ceilSlot(long n) {
        return (n + SLOT - 1) / SLOT * SLOT;
    }

    static Stream<Feed> everyFeed() {
        return Stream.of(Feed.SYNC, Feed.BACKGROUND, Feed.SYNC.withSpinning(true), Feed.BACKGROUND.withSpinning(true));
    }

    /**
     * A short stream faults in only the ring slots it reaches, not the ring (a 1,000-byte stream
     * in a 4 MiB ring holds one 512 KiB slot), with every feed, and every byte still arrives.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFeed")
    void aShortStreamHoldsOnlyTheRingSlotsItReaches(Feed feed) throws Exception {
        int[] p = Fixtures.pipe();
        Thread writer = null;
        try (StreamMapping m = Xmmap.map(p[0], Memory.STREAMING, feed)) {
            Fixtures.writePattern(p[1], 0, 1000);
            MemorySegment w = m.window(0, 1000);
            assertEquals(-1, Pattern.firstMismatch(w, 0));
            assertEquals(SLOT, m.residentBytes(), "one slot for 1,000 bytes");
            long total = 1000 + 2 * SLOT + 4097; // ends inside the third slot
            AtomicReference<Throwable> failure = new AtomicReference<>();
            writer = Fixtures.patternWriter(p[1], total, left -> Math.min(left, 65_537), failure, 1000);
            long pos = 1000;
            for (MemorySegment v; (v = m.window(pos, 300_001)).byteSize() > 0; pos += v.byteSize()) {
                assertEquals(-1, Pattern.firstMismatch(v, pos), "window at " + pos);
                m.release(pos);
            }
            writer.join();
            assertNull(failure.get());
            assertEquals(total, pos);
            assertEquals(3 * SLOT, m.residentBytes(), "three slots for a stream that ends in the third");
        } finally {
            Libc.close(p[0]);
            if (writer == null) {
                Libc.close(p[1]); // the writer closes it once it runs
            }
        }
    }

    @Test
    void fourGibibytesStreamThroughBoundedMemory() throws Exception {
        long total = 4L << 30;
        long window = 1 << 20;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] p = Fixtures.pipe();
        Thread writer;
        long rssBefore = Fixtures.rss();
        long rssMax = 0;
        try (StreamMapping m = Xmmap.map(p[0], Memory.STREAMING, Feed.BACKGROUND)) {
            writer = Fixtures.patternWriter(p[1], total, left -> Math.min(left, 1 << 20), failure);
            long pos = 0;
            for (MemorySegment w; (w = m.window(pos, window)).byteSize() > 0; ) {
                long bad = Pattern.firstMismatch(w, pos);
                if (bad >= 0) {
                    throw new AssertionError("wrong byte at " + bad);
                }
                pos += w.byteSize();
                m.release(pos);
                // The library's own accounting: the ring's slots are faulted in as the first lap
                // reaches them (the background feeder may be ahead), never more than the ring.
                long resident = m.residentBytes();
                assertTrue(resident >= Math.min(Memory.DEFAULT_RING, ceilSlot(pos)) && resident <= Memory.DEFAULT_RING,
                        resident + " resident at " + pos);
                if (pos >= Memory.DEFAULT_RING) {
                    assertEquals(Memory.DEFAULT_RING, resident, "the whole ring once the stream is longer");
                }
                if ((pos & ((256 << 20) - 1)) == 0) {
                    rssMax = Math.max(rssMax, Fixtures.rss());
                }
            }
            assertEquals(total, pos);
        } finally {
            Libc.close(p[0]);
        }
        writer.join();
        assertNull(failure.get());
        // 4 GiB went through; the process grew by far less than that (ring + JIT + GC noise).
        assertTrue(rssMax - rssBefore < (64L << 20), "RSS grew by " + (rssMax - rssBefore) + " bytes");
    }

    /**
     * Stress for the release/park hand-off: a tiny ring, a slow checking consumer and windows as
     * long as the ring allows keep the feeder parking for a release thousands of times; a lost
     * wake-up hangs the stream and the timeout fails the test. (The race it guards against hung the
     * ingest benchmark; here it is probabilistic, not a deterministic reproduction.)
     */
    @Test
    @Timeout(60)
    void backgroundFeederNeverMissesARelease() throws Exception {
        long total = 256L << 20;
        for (Feed feed : new Feed[] {Feed.BACKGROUND, Feed.BACKGROUND.withSpinning(true)}) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            int[] p = Fixtures.pipe();
            Thread writer;
            try (StreamMapping m = Xmmap.map(p[0], Memory.streaming(64 << 10), feed.withChunk(64 << 10))) {
                writer = Fixtures.patternWriter(p[1], total, left -> Math.min(left, 1 << 20), failure);
                long pos = 0;
                for (MemorySegment w; (w = m.window(pos, (56 << 10) - (pos & 1))).byteSize() > 0; ) {
                    if (Pattern.firstMismatch(w, pos) >= 0) {
                        throw new AssertionError("wrong byte near " + pos);
                    }
                    pos += w.byteSize();
                    m.release(pos);
                }
                assertEquals(total, pos);
            } finally {
                Libc.close(p[0]);
            }
            writer.join();
            assertNull(failure.get());
        }
    }
}
