package org.braggflow.cluster.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The test's own yardstick checked on cases worked by hand. */
class AdjustedRandIndexTest {

    @Test
    void handWorkedValues() {
        assertEquals(1.0, AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {5, 5, 2, 2}), 1e-15, "renaming");
        // cells 2, 1, 1: index 1; row pairs 2, column pairs 1, C(4, 2) = 6: E = 1/3, max 3/2, ARI = 4/7
        assertEquals(4.0 / 7, AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2}), 1e-15);
        // every pair split one way and joined the other: index 0 < E
        assertTrue(AdjustedRandIndex.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}) < 0);
    }

    @Test
    void unrelatedLabellingsScoreNearZero() {
        Random r = new Random(1);
        int[] a = new int[5000], b = new int[5000];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(5);
            b[i] = r.nextInt(5);
        }
        assertEquals(0, AdjustedRandIndex.of(a, b), 0.01);
    }
}
