package org.braggflow.cluster.kmeans;

/** How the number of clusters is found. */
public enum KMeansMode {
    /** By the elbow rule of the authors' kmeans_opt over k = 1 .. maxK (science.md step 6). */
    ELBOW,
    /** The parameter {@code k}, as given. */
    FIXED
}
