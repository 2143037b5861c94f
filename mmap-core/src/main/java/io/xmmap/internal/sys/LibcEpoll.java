package io.xmmap.internal.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The epoll calls of the native layer, under {@link Libc}'s contract: one handle per call, linked
 * on first use, {@code -errno} returned, never thrown, EINTR retried.
 *
 * <pre>
 *   struct epoll_event { uint32_t events; uint64_t data; }   x86-64: packed, 12 bytes
 *   |events(4)|data(8)|                                       elsewhere: 16 bytes, data at 8
 * </pre>
 */
public final class LibcEpoll {
    private LibcEpoll() {}

    // <sys/epoll.h>
    public static final int EPOLL_CLOEXEC = 0x80000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLRDHUP = 0x2000;

    private static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));
    /** {@code sizeof(struct epoll_event)} and the offset of its data field. */
    public static final long EVENT_SIZE = PACKED ? 12 : 16;
    private static final long DATA = PACKED ? 4 : 8;

    /** {@code int epoll_create1(int flags);} */
    private static final class EpollCreate1 {
        static final MethodHandle H = Libc.errnoHandle("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }
    /** {@code int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event);} */
    private static final class EpollCtl {
        static final MethodHandle H = Libc.errnoHandle("epoll_ctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    }
    /** {@code int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout);} */
    private static final class EpollWait {
        static final MethodHandle H = Libc.errnoHandle("epoll_wait",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }

    /** {@code epoll_create1(EPOLL_CLOEXEC)}: a new epoll fd, or -errno. */
    public static int create() {
        Libc.Scratch s = Libc.scratch();
        try {
            int r = (int) EpollCreate1.H.invokeExact(s.state, EPOLL_CLOEXEC);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    /** {@code epoll_ctl(epfd, op, fd, {events, data})}; 0 or -errno. */
    public static int control(int epfd, int op, int fd, int events, long data) {
        Libc.Scratch s = Libc.scratch();
        MemorySegment ev = s.epollEvent;
        ev.set(JAVA_INT_UNALIGNED, 0, events);
        ev.set(JAVA_LONG_UNALIGNED, DATA, data);
        try {
            int r = (int) EpollCtl.H.invokeExact(s.state, epfd, op, fd, ev);
            return r < 0 ? -s.errno() : 0;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    /**
     * {@code epoll_wait} into {@code events} (room for {@code events.byteSize() / EVENT_SIZE});
     * returns how many are ready, 0 on time-out, or -errno. EINTR restarts the wait.
     */
    public static int await(int epfd, MemorySegment events, int timeoutMillis) {
        Libc.Scratch s = Libc.scratch();
        int max = (int) (events.byteSize() / EVENT_SIZE);
        try {
            int r;
            do {
                r = (int) EpollWait.H.invokeExact(s.state, epfd, events, max, timeoutMillis);
            } while (r < 0 && s.errno() == Libc.EINTR);
            return r < 0 ? -s.errno() : r;
        } catch (Throwable t) {
            throw Libc.linkageFailure(t);
        }
    }

    /** The data of ready event {@code i}. */
    public static long data(MemorySegment events, int i) {
        return events.get(JAVA_LONG_UNALIGNED, i * EVENT_SIZE + DATA);
    }
}
