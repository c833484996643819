package org.braggflow.maps.conventional;

import org.braggflow.api.stage.Parameter;

/** Parameters of the conventional maps. */
@interface ConventionalParameters {

    @Parameter(doc = "Voxels below this fraction of the position's maximum are background and left out of moments, widths and shape",
            unit = "fraction of max", min = 0, max = 0.99)
    double threshold() default 0.02;

    @Parameter(doc = "Gaussian smoothing of the profile along the most bimodal direction before its maxima are counted (peak_count)",
            unit = "standard deviations of that profile", min = 0, max = 1)
    double peakSmoothing() default 0.15;

    @Parameter(doc = "A maximum of that profile counts in peak_count when its prominence is at least this fraction of the highest value",
            unit = "fraction of max", min = 0.001, max = 0.9)
    double peakFraction() default 0.05;

    @Parameter(doc = "An axis whose marginal profile still holds this fraction of its maximum at the first or last index is cut by the "
            + "scan range or detector edge and left out of the split search; 1 turns the check off",
            unit = "fraction of max", min = 0.001, max = 1)
    double edgeFraction() default 0.1;
}
