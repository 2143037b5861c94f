package io.xmmap.internal.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The locale and wide-character class calls of the native layer (for the tools' UTF-8 rules),
 * under {@link Libc}'s contract; the class functions are pure and set no errno.
 */
public final class LibcLocale {
    private LibcLocale() {}

    /** {@code locale_t newlocale(int category_mask, const char *locale, locale_t base);} */
    private static final class Newlocale {
        static final MethodHandle H = Libc.errnoHandle("newlocale",
                FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    }
    /** {@code locale_t uselocale(locale_t newloc);} */
    private static final class Uselocale {
        static final MethodHandle H = Libc.plainHandle("uselocale", FunctionDescriptor.of(ADDRESS, ADDRESS));
    }
    /** {@code int iswprint(wint_t wc);} */
    private static final class Iswprint {
        static final MethodHandle H = Libc.plainHandle("iswprint", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    /** {@code int iswspace(wint_t wc);} */
    private static final class Iswspace {
        static final MethodHandle H = Libc.plainHandle("iswspace", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    /** {@code int wcwidth(wchar_t c);} */
    private static final class Wcwidth {
        static final MethodHandle H = Libc.plainHandle("wcwidth", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    // ---- wide-character classes (pure functions: no errno) -------------------------------------

    /** {@code <locale.h>}: LC_CTYPE_MASK = 1 << LC_CTYPE (0). */
    public static final int LC_CTYPE_MASK = 1;


    /**
     * Makes the calling thread use the LC_CTYPE of {@code name} ({@code newlocale} + {@code uselocale}),
     * so that {@link #iswprint}, {@link #iswspace} and {@link #wcwidth} answer as C programs in that
     * locale do. Returns 0, or -errno when the locale does not exist (ENOENT).
     */
    public static int useCtypeLocale(String name) {
        Libc.Scratch s = Libc.scratch();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment loc = (MemorySegment) Newlocale.H.invokeExact(s.state, LC_CTYPE_MASK, a.allocateFrom(name),
                    MemorySegment.NULL);
            if (loc.equals(MemorySegment.NULL)) {
                return -s.errno();
            }
            MemorySegment old = (MemorySegment) Uselocale.H.invokeExact(loc);
            return old.equals(MemorySegment.NULL) ? -Errors.EINVAL : 0;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    /** {@code iswprint(3)} in the calling thread's locale. */
    public static boolean iswprint(int codePoint) {
        try {
            return (int) Iswprint.H.invokeExact(codePoint) != 0;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    /** {@code iswspace(3)} in the calling thread's locale. */
    public static boolean iswspace(int codePoint) {
        try {
            return (int) Iswspace.H.invokeExact(codePoint) != 0;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    /** {@code wcwidth(3)} in the calling thread's locale: columns, or -1 for a non-printable. */
    public static int wcwidth(int codePoint) {
        try {
            return (int) Wcwidth.H.invokeExact(codePoint);
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }
}
