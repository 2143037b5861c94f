package io.xmmap;

import io.xmmap.internal.sys.Libc;
import io.xmmap.internal.sys.LibcSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In-kernel plumbing over real pipes, files and sockets: every byte that comes out is checked
 * against the position pattern that went in, with odd sizes.
 */
@Timeout(60)
class PipesTest {
    private static final long SIZE = (5 << 20) + 3;

    @TempDir
    Path tmp;

    private Path patternFile(long size) throws IOException {
        Path f = tmp.resolve("in-" + size);
        Files.write(f, Pattern.bytes(0, (int) size));
        return f;
    }

    private static void assertPatternFile(Path f, long size) throws IOException {
        byte[] got = Files.readAllBytes(f);
        assertEquals(size, got.length, f + " size");
        assertEquals(-1, Pattern.firstMismatch(MemorySegment.ofArray(got), 0), f + " content");
    }

    /** Reads fd to EOF on another thread, checking every byte against the pattern; yields the count. */
    private static CompletableFuture<Long> checkedReader(int fd) {
        return Fixtures.async(() -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(70_001);
                long pos = 0;
                for (long r; (r = Libc.read(fd, buf)) != 0; pos += r) {
                    assertTrue(r > 0, "read: " + r);
                    assertEquals(-1, Pattern.firstMismatch(buf.asSlice(0, r), pos), "byte at " + pos);
                }
                return pos;
            } finally {
                Libc.close(fd);
            }
        });
    }

    private static int openRead(Path f) {
        int fd = Libc.open(f.toString(), Libc.O_RDONLY, 0);
        assertTrue(fd >= 0, "open " + f + ": " + fd);
        return fd;
    }

    private static int openWrite(Path f) {
        int fd = Libc.open(f.toString(), Libc.O_WRONLY | 0x40 /* O_CREAT */ | 0x200 /* O_TRUNC */, 0644);
        assertTrue(fd >= 0, "open " + f + ": " + fd);
        return fd;
    }

    @Test
    void spliceMovesAPipeIntoAFile() throws Exception {
        int[] p = Fixtures.pipe();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Fixtures.patternWriter(p[1], SIZE, Fixtures.oddChunks(7), failure);
        Path out = tmp.resolve("out");
        int o = openWrite(out);
        try {
            assertEquals(SIZE, Pipes.splice(p[0], o, Long.MAX_VALUE));
        } finally {
            Libc.close(o);
            Libc.close(p[0]);
        }
        writer.join();
        assertNull(failure.get());
        assertPatternFile(out, SIZE);
    }

    @Test
    void transferPicksACallForEveryPairOfKinds() throws Exception {
        Path in = patternFile(SIZE);
        // file -> file: copy_file_range
        Path copy = tmp.resolve("copy");
        int i = openRead(in), o = openWrite(copy);
        assertEquals(SIZE, Pipes.transfer(i, o, Long.MAX_VALUE));
        Libc.close(i);
        Libc.close(o);
        assertPatternFile(copy, SIZE);
        // file -> socket: sendfile; socket -> socket: through an internal pipe
        int[] a = new int[2], b = new int[2];
        assertEquals(0, LibcSocket.socketpair(LibcSocket.AF_UNIX, LibcSocket.SOCK_STREAM, a));
        assertEquals(0, LibcSocket.socketpair(LibcSocket.AF_UNIX, LibcSocket.SOCK_STREAM, b));
        CompletableFuture<Long> reader = checkedReader(b[1]);
        CompletableFuture<Long> relay = Fixtures.async(() -> {
            try {
                return Pipes.transfer(a[1], b[0], Long.MAX_VALUE);
            } finally {
                Libc.close(a[1]);
                Libc.close(b[0]);
            }
        });
        i = openRead(in);
        assertEquals(SIZE, Pipes.transfer(i, a[0], Long.MAX_VALUE));
        Libc.close(i);
        Libc.close(a[0]);
        assertEquals(SIZE, relay.get(30, TimeUnit.SECONDS));
        assertEquals(SIZE, reader.get(30, TimeUnit.SECONDS));
    }

    @Test
    void teeCopiesAPipeToAPipeAndAFile() throws Exception {
        int[] in = Fixtures.pipe();
        int[] out1 = Fixtures.pipe();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Fixtures.patternWriter(in[1], SIZE, Fixtures.oddChunks(11), failure);
        CompletableFuture<Long> reader = checkedReader(out1[0]);
        Path file = tmp.resolve("tee");
        int f = openWrite(file);
        try {
            assertEquals(SIZE, Pipes.tee(in[0], out1[1], f, Long.MAX_VALUE));
        } finally {
            Libc.close(f);
            Libc.close(out1[1]);
            Libc.close(in[0]);
        }
        writer.join();
        assertNull(failure.get());
        assertEquals(SIZE, reader.get(30, TimeUnit.SECONDS));
        assertPatternFile(file, SIZE);
    }

    @Test
    void teeFromAFileToAFileAndASocketGoesThroughInternalPipes() throws Exception {
        Path in = patternFile(SIZE);
        int[] s = new int[2];
        assertEquals(0, LibcSocket.socketpair(LibcSocket.AF_UNIX, LibcSocket.SOCK_STREAM, s));
        CompletableFuture<Long> reader = checkedReader(s[1]);
        Path file = tmp.resolve("tee-file");
        int i = openRead(in), f = openWrite(file);
        try {
            // out1 a file (not a pipe), out2 a socket, in a file (not a pipe)
            assertEquals(SIZE, Pipes.tee(i, f, s[0], Long.MAX_VALUE));
        } finally {
            Libc.close(i);
            Libc.close(f);
            Libc.close(s[0]);
        }
        assertEquals(SIZE, reader.get(30, TimeUnit.SECONDS));
        assertPatternFile(file, SIZE);
    }

    @Test
    void aLimitStopsTheMoveThere() throws Exception {
        Path in = patternFile(SIZE);
        int[] p = Fixtures.pipe();
        Libc.fcntl(p[1], Libc.F_SETPIPE_SZ, 1 << 20);
        int i = openRead(in);
        try {
            assertEquals(4099, Pipes.transfer(i, p[1], 4099));
            Libc.close(p[1]);
            CompletableFuture<Long> reader = checkedReader(p[0]);
            assertEquals(4099, reader.get(30, TimeUnit.SECONDS));
        } finally {
            Libc.close(i);
        }
    }

    @Test
    void pipeSizeCanBeReadAndSet() throws Exception {
        int[] p = Fixtures.pipe();
        try {
            assertEquals(65536, Pipes.pipeSize(p[0]));
            assertEquals(1 << 20, Pipes.pipeSize(p[1], (1 << 20) - 5), "rounded up to a power of two of pages");
            assertEquals(1 << 20, Pipes.pipeSize(p[0]));
        } finally {
            Libc.close(p[0]);
            Libc.close(p[1]);
        }
    }

    @Test
    void badFdsAndArgumentsAreClearErrors() throws Exception {
        Path in = patternFile(100);
        int i = openRead(in), o = openWrite(tmp.resolve("o"));
        try {
            ErrnoException notPipes = assertThrows(ErrnoException.class, () -> Pipes.splice(i, o, 10));
            assertEquals("EINVAL", notPipes.errnoName());
            assertTrue(notPipes.getMessage().startsWith("splice(fd=" + i + " -> fd=" + o + ") failed: EINVAL"),
                    notPipes.getMessage());
            ErrnoException notAPipe = assertThrows(ErrnoException.class, () -> Pipes.pipeSize(i));
            assertEquals("EBADF", notAPipe.errnoName());
            assertThrows(IllegalArgumentException.class, () -> Pipes.transfer(i, o, -1));
        } finally {
            Libc.close(i);
            Libc.close(o);
        }
        ErrnoException closed = assertThrows(ErrnoException.class, () -> Pipes.transfer(i, o, 10));
        assertEquals("EBADF", closed.errnoName());
    }

    @Test
    void pathsWorkOnEitherSide() throws Exception {
        Path in = patternFile(SIZE);
        int[] p = Fixtures.pipe();
        CompletableFuture<Long> fromPath = Fixtures.async(() -> {
            try {
                return Pipes.transfer(in, p[1]);
            } finally {
                Libc.close(p[1]);
            }
        });
        Path out = tmp.resolve("from-pipe");
        assertEquals(SIZE, Pipes.transfer(p[0], out));
        Libc.close(p[0]);
        assertEquals(SIZE, fromPath.get(30, TimeUnit.SECONDS));
        assertPatternFile(out, SIZE);

        int[] q = Fixtures.pipe();
        int[] o1 = Fixtures.pipe();
        CompletableFuture<Long> feeder = Fixtures.async(() -> {
            try {
                return Pipes.transfer(in, q[1]);
            } finally {
                Libc.close(q[1]);
            }
        });
        CompletableFuture<Long> reader = checkedReader(o1[0]);
        Path copy = tmp.resolve("tee-path");
        assertEquals(SIZE, Pipes.tee(q[0], o1[1], copy));
        Libc.close(q[0]);
        Libc.close(o1[1]);
        assertEquals(SIZE, feeder.get(30, TimeUnit.SECONDS));
        assertEquals(SIZE, reader.get(30, TimeUnit.SECONDS));
        assertPatternFile(copy, SIZE);
        assertEquals("ENOENT", assertThrows(ErrnoException.class,
                () -> Pipes.transfer(tmp.resolve("missing"), 1)).errnoName());
    }
}
