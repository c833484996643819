package org.braggflow.encode.pca;

import org.braggflow.api.stage.Parameter;

/**
 * Parameters of the PCA encoder stage. The defaults suit raw clouds of a few hundred to a few
 * thousand points: an 8x8x8 grid spanning +-3 pooled standard deviations about each centroid.
 */
@interface PcaParameters {

    @Parameter(doc = "Length of the feature vector (principal components kept); 0 = automatic: the components before the largest drop "
            + "between consecutive variances (eigenvalue ratio) among the first 16, the elbow of the scree plot, so components that carry "
            + "only noise do not weigh as much as the signal in the clustering; capped at the components the training clouds support: "
            + "their number minus one, the descriptor length, and no component of (numerically) zero variance",
            unit = "values", min = 0, max = 4096)
    int featureSize() default 0;

    @Parameter(doc = "Cells per axis of the occupancy grid around each cloud's centroid; the descriptor has bins^3 histogram values",
            unit = "cells", min = 2, max = 16)
    int bins() default 8;

    @Parameter(doc = "Edge of a grid cell per axis, as a multiple of that axis' pooled within-cloud standard deviation of the training clouds; bins x cellSigmas / 2 is the half-width of the grid in standard deviations (8 x 0.75 / 2 = 3)",
            unit = "standard deviations", min = 0.01, max = 100)
    double cellSigmas() default 0.75;

    @Parameter(doc = "Weight of the 6 second moments of the centred cloud against the histogram: 1 gives both blocks the same total variance over the training clouds, 0 leaves the moments out",
            min = 0, max = 100)
    double momentWeight() default 1;

    @Parameter(doc = "Weight of the cloud's centroid (the peak's position in reciprocal space, which carries strain and tilt) against the "
            + "histogram, scaled like momentWeight; 0 encodes shape and size only",
            min = 0, max = 100)
    double positionWeight() default 1;

    @Parameter(doc = "Divide each component by its standard deviation over the training clouds, so every feature has unit variance")
    boolean whiten() default false;
}
