package io.xmmap.examples.text;

import io.xmmap.internal.sys.LibcLocale;

/**
 * The character set the tools work in, decided the way a C program's {@code setlocale(LC_ALL, "")}
 * would: LC_ALL, else LC_CTYPE, else LANG; UTF-8 when that locale's name says so and the C library
 * has it, else bytes (the C locale). For UTF-8, character classes and widths come from the C
 * library itself ({@code iswprint}, {@code iswspace}, {@code wcwidth} in that locale, through FFM),
 * so the tools agree with GNU's on every code point; answers are cached per code point.
 *
 * <p>Thread pattern: {@link #current()} binds the locale to the calling thread (uselocale is per
 * thread); use the returned object from that thread only.
 */
public final class Locale {
    private static final int KNOWN = 1, PRINT = 2, SPACE = 4;

    private final boolean utf8;
    private final String name;
    /** Per BMP code point: KNOWN | PRINT | SPACE | (width + 1) << 3. */
    private final byte[] bmp;

    private Locale(boolean utf8, String name) {
        this.utf8 = utf8;
        this.name = name;
        this.bmp = utf8 ? new byte[0x10000] : null;
    }

    /** The locale of the environment, bound to the calling thread. */
    public static Locale current() {
        String name = env("LC_ALL");
        if (name == null) {
            name = env("LC_CTYPE");
        }
        if (name == null) {
            name = env("LANG");
        }
        if (name == null) {
            name = "C";
        }
        boolean utf8 = name.toLowerCase(java.util.Locale.ROOT).replace("-", "").contains("utf8")
                && LibcLocale.useCtypeLocale(name) == 0;
        return new Locale(utf8, name);
    }

    /** The C locale (bytes), for work that no locale changes; binds nothing. */
    public static Locale bytes() {
        return new Locale(false, "C");
    }

    private static String env(String key) {
        String v = System.getenv(key);
        return v == null || v.isEmpty() ? null : v;
    }

    public boolean utf8() {
        return utf8;
    }

    public String name() {
        return name;
    }

    private int bits(int cp) {
        if (cp < 0x10000) {
            int b = bmp[cp];
            if (b == 0) {
                b = classify(cp);
                bmp[cp] = (byte) b;
            }
            return b;
        }
        return classify(cp);
    }

    private static int classify(int cp) {
        int b = KNOWN;
        if (LibcLocale.iswprint(cp)) {
            b |= PRINT;
        }
        // GNU wc also separates words at the non-breaking spaces (unless POSIXLY_CORRECT).
        if (LibcLocale.iswspace(cp) || cp == 0xA0 || cp == 0x2007 || cp == 0x202F || cp == 0x2060) {
            b |= SPACE;
        }
        int w = Math.max(-1, Math.min(2, LibcLocale.wcwidth(cp)));
        return b | ((w + 1) << 3);
    }

    /** {@code iswprint} of a (non-ASCII) code point in this UTF-8 locale. */
    public boolean isPrint(int cp) {
        return (bits(cp) & PRINT) != 0;
    }

    /** {@code iswspace}, or one of the non-breaking spaces, in this UTF-8 locale. */
    public boolean isSpace(int cp) {
        return (bits(cp) & SPACE) != 0;
    }

    /** {@code wcwidth} (-1 for non-printables) in this UTF-8 locale. */
    public int width(int cp) {
        return ((bits(cp) >> 3) & 3) - 1;
    }
}
