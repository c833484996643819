package org.braggflow.api.result;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Cluster labels aligned with the rows of the {@link FeatureTable} that was clustered (numbered
 * from 0), the number of clusters the labels use, and how that number was chosen.
 *
 * @param labels one label per table row, 0 .. k-1
 * @param k the number of clusters the labels use: the chosen k, fewer only when there were fewer
 *          distinct feature vectors or a run stopped with a cluster emptied
 * @param elbowCurve total within-cluster sum of squares for k = 1 .. elbowCurve.length when the
 *                   elbow rule chose k; empty otherwise (k fixed, or another criterion)
 * @param criterion name of the rule that chose k ("elbow", "silhouette", "gap", "fixed", ...);
 *                  empty when the producer did not say (results built with the three-argument constructor
 *                  and no elbow curve)
 * @param criterionK the k at which the criterion was evaluated, ascending; empty when k was fixed
 * @param criterionCurve the criterion's value at each of {@code criterionK} (same length)
 * @param chosenK the k the criterion chose (or the fixed k), before any merging of duplicate points
 * @since 1.1.0 (the last four components)
 */
public record ClusterResult(int[] labels, int k, double[] elbowCurve,
                            String criterion, int[] criterionK, double[] criterionCurve, int chosenK) {

    public ClusterResult {
        labels = labels.clone();
        elbowCurve = elbowCurve.clone();
        criterion = criterion == null ? "" : criterion;
        criterionK = criterionK.clone();
        criterionCurve = criterionCurve.clone();
        if (criterionK.length != criterionCurve.length) {
            throw new IllegalArgumentException(criterionK.length + " k values for " + criterionCurve.length + " criterion values");
        }
    }

    /**
     * The result as producers wrote it before 1.1.0: a non-empty elbow curve means the elbow rule
     * chose k (it becomes the criterion curve, at k = 1 .. its length); an empty one records no
     * criterion.
     */
    public ClusterResult(int[] labels, int k, double[] elbowCurve) {
        this(labels, k, elbowCurve, elbowCurve.length > 0 ? "elbow" : "",
                IntStream.rangeClosed(1, elbowCurve.length).toArray(), elbowCurve, k);
    }

    /**
     * Labels renumbered by first occurrence in row-major scan order: the cluster of the first position
     * (lowest row, then lowest column, then table order) becomes 0, the next new cluster met 1, and so on.
     * A clusterer numbers its clusters by the accident of seeding, and a refiner may empty one; this order
     * makes the maps of two runs, seeds or stages comparable by eye and leaves no gap.
     *
     * @param labels one non-negative label per table row, any numbering
     * @param rows   the table rows, whose positions give the order
     * @return labels 0 .. m-1 aligned with the rows, m the number of distinct input labels
     * @since 1.3.0
     */
    public static int[] inScanOrder(int[] labels, List<FeatureTable.Row> rows) {
        int n = labels.length;
        if (rows.size() != n) throw new IllegalArgumentException(n + " labels for " + rows.size() + " rows");
        int maxCol = 0, max = -1;
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0) throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " is negative");
            maxCol = Math.max(maxCol, rows.get(i).col());
            max = Math.max(max, labels[i]);
        }
        // one primitive sort of (scan index, table index) pairs: no boxed comparator over thousands of positions
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            FeatureTable.Row r = rows.get(i);
            order[i] = ((long) r.row() * (maxCol + 1) + r.col()) << 32 | i;
        }
        Arrays.sort(order);
        int[] renamed = new int[max + 1];
        Arrays.fill(renamed, -1);
        int next = 0;
        int[] out = new int[n];
        for (long key : order) {
            int i = (int) (key & 0xffffffffL), l = labels[i];
            if (renamed[l] < 0) renamed[l] = next++;
            out[i] = renamed[l];
        }
        return out;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public double[] elbowCurve() {
        return elbowCurve.clone();
    }

    @Override
    public int[] criterionK() {
        return criterionK.clone();
    }

    @Override
    public double[] criterionCurve() {
        return criterionCurve.clone();
    }
}
