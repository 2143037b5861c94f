package io.xmmap;

import io.xmmap.internal.sys.Libc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readiness set reports exactly the mappings with something to take, and refuses misuse. */
@Timeout(60)
class StreamSetTest {
    @TempDir
    Path tmp;

    @Test
    void reportsOnlyTheMappingsWithBytesOrEof() throws Exception {
        int[] a = Fixtures.pipe();
        int[] b = Fixtures.pipe();
        try (StreamSet set = StreamSet.open();
             StreamMapping ma = Xmmap.map(a[0], Memory.STREAMING);
             StreamMapping mb = Xmmap.map(b[0], Memory.STREAMING)) {
            set.add(ma);
            set.add(mb);
            set.add(mb); // twice is once
            assertEquals(2, set.size());
            assertEquals(List.of(), set.await(Duration.ZERO), "nothing written yet");
            Fixtures.writePattern(b[1], 0, 4097);
            assertEquals(List.of(mb), set.await(Duration.ofSeconds(30)));
            assertEquals(4097, mb.windowNow(0, 1 << 20).byteSize());
            mb.release(4097);
            assertEquals(List.of(), set.await(Duration.ZERO), "taken: nothing left");
            Libc.close(a[1]);
            a[1] = -1;
            assertEquals(List.of(ma), set.await(Duration.ofSeconds(30)), "EOF is something to take");
            assertEquals(0, ma.windowNow(0, 10).byteSize());
            assertTrue(ma.isEof());
            set.remove(ma);
            set.remove(ma);
            assertEquals(1, set.size());
        } finally {
            for (int fd : new int[] {a[0], a[1], b[0], b[1]}) {
                if (fd >= 0) {
                    Libc.close(fd);
                }
            }
        }
    }

    @Test
    void aFileIsRefusedAndAClosedSetThrows() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "data");
        StreamSet set = StreamSet.open();
        try (StreamMapping m = Xmmap.open(f, Memory.STREAMING)) {
            assertThrows(IllegalArgumentException.class, () -> set.add(m));
        }
        set.close();
        set.close();
        assertThrows(IllegalStateException.class, () -> set.await(Duration.ZERO));
    }

    @Test
    void hugeTimeoutsWaitAndTinyOnesDoNotSpin() throws Exception {
        assertEquals(0, StreamSet.timeoutMillis(Duration.ofSeconds(-5)));
        assertEquals(0, StreamSet.timeoutMillis(Duration.ZERO));
        assertEquals(1, StreamSet.timeoutMillis(Duration.ofNanos(1)), "rounded up, not a zero-time poll");
        assertEquals(2, StreamSet.timeoutMillis(Duration.ofNanos(1_000_001)));
        assertEquals(7, StreamSet.timeoutMillis(Duration.ofMillis(7)));
        assertEquals(Integer.MAX_VALUE, StreamSet.timeoutMillis(Duration.ofSeconds(Long.MAX_VALUE)));
        int[] p = Fixtures.pipe();
        try (StreamSet set = StreamSet.open(); StreamMapping m = Xmmap.map(p[0], Memory.STREAMING, Feed.SYNC)) {
            set.add(m);
            Fixtures.writePattern(p[1], 0, 3);
            assertEquals(List.of(m), set.await(Duration.ofSeconds(Long.MAX_VALUE)), "no overflow");
        } finally {
            Libc.close(p[0]);
            Libc.close(p[1]);
        }
    }
}
