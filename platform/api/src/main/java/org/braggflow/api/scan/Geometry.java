package org.braggflow.api.scan;

/**
 * Diffraction geometry that travels with every scan (contracts.md section 1); units are in the names.
 * Optional values are {@code NaN} when absent: {@code braggDeg}, and the detector centre
 * ({@code centerRow}, {@code centerCol}) which then defaults to the middle of the frame.
 */
public record Geometry(double energyKev, double deltaDeg, double gammaDeg, double detectorDistanceM,
                       double pixelSizeUm, double stepSizeNm, double braggDeg,
                       double centerRow, double centerCol) {

    /** Geometry without the optional values. */
    public static Geometry of(double energyKev, double deltaDeg, double gammaDeg, double detectorDistanceM,
                              double pixelSizeUm, double stepSizeNm) {
        return new Geometry(energyKev, deltaDeg, gammaDeg, detectorDistanceM, pixelSizeUm, stepSizeNm,
                Double.NaN, Double.NaN, Double.NaN);
    }

    /** X-ray wavelength in angstrom, lambda = 12.398 / E[keV]. */
    public double wavelengthAngstrom() {
        return 12.398 / energyKev;
    }

    /** The name of the first required value that is missing or not finite, or null when all are usable. */
    public String firstInvalidField() {
        if (!(energyKev > 0) || !Double.isFinite(energyKev)) return "energy_kev";
        if (!Double.isFinite(deltaDeg)) return "delta_deg";
        if (!Double.isFinite(gammaDeg)) return "gamma_deg";
        if (!(detectorDistanceM > 0) || !Double.isFinite(detectorDistanceM)) return "detector_distance_m";
        if (!(pixelSizeUm > 0) || !Double.isFinite(pixelSizeUm)) return "pixel_size_um";
        if (!(stepSizeNm > 0) || !Double.isFinite(stepSizeNm)) return "step_size_nm";
        return null;
    }
}
