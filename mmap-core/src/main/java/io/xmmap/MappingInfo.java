package io.xmmap;

/**
 * What a mapping is, for logs and for tools that print it.
 *
 * @param kind      the kind of fd, from fstat
 * @param memory    the memory mode and its size
 * @param pages     the page size the arena got (huge pages or not, and why)
 * @param feed      how bytes are moved in (thread, system call)
 * @param pipeSize  the pipe's capacity after F_SETPIPE_SZ, 0 when not a pipe
 */
public record MappingInfo(StreamKind kind, String memory, String pages, String feed, int pipeSize) {
    @Override
    public String toString() {
        return kind + ", " + memory + ", " + pages + ", feed " + feed
                + (pipeSize > 0 ? ", pipe " + io.xmmap.internal.mem.Pages.human(pipeSize) : "");
    }
}
