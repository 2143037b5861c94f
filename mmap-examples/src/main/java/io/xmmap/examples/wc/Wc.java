package io.xmmap.examples.wc;

import io.xmmap.ErrnoException;
import io.xmmap.Memory;
import io.xmmap.StreamMapping;
import io.xmmap.examples.text.Inputs;
import io.xmmap.examples.text.Locale;
import io.xmmap.internal.sys.Libc;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code xmmap wc [-clmwL] [--paradigm=mapped|read] [FILE...]}: GNU wc's counts, column order,
 * column widths, total line, messages and exit status, on the mapped API (files mapped from the
 * page cache, streams through a streaming mapping) or, with {@code --paradigm=read}, on plain
 * {@code InputStream} reads — the same counting code either way, so the two compare like for like.
 */
public final class Wc {
    private static final long STREAM_WINDOW = 1 << 20;
    private static final long FILE_WINDOW = 16L << 20;
    private static final int READ_BUFFER = 256 << 10;

    private boolean lines, words, chars, bytes, maxLine;
    private boolean mapped = true;
    private final PrintStream out;
    private final PrintStream err;
    private int status;

    private Wc(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static int run(String[] args) {
        return new Wc(System.out, System.err).main(args);
    }

    private int main(String[] args) {
        List<String> files = new ArrayList<>();
        boolean options = true;
        for (String a : args) {
            if (options && a.equals("--")) {
                options = false;
            } else if (options && a.startsWith("--") ) {
                switch (a) {
                    case "--bytes" -> bytes = true;
                    case "--chars" -> chars = true;
                    case "--lines" -> lines = true;
                    case "--words" -> words = true;
                    case "--max-line-length" -> maxLine = true;
                    case "--paradigm=mapped" -> mapped = true;
                    case "--paradigm=read" -> mapped = false;
                    default -> {
                        return usage("unrecognized option '" + a + "'");
                    }
                }
            } else if (options && a.startsWith("-") && a.length() > 1) {
                for (char c : a.substring(1).toCharArray()) {
                    switch (c) {
                        case 'c' -> bytes = true;
                        case 'm' -> chars = true;
                        case 'l' -> lines = true;
                        case 'w' -> words = true;
                        case 'L' -> maxLine = true;
                        default -> {
                            return usage("invalid option -- '" + c + "'");
                        }
                    }
                }
            } else {
                files.add(a);
            }
        }
        if (!(lines || words || chars || bytes || maxLine)) {
            lines = words = bytes = true;
        }
        // Lines and bytes mean the same in every locale; binding one costs ~60 ms of start-up.
        Locale locale = words || maxLine || chars ? Locale.current() : Locale.bytes();
        boolean full = words || maxLine || (chars && locale.utf8());
        boolean named = !files.isEmpty();
        if (!named) {
            files.add("-");
        }
        int width = width(files);
        Counts total = new Counts(false, false, locale);
        for (String f : files) {
            Counts c = new Counts(full, maxLine, locale);
            if (count(f, c)) {
                print(c, width, named ? f : null);
                total.lines += c.lines;
                total.words += c.words;
                total.chars += c.chars;
                total.bytes += c.bytes;
                total.maxLine = Math.max(total.maxLine, c.maxLine);
            }
        }
        if (files.size() > 1) {
            print(total, width, "total");
        }
        out.flush();
        return status;
    }

    private int usage(String problem) {
        err.println("wc: " + problem);
        err.println("Try 'wc --help' for more information.");
        return 1;
    }

    /** GNU's rule: one file and one count: no padding; else the digits of the regular files' total size, at least 7 when any input is not a regular file. */
    private int width(List<String> files) {
        int counts = (lines ? 1 : 0) + (words ? 1 : 0) + (chars ? 1 : 0) + (bytes ? 1 : 0) + (maxLine ? 1 : 0);
        if (files.size() == 1 && counts == 1) {
            return 1;
        }
        int minimum = 1;
        long regular = 0;
        for (String f : files) {
            if (f.equals("-")) {
                Libc.Stat st = Libc.fstat(0, new int[1]);
                if (st != null && st.type() == Libc.S_IFREG) {
                    regular += st.size();
                } else if (st != null) {
                    minimum = 7;
                }
                continue;
            }
            try {
                BasicFileAttributes a = Files.readAttributes(Path.of(f), BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    regular += a.size();
                } else {
                    minimum = 7;
                }
            } catch (IOException | RuntimeException e) {
                // a file that cannot be stat'ed does not count
            }
        }
        return Math.max(minimum, String.valueOf(regular).length());
    }

    private void print(Counts c, int width, String name) {
        StringBuilder sb = new StringBuilder();
        long[] values = {c.lines, c.words, c.chars, c.bytes, c.maxLine};
        boolean[] shown = {lines, words, chars, bytes, maxLine};
        for (int i = 0; i < values.length; i++) {
            if (shown[i]) {
                String v = String.valueOf(values[i]);
                if (!sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(" ".repeat(Math.max(0, width - v.length()))).append(v);
            }
        }
        if (name != null) {
            sb.append(' ').append(name);
        }
        out.println(sb);
    }

    /** Counts one input; false (after the message) when it could not be read at all. */
    private boolean count(String f, Counts c) {
        try {
            if (mapped) {
                countMapped(f, c);
            } else {
                countRead(f, c);
            }
            c.finish();
            return true;
        } catch (ErrnoException e) {
            err.println("wc: " + f + ": " + e.errnoText());
            status = 1;
            if (e.errnoName().equals("EISDIR")) {
                c.finish();
                return true;
            }
            return false;
        } catch (IOException e) {
            err.println("wc: " + f + ": " + e.getMessage());
            status = 1;
            return false;
        }
    }

    private void countMapped(String f, Counts c) throws IOException {
        try (StreamMapping m = Inputs.map(f, Memory.STREAMING)) {
            boolean file = m.info().kind() == io.xmmap.StreamKind.FILE;
            if (file && !c.needsContent(lines)) {
                c.bytes = m.size();
                return;
            }
            long window = file ? FILE_WINDOW : STREAM_WINDOW;
            long pos = 0;
            for (;;) {
                MemorySegment w = m.window(pos, window);
                boolean last = w.byteSize() < window && m.isEof();
                if (w.byteSize() == 0) {
                    return;
                }
                long used = c.add(w, last);
                pos += used;
                m.release(pos);
                if (last && used == w.byteSize()) {
                    return;
                }
            }
        }
    }

    private void countRead(String f, Counts c) throws IOException {
        Path p = f.equals("-") ? null : Path.of(f);
        try (InputStream in = Inputs.open(f)) {
            if (p != null && !c.needsContent(lines) && Files.isRegularFile(p)) {
                c.bytes = Files.size(p);
                return;
            }
            byte[] buf = new byte[READ_BUFFER];
            int have = 0;
            for (int r; (r = in.read(buf, have, buf.length - have)) > 0 || have > 0; ) {
                int n = have + Math.max(r, 0);
                boolean last = r < 0;
                long used = c.add(MemorySegment.ofArray(buf).asSlice(0, n), last);
                have = (int) (n - used);
                System.arraycopy(buf, (int) used, buf, 0, have);
                if (last) {
                    break;
                }
            }
        }
    }
}
