package org.braggflow.maps.conventional;

import org.braggflow.api.stage.Parameter;

/** Parameters of the conventional maps. */
@interface ConventionalParameters {

    @Parameter(doc = "Voxels below this fraction of the position's maximum are background and left out of moments and widths",
            unit = "fraction of max", min = 0, max = 0.99)
    double threshold() default 0.02;
}
