package io.xmmap;

import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongUnaryOperator;

/** Real kernel objects for tests: pipes, writer threads, external processes. No mocks. */
final class Fixtures {
    private Fixtures() {}

    static int[] pipe() throws IOException {
        int[] p = new int[2];
        Errors.check("pipe2", "test", Libc.pipe2(p, 0));
        return p;
    }

    static void close(int fd) {
        if (fd >= 0) {
            Libc.close(fd);
        }
    }

    /** Writes the pattern of stream offsets [from, from + n) to fd in one write(2), asserting it all went. */
    static void writePattern(int fd, long from, int n) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(n);
            Pattern.fill(s, from);
            long r = Libc.write(fd, s);
            if (r != n) {
                throw new AssertionError("write(" + n + ") returned " + r);
            }
        }
    }

    /**
     * Spins until {@code condition} holds, for conditions no call can wait on (a socket option
     * changed, a counter moved); fails after 30 s, so a thread a timed-out test left behind does
     * not spin for ever.
     */
    static void spinUntil(java.util.function.BooleanSupplier condition, String what) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - until > 0) {
                throw new AssertionError("30 s passed waiting until " + what);
            }
            Thread.onSpinWait();
        }
    }

    /** Chunk sizes that stress boundaries: 1 byte, around a page, around huge sizes, random. */
    static LongUnaryOperator oddChunks(long seed) {
        Random r = new Random(seed);
        long[] odd = {1, 2, 7, 4095, 4096, 4097, 65535, 65537, 131071, 1 << 20, (1 << 20) - 1};
        return left -> Math.min(left, r.nextInt(4) == 0 ? odd[r.nextInt(odd.length)] : 1 + r.nextInt(1 << 20));
    }

    /**
     * A writer thread that writes the {@link Pattern} for offsets [0, total) to {@code fd} in the
     * chunk sizes given, then closes {@code fd}. A failure is kept in the returned reference.
     */
    static Thread patternWriter(int fd, long total, LongUnaryOperator chunks, AtomicReference<Throwable> failure) {
        return patternWriter(fd, total, chunks, failure, 0);
    }

    /** The same for offsets [from, total): the rest of a stream whose start was written already. */
    static Thread patternWriter(int fd, long total, LongUnaryOperator chunks, AtomicReference<Throwable> failure, long from) {
        return Thread.ofPlatform().name("pattern-writer").start(() -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(1 << 20, 4096);
                long off = from;
                while (off < total) {
                    long n = Math.min(chunks.applyAsLong(total - off), buf.byteSize());
                    MemorySegment chunk = buf.asSlice(0, n);
                    Pattern.fill(chunk, off);
                    while (chunk.byteSize() > 0) {
                        long r = Libc.write(fd, chunk);
                        if (r < 0) {
                            throw Errors.exception("write", fd, r);
                        }
                        chunk = chunk.asSlice(r);
                    }
                    off += n;
                }
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                Libc.close(fd);
            }
        });
    }

    /**
     * A writer thread for a socket channel: the pattern for [0, total) in the chunk sizes given,
     * then shutdown(SHUT_WR) (EOF for the reader) and close. A failure is kept in {@code failure}.
     */
    static Thread channelWriter(java.nio.channels.SocketChannel ch, long total, LongUnaryOperator chunks,
                                AtomicReference<Throwable> failure) {
        return Thread.ofPlatform().name("channel-writer").start(() -> {
            try (ch) {
                for (long off = 0; off < total; ) {
                    int n = (int) Math.min(chunks.applyAsLong(total - off), 1 << 20);
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Pattern.bytes(off, n));
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                    off += n;
                }
                ch.shutdownOutput();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
    }

    /**
     * A typist on a raw-mode pseudo-terminal: types the pattern for [0, total) in the chunk sizes
     * given, waits until the mapping has taken it all (a hang-up discards what the reader has not
     * read yet), then hangs up (EOF for the reader).
     */
    static Thread ptyTypist(Pty pty, StreamMapping m, long total, LongUnaryOperator chunks,
                            AtomicReference<Throwable> failure) {
        return Thread.ofPlatform().name("pty-typist").start(() -> {
            try (pty) {
                for (long off = 0; off < total; ) {
                    int n = (int) Math.min(chunks.applyAsLong(total - off), 1 << 20);
                    pty.type(Pattern.bytes(off, n));
                    off += n;
                }
                spinUntil(() -> m.mapped() >= total, "the mapping has taken every typed byte");
            } catch (Throwable t) {
                failure.set(t);
            }
        });
    }

    /**
     * Starts {@code sh -c script} with its standard output going to the write end of one of our own
     * pipes (opened through /proc/PID/fd), so the mapping reads an anonymous pipe fed by another
     * process. Takes ownership of {@code writeFd}: it is closed once the process has exited (not
     * before, or the child could not open it), which is when the reader sees EOF.
     */
    static Process shellInto(int writeFd, String script) throws IOException {
        Path target = Path.of("/proc/" + ProcessHandle.current().pid() + "/fd/" + writeFd);
        Process p = new ProcessBuilder("sh", "-c", "exec >" + target + "; " + script)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.onExit().whenComplete((proc, err) -> Libc.close(writeFd));
        return p;
    }

    static int waitFor(Process p) throws InterruptedException {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("process did not finish: " + p.info().commandLine().orElse("?"));
        }
        return p.exitValue();
    }

    static Path fifo(Path dir) throws IOException, InterruptedException {
        Path f = dir.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", f.toString()).inheritIO().start();
        if (waitFor(p) != 0 || !Files.exists(f)) {
            throw new IOException("mkfifo failed");
        }
        return f;
    }

    /**
     * Runs {@code task} on a new daemon thread (never the common pool: a test that blocks a pool
     * thread must not starve the next test).
     */
    static <T> java.util.concurrent.CompletableFuture<T> async(java.util.concurrent.Callable<T> task) {
        var f = new java.util.concurrent.CompletableFuture<T>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** VmRSS of this process from /proc/self/status, in bytes. */
    static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    /**
     * Reads the whole mapping with windows of random (odd) lengths, checking each against the
     * pattern, releasing as it goes; returns the size. Re-reads a random earlier part of each
     * window's neighbourhood when the mode keeps it (retain-all).
     */
    static long readAllChecked(StreamMapping m, long seed, long maxWindow) throws IOException {
        Random r = new Random(seed);
        long pos = 0;
        for (;;) {
            long len = switch (r.nextInt(5)) {
                case 0 -> 1;
                case 1 -> 4095 + r.nextInt(3);
                case 2 -> maxWindow;
                default -> 1 + r.nextLong(maxWindow);
            };
            MemorySegment w = m.window(pos, len);
            long bad = Pattern.firstMismatch(w, pos);
            if (bad >= 0) {
                throw new AssertionError("wrong byte at stream offset " + bad + " (window " + pos + "+" + len + ")");
            }
            if (w.byteSize() == 0) {
                return pos;
            }
            if (w.byteSize() > len) {
                throw new AssertionError("window longer than asked: " + w.byteSize() + " > " + len);
            }
            if (w.byteSize() < len && !m.isEof()) {
                throw new AssertionError("short window before EOF at " + pos);
            }
            pos += w.byteSize();
            if (r.nextInt(3) > 0) {
                m.release(pos - (r.nextBoolean() ? 0 : Math.min(pos, r.nextInt(5000))));
            } else if (!m.info().memory().startsWith("retain")) {
                m.release(pos);
            }
        }
    }
}
