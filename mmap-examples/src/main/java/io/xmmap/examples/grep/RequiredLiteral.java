package io.xmmap.examples.grep;

/**
 * The longest run of plain ASCII characters that every match of a POSIX pattern must contain, as
 * GNU grep's "must" strings: grep then jumps from one occurrence to the next with a SWAR search
 * and runs the regex only on the lines that hold one. Conservative by construction: only
 * characters at the top level (outside groups and brackets) count, a character followed by a
 * quantifier does not, and a top-level alternation means there is no such string.
 * Stateless.
 */
final class RequiredLiteral {
    private RequiredLiteral() {}

    /** The literal (ASCII bytes) of {@code re}, or null when none of at least {@code min} bytes is certain. */
    static byte[] of(String re, boolean ere, int min) {
        StringBuilder best = new StringBuilder();
        StringBuilder run = new StringBuilder();
        int depth = 0;
        int n = re.length();
        for (int i = 0; i < n; i++) {
            char c = re.charAt(i);
            int literal = -1; // the char this token matches exactly, or -1 for anything else
            boolean quantifier = false;
            if (c == '\\' && i + 1 < n) {
                char d = re.charAt(++i);
                if (!ere && d == '(') {
                    depth++;
                } else if (!ere && d == ')') {
                    if (--depth < 0) {
                        return null; // unbalanced: leave such patterns to the regex alone
                    }
                } else if (!ere && d == '|') {
                    if (depth == 0) {
                        return null;
                    }
                } else if (!ere && (d == '+' || d == '?')) {
                    quantifier = true;
                } else if (!ere && d == '{') {
                    quantifier = true;
                    i = re.indexOf("\\}", i);
                    if (i < 0) {
                        return null;
                    }
                    i++;
                } else if (Character.isLetterOrDigit(d) || d == '<' || d == '>' || d == '`' || d == '\'') {
                    // \w \s \b \< \1 ...: classes, anchors, back-references
                } else if (d < 0x80) {
                    literal = d;
                }
            } else if (c == '[') {
                i = bracketEnd(re, i);
                if (i < 0) {
                    return null;
                }
            } else if (c == '*') {
                quantifier = true;
            } else if (ere && (c == '+' || c == '?')) {
                quantifier = true;
            } else if (ere && c == '{') {
                quantifier = true;
                i = re.indexOf('}', i);
                if (i < 0) {
                    return null;
                }
            } else if (ere && c == '(') {
                depth++;
            } else if (ere && c == ')') {
                if (--depth < 0) {
                    return null;
                }
            } else if (ere && c == '|') {
                if (depth == 0) {
                    return null;
                }
            } else if (c != '.' && c != '^' && c != '$' && c < 0x80) {
                literal = c;
            }
            if (literal >= 0 && depth == 0) {
                run.append((char) literal);
                continue;
            }
            if (quantifier && !run.isEmpty()) {
                run.setLength(run.length() - 1); // the quantified char may be absent
            }
            if (run.length() > best.length()) {
                best.setLength(0);
                best.append(run);
            }
            run.setLength(0);
        }
        if (run.length() > best.length()) {
            best.setLength(0);
            best.append(run);
        }
        if (depth != 0) {
            return null;
        }
        return best.length() >= min ? best.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII) : null;
    }

    /** The index of the ']' closing the bracket expression that opens at {@code i}, or -1. */
    private static int bracketEnd(String re, int i) {
        int j = i + 1;
        if (j < re.length() && re.charAt(j) == '^') {
            j++;
        }
        if (j < re.length() && re.charAt(j) == ']') {
            j++;
        }
        for (; j < re.length(); j++) {
            char c = re.charAt(j);
            if (c == '[' && j + 1 < re.length() && ":=.".indexOf(re.charAt(j + 1)) >= 0) {
                int close = re.indexOf(re.charAt(j + 1) + "]", j + 2);
                if (close < 0) {
                    return -1;
                }
                j = close + 1;
            } else if (c == ']') {
                return j;
            }
        }
        return -1;
    }
}
