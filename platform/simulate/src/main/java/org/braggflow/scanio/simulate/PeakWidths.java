package org.braggflow.scanio.simulate;

/**
 * Gaussian standard deviations of a reference Bragg peak along the crystal frame axes (x: rocking
 * direction, y: across h on the detector, z: along h), relative to |h|, i.e. in the units of tilt_x,
 * tilt_y and strain.
 */
public record PeakWidths(double sigmaX, double sigmaY, double sigmaZ) {

    /** Full width at half maximum of a Gaussian over its standard deviation, 2 sqrt(2 ln 2). */
    public static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));

    public double fwhmX() {
        return FWHM_PER_SIGMA * sigmaX;
    }

    public double fwhmY() {
        return FWHM_PER_SIGMA * sigmaY;
    }

    public double fwhmZ() {
        return FWHM_PER_SIGMA * sigmaZ;
    }
}
