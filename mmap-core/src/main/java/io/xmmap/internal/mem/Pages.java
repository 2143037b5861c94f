package io.xmmap.internal.mem;

import io.xmmap.internal.sys.Libc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Page sizes and what the kernel says about transparent huge pages. Stateless. */
public final class Pages {
    private Pages() {}

    /** The base page size (4 KiB on x86-64). */
    public static final long SMALL = Math.max(4096, Libc.sysconf(Libc.SC_PAGESIZE));
    /** A PMD-sized transparent huge page on x86-64 and 4 KiB-granule arm64. */
    public static final long HUGE = 2L << 20;
    /** {@code <asm-generic/mman-common.h>}: populate (prefault) page tables writable, Linux 5.14+. */
    public static final int MADV_POPULATE_WRITE = 23;

    /** Rounds {@code n} up to a multiple of {@code unit} (a power of two). */
    public static long roundUp(long n, long unit) {
        return (n + unit - 1) & -unit;
    }

    /** "4 KiB", "2 MiB", "1.5 GiB". */
    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v)) + " " + units[u];
    }

    /** Parses a byte count with an optional binary suffix: "123", "64K", "512M", "2G". */
    public static long parseSize(String s) {
        if (s.isEmpty()) {
            throw new NumberFormatException("empty size");
        }
        int shift = switch (Character.toUpperCase(s.charAt(s.length() - 1))) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        long v = Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1));
        if (v < 0 || v > (Long.MAX_VALUE >> shift)) {
            throw new NumberFormatException("size out of range: " + s);
        }
        return v << shift;
    }

    static String describe(long pageSize, boolean huge) {
        return human(pageSize) + (huge ? " (transparent huge pages)" : " pages");
    }

    /** The bracketed choice in /sys/kernel/mm/transparent_hugepage/enabled, or "unknown". */
    public static String thpMode() {
        try {
            String s = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            int a = s.indexOf('['), b = s.indexOf(']');
            return a >= 0 && b > a ? s.substring(a + 1, b) : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * Bytes of anonymous huge pages backing the mapping that starts at {@code start}, read from
     * /proc/self/smaps; -1 when it cannot be told.
     */
    public static long anonHugeBytes(long start) {
        String head = Long.toHexString(start) + "-";
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
            boolean in = false;
            long total = 0;
            for (String line : lines) {
                if (!line.isEmpty() && Character.digit(line.charAt(0), 16) >= 0 && line.indexOf('-') > 0
                        && line.indexOf(' ') > line.indexOf('-')) {
                    if (in) {
                        break;
                    }
                    in = line.startsWith(head);
                } else if (in && line.startsWith("AnonHugePages:")) {
                    total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return in || total > 0 ? total : -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
