package io.xmmap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** What a benchmark ran on, for the header of every results table. */
record Machine(String cpu, int cores, String kernel, String jdk, String thp, String date) {
    static Machine describe() {
        String cpu = "unknown";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException ignored) {
            // keep "unknown"
        }
        String kernel = read("/proc/sys/kernel/osrelease");
        String thp = read("/sys/kernel/mm/transparent_hugepage/enabled");
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), kernel,
                Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")", thp,
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(java.time.ZoneOffset.UTC)));
    }

    private static String read(String p) {
        try {
            return Files.readString(Path.of(p)).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    String markdown() {
        return "- machine: " + cpu + ", " + cores + " cores; Linux " + kernel + "; THP `" + thp + "`\n"
                + "- JDK: " + jdk + "\n- date: " + date + "\n";
    }
}
