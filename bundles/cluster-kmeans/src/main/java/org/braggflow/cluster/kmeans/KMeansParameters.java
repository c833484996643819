package org.braggflow.cluster.kmeans;

import org.braggflow.api.stage.Parameter;

/**
 * Parameters of the k-means clusterer (docs/method.md, section 7). Scaling, repeats and cutoff default to the
 * authors' kmeans_opt; the choice of k defaults to the mean silhouette with a one-cluster test (see the bundle README for why).
 */
@interface KMeansParameters {

    @Parameter(doc = "How k is chosen: silhouette (largest mean silhouette over k = 2 .. maxK, or 1 by the splitValley test), "
            + "gap (gap statistic over k = 1 .. maxK), elbow (the authors' kmeans_opt rule), fixed (the parameter k); "
            + "auto = silhouette, or what an older workflow's mode says. "
            + "When both selection and mode are given, selection wins")
    KSelection selection() default KSelection.AUTO;

    @Parameter(doc = "Deprecated, use selection: elbow or fixed, read only when selection is auto (unset = not given)")
    KMeansMode mode() default KMeansMode.UNSET;

    @Parameter(doc = "How features are scaled before clustering: minmax (each to [0, 1], the authors'), zscore (mean 0, sd 1), "
            + "none (as given, for features an earlier step scaled)")
    Scaling scaling() default Scaling.MINMAX;

    @Parameter(doc = "Number of clusters when selection is fixed; fewer come out when there are fewer distinct feature vectors",
            unit = "clusters", min = 1, max = 100_000)
    int k() default 13;

    @Parameter(doc = "Silhouette and gap are measured on at most this many positions, a seeded sample when there are more; "
            + "the chosen k is then run on all positions", unit = "positions", min = 10, max = 10_000)
    int sample() default 2000;

    @Parameter(doc = "Silhouette and gap: k = 1 unless the best split into two cuts through a density valley, i.e. the density of positions "
            + "at the split (along the line joining the two centres) is below this fraction of the highest density on each side; "
            + "one cloud, however elongated (a smooth gradient), has no valley. 0 = off (the textbook criteria)", min = 0, max = 10)
    double splitValley() default 0.5;

    @Parameter(doc = "Silhouette and gap: share of positions, those whose features are closest to their scan neighbours', on which k "
            + "is chosen and the centres fitted; every position then goes to its nearest centre. Positions on a domain boundary carry "
            + "peaks stitched from two domains and would otherwise form clusters of their own; 1 = all positions",
            unit = "share of positions", min = 0.05, max = 1)
    double coreShare() default 0.5;

    @Parameter(doc = "Passes of the spatial clean-up of the domain map: a position with fewer than cleanupSupport of its 8 scan "
            + "neighbours in its own cluster takes the nearest (in features) of the clusters its neighbours share; 0 = none",
            unit = "passes", min = 0, max = 10)
    int cleanupPasses() default 1;

    @Parameter(doc = "Neighbours (of 8) of a position's own cluster below which the clean-up relabels it",
            unit = "neighbours", min = 1, max = 8)
    int cleanupSupport() default 3;

    @Parameter(doc = "Gap statistic: uniform reference sets, each clustered for every k", unit = "sets", min = 2, max = 200)
    int references() default 10;

    @Parameter(doc = "Largest k the criterion tries (capped at the number of positions); 0 = ceil(sqrt(positions)); the authors used 15",
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
