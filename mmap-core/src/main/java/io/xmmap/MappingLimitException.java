package io.xmmap;

import java.io.IOException;

/**
 * A retain-all mapping reached its limit while the stream still had data. Every byte below the
 * limit stays readable; nothing was dropped silently. Raise the limit
 * ({@link Memory#retainAll(long)}) or read the stream in {@link Memory#STREAMING} mode.
 */
public final class MappingLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    MappingLimitException(long limit) {
        super("retain-all limit of " + limit + " bytes reached and the stream has more data; bytes [0, "
                + limit + ") stay readable. Raise Memory.retainAll(limit) or map in streaming mode.");
        this.limit = limit;
    }

    /** The limit that was reached, in bytes. */
    public long limit() {
        return limit;
    }
}
