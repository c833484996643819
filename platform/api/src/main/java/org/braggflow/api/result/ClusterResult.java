package org.braggflow.api.result;

/**
 * Cluster labels aligned with the rows of the {@link FeatureTable} that was clustered (numbered
 * from 0), the chosen number of clusters and the elbow curve: total within-cluster sum of squares
 * for k = 1 .. elbowCurve.length (empty when k was fixed).
 */
public record ClusterResult(int[] labels, int k, double[] elbowCurve) {

    public ClusterResult {
        labels = labels.clone();
        elbowCurve = elbowCurve.clone();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public double[] elbowCurve() {
        return elbowCurve.clone();
    }
}
