package io.xmmap.bench;

import io.xmmap.Memory;
import io.xmmap.StreamMapping;
import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;
import org.apache.commons.io.IOUtils;
import org.apache.commons.io.LineIterator;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The access paradigms of {@link AccessParadigms}, each doing the three tasks (copy to
 * /dev/null, count lines, count the lines holding a fixed string) the way a programmer using it
 * would. Byte-level paradigms share {@link ParadigmTasks}' kernels; the buffered ones read
 * {@link #BUFFER} bytes at a time (the java.io and Commons IO ones use their libraries' own
 * buffer sizes where the library picks them). Each returns what it counted (bytes, lines or
 * matching lines), which the caller checks against GNU's answer. Stateless.
 */
final class Paradigms {
    private Paradigms() {}

    /** In the order of the tables; {@code read-write} is the baseline. */
    static final List<String> ALL = List.of("read-write", "read-write-1m-pipe", "java.io-stream", "java.io-reader", "commons-io",
            "nio-read", "nio-map", "xmmap-retain-all", "xmmap-streaming", "xmmap-streaming-1m-ring");
    static final List<String> TASKS = List.of("copy", "lines", "find");
    static final String BASELINE = "read-write";

    /** The buffered paradigms' read size: the chunk xmmap's feeds read ({@code Feed.SYNC.chunk()}), so that both make as many calls. */
    static final int BUFFER = io.xmmap.Feed.SYNC.chunk();
    private static final long WINDOW = 1 << 20;
    /**
     * {@code xmmap-streaming-1m-ring}: a 1 MiB ring read in 256 KiB windows, the memory a
     * {@code read} loop's buffer and its pipe hold together. The default 4 MiB ring cycles
     * through more memory than a core's L2 holds, so the kernel copies into lines that have
     * left the cache; this row tells that cost apart from the mapping's own.
     */
    private static final long SMALL_RING = 1 << 20;
    private static final Path DEV_NULL = Path.of("/dev/null");

    /**
     * Whether {@code paradigm} applies to a {@code source}: {@code FileChannel.map} needs a file;
     * {@code read-write-1m-pipe} is the baseline on a pipe grown to 1 MiB with {@code F_SETPIPE_SZ}
     * first, as xmmap grows the pipes it maps, so that the pipe's size and the access paradigm can
     * be told apart; {@code xmmap-streaming-1m-ring} needs a ring, which a mapped file does not use.
     */
    static boolean applies(String paradigm, String source) {
        return switch (paradigm) {
            case "nio-map" -> source.equals("file");
            case "read-write-1m-pipe" -> source.equals("pipe");
            case "xmmap-streaming-1m-ring" -> !source.equals("file"); // a file is mapped whole, with no ring
            default -> true;
        };
    }

    static long run(String paradigm, String task, TrialSource src) throws Exception {
        return switch (paradigm) {
            case "read-write" -> readWrite(task, src.fd());
            case "read-write-1m-pipe" -> {
                io.xmmap.Pipes.pipeSize(src.fd(), 1 << 20);
                yield readWrite(task, src.fd());
            }
            case "java.io-stream" -> stream(task, src.stream());
            case "java.io-reader" -> reader(task, new BufferedReader(new InputStreamReader(src.stream(), StandardCharsets.UTF_8)));
            case "commons-io" -> commonsIo(task, src.stream());
            case "nio-read" -> nioRead(task, src.channel());
            case "nio-map" -> nioMap(task, src.fileChannel());
            case "xmmap-retain-all" -> mapped(task, src.map(Memory.RETAIN_ALL), WINDOW);
            case "xmmap-streaming" -> mapped(task, src.map(Memory.STREAMING), WINDOW);
            case "xmmap-streaming-1m-ring" -> mapped(task, src.map(Memory.streaming(SMALL_RING)), SMALL_RING / 4);
            default -> throw new IllegalArgumentException("unknown paradigm " + paradigm);
        };
    }

    private static long readWrite(String task, int fd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(BUFFER, 4096);
            ParadigmTasks.Fill fill = (off, len) ->
                    Errors.check("read", fd, Libc.read(fd, buf.asSlice(off, len)));
            return switch (task) {
                case "copy" -> {
                    int out = (int) Errors.check("open", "/dev/null", Libc.open("/dev/null", Libc.O_WRONLY | Libc.O_CLOEXEC, 0));
                    try {
                        long total = 0;
                        for (long n; (n = fill.fill(0, BUFFER)) > 0; total += n) {
                            writeAll(out, buf.asSlice(0, n));
                        }
                        yield total;
                    } finally {
                        Libc.close(out);
                    }
                }
                case "lines" -> ParadigmTasks.newlines(buf, fill);
                default -> ParadigmTasks.matchingLines(buf, fill);
            };
        }
    }

    /** Writes all of {@code s}; returns the bytes written (all of them). */
    private static long writeAll(int fd, MemorySegment s) throws IOException {
        long off = 0;
        while (off < s.byteSize()) {
            off += Errors.check("write", fd, Libc.write(fd, s.asSlice(off)));
        }
        return off;
    }

    private static long stream(String task, InputStream in) throws IOException {
        byte[] buf = new byte[BUFFER];
        MemorySegment seg = MemorySegment.ofArray(buf);
        ParadigmTasks.Fill fill = (off, len) -> in.read(buf, off, len);
        return switch (task) {
            case "copy" -> {
                try (OutputStream out = new FileOutputStream(DEV_NULL.toFile())) {
                    long total = 0;
                    for (int n; (n = in.read(buf)) > 0; total += n) {
                        out.write(buf, 0, n);
                    }
                    yield total;
                }
            }
            case "lines" -> ParadigmTasks.newlines(seg, fill);
            default -> ParadigmTasks.matchingLines(seg, fill);
        };
    }

    /** Characters copied, lines read, or lines containing the needle, through a {@code BufferedReader}. */
    private static long reader(String task, BufferedReader r) throws IOException {
        if (task.equals("copy")) {
            try (Writer w = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(DEV_NULL.toFile()), StandardCharsets.UTF_8))) {
                return r.transferTo(w);
            }
        }
        long n = 0;
        for (String line; (line = r.readLine()) != null; ) {
            if (task.equals("lines") || line.contains(ParadigmTasks.NEEDLE_TEXT)) {
                n++;
            }
        }
        return n;
    }

    private static long commonsIo(String task, InputStream in) throws IOException {
        if (task.equals("copy")) {
            try (OutputStream out = new FileOutputStream(DEV_NULL.toFile())) {
                return IOUtils.copyLarge(in, out);
            }
        }
        long n = 0;
        try (LineIterator it = IOUtils.lineIterator(in, StandardCharsets.UTF_8)) {
            while (it.hasNext()) {
                String line = it.next();
                if (task.equals("lines") || line.contains(ParadigmTasks.NEEDLE_TEXT)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static long nioRead(String task, ReadableByteChannel ch) throws IOException {
        ByteBuffer bb = ByteBuffer.allocateDirect(BUFFER);
        MemorySegment seg = MemorySegment.ofBuffer(bb);
        ParadigmTasks.Fill fill = (off, len) -> ch.read(bb.clear().position(off).limit(off + len));
        return switch (task) {
            case "copy" -> {
                try (FileChannel out = FileChannel.open(DEV_NULL, StandardOpenOption.WRITE)) {
                    long total = 0;
                    for (int n; (n = ch.read(bb.clear())) > 0; total += n) {
                        bb.flip();
                        while (bb.hasRemaining()) {
                            out.write(bb);
                        }
                    }
                    yield total;
                }
            }
            case "lines" -> ParadigmTasks.newlines(seg, fill);
            default -> ParadigmTasks.matchingLines(seg, fill);
        };
    }

    private static long nioMap(String task, FileChannel ch) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment all = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            return switch (task) {
                case "copy" -> {
                    try (FileChannel out = FileChannel.open(DEV_NULL, StandardOpenOption.WRITE)) {
                        long written = 0;
                        for (long off = 0; off < all.byteSize(); off += WINDOW) {
                            ByteBuffer bb = all.asSlice(off, Math.min(WINDOW, all.byteSize() - off)).asByteBuffer();
                            while (bb.hasRemaining()) {
                                written += out.write(bb);
                            }
                        }
                        yield written;
                    }
                }
                case "lines" -> ParadigmTasks.newlines(all);
                default -> ParadigmTasks.matchingLines(all);
            };
        }
    }

    /** Windows of {@code window} bytes, released behind (streaming recycles them; retain-all keeps them). */
    private static long mapped(String task, StreamMapping m, long window) throws IOException {
        int out = task.equals("copy")
                ? (int) Errors.check("open", "/dev/null", Libc.open("/dev/null", Libc.O_WRONLY | Libc.O_CLOEXEC, 0)) : -1;
        try {
            long n = 0;
            for (long pos = 0; ; ) {
                MemorySegment w = m.window(pos, window);
                if (w.byteSize() == 0) {
                    return n;
                }
                switch (task) {
                    case "copy" -> n += writeAll(out, w);
                    case "lines" -> n += ParadigmTasks.newlines(w);
                    default -> w = ParadigmTasks.wholeLines(w, w.byteSize() < window);
                }
                if (task.equals("find")) {
                    n += ParadigmTasks.matchingLines(w);
                }
                pos += w.byteSize();
                m.release(pos);
            }
        } finally {
            if (out >= 0) {
                Libc.close(out);
            }
        }
    }
}
