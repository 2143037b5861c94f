package io.xmmap;

import io.xmmap.internal.sys.Errors;
import io.xmmap.internal.sys.Libc;
import io.xmmap.internal.sys.LibcEpoll;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Many stream mappings served by one thread: {@link #await} sleeps in one {@code epoll_wait} over
 * all their fds and returns the mappings that have something to take (bytes, EOF or an error);
 * the thread then takes it with {@link StreamMapping#windowNow}, which reads what the fd holds
 * into the mapping without blocking. No thread per mapping: with {@link Feed#SYNC} feeds, the
 * mappings' reads happen on this one thread, only when their fds are ready.
 * <pre>
 *   fd 7 ─┐                      ┌─► m7.windowNow(pos7, n) ... release
 *   fd 9 ─┼─ epoll_wait ─ ready ─┤
 *   fd 12 ┘   (one sleep)        └─► m12.windowNow(pos12, n) ... release
 * </pre>
 * Readiness is level-triggered: a mapping whose fd still holds data comes back from every
 * {@code await}, so a consumer that cannot take more now (its ring is full) must release, or
 * {@link #remove} it for a while, not spin.
 *
 * <p>Thread pattern: one thread adds, removes, waits and closes (the mappings' own confinement
 * rules apply as usual: streaming mappings are used from the thread that opened them). Remove a
 * mapping before closing it: epoll keeps watching an open file description, not an fd number.
 */
public final class StreamSet implements AutoCloseable {
    private static final int BATCH = 256;

    private final int epfd;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment events = arena.allocate(BATCH * LibcEpoll.EVENT_SIZE, 8);
    private final Map<Long, StreamMapping> members = new HashMap<>();
    private final Map<StreamMapping, Long> ids = new HashMap<>();
    private long nextId = 1;
    private boolean closed;

    private StreamSet(int epfd) {
        this.epfd = epfd;
    }

    /** An empty set. */
    public static StreamSet open() throws IOException {
        return new StreamSet((int) Errors.check("epoll_create1", "stream set", LibcEpoll.create()));
    }

    /**
     * Watches {@code m}, a sync-fed stream. A regular file is always ready and refused; so is a
     * background-fed mapping: its own thread drains the fd, so the fd's readiness says nothing
     * about what the mapping holds (wait on it with {@code window} instead).
     */
    public void add(StreamMapping m) throws IOException {
        ensureOpen();
        if (!m.source().kind.isStream()) {
            throw new IllegalArgumentException("a " + m.source().kind + " is always ready: read it directly");
        }
        if (m.feed().background()) {
            throw new IllegalArgumentException("a background-fed mapping has its own thread; a readiness set "
                    + "watches sync-fed ones (its fd's readiness says nothing about what the mapping holds)");
        }
        if (ids.containsKey(m)) {
            return;
        }
        // Readiness must mean "a byte is there": a socket's low-water mark would hide fewer bytes.
        m.source().lowWater.disable();
        long id = nextId++;
        Errors.check("epoll_ctl", m.source().fd, LibcEpoll.control(epfd, LibcEpoll.EPOLL_CTL_ADD, m.source().fd,
                LibcEpoll.EPOLLIN | LibcEpoll.EPOLLRDHUP, id));
        members.put(id, m);
        ids.put(m, id);
    }

    /** Stops watching {@code m} (call before closing it); nothing if it is not in the set. */
    public void remove(StreamMapping m) throws IOException {
        ensureOpen();
        Long id = ids.remove(m);
        if (id != null) {
            members.remove(id);
            Errors.check("epoll_ctl", m.source().fd, LibcEpoll.control(epfd, LibcEpoll.EPOLL_CTL_DEL, m.source().fd, 0, 0));
        }
    }

    /** How many mappings are watched. */
    public int size() {
        return members.size();
    }

    /**
     * Waits until at least one watched mapping has something to take, or {@code timeout} passes;
     * returns those (at most 256 per call; the rest come back next time), or an empty list.
     */
    public List<StreamMapping> await(Duration timeout) throws IOException {
        ensureOpen();
        int ms = timeoutMillis(timeout);
        int n = (int) Errors.check("epoll_wait", epfd, LibcEpoll.await(epfd, events, ms));
        List<StreamMapping> ready = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            StreamMapping m = members.get(LibcEpoll.data(events, i));
            if (m != null) {
                ready.add(m);
            }
        }
        return ready;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("stream set is closed");
        }
    }

    /** Closes the epoll fd; the mappings stay open (they are the caller's). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(epfd);
            arena.close();
        }
    }

    /** epoll_wait's time-out: rounded up to whole milliseconds, negative is 0, beyond int range (~24 days) is capped. */
    static int timeoutMillis(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            return 0;
        }
        if (timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) >= 0) {
            return Integer.MAX_VALUE;
        }
        long ms = timeout.toMillis();
        return (int) (timeout.equals(Duration.ofMillis(ms)) ? ms : ms + 1);
    }
}
