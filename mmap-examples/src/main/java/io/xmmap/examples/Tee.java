package io.xmmap.examples;

import io.xmmap.ErrnoException;
import io.xmmap.Memory;
import io.xmmap.Pipes;
import io.xmmap.StreamMapping;
import io.xmmap.Xmmap;
import io.xmmap.examples.text.ZeroCopy;
import io.xmmap.internal.sys.Libc;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code xmmap tee [-a] [FILE...]}: standard input to standard output and to each FILE, as GNU
 * tee. With one FILE, standard output a pipe, file or socket, and standard input a pipe, file or
 * socket, the bytes never enter this process: {@code tee(2)} duplicates them into standard output
 * and {@code splice(2)} moves them into the FILE ({@code Pipes.tee}). Otherwise (several FILEs,
 * {@code -a}, a terminal) standard input is mapped and each window written to every output.
 */
public final class Tee {
    private Tee() {}

    public static int run(String[] args) {
        boolean append = false, options = true;
        List<String> files = new ArrayList<>();
        for (String a : args) {
            if (options && a.equals("--")) {
                options = false;
            } else if (options && (a.equals("-a") || a.equals("--append"))) {
                append = true;
            } else if (options && a.startsWith("-") && a.length() > 1) {
                System.err.println("tee: invalid option -- '" + a.substring(1) + "'");
                return 1;
            } else {
                files.add(a);
            }
        }
        int status = 0;
        List<Integer> outs = new ArrayList<>();
        for (String f : files) {
            int flags = Libc.O_WRONLY | Libc.O_CREAT | (append ? 0x400 /* O_APPEND */ : Libc.O_TRUNC);
            int fd = Libc.open(f, flags, 0666);
            if (fd < 0) {
                System.err.println("tee: " + f + ": " + Libc.errnoText(-fd));
                status = 1;
            } else {
                outs.add(fd);
            }
        }
        try {
            if (outs.size() == 1 && !append && ZeroCopy.spliceable(ZeroCopy.stat(0, "standard input"))
                    && ZeroCopy.spliceable(ZeroCopy.stat(1, "standard output")) && !ZeroCopy.appending(1)) {
                Pipes.tee(0, 1, outs.get(0), Long.MAX_VALUE);
            } else {
                copy(outs);
            }
        } catch (ErrnoException e) {
            if (e.errnoName().equals("EPIPE")) {
                return 141; // as a process killed by SIGPIPE would report
            }
            System.err.println("tee: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("tee: " + e.getMessage());
            return 1;
        } finally {
            outs.forEach(Libc::close);
        }
        return status;
    }

    /** Maps standard input and writes each window to standard output and every FILE. */
    private static void copy(List<Integer> outs) throws IOException {
        List<Integer> all = new ArrayList<>(outs);
        all.add(0, 1);
        try (StreamMapping in = Xmmap.stdin(Memory.STREAMING)) {
            long pos = 0;
            for (MemorySegment w; (w = in.window(pos, 1 << 20)).byteSize() > 0; ) {
                for (int fd : all) {
                    for (long done = 0; done < w.byteSize(); ) {
                        long r = Libc.write(fd, w.asSlice(done));
                        io.xmmap.internal.sys.Errors.check("write", fd == 1 ? "standard output" : "fd=" + fd, r);
                        done += r;
                    }
                }
                pos += w.byteSize();
                in.release(pos);
            }
        }
    }
}
