package io.xmmap.examples.cat;

import io.xmmap.Scan;
import io.xmmap.examples.text.Out;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * GNU cat's transformations (-n -b -s -E -T -v), as a state machine fed chunk by chunk; the state
 * (line number, at a line start, blank lines seen, a pending CR) carries across chunks and files,
 * as GNU's does. Lines are found with the SWAR newline kernel and copied in runs; only -v and -T
 * look at each byte. Single-threaded.
 */
final class Render {
    final boolean number, numberNonBlank, squeeze, ends, tabs, nonPrinting;
    private final Out out;
    private long line;
    private boolean atLineStart = true;
    /** Blank lines in a row just seen (for -s); a non-blank line resets it. */
    private int blanks;
    /** A CR held back under -E (without -v): shown as ^M if the next byte is a newline. */
    private boolean pendingCr;

    Render(Out out, boolean number, boolean numberNonBlank, boolean squeeze, boolean ends, boolean tabs,
           boolean nonPrinting) {
        this.out = out;
        this.number = number && !numberNonBlank;
        this.numberNonBlank = numberNonBlank;
        this.squeeze = squeeze;
        this.ends = ends;
        this.tabs = tabs;
        this.nonPrinting = nonPrinting;
    }

    boolean plain() {
        return !(number || numberNonBlank || squeeze || ends || tabs || nonPrinting);
    }

    void add(MemorySegment s) throws IOException {
        long n = s.byteSize();
        long i = 0;
        while (i < n) {
            long nl = Scan.indexOf(s, i, (byte) '\n');
            long end = nl < 0 ? n : nl;
            if (atLineStart && end == i && nl >= 0 && !pendingCr) {
                blankLine();
                i = nl + 1;
                continue;
            }
            if (atLineStart && end > i) {
                startLine(true);
            }
            content(s, i, end);
            if (nl < 0) {
                return;
            }
            endLine(true);
            i = nl + 1;
        }
    }

    private void blankLine() throws IOException {
        blanks++;
        if (squeeze && blanks > 1) {
            return;
        }
        if (number) {
            numberPrefix();
        }
        if (ends) {
            out.write((byte) '$');
        }
        out.write((byte) '\n');
    }

    private void startLine(boolean nonBlank) throws IOException {
        blanks = 0;
        if (number || (numberNonBlank && nonBlank)) {
            numberPrefix();
        }
        atLineStart = false;
    }

    private void numberPrefix() throws IOException {
        String v = String.valueOf(++line);
        out.write("      ".substring(Math.min(6, v.length())) + v + "\t");
    }

    private void endLine(boolean newline) throws IOException {
        if (pendingCr) {
            out.write("^M");
            pendingCr = false;
        }
        if (ends) {
            out.write((byte) '$');
        }
        out.write((byte) '\n');
        atLineStart = true;
        blanks = 0;
    }

    private void content(MemorySegment s, long from, long to) throws IOException {
        if (from == to) {
            return;
        }
        if (pendingCr) {
            out.write((byte) '\r');
            pendingCr = false;
        }
        if (!nonPrinting && !tabs) {
            if (ends && s.get(ValueLayout.JAVA_BYTE, to - 1) == '\r') {
                out.write(s.asSlice(from, to - 1 - from));
                pendingCr = true;
            } else {
                out.write(s.asSlice(from, to - from));
            }
            return;
        }
        for (long i = from; i < to; i++) {
            int c = s.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
            if (c == '\t') {
                out.write(tabs ? "^I" : "\t");
            } else if (!nonPrinting) {
                if (c == '\r' && ends && i == to - 1) {
                    pendingCr = true;
                } else {
                    out.write((byte) c);
                }
            } else {
                visible(c);
            }
        }
    }

    private void visible(int c) throws IOException {
        if (c >= 128) {
            out.write("M-");
            c -= 128;
        }
        if (c < 32) {
            out.write((byte) '^');
            out.write((byte) (c + 64));
        } else if (c == 127) {
            out.write("^?");
        } else {
            out.write((byte) c);
        }
    }

    /** At the very end: a CR held back for -E is written as it was. */
    void finish() throws IOException {
        if (pendingCr) {
            out.write((byte) '\r');
            pendingCr = false;
        }
    }
}
