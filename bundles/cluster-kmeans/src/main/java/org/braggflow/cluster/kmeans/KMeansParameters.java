package org.braggflow.cluster.kmeans;

import org.braggflow.api.stage.Parameter;

/** Parameters of the k-means clusterer (science.md step 6); defaults are the authors' kmeans_opt. */
@interface KMeansParameters {

    @Parameter(doc = "How k is found: elbow (the kmeans_opt rule over k = 1 .. maxK) or fixed (the parameter k)")
    KMeansMode mode() default KMeansMode.ELBOW;

    @Parameter(doc = "Number of clusters when mode is fixed; fewer come out when there are fewer distinct feature vectors",
            unit = "clusters", min = 1, max = 100_000)
    int k() default 13;

    @Parameter(doc = "Largest k the elbow rule tries (capped at the number of positions); 0 = ceil(sqrt(positions)); the authors used 15",
            unit = "clusters", min = 0, max = 100_000)
    int maxK() default 0;

    @Parameter(doc = "Elbow rule: the chosen k is the first whose cumulative drop of the within-cluster sum of squares exceeds this share of the total drop",
            min = 0, max = 1)
    double cutoff() default 0.95;

    @Parameter(doc = "Seeded k-means++ runs per k; the one with the smallest within-cluster sum of squares is kept",
            unit = "runs", min = 1, max = 1000)
    int repeats() default 3;

    @Parameter(doc = "Most Lloyd iterations of one run; a run also stops when no position changes cluster",
            unit = "iterations", min = 1, max = 1_000_000)
    int maxIterations() default 100;

    @Parameter(doc = "Seed of the k-means++ seeding, so runs repeat: same features and seed give the same labels", min = 0)
    long seed() default 1;

    @Parameter(doc = "Worker threads for the runs; 0 = one per processor. The result does not depend on it",
            unit = "threads", min = 0, max = 1024)
    int threads() default 0;
}
