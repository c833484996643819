package org.braggflow.denoise.sor;

import org.braggflow.api.stage.Parameter;

/** Parameters of statistical outlier removal; defaults are the authors' call (k 100, ratio 0.8). */
@interface SorParameters {

    @Parameter(doc = "Neighbours whose mean distance is measured for each point (the point itself excluded)",
            unit = "points", min = 1, max = 10_000)
    int k() default 100;

    @Parameter(doc = "A point is an outlier when its mean neighbour distance exceeds mean + stdRatio x std over the cloud",
            unit = "std", min = 0, max = 100)
    double stdRatio() default 0.8;
}
