package io.xmmap;

import io.xmmap.internal.mem.FileImage;
import io.xmmap.internal.mem.Region;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A stream mapped into memory: byte {@code o} of the stream is at offset {@code o} of a virtual
 * region that grows, byte by byte, as data arrives. The size is unknown until EOF and exact after.
 *
 * <pre>
 *   0              released()            mapped()                      size() (after EOF)
 *   | recycled (streaming) | readable windows |  not arrived yet ...   |
 * </pre>
 *
 * <h2>Windows</h2>
 * {@link #window(long, long)} returns a read-only {@link MemorySegment} over stream bytes
 * {@code [offset, offset+length)}, blocking until they have arrived; at EOF it returns the shorter
 * tail, and an empty segment at {@code offset == size()}. A window never shows memory outside valid
 * data (spatial safety) and, once its bytes may be recycled (after {@link #release} in streaming
 * mode, after {@link #close} in any mode), every access throws {@link IllegalStateException}
 * (temporal safety, by FFM scopes): it never reads recycled bytes and never crashes the JVM.
 *
 * <h2>Threads</h2>
 * Streaming mappings are confined to the thread that opened them: {@code window}, {@code release}
 * and {@code close} from another thread throw {@link WrongThreadException}, and so does access to
 * a window. Retain-all mappings may be used from any thread, windows too.
 *
 * <h2>Errors</h2>
 * A failing stream (reset, EIO) or a retain-all limit surfaces as an {@link IOException} from the
 * first window that needs a byte past the failure point; every byte before it stays readable.
 */
public final class StreamMapping implements AutoCloseable {
    private final Source source;
    private final Region region;
    private final Memory memory;
    private final Feed feed;
    private final Feeder feeder;
    private final Scopes scopes;
    private final Thread owner;
    private final Object closeLock = new Object();
    private volatile boolean closed;
    /** True once every resource is given back (or handed to a stuck feeder). Under closeLock. */
    private boolean freed;
    private volatile long released;
    private static final VarHandle RELEASED;

    static {
        try {
            RELEASED = MethodHandles.lookup().findVarHandle(StreamMapping.class, "released", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How this mapping is fed, for {@link StreamSet}. */
    Feed feed() {
        return feed;
    }

    /** The fd this mapping reads, for {@link StreamSet}. */
    Source source() {
        return source;
    }

    StreamMapping(Source source, Region region, Memory memory, Feed feed) {
        this.source = source;
        this.region = region;
        this.memory = memory;
        this.feed = feed;
        this.feeder = new Feeder(source, region, feed, source.kind.isStream() ? 0 : source.fileSize,
                memory.isStreaming());
        boolean streaming = memory.isStreaming();
        long slot = region.slotSize();
        int live = slot == Long.MAX_VALUE ? 1
                : (int) Math.min(Integer.MAX_VALUE - 8, Math.max(region.maxWindow(), region.committedBytes()) / slot + 2);
        this.scopes = new Scopes(slot, live, !streaming);
        this.owner = streaming ? Thread.currentThread() : null;
        feeder.start();
    }

    /**
     * Returns stream bytes {@code [offset, offset+length)}, waiting until they have arrived. At EOF
     * the window is the shorter tail (empty at {@code offset == size()}).
     *
     * @throws EOFException             when the stream ended before {@code offset}
     * @throws IllegalArgumentException for a negative or overflowing range, or a window longer than
     *                                  a streaming ring can hold
     * @throws IllegalStateException    when {@code offset} was released, or the mapping is closed; in
     *                                  streaming mode also when the window ends past what the ring
     *                                  can hold before more is released: the call waits until the
     *                                  ring is full, then returns the short tail if the stream ends
     *                                  exactly there and throws if it goes on (a peer that pauses
     *                                  keeps it waiting, as any window waits for its bytes)
     * @throws IOException              when the stream failed before the bytes arrived
     */
    public MemorySegment window(long offset, long length) throws IOException {
        return window(offset, length, Long.MAX_VALUE);
    }

    /**
     * Like {@link #window(long, long)}, but waits at most {@code timeout}: the window holds what
     * has arrived by then, possibly fewer than {@code length} bytes (possibly none).
     */
    public MemorySegment window(long offset, long length, Duration timeout) throws IOException {
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        return window(offset, length, nanos >= Long.MAX_VALUE - Math.max(0, now) ? Long.MAX_VALUE : now + Math.max(0, nanos));
    }

    /** Like {@link #window(long, long)}, but never waits: the window holds what is mapped now. */
    public MemorySegment windowNow(long offset, long length) throws IOException {
        return window(offset, length, System.nanoTime());
    }

    private MemorySegment window(long offset, long length, long deadline) throws IOException {
        long end = checkRange(offset, length);
        long reach = memory.isStreaming() && source.kind.isStream() ? ringReach() : Long.MAX_VALUE;
        feeder.await(Math.min(end, reach), deadline);
        if (closed) {
            throw new IllegalStateException("mapping of " + source.name + " is closed");
        }
        if (end > reach && feeder.filled() >= reach && !feeder.eof()) {
            // The ring is full of unreleased bytes: fine if the stream ends exactly here.
            feeder.checkEofAtFullRing();
            if (!feeder.eof() && feeder.failure() == null) {
                throw new IllegalStateException("window [" + offset + ", " + end + ") needs ring memory still held by "
                        + "unreleased bytes from offset " + released + "; release(...) up to at least "
                        + (end - memory.bytes() + region.slotSize() - (end - memory.bytes()) % region.slotSize())
                        + " first");
            }
        }
        long have = feeder.filled();
        if (have < end) {
            IOException failure = feeder.failure();
            if (failure != null) {
                throw failure;
            }
            if (feeder.eof() && offset > have) {
                throw new EOFException("window at offset " + offset + " starts past the end of " + source.name
                        + " (size " + have + ")");
            }
        }
        long len = Math.max(0, Math.min(end, have) - offset);
        if (region instanceof FileImage file) {
            file.populate(offset, offset + len);
        }
        return MemorySegment.ofAddress(region.address(offset)).reinterpret(len, scopes.scopeFor(offset), null).asReadOnly();
    }

    private long checkRange(long offset, long length) throws EOFException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative window: offset " + offset + ", length " + length);
        }
        long end = offset + length;
        if (end < 0) {
            throw new IllegalArgumentException("window end overflows: offset " + offset + " + length " + length);
        }
        checkOwner();
        if (closed) {
            throw new IllegalStateException("mapping of " + source.name + " is closed");
        }
        if (offset < released && memory.isStreaming()) {
            throw new IllegalStateException("offset " + offset + " was released (everything below " + released
                    + " may be recycled)");
        }
        if (feeder.eof()) {
            long size = feeder.filled();
            if (offset > size) {
                throw new EOFException("window at offset " + offset + " starts past the end of " + source.name
                        + " (size " + size + ")");
            }
            end = Math.min(end, size);
        }
        if (end - offset > region.maxWindow()) {
            throw new IllegalArgumentException("window of " + (end - offset) + " bytes is longer than the "
                    + region.maxWindow() + " a " + memory + " mapping can hold at once");
        }
        return end;
    }

    /**
     * Streaming mode: everything below {@code offset} may be recycled; windows that start in a
     * slot wholly below it throw {@link IllegalStateException} from now on. Release points only
     * move forward (a lower one is ignored). Retain-all mode: checks the argument, keeps everything.
     *
     * @throws IllegalArgumentException when {@code offset} is negative or past {@link #mapped()}
     */
    public void release(long offset) {
        checkOwner();
        if (closed) {
            throw new IllegalStateException("mapping of " + source.name + " is closed");
        }
        if (offset < 0 || offset > feeder.filled()) {
            throw new IllegalArgumentException("cannot release up to " + offset + ": only " + feeder.filled()
                    + " bytes are mapped");
        }
        if (offset <= released) {
            return;
        }
        if (!memory.isStreaming()) {
            // Shared between threads: a max, not a store, so a late smaller release never moves it back.
            long r = released;
            while (r < offset && !RELEASED.compareAndSet(this, r, offset)) {
                r = released; // another thread moved it: retry only while it is still lower
            }
            return;
        }
        long before = released - released % region.slotSize();
        long recyclable = scopes.releaseBelow(offset);
        if (region instanceof FileImage file) {
            file.forget(before, recyclable);
        }
        released = offset;
        feeder.released(offset);
    }

    /**
     * How far a streaming ring can be filled while nothing more is released (as Ring.fillLimit
     * once its first lap is done; during the first lap the feeder's limit moves up to it).
     */
    private long ringReach() {
        long r = released;
        return r - r % region.slotSize() + memory.bytes();
    }

    /** Bytes mapped now: every offset below it can be windowed without waiting. */
    public long mapped() {
        return feeder.filled();
    }

    /** The highest offset passed to {@link #release}: below it bytes are gone (streaming) or kept (retain-all). */
    public long released() {
        return released;
    }

    /** True once the stream has ended and {@link #size()} is exact. */
    public boolean isEof() {
        return feeder.eof();
    }

    /**
     * The stream's exact size.
     *
     * @throws IllegalStateException before EOF: the size of a stream is not known until it ends
     */
    public long size() {
        if (!feeder.eof()) {
            throw new IllegalStateException("size of " + source.name + " is unknown until EOF; " + mapped()
                    + " bytes mapped so far");
        }
        return feeder.filled();
    }

    /**
     * Waits for EOF and returns the size. In streaming mode it fails when the ring fills before EOF
     * (nobody would release it).
     */
    public long awaitEof() throws IOException {
        checkOwner();
        long reach = memory.isStreaming() && source.kind.isStream() ? ringReach() : Long.MAX_VALUE;
        feeder.await(reach, Long.MAX_VALUE);
        if (!feeder.eof() && feeder.filled() >= reach) {
            feeder.checkEofAtFullRing();
        }
        if (feeder.eof()) {
            return feeder.filled();
        }
        IOException failure = feeder.failure();
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IllegalStateException("mapping of " + source.name + " is closed");
        }
        throw new IllegalStateException("the streaming ring is full before EOF: release() bytes to go on");
    }

    /** Memory this mapping holds now, from its own accounting, in bytes. */
    public long residentBytes() {
        return region.residentBytes();
    }

    /** What this mapping is: kind, memory mode, page size, feeder. */
    public MappingInfo info() {
        boolean file = source.kind == StreamKind.FILE;
        String how = file ? "none (mmap of the file)" : feed + ", " + source.method(memory.isStreaming() && !feed.background() && !feed.spinning());
        String mem = !file ? memory.toString()
                : memory.isStreaming() ? "streaming (page cache; released slots dropped)" : "retain-all (page cache)";
        return new MappingInfo(source.kind, mem, region.pages(), how, source.pipeSize());
    }

    /**
     * Stops the feed, invalidates every window and gives the memory back. Idempotent; concurrent
     * calls wait for the first. Streaming mappings must be closed by their owner thread.
     *
     * @throws IllegalStateException when a window of a retain-all mapping is in use by a native call
     *                               in another thread: nothing is freed yet; call close() again
     */
    @Override
    public void close() {
        checkOwner();
        synchronized (closeLock) {
            if (freed) {
                return;
            }
            closed = true;
            feeder.stop();
            if (!scopes.closeAll()) {
                throw new IllegalStateException("a window of " + source.name
                        + " is in use by a native call in another thread; close() again once it returns");
            }
            // Only now that no window can reach the memory may it be unmapped.
            if (feeder.handOff()) {
                region.close();
                source.close();
            }
            freed = true;
        }
    }

    private void checkOwner() {
        if (owner != null && Thread.currentThread() != owner) {
            throw new WrongThreadException("streaming mapping of " + source.name + " is confined to " + owner.getName());
        }
    }

    @Override
    public String toString() {
        return "StreamMapping[" + source.name + ", " + info() + ", mapped " + mapped() + (isEof() ? ", EOF" : "") + "]";
    }
}
