package io.xmmap.examples.grep;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * POSIX basic and extended regular expressions (with GNU's extensions) translated to
 * {@link java.util.regex.Pattern}, which then runs over lines seen as ISO-8859-1 text (one char per
 * byte: byte semantics, as GNU grep under LC_ALL=C).
 *
 * <p>Where java.util.regex cannot honestly follow POSIX: it matches leftmost-<em>first</em>
 * (backtracking), POSIX leftmost-<em>longest</em>. Which lines match never changes; what {@code -o}
 * prints can, for alternations whose earlier branch is a prefix of a later one ({@code a\|ab}).
 * Back-references number per pattern as usual, but several {@code -e} patterns share one numbering.
 */
final class Posix {
    private Posix() {}

    enum Syntax { FIXED, BASIC, EXTENDED }

    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "0-9"), Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s\\x0B"),
            Map.entry("blank", " \\t"), Map.entry("punct", "\\p{Punct}"), Map.entry("print", "\\p{Print}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("xdigit", "0-9A-Fa-f"));

    /** One Java pattern matching any of {@code patterns}. */
    static Pattern compile(List<String> patterns, Syntax syntax, boolean ignoreCase, boolean word, boolean line) {
        StringBuilder sb = new StringBuilder();
        for (String p : patterns) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append("(?:").append(syntax == Syntax.FIXED ? Pattern.quote(p) : translate(p, syntax == Syntax.EXTENDED))
                    .append(')');
        }
        String re = "(?:" + sb + ")";
        if (line) {
            re = "^" + re + "$";
        } else if (word) {
            re = "(?<![\\w])" + re + "(?![\\w])";
        }
        // UNIX_LINES: only \n ends a line, as for grep; otherwise $ would match before a \r and
        // . would not match \r or \x85.
        return Pattern.compile(re, Pattern.UNIX_LINES | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
    }

    static String translate(String re, boolean ere) {
        StringBuilder out = new StringBuilder();
        int n = re.length();
        boolean atStart = true;
        for (int i = 0; i < n; i++) {
            char c = re.charAt(i);
            boolean wasStart = atStart;
            atStart = false;
            if (c == '[') {
                i = bracket(re, i, out);
                continue;
            }
            if (c == '\\' && i + 1 < n) {
                char d = re.charAt(++i);
                if (!ere && "(){}|+?".indexOf(d) >= 0) {
                    out.append(d);
                    if (d == '{' && i + 1 < n && re.charAt(i + 1) == ',') {
                        out.append('0'); // \{,N\} is {0,N}
                    }
                    atStart = d == '(' || d == '|';
                } else if (d == '<') {
                    out.append("\\b(?=\\w)");
                } else if (d == '>') {
                    out.append("\\b(?<=\\w)");
                } else if ("wWsSbB".indexOf(d) >= 0 || Character.isDigit(d)) {
                    out.append('\\').append(d);
                } else {
                    out.append(literal(d));
                }
                continue;
            }
            if (c == '*' || (ere && (c == '+' || c == '?'))) {
                out.append(wasStart ? "\\" + c : String.valueOf(c));
                continue;
            }
            if (c == '^') {
                out.append(ere || wasStart ? "^" : "\\^");
                atStart = true;
                continue;
            }
            if (c == '$') {
                boolean anchor = ere || i == n - 1 || re.startsWith("\\)", i + 1) || re.startsWith("\\|", i + 1);
                out.append(anchor ? "$" : "\\$");
                continue;
            }
            if (ere && c == '{') {
                int close = re.indexOf('}', i);
                String body = close < 0 ? null : re.substring(i + 1, close);
                if (!wasStart && body != null && body.matches("\\d*(,\\d*)?") && !body.isEmpty() && !body.equals(",")) {
                    out.append('{').append(body.startsWith(",") ? "0" + body : body).append('}');
                    i = close;
                } else {
                    out.append("\\{");
                }
                continue;
            }
            if (ere && (c == '(' || c == '|')) {
                out.append(c);
                atStart = true;
                continue;
            }
            if (ere && c == ')') {
                out.append(c);
                continue;
            }
            if (!ere && "(){}|+?".indexOf(c) >= 0) {
                out.append('\\').append(c);
                continue;
            }
            out.append(c == '.' ? "." : literal(c));
        }
        return out.toString();
    }

    /**
     * One char matched literally. Not {@code Pattern.quote}: a quantifier cannot follow a
     * {@code \Q..\E} block ({@code 2\{1\}} would be "Illegal repetition").
     */
    private static String literal(char c) {
        if (Character.isLetterOrDigit(c) || c >= 0x80 || c == ' ' || c == ',') { // , inside a BRE \{m,n\}
            return String.valueOf(c);
        }
        return c < 0x20 || c == 0x7F ? String.format(java.util.Locale.ROOT, "\\x%02x", (int) c) : "\\" + c;
    }

    /** Translates the bracket expression starting at {@code re[i] == '['}; returns the index of its ']'. */
    private static int bracket(String re, int i, StringBuilder out) {
        int n = re.length();
        int j = i + 1;
        StringBuilder cls = new StringBuilder("[");
        if (j < n && re.charAt(j) == '^') {
            cls.append('^');
            j++;
        }
        boolean first = true;
        for (; j < n; j++) {
            char c = re.charAt(j);
            if (c == ']' && !first) {
                out.append(cls).append(']');
                return j;
            }
            first = false;
            if (c == '[' && j + 1 < n && ":=.".indexOf(re.charAt(j + 1)) >= 0) {
                char kind = re.charAt(j + 1);
                int end = re.indexOf(kind + "]", j + 2);
                if (end > 0) {
                    String name = re.substring(j + 2, end);
                    if (kind == ':') {
                        String java = CLASSES.get(name);
                        if (java == null) {
                            throw new IllegalArgumentException("Invalid character class name");
                        }
                        cls.append(java);
                    } else {
                        cls.append(escapeInClass(name));
                    }
                    j = end + 1;
                    continue;
                }
            }
            if (c == '-' && cls.length() > 1 && j + 1 < n && re.charAt(j + 1) != ']') {
                cls.append('-');
                continue;
            }
            cls.append(escapeInClass(String.valueOf(c)));
        }
        throw new IllegalArgumentException("Unmatched [, [^, [:, [., or [=");
    }

    private static String escapeInClass(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("[]\\^&-".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }
}
