package org.braggflow.cluster.kmeans;

/** How the number of clusters k is chosen (written in workflows in lower case). */
public enum KSelection {
    /**
     * The shipped default, {@link #SILHOUETTE}; when an older workflow gives the deprecated {@code mode}
     * parameter instead, what mode says (elbow or fixed).
     */
    AUTO,
    /** The elbow rule of the authors' kmeans_opt over k = 1 .. maxK: the authors' choice, which over-splits elongated clouds. */
    ELBOW,
    /** The k in 2 .. maxK with the largest mean silhouette, or 1 when the best two-way split has no density valley. */
    SILHOUETTE,
    /** The gap statistic (Tibshirani, Walther and Hastie 2001) against uniform reference sets in the principal-axis box; may be 1. */
    GAP,
    /** The parameter {@code k}, as given. */
    FIXED;

    /** The shipped default criterion, chosen on planted domains and gradients (see the bundle README). */
    static final KSelection DEFAULT = SILHOUETTE;

    /**
     * The rule a stage call uses: selection when given; for {@code auto}, the older mode parameter
     * when an older workflow gives it, else the default.
     */
    static KSelection resolve(KSelection selection, KMeansMode mode) {
        if (selection != AUTO) return selection;
        return switch (mode) {
            case ELBOW -> ELBOW;
            case FIXED -> FIXED;
            case UNSET -> DEFAULT;
        };
    }

    /** The name written in results and reports: the lower-case constant. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
