package org.braggflow.cluster.kmeans;

import java.util.HashMap;
import java.util.Map;

/**
 * The adjusted Rand index of two labellings (Hubert and Arabie 1985), from their contingency table:
 * ARI = (sum_ij C(n_ij, 2) - E) / ((sum_i C(a_i, 2) + sum_j C(b_j, 2)) / 2 - E), with
 * E = sum_i C(a_i, 2) * sum_j C(b_j, 2) / C(n, 2). Written for the tests, independently of the code
 * under test; 1 for identical partitions up to renaming, about 0 for unrelated ones.
 */
final class AdjustedRandIndex {

    private AdjustedRandIndex() {
    }

    static double of(int[] a, int[] b) {
        if (a.length != b.length) throw new IllegalArgumentException(a.length + " != " + b.length);
        Map<Long, Long> cells = new HashMap<>();
        Map<Integer, Long> rowSums = new HashMap<>(), colSums = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            cells.merge(((long) a[i] << 32) | (b[i] & 0xffffffffL), 1L, Long::sum);
            rowSums.merge(a[i], 1L, Long::sum);
            colSums.merge(b[i], 1L, Long::sum);
        }
        double index = cells.values().stream().mapToDouble(AdjustedRandIndex::pairs).sum();
        double sumA = rowSums.values().stream().mapToDouble(AdjustedRandIndex::pairs).sum();
        double sumB = colSums.values().stream().mapToDouble(AdjustedRandIndex::pairs).sum();
        double expected = sumA * sumB / pairs(a.length);
        double max = (sumA + sumB) / 2;
        if (max == expected) return 1;
        return (index - expected) / (max - expected);
    }

    private static double pairs(long m) {
        return m * (m - 1) / 2.0;
    }
}
