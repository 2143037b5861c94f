package io.xmmap.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The many-sockets benchmark works end to end at a small size: the C fan-out sender compiles and
 * serves 50 connections, each mechanism's child JVM checks every stream (its id and a CRC32C of
 * the rest) and exits non-zero otherwise, the table has a row each. Nothing about speed is asserted.
 */
@Timeout(300)
class ManySocketsSmokeTest {
    @Test
    void everyMechanismReceivesEveryStreamWhole() throws Exception {
        int connections = 50;
        long each = 100_003;
        Map<String, List<ManySocketsIngest.Run>> runs = new ManySocketsIngest(connections, each, 1).run();
        assertEquals(ManySocketsIngest.MECHANISMS, List.copyOf(runs.keySet()));
        runs.forEach((m, list) -> {
            assertEquals(1, list.size(), m);
            assertEquals(connections * each, list.get(0).bytes(), m + ": every byte of every stream");
            // The JVM's own threads (GC, compilers, ...) and no thread per connection.
            assertTrue(list.get(0).threads() < connections, m + ": " + list.get(0).threads() + " threads");
        });
        String table = ManySocketsIngest.table(runs, connections, each, 1, "test");
        for (String m : ManySocketsIngest.MECHANISMS) {
            assertTrue(table.contains("| " + m + " |"), table);
        }
    }
}
