package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The socket ingest benchmark works end to end on 64 MiB: the C sender compiles and serves, every
 * mechanism receives every byte (the harness checks the count), the table has a row each.
 * Nothing about speed is asserted.
 */
@Timeout(300)
class SocketIngestSmokeTest {
    @Test
    void everyMechanismReceivesEveryByte() throws Exception {
        Map<String, double[]> gibs = new SocketIngestThroughput(64L << 20, 1).run();
        assertEquals(SocketIngestThroughput.MECHANISMS.size(), gibs.size());
        gibs.forEach((m, v) -> assertTrue(v[0] > 0, m + " measured nothing"));
        String table = SocketIngestThroughput.table(gibs, 64L << 20, 1, "test");
        for (String m : SocketIngestThroughput.MECHANISMS) {
            assertTrue(table.contains("| " + m + " |"), table);
        }
    }
}
