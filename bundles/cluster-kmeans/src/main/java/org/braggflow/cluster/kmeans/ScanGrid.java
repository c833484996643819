package org.braggflow.cluster.kmeans;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.result.FeatureTable;

/** Where each row of a feature table sits on the scan grid, to find a position's neighbours. */
final class ScanGrid {

    private final List<FeatureTable.Row> rows;
    private final Map<Long, Integer> at = new HashMap<>();

    ScanGrid(FeatureTable table) {
        this.rows = table.rows();
        for (int i = 0; i < rows.size(); i++) at.put(key(rows.get(i).row(), rows.get(i).col()), i);
    }

    /** The table row of the position {@code (dr, dc)} away from row i's, or -1 when that position is not in the table. */
    int neighbour(int i, int dr, int dc) {
        Integer j = at.get(key(rows.get(i).row() + dr, rows.get(i).col() + dc));
        return j == null ? -1 : j;
    }

    private static long key(int r, int c) {
        return ((long) r << 32) ^ (c & 0xffffffffL);
    }

    /** Mean feature vector of each cluster, row-major k x d, over the rows {@code rows[i]} labelled {@code labels[i]}. */
    static double[] centres(ScaledFeatures x, int[] rows, int[] labels, int k) {
        double[] centres = new double[k * x.d];
        int[] n = new int[k];
        for (int i = 0; i < rows.length; i++) {
            n[labels[i]]++;
            for (int t = 0; t < x.d; t++) centres[labels[i] * x.d + t] += x.values[rows[i] * x.d + t];
        }
        for (int c = 0; c < k; c++) {
            for (int t = 0; t < x.d; t++) centres[c * x.d + t] /= Math.max(1, n[c]);
        }
        return centres;
    }
}
