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
 * {@code xmmap pipemap [--sha256] [PATH]}: maps PATH or standard input in streaming mode, walks it
 * window by window and prints the byte count and, with {@code --sha256}, the SHA-256 in hex
 * ({@code sha256sum}'s digest). The first user of the API, and a checking tool.
 */
final class PipeMap {
    private static final long WINDOW = 1 << 20;

    private PipeMap() {}

    static int run(String[] args) throws IOException {
        boolean sha = false;
        String path = null;
        for (String a : args) {
            if (a.equals("--sha256")) {
                sha = true;
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
        MessageDigest digest = sha ? sha256() : null;
        try (StreamMapping in = path == null || path.equals("-")
                ? Xmmap.stdin(Memory.STREAMING) : Xmmap.open(Path.of(path), Memory.STREAMING)) {
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
