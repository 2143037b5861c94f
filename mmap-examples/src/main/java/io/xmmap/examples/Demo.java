package io.xmmap.examples;

import io.xmmap.Feed;
import io.xmmap.Memory;
import io.xmmap.StreamMapping;
import io.xmmap.Xmmap;
import io.xmmap.internal.mem.Pages;
import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code xmmap demo [--bytes N] [--rounds R]}: the main job on a built-in input. A generator thread
 * vmsplices a constant, huge-page text buffer into a pipe (the seed article's fastest writer); the
 * demo ingests the pipe once through a streaming mapping and once with a plain read(2) loop into a
 * 2 MiB buffer, alternating, and prints the best GiB/s of each and their ratio. Every round checks
 * the byte count against the generator's.
 */
final class Demo {
    private static final long WINDOW = 1 << 20;
    private static final int HALF = 256 << 10;

    private Demo() {}

    static int run(String[] args) throws Exception {
        long bytes = 2L << 30;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bytes" -> bytes = Main.parseSize(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("xmmap demo: unknown option " + args[i]);
                    return 2;
                }
            }
        }
        System.out.printf("xmmap demo: %s through a pipe from a vmsplice generator, %d rounds (best of)%n",
                Pages.human(bytes), rounds);
        double bestMapped = 0, bestRead = 0;
        String info = "";
        for (int r = 0; r < rounds; r++) {
            Mapped m = mapped(bytes);
            bestMapped = Math.max(bestMapped, m.gibPerSecond());
            bestRead = Math.max(bestRead, readLoop(bytes));
            info = m.info();
        }
        System.out.println("  mapping: " + info);
        System.out.printf("  mapped (xmmap window/release)  %6.2f GiB/s%n", bestMapped);
        System.out.printf("  read(2) loop, 2 MiB buffer     %6.2f GiB/s%n", bestRead);
        System.out.printf("  ratio mapped / read            %6.2f%n", bestMapped / bestRead);
        return 0;
    }

    private record Mapped(double gibPerSecond, String info) {}

    /** Ingests the pipe through a mapping; throws when the bytes seen differ from the bytes sent. */
    private static Mapped mapped(long bytes) throws Exception {
        int[] p = pipe();
        Thread gen = Generator.start(p[1], bytes);
        long n = 0;
        long t0;
        String info;
        try (StreamMapping in = Xmmap.map(p[0], Memory.STREAMING, Feed.SYNC)) {
            Libc.close(p[0]);
            in.window(0, 1);
            t0 = System.nanoTime();
            for (MemorySegment w; (w = in.window(n, WINDOW)).byteSize() > 0; ) {
                n += w.byteSize();
                in.release(n);
            }
            info = in.info().toString();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        gen.join();
        check(n, bytes);
        return new Mapped(n / secs / (1L << 30), info);
    }

    private static double readLoop(long bytes) throws Exception {
        int[] p = pipe();
        Thread gen = Generator.start(p[1], bytes);
        Libc.fcntl(p[0], Libc.F_SETPIPE_SZ, 1 << 20);
        long n = 0;
        long t0 = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Pages.HUGE, Pages.HUGE);
            Libc.madvise(buf.address(), Pages.HUGE, Libc.MADV_HUGEPAGE);
            buf.fill((byte) 0);
            long off = 0;
            for (;;) {
                if (off + HALF > Pages.HUGE) {
                    off = 0;
                }
                long r = Errors.check("read", p[0], Libc.read(p[0], buf.asSlice(off, HALF)));
                if (r == 0) {
                    break;
                }
                if (n == 0) {
                    t0 = System.nanoTime();
                }
                n += r;
                off += r;
            }
        } finally {
            Libc.close(p[0]);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        gen.join();
        check(n, bytes);
        return n / secs / (1L << 30);
    }

    private static int[] pipe() throws IOException {
        int[] p = new int[2];
        Errors.check("pipe2", "new pipe", Libc.pipe2(p, 0));
        return p;
    }

    private static void check(long got, long sent) {
        if (got != sent) {
            throw new IllegalStateException("demo lost bytes: sent " + sent + ", received " + got);
        }
    }

    /** The built-in input: a thread that vmsplices a constant text buffer into a pipe, then closes it. */
    static final class Generator {
        private static final MemorySegment TEXT = text();

        private static MemorySegment text() {
            MemorySegment s = Arena.global().allocate(2 * HALF, Pages.HUGE);
            Libc.madvise(s.address(), s.byteSize(), Libc.MADV_HUGEPAGE);
            byte[] line = "xmmap maps a stream the way mmap maps a file\n".getBytes();
            for (long i = 0; i < s.byteSize(); i++) {
                s.set(ValueLayout.JAVA_BYTE, i, line[(int) (i % line.length)]);
            }
            return s;
        }

        static Thread start(int fd, long bytes) {
            return Thread.ofPlatform().name("xmmap-demo-generator").start(() -> {
                try {
                    // The buffer never changes, so pages still in the pipe can never be corrupted.
                    long left = bytes;
                    int ix = 0;
                    while (left > 0) {
                        long n = Math.min(left, HALF);
                        MemorySegment half = TEXT.asSlice((long) ix * HALF, n);
                        ix ^= 1;
                        while (half.byteSize() > 0) {
                            long r = Libc.vmsplice(fd, half, 0);
                            if (r < 0) {
                                throw Errors.exception("vmsplice", fd, r);
                            }
                            half = half.asSlice(r);
                        }
                        left -= n;
                    }
                } catch (IOException e) {
                    System.err.println("xmmap demo generator: " + e.getMessage());
                } finally {
                    Libc.close(fd);
                }
            });
        }
    }
}
