package io.xmmap.bench;

import io.xmmap.Feed;
import io.xmmap.Memory;
import io.xmmap.Pipes;
import io.xmmap.StreamMapping;
import io.xmmap.Xmmap;

import java.lang.foreign.MemorySegment;

/**
 * The Java reader of {@link PipeLadder}, doing with the library what {@code ladder-read.c} does:
 * rungs 1-2 map standard input (streaming, 256 KiB windows released after use); rungs 3-4
 * {@code Pipes.splice} it into /dev/null; rung 5 the same, spinning. Prints "BYTES COUNTED
 * SECONDS" for the bytes after the first SKIP, as the C reader does. Usage:
 * {@code LadderReader RUNG [SKIP]}.
 */
public final class LadderReader {
    private LadderReader() {}

    public static void main(String[] args) throws Exception {
        int rung = Integer.parseInt(args[0]);
        long skip = args.length > 1 ? Long.parseLong(args[1]) : 0;
        long total;
        long start;
        if (rung <= 2) {
            try (StreamMapping in = Xmmap.stdin(Memory.STREAMING, Feed.SYNC)) {
                long pos = 0;
                start = 0;
                for (MemorySegment w; (w = in.window(pos, LadderWriter.WINDOW)).byteSize() > 0; ) {
                    if (pos <= skip && pos + w.byteSize() > skip) {
                        start = System.nanoTime();
                    }
                    pos += w.byteSize();
                    in.release(pos);
                }
                total = pos;
            }
        } else {
            int devNull = io.xmmap.internal.sys.Libc.open("/dev/null", io.xmmap.internal.sys.Libc.O_WRONLY, 0);
            // The first byte after the skip starts the clock, as in the C reader.
            long first = Pipes.splice(0, devNull, skip + 1, rung >= 5);
            start = System.nanoTime();
            total = first + Pipes.splice(0, devNull, Long.MAX_VALUE, rung >= 5);
        }
        long counted = Math.max(0, total - skip);
        System.out.println(total + " " + counted + " " + (System.nanoTime() - start) / 1e9);
    }
}
