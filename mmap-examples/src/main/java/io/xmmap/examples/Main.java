package io.xmmap.examples;

import java.util.Arrays;

/**
 * Entry point of the {@code xmmap} launcher: {@code xmmap COMMAND [ARGS]}.
 * Each command is one class with a static {@code run(String[])} returning the exit status.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            usage();
            System.exit(args.length == 0 ? 2 : 0);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int status = switch (args[0]) {
            case "demo" -> Demo.run(rest);
            case "pipemap" -> PipeMap.run(rest);
            case "wc" -> io.xmmap.examples.wc.Wc.run(rest);
            case "cat" -> io.xmmap.examples.cat.Cat.run(rest);
            case "grep" -> io.xmmap.examples.grep.Grep.run(rest);
            case "tee" -> Tee.run(rest);
            case "send" -> Send.run(rest);
            case "train" -> Train.run(rest);
            default -> {
                System.err.println("xmmap: unknown command '" + args[0] + "'");
                usage();
                yield 2;
            }
        };
        System.out.flush();
        System.exit(status);
    }

    private static void usage() {
        System.err.println("""
                usage: xmmap COMMAND [ARGS]
                  demo [--bytes N]            map a pipe fed by a built-in generator; mapped vs read(2)
                  pipemap [--sha256] [PATH | --listen PORT | --connect HOST:PORT]
                                              map PATH (FIFO, tty, file), standard input or a
                                              TCP connection; print the byte count (and SHA-256)
                  cat [-AbeEnstTuv] [--paradigm=mapped|read] [FILE...]
                                              GNU cat on the mapped API (or on read(2))
                  grep [-FEGivcnolLqswxhHa] [-m NUM] [-e PATTERN]... [PATTERN] [FILE...]
                                              GNU grep (byte semantics) on the mapped API
                  wc [-clmwL] [--paradigm=mapped|read] [FILE...]
                                              GNU wc on the mapped API (or on read(2))
                  tee [-a] [FILE...]          standard input to standard output and FILEs; with
                                              one FILE and pipes/files, tee(2) + splice(2): the
                                              bytes never enter this process
                  send [--header TEXT] FILE --to HOST:PORT
                                              connect, write TEXT (\r \n \t escapes), then the
                                              file by sendfile(2): page cache to socket
                  train                       the workload the launcher records into its
                                              start-up cache (runs each tool on a sample)
                """);
    }

    /** Parses "123", "64K", "512M", "2G". */
    static long parseSize(String s) {
        return io.xmmap.internal.mem.Pages.parseSize(s);
    }
}
