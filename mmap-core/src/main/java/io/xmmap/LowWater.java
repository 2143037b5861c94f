package io.xmmap;

import io.xmmap.internal.sys.LibcSocket;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A socket's receive low-water mark ({@code SO_RCVLOWAT}) as the mapping manages it: how many
 * bytes must be queued before {@code poll} or a blocking read wakes the one who waits.
 *
 * <p>Why: over loopback TCP a blocking reader is woken for nearly every burst the sender pushes,
 * and each wake-up costs the sender's core too (a C reader with the mark at 256 KiB ran 1.18-1.28x as
 * fast as one without: ./xmmap bench socket). A consumer that waits without a deadline for a window
 * must have those bytes anyway, so the socket may sleep until they are queued (a chunk at most).
 *
 * <p>Never above what someone waiting needs: not for a readiness set ({@link #disable}: epoll
 * readiness must mean "a byte is there"), a timed wait or a non-blocking look (the feeder asks for
 * 1 then). The socket is shared with the caller's fd, so the value found at open comes back at
 * {@link #disable} (close). Setting the mark on TCP may also raise the socket's receive buffer
 * (the kernel makes room for the mark); that is not undone.
 *
 * <p>Thread pattern: {@link #set} from the one thread that feeds, {@link #sleepsPast} from
 * waiters, {@link #disable} from any thread; the state is one atomic, and a {@code set} that races
 * with {@code disable} puts the original value back itself.
 */
final class LowWater {
    private static final int OFF = -1;

    private final int fd;
    private final int atOpen;
    /** The mark in force, or OFF (not a socket, or disabled for good). */
    private final AtomicInteger mark;

    LowWater(int fd, boolean socket) {
        this.fd = fd;
        this.atOpen = socket ? Math.max(OFF, LibcSocket.receiveLowWater(fd)) : OFF;
        this.mark = new AtomicInteger(atOpen);
    }

    /**
     * The waiter needs {@code bytes} more; sets the mark to that, capped at {@code cap} (a
     * system call only when the value changes).
     */
    void set(long bytes, int cap) {
        int now = mark.get();
        if (now == OFF) {
            return;
        }
        int want = (int) Math.max(1, Math.min(bytes, cap));
        if (want == now || LibcSocket.setReceiveLowWater(fd, want) != 0) {
            return;
        }
        if (!mark.compareAndSet(now, want)) {
            // disable() came in between and restored the old mark first: restore it again.
            LibcSocket.setReceiveLowWater(fd, atOpen);
        }
    }

    /** True when a sleeper would not wake for {@code bytes} queued bytes. */
    boolean sleepsPast(long bytes) {
        return mark.get() > bytes;
    }

    /** True while the mark may be raised (a socket, not disabled). */
    boolean active() {
        return mark.get() != OFF;
    }

    /** Wake for every byte from now on, for good: the mark found at open comes back. */
    void disable() {
        int was = mark.getAndSet(OFF);
        if (was != OFF && was != atOpen) {
            LibcSocket.setReceiveLowWater(fd, atOpen);
        }
    }
}
