package org.braggflow.cluster.kmeans;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.braggflow.api.result.FeatureTable;

/**
 * Renumbers cluster labels by first occurrence in row-major scan order: the cluster of the first
 * position (lowest row, then lowest column) is 0, the next new cluster met is 1, and so on. k-means
 * numbers its clusters by the accident of seeding; this order makes the maps of two runs, two seeds
 * or two stages comparable by eye and drops labels no position carries.
 */
final class CanonicalLabels {

    private CanonicalLabels() {
    }

    /**
     * @param labels one label per table row, any non-negative numbering
     * @param rows the table rows, whose positions give the order
     * @return labels 0 .. m-1 aligned with the rows, m the number of distinct input labels
     */
    static int[] renumber(int[] labels, List<FeatureTable.Row> rows) {
        int n = labels.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // the table index breaks ties between rows at the same position, so the order is total
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> rows.get(i).row())
                .thenComparingInt(i -> rows.get(i).col()).thenComparingInt(i -> i));
        int max = Arrays.stream(labels).max().orElse(-1);
        int[] renamed = new int[max + 1];
        Arrays.fill(renamed, -1);
        int next = 0;
        int[] out = new int[n];
        for (int i : order) {
            int l = labels[i];
            if (renamed[l] < 0) renamed[l] = next++;
            out[i] = renamed[l];
        }
        return out;
    }

    /** The number of clusters in labels numbered from 0 without gaps. */
    static int count(int[] labels) {
        return Arrays.stream(labels).max().orElse(-1) + 1;
    }
}
