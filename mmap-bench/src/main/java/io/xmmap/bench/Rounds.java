package io.xmmap.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measurements in rounds: one untimed warm-up pass per mechanism, then every mechanism once per
 * round, the order reversed every other round so that drift of a shared, noisy machine hits all
 * alike. Progress goes to standard error.
 */
final class Rounds {
    private Rounds() {}

    /** One measurement: GiB/s of {@code mechanism} moving {@code bytes}. */
    @FunctionalInterface
    interface Measure {
        double gibPerSecond(String mechanism, long bytes) throws Exception;
    }

    /** GiB/s per mechanism per round. */
    static Map<String, double[]> run(List<String> mechanisms, int rounds, long bytes, Measure measure) throws Exception {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String m : mechanisms) {
            out.put(m, new double[rounds]);
            measure.gibPerSecond(m, Math.min(bytes, 1L << 30)); // warms the JIT and the programs' page cache
        }
        for (int r = 0; r < rounds; r++) {
            List<String> order = new ArrayList<>(mechanisms);
            if (r % 2 == 1) {
                Collections.reverse(order);
            }
            for (String m : order) {
                out.get(m)[r] = measure.gibPerSecond(m, bytes);
                System.err.printf("  round %d/%d  %-26s %6.2f GiB/s%n", r + 1, rounds, m, out.get(m)[r]);
            }
        }
        return out;
    }
}
