package io.xmmap.examples;

import io.xmmap.ErrnoException;
import io.xmmap.Memory;
import io.xmmap.Pipes;
import io.xmmap.StreamMapping;
import io.xmmap.Xmmap;
import io.xmmap.examples.text.ZeroCopy;
import io.xmmap.internal.sys.Errors;
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
            } else if (options && a.startsWith("--")) {
                return usage("unrecognized option '" + a + "'");
            } else if (options && a.startsWith("-") && a.length() > 1) {
                for (char c : a.substring(1).toCharArray()) {
                    if (c != 'a') {
                        return usage("invalid option -- '" + c + "'");
                    }
                }
                append = true;
            } else {
                files.add(a);
            }
        }
        int status = 0;
        List<Output> outs = new ArrayList<>();
        outs.add(new Output(1, "standard output"));
        for (String f : files) {
            int flags = Libc.O_WRONLY | Libc.O_CREAT | (append ? Libc.O_APPEND : Libc.O_TRUNC);
            int fd = Libc.open(f, flags, 0666);
            if (fd < 0) {
                System.err.println("tee: " + f + ": " + Libc.errnoText(-fd));
                status = 1;
            } else {
                outs.add(new Output(fd, f));
            }
        }
        try {
            if (outs.size() == 2 && zeroCopyPossible(outs.get(1).fd)) {
                Pipes.tee(0, 1, outs.get(1).fd, Long.MAX_VALUE);
            } else if (copy(outs)) {
                status = 1;
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
            for (Output o : outs) {
                if (o.fd != 1) {
                    Libc.close(o.fd);
                }
            }
        }
        return status;
    }

    /** One output: its fd, its name for messages, and whether a write to it failed (then it is dropped). */
    private static final class Output {
        final int fd;
        final String name;
        boolean failed;

        Output(int fd, String name) {
            this.fd = fd;
            this.name = name;
        }
    }

    /**
     * tee(2) + splice(2) need standard input and output to be pipes, files or sockets and FILE a
     * pipe, a socket or a regular file, none of the outputs opened O_APPEND (the kernel refuses to
     * splice into those). Anything else (/dev/full, a terminal) is written by the copy path.
     */
    private static boolean zeroCopyPossible(int file) throws ErrnoException {
        return ZeroCopy.canReceive(Errors.fstat(file, "FILE"), file)
                && ZeroCopy.canReceive(Errors.fstat(1, "standard output"), 1)
                && ZeroCopy.canSend(Errors.fstat(0, "standard input"));
    }

    /**
     * Maps standard input and writes each window to every output still working; an output whose
     * write fails is reported as GNU tee reports it and dropped, the others go on. Returns true
     * when some output failed. A reader of standard output gone (EPIPE) ends the run as SIGPIPE
     * would.
     */
    private static boolean copy(List<Output> outs) throws IOException {
        boolean failed = false;
        try (StreamMapping in = Xmmap.stdin(Memory.STREAMING)) {
            long pos = 0;
            for (MemorySegment w; (w = in.window(pos, 1 << 20)).byteSize() > 0; ) {
                for (Output o : outs) {
                    for (long done = 0; !o.failed && done < w.byteSize(); ) {
                        long r = Libc.write(o.fd, w.asSlice(done));
                        if (r >= 0) {
                            done += r;
                        } else if (o.fd == 1 && r == -Errors.EPIPE) {
                            throw Errors.exception("write", o.name, r);
                        } else {
                            System.err.println("tee: " + o.name + ": " + Libc.errnoText((int) -r));
                            o.failed = failed = true;
                        }
                    }
                }
                pos += w.byteSize();
                in.release(pos);
            }
        }
        return failed;
    }

    private static int usage(String problem) {
        System.err.println("tee: " + problem);
        System.err.println("Try 'tee --help' for more information.");
        return 1;
    }
}
