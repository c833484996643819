package org.braggflow.encode.foldingnet;

/**
 * The point each cloud is moved to the origin from before it is encoded. Position on the detector and
 * in angle (strain, tilt) is measured better by the maps stage; left in, it dominates the Chamfer loss
 * and the codeword spends itself on it instead of on the peak's shape.
 * {@code INTENSITY}: the intensity-weighted centre of mass (the plain centroid for a cloud without
 * intensity); {@code CENTROID}: the mean of the points; {@code NONE}: raw coordinates (the authors').
 */
enum Centre {
    INTENSITY, CENTROID, NONE
}
