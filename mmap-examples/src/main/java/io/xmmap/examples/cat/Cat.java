package io.xmmap.examples.cat;

import io.xmmap.ErrnoException;
import io.xmmap.Memory;
import io.xmmap.Pipes;
import io.xmmap.examples.text.ZeroCopy;
import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;
import io.xmmap.StreamMapping;
import io.xmmap.Xmmap;
import io.xmmap.examples.text.Inputs;
import io.xmmap.examples.text.Out;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code xmmap cat [-AbeEnstTuv] [--paradigm=mapped|read] [FILE...]}: GNU cat on the mapped API.
 * Without flags, bytes move inside the kernel when input and output allow it (pipes, sockets,
 * files: splice, sendfile, copy_file_range), else windows are written to standard output straight
 * from the mapping (no copy into a buffer); with flags, {@link Render} applies GNU's transformations. {@code --paradigm=read} feeds
 * the same code from {@code InputStream} reads.
 */
public final class Cat {
    private static final long WINDOW = 1 << 20;

    private Cat() {}

    public static int run(String[] args) {
        boolean n = false, b = false, s = false, e = false, t = false, v = false, mapped = true, options = true;
        List<String> files = new ArrayList<>();
        for (String a : args) {
            if (options && a.equals("--")) {
                options = false;
            } else if (options && a.startsWith("--")) {
                switch (a) {
                    case "--number" -> n = true;
                    case "--number-nonblank" -> b = true;
                    case "--squeeze-blank" -> s = true;
                    case "--show-ends" -> e = true;
                    case "--show-tabs" -> t = true;
                    case "--show-nonprinting" -> v = true;
                    case "--show-all" -> v = e = t = true;
                    case "--paradigm=mapped" -> mapped = true;
                    case "--paradigm=read" -> mapped = false;
                    default -> {
                        return usage("unrecognized option '" + a + "'");
                    }
                }
            } else if (options && a.startsWith("-") && a.length() > 1) {
                for (char c : a.substring(1).toCharArray()) {
                    switch (c) {
                        case 'A' -> v = e = t = true;
                        case 'b' -> b = true;
                        case 'e' -> v = e = true;
                        case 'E' -> e = true;
                        case 'n' -> n = true;
                        case 's' -> s = true;
                        case 't' -> v = t = true;
                        case 'T' -> t = true;
                        case 'u' -> { }
                        case 'v' -> v = true;
                        default -> {
                            return usage("invalid option -- '" + c + "'");
                        }
                    }
                }
            } else {
                files.add(a);
            }
        }
        if (files.isEmpty()) {
            files.add("-");
        }
        int status = 0;
        try (Out out = new Out()) {
            Render render = new Render(out, n, b, s, e, t, v);
            for (String f : files) {
                try {
                    if (mapped && render.plain()) {
                        plain(f, render, out);
                    } else if (mapped) {
                        try (StreamMapping m = Inputs.map(f, Memory.STREAMING)) {
                            mapped(m, render, out);
                        }
                    } else {
                        read(f, render, out);
                    }
                } catch (ErrnoException x) {
                    out.flush();
                    System.err.println("cat: " + f + ": " + x.errnoText());
                    status = 1;
                } catch (SameFile x) {
                    out.flush();
                    System.err.println("cat: " + f + ": " + x.getMessage());
                    status = 1;
                }
            }
            render.finish();
        } catch (Out.BrokenPipe gone) {
            return 141;
        } catch (IOException x) {
            System.err.println("cat: " + x.getMessage());
            return 1;
        }
        return status;
    }

    private static int usage(String problem) {
        System.err.println("cat: " + problem);
        System.err.println("Try 'cat --help' for more information.");
        return 1;
    }

    /**
     * Without flags: opens the operand once; when it and standard output are pipes, sockets or
     * files with a size (any regular file for the output, not O_APPEND), moves the bytes inside
     * the kernel ({@code Pipes.transfer}: splice, sendfile or copy_file_range), else maps the fd
     * already opened (never opened twice: a FIFO's writer opens it once). A file that is also
     * standard output is refused as GNU refuses it.
     */
    private static void plain(String f, Render render, Out out) throws IOException {
        boolean stdin = f.equals("-");
        int fd = stdin ? 0 : Libc.open(f, Libc.O_RDONLY, 0);
        if (fd < 0) {
            throw Errors.exception("open", f, fd);
        }
        try {
            Libc.Stat in = Errors.fstat(fd, f);
            Libc.Stat to = Errors.fstat(1, "standard output");
            if (in.type() == Libc.S_IFREG && to.type() == Libc.S_IFREG && in.sameFile(to) && in.size() > 0) {
                throw new SameFile();
            }
            if (ZeroCopy.canSend(in) && ZeroCopy.canReceive(to, 1)) {
                out.flush();
                try {
                    Pipes.transfer(fd, 1, Long.MAX_VALUE);
                } catch (ErrnoException e) {
                    if (e.errnoName().equals("EPIPE")) {
                        throw new Out.BrokenPipe();
                    }
                    throw e;
                }
                return;
            }
            try (StreamMapping m = Xmmap.map(fd, Memory.STREAMING)) {
                mapped(m, render, out);
            }
        } finally {
            if (!stdin) {
                Libc.close(fd);
            }
        }
    }

    /** "cat: FILE: input file is output file", as GNU says it. */
    static final class SameFile extends IOException {
        SameFile() {
            super("input file is output file");
        }
    }

    private static void mapped(StreamMapping m, Render render, Out out) throws IOException {
        long pos = 0;
        for (MemorySegment w; (w = m.window(pos, WINDOW)).byteSize() > 0; ) {
            if (render.plain()) {
                out.write(w);
            } else {
                render.add(w);
            }
            pos += w.byteSize();
            m.release(pos);
        }
    }

    private static void read(String f, Render render, Out out) throws IOException {
        try (InputStream in = Inputs.open(f)) {
            byte[] buf = new byte[256 << 10];
            for (int r; (r = in.read(buf)) > 0; ) {
                MemorySegment chunk = MemorySegment.ofArray(buf).asSlice(0, r);
                if (render.plain()) {
                    out.write(chunk);
                } else {
                    render.add(chunk);
                }
            }
        }
    }
}
