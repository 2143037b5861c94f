package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON reader takes JMH's result format; the JMH table is drawn from such a file. */
@Timeout(10)
class JsonTest {
    private static final String JMH = """
            {"command": "./xmmap bench jmh -f 1", "machine": "- machine: test\\n", "results": [
              {"jmhVersion": "1.37", "benchmark": "io.xmmap.bench.jmh.ScanKernels.count", "mode": "avgt",
               "params": {"kernel": "swar", "size": "1GiB"},
               "primaryMetric": {"score": 100000.0, "scoreError": "NaN", "scoreUnit": "us/op",
                                 "scorePercentiles": {"0.0": 1.5e5, "100.0": -2E-3}}, "secondaryMetrics": {}},
              {"benchmark": "io.xmmap.bench.jmh.FeederStep.step", "primaryMetric": {"score": 12.5,
               "scoreError": 0.25, "scoreUnit": "ns/op"}, "flags": [true, false, null], "s": "a\\"b\\u00e9"}
            ]}
            """;

    @Test
    @SuppressWarnings("unchecked")
    void readsObjectsArraysNumbersStringsAndLiterals() {
        Map<String, Object> m = (Map<String, Object>) Json.parse(JMH);
        List<Object> results = (List<Object>) m.get("results");
        assertEquals(2, results.size());
        Map<String, Object> second = (Map<String, Object>) results.get(1);
        assertEquals(java.util.Arrays.asList(true, false, null), second.get("flags"));
        assertEquals("a\"bé", second.get("s"));
        Map<String, Object> pm = (Map<String, Object>) ((Map<String, Object>) results.get(0)).get("primaryMetric");
        assertEquals(-2e-3, ((Map<String, Object>) pm.get("scorePercentiles")).get("100.0"));
    }

    @Test
    void malformedInputNamesTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": [1, 2}"));
        assertTrue(e.getMessage().startsWith("JSON: expected ','"), e.getMessage());
        for (String bad : new String[] {"{", "[", "\"abc", "{\"a\":1", "\"\\u12\"", "1.2.3", "-", "\"\\q\"", "[1] x", ""}) {
            IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(b.getMessage().startsWith("JSON: ") && b.getMessage().contains(" at offset "), bad + ": " + b.getMessage());
        }
    }

    @Test
    void theJmhTableComesFromTheFile() {
        String table = JmhReport.fromJson(JMH);
        assertTrue(table.contains("Command: `./xmmap bench jmh -f 1`"), table);
        assertTrue(table.contains("| ScanKernels.count | {kernel=swar, size=1GiB} | 100000.0 | — | us/op | 10.0 |"), table);
        assertTrue(table.contains("| FeederStep.step | {} | 12.5 | 0.3 | ns/op |  |"), table);
    }
}
