package io.xmmap.examples;

import io.xmmap.Memory;
import io.xmmap.StreamMapping;
import io.xmmap.Xmmap;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code xmmap pipemap [--sha256] [PATH | --listen PORT | --connect HOST:PORT]}: maps PATH (file,
 * FIFO, tty), standard input, one accepted loopback TCP connection or a connected socket in
 * streaming mode, walks it
 * window by window and prints the byte count and, with {@code --sha256}, the SHA-256 in hex
 * ({@code sha256sum}'s digest). The first user of the API, and a checking tool.
 */
final class PipeMap {
    private static final long WINDOW = 1 << 20;

    private PipeMap() {}

    static int run(String[] args) throws IOException {
        boolean sha = false;
        String path = null;
        String listen = null;
        String connect = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--sha256")) {
                sha = true;
            } else if ((a.equals("--listen") || a.equals("--connect")) && i + 1 < args.length) {
                if (a.equals("--listen")) {
                    listen = args[++i];
                } else {
                    connect = args[++i];
                }
            } else if (a.startsWith("-") && !a.equals("-")) {
                System.err.println("xmmap pipemap: unknown option " + a);
                return 2;
            } else if (path == null) {
                path = a;
            } else {
                System.err.println("xmmap pipemap: one PATH at most");
                return 2;
            }
        }
        if ((listen != null ? 1 : 0) + (connect != null ? 1 : 0) + (path != null ? 1 : 0) > 1) {
            System.err.println("xmmap pipemap: one of PATH, --listen PORT, --connect HOST:PORT");
            return 2;
        }
        MessageDigest digest = sha ? sha256() : null;
        try (StreamMapping in = open(path, listen, connect)) {
            long pos = 0;
            for (MemorySegment w; (w = in.window(pos, WINDOW)).byteSize() > 0; ) {
                if (digest != null) {
                    digest.update(w.asByteBuffer());
                }
                pos += w.byteSize();
                in.release(pos);
            }
            System.out.println(digest == null ? String.valueOf(pos)
                    : pos + " " + HexFormat.of().formatHex(digest.digest()));
            return 0;
        } catch (IOException e) {
            System.err.println("xmmap pipemap: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The input: PATH or standard input; {@code --listen PORT} accepts one TCP connection on
     * loopback (port 0: any free one, announced on standard error as "listening on ADDRESS");
     * {@code --connect HOST:PORT} connects.
     */
    private static StreamMapping open(String path, String listen, String connect) throws IOException {
        if (listen != null) {
            try (var server = java.nio.channels.ServerSocketChannel.open()) {
                server.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port(listen)));
                System.err.println("listening on " + server.getLocalAddress());
                return Xmmap.accept(server, Memory.STREAMING);
            }
        }
        if (connect != null) {
            int colon = connect.lastIndexOf(':');
            if (colon < 0) {
                throw new IOException("--connect wants HOST:PORT, got " + connect);
            }
            String host = connect.substring(0, colon).replaceAll("^\\[|\\]$", "");
            return Xmmap.connect(new java.net.InetSocketAddress(host, port(connect.substring(colon + 1))),
                    Memory.STREAMING);
        }
        return path == null || path.equals("-") ? Xmmap.stdin(Memory.STREAMING)
                : Xmmap.open(Path.of(path), Memory.STREAMING);
    }

    private static int port(String s) throws IOException {
        try {
            int p = Integer.parseInt(s);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IOException("not a port: " + s);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
