package org.braggflow.cluster.kmeans;

/** How each feature is scaled before clustering (written in workflows in lower case). */
public enum Scaling {
    /** Each feature to [0, 1] over the table, as the authors scale codewords before kmeans_opt. */
    MINMAX,
    /** As given: for features an earlier step already scaled (or weighted on purpose). */
    NONE,
    /** Each feature to mean 0 and standard deviation 1 over the table: one far outlier does not squeeze the rest. */
    ZSCORE
}
