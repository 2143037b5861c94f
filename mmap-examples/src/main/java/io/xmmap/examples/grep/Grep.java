package io.xmmap.examples.grep;

import io.xmmap.ErrnoException;
import io.xmmap.Memory;
import io.xmmap.Scan;
import io.xmmap.StreamMapping;
import io.xmmap.examples.text.Inputs;
import io.xmmap.examples.text.Out;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.PatternSyntaxException;

/**
 * {@code xmmap grep [-FEGivcnolLqswxhHa] [-m NUM] [-e PATTERN]... [PATTERN] [FILE...]}: GNU grep's
 * selection, output, messages and exit status (0 selected, 1 none, 2 trouble) with byte semantics
 * (as under LC_ALL=C), on a streaming mapping, so endless input runs in bounded memory and
 * {@code -m}/{@code -q}/{@code -l} stop reading at once. {@code --paradigm=read} feeds the same
 * code from InputStream reads. Regular expressions: see {@link Posix} for what java.util.regex
 * cannot follow exactly.
 */
public final class Grep {
    private static final long WINDOW = 1 << 20;
    /** A streaming ring large enough for long lines (a line must fit in one window). */
    private static final Memory RING = Memory.streaming(64L << 20);

    private Posix.Syntax syntax = Posix.Syntax.BASIC;
    private boolean ignoreCase, invert, count, lineNumbers, only, listMatching, listNonMatching, quiet, silent,
            word, line, text, lineBuffered, mapped = true;
    /** Standard output is /dev/null: like GNU, stop each file at its first selected line, say nothing. */
    private final boolean devNull = isDevNull();
    private Boolean withNames;
    private long maxCount = -1;
    private final List<String> patterns = new ArrayList<>();
    private Matcher matcher;
    /**
     * A byte string every matching line contains, or null: a single case-sensitive -F pattern, or
     * the longest string a single case-sensitive regex requires ({@link RequiredLiteral}).
     */
    private LiteralSearch literal;
    /** Every line holding {@link #literal} matches (plain -F): the regex need not run. */
    private boolean literalIsMatch;
    private Out out;
    private boolean anySelected, trouble;

    /** Stops the whole run at once (-q after a selected line). */
    private static final class Done extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Done() {
            super(null, null, false, false);
        }
    }

    private Grep() {}

    public static int run(String[] args) {
        return new Grep().main(args);
    }

    private int main(String[] args) {
        List<String> files = new ArrayList<>();
        boolean options = true;
        boolean patternGiven = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (options && a.equals("--")) {
                options = false;
            } else if (options && a.startsWith("--")) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : null;
                String key = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (v == null && (key.equals("--max-count") || key.equals("--regexp"))) {
                    if (i + 1 == args.length) {
                        return usage("option '" + key + "' requires an argument");
                    }
                    v = args[++i]; // GNU takes the value from the next argument too
                }
                switch (key) {
                    case "--max-count" -> {
                        if (!parseMaxCount(v)) {
                            return invalidMaxCount();
                        }
                    }
                    case "--regexp" -> {
                        patterns.add(v);
                        patternGiven = true;
                    }
                    case "--paradigm" -> {
                        if (!"read".equals(v) && !"mapped".equals(v)) {
                            return usage("unrecognized option '" + a + "'");
                        }
                        mapped = "mapped".equals(v);
                    }
                    case "--fixed-strings" -> syntax = Posix.Syntax.FIXED;
                    case "--extended-regexp" -> syntax = Posix.Syntax.EXTENDED;
                    case "--basic-regexp" -> syntax = Posix.Syntax.BASIC;
                    case "--ignore-case" -> ignoreCase = true;
                    case "--invert-match" -> invert = true;
                    case "--count" -> count = true;
                    case "--line-number" -> lineNumbers = true;
                    case "--only-matching" -> only = true;
                    case "--files-with-matches" -> listMatching = true;
                    case "--files-without-match" -> listNonMatching = true;
                    case "--quiet", "--silent" -> quiet = true;
                    case "--no-messages" -> silent = true;
                    case "--word-regexp" -> word = true;
                    case "--line-regexp" -> line = true;
                    case "--no-filename" -> withNames = false;
                    case "--with-filename" -> withNames = true;
                    case "--text" -> text = true;
                    case "--line-buffered" -> lineBuffered = true;
                    default -> {
                        return usage("unrecognized option '" + a + "'");
                    }
                }
            } else if (options && a.startsWith("-") && a.length() > 1) {
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    switch (c) {
                        case 'F' -> syntax = Posix.Syntax.FIXED;
                        case 'E' -> syntax = Posix.Syntax.EXTENDED;
                        case 'G' -> syntax = Posix.Syntax.BASIC;
                        case 'i', 'y' -> ignoreCase = true;
                        case 'v' -> invert = true;
                        case 'c' -> count = true;
                        case 'n' -> lineNumbers = true;
                        case 'o' -> only = true;
                        case 'l' -> listMatching = true;
                        case 'L' -> listNonMatching = true;
                        case 'q' -> quiet = true;
                        case 's' -> silent = true;
                        case 'w' -> word = true;
                        case 'x' -> line = true;
                        case 'h' -> withNames = false;
                        case 'H' -> withNames = true;
                        case 'a' -> text = true;
                        case 'e', 'm' -> {
                            String v = k + 1 < a.length() ? a.substring(k + 1) : (i + 1 < args.length ? args[++i] : null);
                            if (v == null) {
                                return usage("option requires an argument -- '" + c + "'");
                            }
                            if (c == 'e') {
                                patterns.add(v);
                                patternGiven = true;
                            } else {
                                if (!parseMaxCount(v)) {
                                    return invalidMaxCount();
                                }
                            }
                            k = a.length();
                        }
                        default -> {
                            return usage("invalid option -- '" + c + "'");
                        }
                    }
                }
            } else if (!patternGiven) {
                patterns.add(a);
                patternGiven = true;
            } else {
                files.add(a);
            }
        }
        if (!patternGiven) {
            return usage(null);
        }
        List<String> split = new ArrayList<>();
        for (String p : patterns) {
            split.addAll(List.of(p.split("\n", -1)));
        }
        try {
            matcher = Posix.compile(split, syntax, ignoreCase, word, line).matcher("");
        } catch (IllegalArgumentException e) {
            System.err.println("grep: " + (e instanceof PatternSyntaxException p ? p.getDescription() : e.getMessage()));
            return 2;
        }
        if (split.size() == 1 && !ignoreCase) {
            if (syntax == Posix.Syntax.FIXED) {
                literal = split.get(0).isEmpty() ? null
                        : new LiteralSearch(split.get(0).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                literalIsMatch = literal != null && !word && !line;
            } else {
                byte[] required = RequiredLiteral.of(split.get(0), syntax == Posix.Syntax.EXTENDED, 2);
                literal = required == null ? null : new LiteralSearch(required);
            }
        }
        if (files.isEmpty()) {
            files.add("-");
        }
        boolean names = withNames != null ? withNames : files.size() > 1;
        try (Out o = new Out()) {
            out = o;
            if (maxCount != 0) {
                for (String f : files) {
                    file(f, names);
                }
            }
        } catch (Done quit) {
            return 0;
        } catch (Out.BrokenPipe gone) {
            return 2;
        } catch (IOException e) {
            System.err.println("grep: " + e.getMessage());
            return 2;
        }
        return trouble && !(quiet && anySelected) ? 2 : anySelected ? 0 : 1;
    }

    private static boolean isDevNull() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString().equals("/dev/null");
        } catch (IOException | RuntimeException | Error e) {
            return false;
        }
    }

    private boolean parseMaxCount(String v) {
        try {
            maxCount = Long.parseLong(v.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int invalidMaxCount() {
        System.err.println("grep: invalid max count");
        return 2;
    }

    private static int usage(String problem) {
        if (problem != null) {
            System.err.println("grep: " + problem);
        }
        System.err.println("Usage: grep [OPTION]... PATTERNS [FILE]...");
        System.err.println("Try 'grep --help' for more information.");
        return 2;
    }

    /** The per-file state of a scan. */
    private final class Scan1 {
        final String name;
        final boolean names;
        long lineNo, selected;
        boolean binary, stop;

        Scan1(String name, boolean names) {
            this.name = name;
            this.names = names;
        }
    }

    private void file(String f, boolean names) throws IOException {
        String display = f.equals("-") ? "(standard input)" : f;
        Scan1 s = new Scan1(display, names);
        try {
            if (mapped) {
                mappedLines(f, s);
            } else {
                readLines(f, s);
            }
        } catch (ErrnoException e) {
            out.flush();
            if (!silent) {
                System.err.println("grep: " + f + ": " + e.errnoText());
            }
            trouble = true;
            if (!e.errnoName().equals("EISDIR")) {
                return;
            }
            // GNU goes on with a directory as with an empty file: -c prints 0, -L lists it.
        }
        if (count && !listMatching && !listNonMatching) { // GNU: -l/-L print the name only
            prefix(s, -1);
            out.write(String.valueOf(s.selected));
            out.write((byte) '\n');
        }
        if (listMatching && s.selected > 0) {
            out.write(display + "\n");
        }
        if (listNonMatching && s.selected == 0) {
            out.write(display + "\n");
        }
    }

    /**
     * Reads complete lines from a streaming mapping: each window holds what has arrived (up to
     * {@code want}), waiting only for the next byte when nothing has, so lines of a slow writer are
     * matched as soon as their newline arrives instead of when a whole window has filled.
     */
    private void mappedLines(String f, Scan1 s) throws IOException {
        try (StreamMapping m = Inputs.map(f, RING)) {
            long pos = 0;
            long want = WINDOW;
            long need = 1;
            while (!s.stop) {
                if (m.window(pos, need).byteSize() < need && m.isEof() && m.mapped() == pos) {
                    return;
                }
                MemorySegment w = m.windowNow(pos, want);
                boolean eof = m.isEof() && pos + w.byteSize() == m.mapped();
                long cut = lastNewline(w);
                if (cut < 0 && !eof) {
                    if (w.byteSize() < want) {
                        need = w.byteSize() + 1;
                        continue;
                    }
                    if (want * 2 > RING.bytes() - RING.bytes() / 8 && m.info().kind().isStream()) {
                        throw new IOException(s.name + ": a line longer than " + want + " bytes");
                    }
                    want *= 2;
                    continue;
                }
                long end = cut < 0 ? w.byteSize() : cut + 1;
                if (end == 0) {
                    return;
                }
                lines(w.asSlice(0, end), s);
                pos += end;
                m.release(pos);
                want = WINDOW;
                need = 1;
            }
        }
    }

    private void readLines(String f, Scan1 s) throws IOException {
        try (InputStream in = Inputs.open(f)) {
            byte[] buf = new byte[256 << 10];
            int have = 0;
            while (!s.stop) {
                if (have == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                }
                int r = in.read(buf, have, buf.length - have);
                int n = have + Math.max(r, 0);
                MemorySegment all = MemorySegment.ofArray(buf).asSlice(0, n);
                long cut = r < 0 ? n - 1 : lastNewline(all);
                if (cut >= 0) {
                    lines(all.asSlice(0, cut + 1), s);
                    have = (int) (n - cut - 1);
                    System.arraycopy(buf, (int) cut + 1, buf, 0, have);
                } else {
                    have = n;
                }
                if (r < 0) {
                    return;
                }
            }
        }
    }

    private static long lastNewline(MemorySegment w) {
        for (long i = w.byteSize() - 1; i >= 0; i--) {
            if (w.get(ValueLayout.JAVA_BYTE, i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Complete lines (the last may lack its newline at EOF). */
    private void lines(MemorySegment chunk, Scan1 s) throws IOException {
        if (!text && !s.binary && Scan.indexOf(chunk, 0, (byte) 0) >= 0) {
            s.binary = true;
        }
        long n = chunk.byteSize();
        long i = 0;
        Latin1 cs = new Latin1(chunk);
        if (literal != null && !invert && !s.binary) {
            candidates(chunk, s, cs);
            return;
        }
        while (i < n && !s.stop) {
            long nl = Scan.indexOf(chunk, i, (byte) '\n');
            if (s.binary) {
                // Like GNU, a binary file's NUL bytes end lines too.
                long nul = Scan.indexOf(chunk.asSlice(0, nl < 0 ? n : nl), i, (byte) 0);
                nl = nul >= 0 ? nul : nl;
            }
            long end = nl < 0 ? n : nl;
            s.lineNo++;
            cs.range(i, end);
            boolean found = matcher.reset(cs).find();
            if (found != invert) {
                select(s, cs, i, end);
            }
            i = end + 1;
        }
    }

    /**
     * The literal path: jump from one occurrence of the literal to the next with the SWAR scan,
     * and run the matcher only on the lines that hold one (it still decides -w, -x and the rest of
     * a regex; plain -F needs no matcher); the lines skipped in between are only counted, for -n.
     */
    private void candidates(MemorySegment chunk, Scan1 s, Latin1 cs) throws IOException {
        long n = chunk.byteSize();
        long i = 0;
        while (i < n && !s.stop) {
            long hit = literal.find(chunk, i);
            if (hit < 0) {
                s.lineNo += !lineNumbers ? 0 : Scan.count(chunk.asSlice(i), (byte) '\n') + (chunk.get(ValueLayout.JAVA_BYTE, n - 1) == '\n' ? 0 : 1);
                return;
            }
            long start = hit;
            while (start > i && chunk.get(ValueLayout.JAVA_BYTE, start - 1) != '\n') {
                start--;
            }
            long nl = Scan.indexOf(chunk, hit, (byte) '\n');
            long end = nl < 0 ? n : nl;
            if (lineNumbers) {
                s.lineNo += Scan.count(chunk.asSlice(i, start - i), (byte) '\n') + 1;
            }
            cs.range(start, end);
            if (literalIsMatch || matcher.reset(cs).find()) {
                select(s, cs, start, end);
            }
            i = end + 1;
        }
    }

    private void select(Scan1 s, Latin1 cs, long from, long to) throws IOException {
        s.selected++;
        anySelected = true;
        if (quiet) {
            throw new Done();
        }
        if (listMatching || listNonMatching) {
            s.stop = true;
            return;
        }
        if (maxCount >= 0 && s.selected >= maxCount) {
            s.stop = true;
        }
        if (count) {
            return;
        }
        if (devNull) {
            s.stop = true;
            return;
        }
        if (s.binary) {
            out.flush();
            System.err.println("grep: " + s.name + ": binary file matches");
            s.stop = true;
            return;
        }
        if (only) {
            if (invert) {
                return;
            }
            matcher.reset(cs);
            while (matcher.find()) {
                if (matcher.end() > matcher.start()) {
                    prefix(s, s.lineNo);
                    out.write(cs.segment(matcher.start(), matcher.end()));
                    out.write((byte) '\n');
                }
            }
            return;
        }
        prefix(s, s.lineNo);
        out.write(cs.segment(0, (int) (to - from)));
        out.write((byte) '\n');
        if (lineBuffered) {
            out.flush();
        }
    }

    private void prefix(Scan1 s, long lineNo) throws IOException {
        if (s.names) {
            out.write(s.name);
            out.write((byte) ':');
        }
        if (lineNumbers && lineNo >= 0) {
            out.write(String.valueOf(lineNo));
            out.write((byte) ':');
        }
    }

    /** A line of bytes seen as ISO-8859-1 chars, without copying. */
    private static final class Latin1 implements CharSequence {
        private final MemorySegment chunk;
        private long base;
        private int length;

        Latin1(MemorySegment chunk) {
            this.chunk = chunk;
        }

        void range(long from, long to) {
            base = from;
            length = (int) Math.min(Integer.MAX_VALUE, to - from);
        }

        MemorySegment segment(int from, int to) {
            return chunk.asSlice(base + from, to - from);
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) (chunk.get(ValueLayout.JAVA_BYTE, base + index) & 0xFF);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            StringBuilder b = new StringBuilder(end - start);
            for (int i = start; i < end; i++) {
                b.append(charAt(i));
            }
            return b;
        }

        @Override
        public String toString() {
            return subSequence(0, length).toString();
        }
    }
}
