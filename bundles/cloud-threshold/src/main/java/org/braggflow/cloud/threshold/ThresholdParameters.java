package org.braggflow.cloud.threshold;

import org.braggflow.api.stage.Parameter;

/** Parameters of the threshold cloud builder (docs/method.md, section 2). */
@interface ThresholdParameters {

    @Parameter(doc = "How threshold and clip are read: absolute (in the reader's intensity units; the authors' mode, threshold 1e-4), fraction-of-max (of the position's brightest voxel) or background-multiple (of its median voxel)")
    ThresholdMode mode() default ThresholdMode.FRACTION_OF_MAX;

    @Parameter(doc = "Voxels with intensity above this value become points (unit set by mode)", min = 0)
    double threshold() default 0.05;

    @Parameter(doc = "Intensities are clipped at this value before they are stored per point (unit set by mode); 0 = no clipping",
            min = 0)
    double clip() default 0;

    @Parameter(doc = "The angle index is multiplied by this to give the third coordinate",
            unit = "coordinate units per angle step", min = 1e-6, max = 1e6)
    double angleScale() default 10;

    @Parameter(doc = "Store each point's (clipped) intensity with the cloud")
    boolean keepIntensity() default false;

    @Parameter(doc = "Most points per cloud; larger clouds are subsampled at random without replacement (seeded); 0 = no cap: every voxel above the threshold, each once",
            unit = "points", min = 0, max = 100_000_000)
    int maxPoints() default 0;

    @Parameter(doc = "Seed of the subsampling, so runs repeat", min = 0)
    long seed() default 7;
}
