package io.xmmap.examples.cat;

import io.xmmap.ErrnoException;
import io.xmmap.Memory;
import io.xmmap.Pipes;
import io.xmmap.examples.text.ZeroCopy;
import io.xmmap.internal.sys.Libc;
import io.xmmap.StreamMapping;
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
                    if (mapped && render.plain() && spliced(f, out)) {
                        continue;
                    }
                    if (mapped) {
                        mapped(f, render, out);
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
     * Without flags, when the operand and standard output are pipes, sockets or files with a size,
     * moves the bytes inside the kernel ({@code Pipes.transfer}: splice, sendfile or
     * copy_file_range); returns false to take the mapped path. A file that is also standard output
     * is refused as GNU refuses it.
     */
    private static boolean spliced(String f, Out out) throws IOException {
        boolean stdin = f.equals("-");
        int fd = stdin ? 0 : Libc.open(f, Libc.O_RDONLY, 0);
        if (fd < 0) {
            return false; // the mapped path reports the error as GNU does
        }
        try {
            Libc.Stat in = ZeroCopy.stat(fd, f);
            Libc.Stat to = ZeroCopy.stat(1, "standard output");
            if (in.type() == Libc.S_IFREG && to.type() == Libc.S_IFREG && in.sameFile(to) && in.size() > 0) {
                throw new SameFile();
            }
            if (!ZeroCopy.spliceable(in) || !ZeroCopy.spliceable(to) && to.type() != Libc.S_IFREG
                    || ZeroCopy.appending(1) && to.type() == Libc.S_IFREG) {
                return false;
            }
            out.flush();
            Pipes.transfer(fd, 1, Long.MAX_VALUE);
            return true;
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

    private static void mapped(String f, Render render, Out out) throws IOException {
        try (StreamMapping m = Inputs.map(f, Memory.STREAMING)) {
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
