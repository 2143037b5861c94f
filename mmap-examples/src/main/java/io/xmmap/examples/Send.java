package io.xmmap.examples;

import io.xmmap.ErrnoException;
import io.xmmap.Pipes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code xmmap send [--header TEXT] FILE --to HOST:PORT}: serves a file with a header, the way the
 * seed article's example does: the header is written (a copy, it is small), then the file goes
 * from the page cache to the socket inside the kernel ({@code sendfile(2)} through
 * {@code Pipes.transfer}). In TEXT, {@code \r}, {@code \n}, {@code \t} and {@code \\} are escapes.
 * Prints the bytes sent (header + file) on standard error.
 */
public final class Send {
    private Send() {}

    public static int run(String[] args) {
        String header = "", file = null, to = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--header" -> header = i + 1 < args.length ? unescape(args[++i]) : null;
                case "--to" -> to = i + 1 < args.length ? args[++i] : null;
                default -> {
                    if (file != null || args[i].startsWith("--")) {
                        return usage("unexpected argument '" + args[i] + "'");
                    }
                    file = args[i];
                }
            }
        }
        if (header == null) {
            return usage("--header needs a TEXT");
        }
        if (file == null || to == null || to.lastIndexOf(':') < 1) {
            return usage("need FILE and --to HOST:PORT");
        }
        // The file first: a peer must not get a header for a file that cannot be sent.
        try {
            java.nio.file.Files.newByteChannel(Path.of(file)).close();
            if (java.nio.file.Files.isDirectory(Path.of(file))) {
                System.err.println("xmmap send: " + file + ": Is a directory");
                return 1;
            }
        } catch (java.nio.file.NoSuchFileException e) {
            System.err.println("xmmap send: " + file + ": No such file or directory");
            return 1;
        } catch (IOException e) {
            System.err.println("xmmap send: " + file + ": " + e.getMessage());
            return 1;
        }
        int colon = to.lastIndexOf(':');
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(to.substring(0, colon), Integer.parseInt(to.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return usage("bad address '" + to + "'");
        }
        try (SocketChannel ch = SocketChannel.open(address)) {
            ByteBuffer h = ByteBuffer.wrap(header.getBytes(StandardCharsets.UTF_8));
            while (h.hasRemaining()) {
                ch.write(h);
            }
            long sent = Pipes.transfer(Path.of(file), ch);
            ch.shutdownOutput();
            System.err.println("sent " + (header.getBytes(StandardCharsets.UTF_8).length + sent) + " bytes");
            return 0;
        } catch (ErrnoException e) {
            System.err.println("xmmap send: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("xmmap send: " + to + ": " + e.getMessage());
            return 1;
        } catch (java.nio.channels.UnresolvedAddressException e) {
            System.err.println("xmmap send: " + to + ": unknown host");
            return 1;
        }
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case '\\' -> '\\';
                    default -> {
                        b.append('\\');
                        yield n;
                    }
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int usage(String problem) {
        System.err.println("xmmap send: " + problem);
        System.err.println("usage: xmmap send [--header TEXT] FILE --to HOST:PORT");
        return 2;
    }
}
