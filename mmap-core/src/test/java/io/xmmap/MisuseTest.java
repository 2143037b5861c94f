package io.xmmap;

import io.xmmap.internal.sys.Libc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear exception, nothing mapped is lost, and the JVM keeps running. */
@Timeout(60)
class MisuseTest {
    @TempDir
    Path tmp;

    private static StreamMapping mapBytes(long n, Memory mem, Feed feed) throws Exception {
        int[] p = Fixtures.pipe();
        try {
            StreamMapping m = Xmmap.map(p[0], mem, feed);
            Fixtures.patternWriter(p[1], n, left -> Math.min(left, 4097), new AtomicReference<>());
            return m;
        } finally {
            Libc.close(p[0]);
        }
    }

    @Test
    void closedFdThrowsEbadf() throws Exception {
        int[] p = Fixtures.pipe();
        Libc.close(p[0]);
        Libc.close(p[1]);
        ErrnoException e = assertThrows(ErrnoException.class, () -> Xmmap.map(p[0], Memory.STREAMING));
        assertEquals("EBADF", e.errnoName());
        assertTrue(e.getMessage().matches("dup\\(fd=\\d+\\) failed: EBADF \\(Bad file descriptor\\)"), e.getMessage());
    }

    @Test
    void directoryIsRefused() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> Xmmap.open(tmp, Memory.STREAMING));
        assertEquals("EISDIR", e.errnoName());
        assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
    }

    @Test
    void writeOnlyFdIsRefused() throws Exception {
        int[] p = Fixtures.pipe();
        try {
            ErrnoException e = assertThrows(ErrnoException.class, () -> Xmmap.map(p[1], Memory.STREAMING));
            assertTrue(e.getMessage().contains("write-only"), e.getMessage());
        } finally {
            Libc.close(p[0]);
            Libc.close(p[1]);
        }
    }

    @Test
    void missingPathNamesThePath() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> Xmmap.open(tmp.resolve("nope"), Memory.STREAMING));
        assertEquals("ENOENT", e.errnoName());
        assertTrue(e.getMessage().startsWith("open(" + tmp.resolve("nope") + ") failed: ENOENT"), e.getMessage());
    }

    @Test
    void negativeAndOverflowingRangesThrow() throws Exception {
        try (StreamMapping m = mapBytes(100, Memory.RETAIN_ALL, Feed.SYNC)) {
            assertThrows(IllegalArgumentException.class, () -> m.window(-1, 10));
            assertThrows(IllegalArgumentException.class, () -> m.window(0, -10));
            assertThrows(IllegalArgumentException.class, () -> m.window(Long.MAX_VALUE - 5, 10));
            assertThrows(IllegalArgumentException.class, () -> m.release(-1));
            assertEquals(100, m.awaitEof());
            assertThrows(IllegalArgumentException.class, () -> m.release(101));
        }
    }

    @Test
    void windowPastEofThrowsAndTailIsShort() throws Exception {
        try (StreamMapping m = mapBytes(1000, Memory.STREAMING, Feed.BACKGROUND)) {
            MemorySegment tail = m.window(990, 100);
            assertEquals(10, tail.byteSize());
            assertEquals(-1, Pattern.firstMismatch(tail, 990));
            assertEquals(0, m.window(1000, 5).byteSize());
            EOFException e = assertThrows(EOFException.class, () -> m.window(1001, 1));
            assertTrue(e.getMessage().contains("size 1000"), e.getMessage());
        }
    }

    @Test
    void windowAfterReleaseThrowsIllegalState() throws Exception {
        long slot = (1 << 20) / 8;
        try (StreamMapping m = mapBytes(4 << 20, Memory.streaming(1 << 20), Feed.SYNC)) {
            MemorySegment w = m.window(10, 1000);
            assertEquals(Pattern.byteAt(10), w.get(ValueLayout.JAVA_BYTE, 0));
            assertEquals(-1, Pattern.firstMismatch(m.window(0, slot), 0));
            m.release(slot - 1);
            // Still in a partly released slot: its bytes are not recycled yet, so it stays valid.
            assertEquals(Pattern.byteAt(10), w.get(ValueLayout.JAVA_BYTE, 0));
            m.release(slot);
            assertThrows(IllegalStateException.class, () -> w.get(ValueLayout.JAVA_BYTE, 0));
            assertThrows(IllegalStateException.class, () -> m.window(5, 1));
            // Feed on past the recycled memory: the stream is intact after the release point.
            assertEquals(-1, Pattern.firstMismatch(m.window(slot, 700_000), slot));
        }
    }

    @Test
    void windowAfterCloseThrowsIllegalState() throws Exception {
        MemorySegment w;
        MemorySegment r;
        try (StreamMapping m = mapBytes(10_000, Memory.STREAMING, Feed.SYNC);
             StreamMapping ra = mapBytes(10_000, Memory.RETAIN_ALL, Feed.BACKGROUND)) {
            w = m.window(0, 100);
            r = ra.window(0, 100);
            m.close();
            assertThrows(IllegalStateException.class, () -> m.window(0, 1));
        }
        assertThrows(IllegalStateException.class, () -> w.get(ValueLayout.JAVA_BYTE, 0));
        assertThrows(IllegalStateException.class, () -> r.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void windowsAreReadOnly() throws Exception {
        try (StreamMapping m = mapBytes(100, Memory.STREAMING, Feed.SYNC)) {
            MemorySegment w = m.window(0, 10);
            assertTrue(w.isReadOnly());
            assertThrows(IllegalArgumentException.class, () -> w.set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
        }
    }

    @Test
    void retainAllLimitReachedFailsAndKeepsEveryByteBelowIt() throws Exception {
        long limit = 1 << 20;
        try (StreamMapping m = mapBytes(3 << 20, Memory.retainAll(limit), Feed.BACKGROUND)) {
            assertEquals(-1, Pattern.firstMismatch(m.window(0, limit), 0));
            MappingLimitException e = assertThrows(MappingLimitException.class, () -> m.window(limit - 10, 20));
            assertEquals(limit, e.limit());
            assertEquals(-1, Pattern.firstMismatch(m.window(0, limit), 0), "bytes below the limit stay readable");
        }
        try (StreamMapping exact = mapBytes(1 << 20, Memory.retainAll(limit), Feed.SYNC)) {
            assertEquals(limit, exact.awaitEof(), "a stream exactly as long as the limit is fine");
        }
    }

    @Test
    void windowLongerThanTheRingIsRefused() throws Exception {
        try (StreamMapping m = mapBytes(10 << 20, Memory.streaming(1 << 20), Feed.SYNC)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.window(0, 1 << 20));
            assertTrue(e.getMessage().contains("longer than"), e.getMessage());
            m.window(0, 1000);
            // Without a release, a window that needs recycled memory is refused, not deadlocked.
            assertThrows(IllegalStateException.class, () -> m.window(600_000, 600_000));
        }
    }

    @Test
    void streamingMappingIsConfinedToItsThread() throws Exception {
        try (StreamMapping m = mapBytes(1000, Memory.STREAMING, Feed.SYNC)) {
            MemorySegment w = m.window(0, 10);
            Throwable t = Fixtures.async(() -> {
                try {
                    m.window(0, 1);
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            }).get();
            assertTrue(t instanceof WrongThreadException, String.valueOf(t));
            Throwable t2 = Fixtures.async(() -> {
                try {
                    w.get(ValueLayout.JAVA_BYTE, 0);
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            }).get();
            assertTrue(t2 instanceof WrongThreadException, String.valueOf(t2));
        }
    }

    @Test
    void sizeIsUnknownUntilEof() throws Exception {
        int[] p = Fixtures.pipe();
        try (StreamMapping m = Xmmap.map(p[0], Memory.RETAIN_ALL, Feed.BACKGROUND)) {
            assertThrows(IllegalStateException.class, m::size);
            Libc.close(p[1]);
            assertEquals(0, m.awaitEof());
            assertEquals(0, m.size());
        } finally {
            Libc.close(p[0]);
        }
    }

    @Test
    void emptyRegularFileIsAnEmptyStream() throws Exception {
        Path f = Files.createFile(tmp.resolve("empty"));
        try (StreamMapping m = Xmmap.open(f, Memory.RETAIN_ALL)) {
            assertEquals(0, m.window(0, 100).byteSize());
            assertEquals(0, m.size());
        }
    }
}
