package io.xmmap.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The C reference programs of the benchmarks, compiled from the sources shipped in this jar
 * ({@code c/*.c}) with the machine's gcc when a benchmark first needs them, into
 * {@code target/c-bin} beside the jar (or a temp folder).
 */
final class NativeTools {
    private NativeTools() {}

    private static Path dir;

    /** The path of the compiled program {@code name} (from {@code c/NAME.c}). */
    static synchronized Path program(String name) throws IOException, InterruptedException {
        if (dir == null) {
            Path jar = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]).toAbsolutePath();
            Path base = jar.getParent() != null && Files.isWritable(jar.getParent()) ? jar.getParent() : Files.createTempDirectory("xmmap");
            dir = Files.createDirectories(base.resolve("c-bin"));
        }
        Path bin = dir.resolve(name);
        Path src = dir.resolve(name + ".c");
        try (InputStream in = NativeTools.class.getResourceAsStream("/c/" + name + ".c")) {
            if (in == null) {
                throw new IOException("no C source c/" + name + ".c in the benchmark jar");
            }
            byte[] text = in.readAllBytes();
            if (Files.exists(bin) && Files.exists(src) && java.util.Arrays.equals(Files.readAllBytes(src), text)) {
                return bin;
            }
            Files.write(src, text);
        }
        Process gcc;
        try {
            gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", bin.toString(), src.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("the benchmarks compile their C reference programs with gcc, and gcc was not found "
                    + "(apt-get install gcc)", e);
        }
        String out = new String(gcc.getInputStream().readAllBytes());
        if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
            throw new IOException("gcc failed on " + src + ":\n" + out);
        }
        return bin;
    }

    /**
     * Runs {@code pb} (standard error inherited) and returns its standard output, which goes to a
     * temporary file so that the time limit holds even when the process hangs with its output
     * open; a process that fails or outlives {@code minutes} is killed and reported.
     */
    static String output(ProcessBuilder pb, int minutes, String what) throws IOException, InterruptedException {
        Path out = Files.createTempFile("xmmap-bench", ".out");
        Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                throw new IOException(what + " did not finish within " + minutes + " minutes");
            }
            String text = Files.readString(out);
            if (p.exitValue() != 0) {
                throw new IOException(what + " failed (exit " + p.exitValue() + "): " + text.strip());
            }
            return text;
        } finally {
            // A pipeline's programs are the shell's children: they go first, or they outlive it.
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    /**
     * The command that starts {@code mainClass} in a child JVM like this one: the same java, the
     * launcher's flags (serial GC, logs to stderr, warnings only), native access, this classpath,
     * and {@code extraFlags} before the class name.
     */
    static java.util.List<String> javaCommand(Class<?> mainClass, String... extraFlags) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                ProcessHandle.current().info().command().orElse("java"), "-XX:+UseSerialGC"));
        cmd.addAll(java.util.List.of(extraFlags));
        cmd.addAll(java.util.List.of("-Xlog:disable", "-Xlog:all=warning:stderr", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        return cmd;
    }

    /** Quotes {@code s} for sh. */
    static String q(Object s) {
        return "'" + s.toString().replace("'", "'\\''") + "'";
    }
}
