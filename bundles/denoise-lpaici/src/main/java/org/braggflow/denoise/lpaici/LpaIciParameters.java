package org.braggflow.denoise.lpaici;

import org.braggflow.api.stage.Parameter;

/**
 * Parameters of LPA-ICI anisotropic denoising (docs/method.md, section 3), declared once here.
 *
 * <p>By default sigma and density are relative to the cloud's point spacing ({@link ScaleMode}), so one
 * set of numbers fits a voxel cloud of any size or units. The authors' absolute call (sigma 5, density
 * 2, then 0.2) fits their clouds of about 100 pixels across; on a simulated peak a few voxels thick
 * its neighbourhoods span the whole cloud and flatten it into a sheet. The relative defaults (sigma 0.5
 * spacing, density 2 per square spacing) and the surface-model test {@code maxResidual} 1.5 were chosen
 * on analytic surfaces with known noise and on thresholded Gaussian peaks (LpaIciDenoiserTest). The
 * scale set, two passes and 50 neighbours are the reference wrapper's; every second point a centre
 * ({@code centreStep} 2, half the work; 1 is the authors' filter) was checked on the same surfaces.
 * Gamma, passSigmaRatio, weights, minPoints, the two half-depths and maxResidual belong to our
 * reconstruction of the core, so they are exposed to be tuned against ground truth.
 */
@interface LpaIciParameters {

    @Parameter(doc = "How sigma and density are read: relative = in units of the cloud's point spacing s (median nearest-neighbour distance; sigma in spacings, density in points per s^2), absolute = in cloud coordinates (the authors' sigma 5, density 2 and 0.2)")
    ScaleMode scaleMode() default ScaleMode.RELATIVE;

    @Parameter(doc = "Noise standard deviation across the surface, in spacings (relative) or cloud coordinates (absolute); 0 = estimate it from the cloud (median residual of local plane fits)",
            unit = "spacings or cloud units", min = 0, max = 1e6)
    double sigma() default 0.5;

    @Parameter(doc = "Points per unit area of the surface, per square spacing (relative) or square cloud unit (absolute); coordinates and sigma are multiplied by sqrt(density) so the surface holds one point per unit area, and the result is scaled back: larger density, smaller neighbourhoods; 0 = estimate it from the cloud",
            unit = "points per square spacing or cloud unit", min = 0, max = 1e6)
    double density() default 2;

    @Parameter(doc = "Side of the smallest square directional neighbourhood, after scaling to unit density",
            unit = "unit-density lengths", min = 0.1, max = 1000)
    double scaleStart() default 3;

    @Parameter(doc = "Ratio between consecutive neighbourhood sides",
            min = 1.01, max = 4)
    double scaleRatio() default 1.4142135623730951;

    @Parameter(doc = "Number of times the side grows by scaleRatio: the scale set has scaleSteps + 1 sides (default 3 to 12)",
            unit = "steps", min = 0, max = 16)
    int scaleSteps() default 4;

    @Parameter(doc = "ICI threshold: per direction the largest side whose confidence intervals estimate +- gamma x std all still intersect is kept",
            unit = "std", min = 0.5, max = 5)
    double gamma() default 1.5;

    @Parameter(doc = "How many times the whole filter is applied, each pass on the previous pass's output with fresh neighbours",
            unit = "passes", min = 1, max = 10)
    int passes() default 2;

    @Parameter(doc = "Sigma of each pass after the first, relative to the pass before: 1 keeps the same sigma every pass, as the reference wrapper hands it over; below 1 trusts the smoother input more and flattens curved surfaces less",
            min = 0.05, max = 1)
    double passSigmaRatio() default 1;

    @Parameter(doc = "Weight of each adaptive neighbourhood's estimates in a point's final position: neighbourhood = inverse variance of its ICI estimate (keeps curved shapes' size), pointwise = inverse variance of the fitted height at each receiving point")
    AggregationWeight weights() default AggregationWeight.NEIGHBOURHOOD;

    @Parameter(doc = "Nearest neighbours (the point itself included) whose principal axes give each point's tangent plane and normal",
            unit = "points", min = 3, max = 1000)
    int neighbours() default 50;

    @Parameter(doc = "Fewest points a directional neighbourhood needs before its plane fit is used",
            unit = "points", min = 3, max = 1000)
    int minPoints() default 6;

    @Parameter(doc = "Neighbourhoods reach max(halfDepthPerSide x side, halfDepthSigmas x sigma) either side of the tangent plane: this part grows with the square so a curved surface's bend stays inside",
            unit = "sides", min = 0, max = 2)
    double halfDepthPerSide() default 0.5;

    @Parameter(doc = "Neighbourhoods reach max(halfDepthPerSide x side, halfDepthSigmas x sigma) either side of the tangent plane: this part holds the noise",
            unit = "sigma", min = 1, max = 10)
    double halfDepthSigmas() default 3;

    @Parameter(doc = "Surface-model test: a directional neighbourhood whose residual standard deviation about its fitted plane exceeds this many sigma is not a noisy surface (a filled volume such as a thresholded Bragg peak, two sheets) and ends that direction's scale search; 0 = no test (the authors' filter)",
            unit = "sigma", min = 0, max = 100)
    double maxResidual() default 1.5;

    @Parameter(doc = "Every centreStep-th point of the filter's spatial (Morton) order, so spread evenly, is the corner of four directional neighbourhoods; every point still receives the estimates of all the neighbourhoods that hold it. 1 = every point a centre (the authors' filter); 2 halves the work, changing the error to known surfaces by -0.7 % to +1.8 %",
            unit = "points", min = 1, max = 16)
    int centreStep() default 2;
}
