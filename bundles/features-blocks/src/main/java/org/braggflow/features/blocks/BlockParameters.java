package org.braggflow.features.blocks;

import org.braggflow.api.stage.Parameter;

/** Parameters of the feature blocks stage. */
@interface BlockParameters {

    @Parameter(doc = "blocks: codeword, peak-position and peak-shape blocks, each scaled to unit total variance times its weight; "
            + "codeword-min-max: the authors' raw codeword, each value scaled to [0, 1] (maps unused)")
    FeatureMode mode() default FeatureMode.BLOCKS;

    // half the weight of the map blocks: with its components divided by their neighbour noise, the silhouette
    // chose the 5 planted domains on all 16 saved hard-preset codeword tables at weight 0.5, and 4 or 6 on
    // 5 of them at weight 1 (docs/method.md, section 6)
    @Parameter(doc = "Weight of the codeword block (its total variance after scaling); 0 leaves the codeword out", min = 0, max = 1000)
    double codewordWeight() default 0.5;

    @Parameter(doc = "Weight of the peak-position block (total variance after scaling); 0 leaves it out", min = 0, max = 1000)
    double positionWeight() default 1;

    @Parameter(doc = "Weight of the peak-shape block (total variance after scaling); 0 leaves it out", min = 0, max = 1000)
    double shapeWeight() default 1;

    @Parameter(doc = "Share of the z-scored codeword's variance kept by its principal components (the rest is dropped as noise)",
            unit = "share of variance", min = 0.5, max = 1)
    double codewordVariance() default 0.95;

    // whitening gave every kept component the same share, so twenty components of per-position noise
    // outweighed the two or three that separate domains and the silhouette merged two domains on 2 of 8
    // hard-preset scans; neighbour noise gives a component that is smooth across the scan its due
    @Parameter(doc = "How the codeword's principal components are put on one scale: neighbour-noise (each divided by the spread of "
            + "differences between neighbouring positions, so components that change from domain to domain outweigh those that "
            + "change from position to position) or z-score (each divided by its standard deviation: whitening)")
    ColumnScaling codewordScaling() default ColumnScaling.NEIGHBOUR_NOISE;

    @Parameter(doc = "Maps of the peak-position block, comma-separated; scaled together (one common unit), so a shift of the peak "
            + "in q counts the same in every direction")
    String positionMaps() default "strain,tilt_x,tilt_y";

    // kurtosis is left out by default: at the particle's edge, where counts are low, it is the noisiest shape map
    @Parameter(doc = "Maps of the peak-shape block, comma-separated; each divided by its noise (see shapeScaling) before the block is scaled")
    String shapeMaps() default "fwhm_angle,fwhm_det_row,fwhm_det_col,skew_angle,skew_det_row,skew_det_col,split";

    @Parameter(doc = "How each shape map is put on a common scale before the block is: neighbour-noise (divided by the spread of "
            + "differences between neighbouring positions, so informative maps outweigh noisy ones) or z-score (divided by its standard deviation)")
    ColumnScaling shapeScaling() default ColumnScaling.NEIGHBOUR_NOISE;

    @Parameter(doc = "Share of positions at each end of every column clipped to the value there before scaling, so a few positions "
            + "with a weak, noisy peak (the particle's edge) cannot set a block's scale",
            unit = "share of positions", min = 0, max = 0.2)
    double winsorize() default 0.005;
}
