package org.braggflow.cluster.kmeans;

/**
 * How the number of clusters is found, as workflows written before the {@code selection}
 * parameter say it. Kept so that they still run; {@link KSelection} replaces it.
 */
public enum KMeansMode {
    /** Not given: {@code selection} decides (the default). */
    UNSET,
    /** By the elbow rule of the authors' kmeans_opt over k = 1 .. maxK (docs/method.md, section 7). */
    ELBOW,
    /** The parameter {@code k}, as given. */
    FIXED
}
