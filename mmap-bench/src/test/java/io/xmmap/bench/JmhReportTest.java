package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The GiB/s column is size over time per operation, and empty where it means nothing. */
@Timeout(10)
class JmhReportTest {
    @Test
    void gibPerSecondFromSizeAndTime() {
        assertEquals("1.0", JmhReport.gibPerSecond("1GiB", 1_000_000, "us/op"));
        assertEquals("0.5", JmhReport.gibPerSecond("512MiB", 1000, "ms/op"));
        assertEquals("2.0", JmhReport.gibPerSecond("256KiB", 122_070.3125, "ns/op"));
        assertEquals("", JmhReport.gibPerSecond(null, 5, "us/op"));
        assertEquals("", JmhReport.gibPerSecond("1GiB", 5, "ops/s"));
    }
}
