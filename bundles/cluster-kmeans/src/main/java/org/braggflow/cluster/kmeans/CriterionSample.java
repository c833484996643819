package org.braggflow.cluster.kmeans;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The positions a criterion (silhouette, gap) is measured on: all of them up to {@code size}, else a
 * seeded uniform sample of {@code size} without replacement. Silhouette needs every pairwise
 * distance (n^2) and gap clusters ten reference sets as large as the data, so both would cost far
 * more than the clustering itself on 28,000 positions; 2000 positions still hold about 100 of a
 * domain covering 5 % of the scan.
 */
final class CriterionSample {

    private CriterionSample() {
    }

    /** Indices into 0 .. n-1, ascending (scan order is kept, so runs repeat), all of them when n <= size. */
    static int[] indices(int n, int size, long seed) {
        if (n <= size) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) pool[i] = i;
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        // partial Fisher-Yates: the first size entries become a uniform sample
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(n - i);
            int t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
        }
        int[] picked = Arrays.copyOf(pool, size);
        Arrays.sort(picked);
        return picked;
    }
}
