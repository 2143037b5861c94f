package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void onlyBenchmarksThatReadTheirSizeGetGiBPerSecond() {
        String json = """
                {"command": "./xmmap bench jmh", "machine": "- machine: m", "results": [
                  {"benchmark": "io.xmmap.bench.jmh.ScanKernels.countNewlines", "params": {"kernel": "scan", "size": "1GiB"},
                   "primaryMetric": {"score": 1000000.0, "scoreError": 10.0, "scoreUnit": "us/op"}},
                  {"benchmark": "io.xmmap.bench.jmh.WindowAcquire.windowAndRelease", "params": {"memory": "streaming", "size": "1MiB"},
                   "primaryMetric": {"score": 1000.0, "scoreError": 5.0, "scoreUnit": "ns/op"}}]}
                """;
        String table = JmhReport.fromJson(json);
        assertTrue(table.contains("| ScanKernels.countNewlines | {kernel=scan, size=1GiB} | 1000000.0 | 10.0 | us/op | 1.0 |"), table);
        assertTrue(table.contains("| WindowAcquire.windowAndRelease | {memory=streaming, size=1MiB} | 1000.0 | 5.0 | ns/op |  |"), table);
    }
}
