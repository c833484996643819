package org.braggflow.api.scan;

/**
 * Diffraction geometry that travels with every scan; units are in the names. The angles are always
 * held in Braggflow's convention (delta in-plane about the vertical, gamma out-of-plane elevation;
 * see docs/geometry.md), whatever convention the file was written in: readers convert on read.
 *
 * <p>Optional values are {@code NaN} when absent: {@code braggDeg}, and the detector centre
 * ({@code centerRow}, {@code centerCol}, 0-based indices in the frame as stored), which then
 * follows the convention's rule ({@link #centerRowFor}, {@link #centerColFor}).
 * {@code rowFlip} / {@code colFlip} say that the stored row / column index runs against the
 * detector axis v = n x u / u of the convention (as in the beamline's raw detector files, whose
 * loaders flip the rows). {@code convention} records the convention of the file: it chooses the
 * default centre and how the angles are written back.
 */
public record Geometry(double energyKev, double deltaDeg, double gammaDeg, double detectorDistanceM,
                       double pixelSizeUm, double stepSizeNm, double braggDeg,
                       double centerRow, double centerCol,
                       boolean rowFlip, boolean colFlip, Convention convention) {

    /** The convention a scan's geometry values are written in. */
    public enum Convention {
        /** Braggflow's own: delta in-plane, gamma out-of-plane, centre at the frame's middle, no flips. */
        BRAGGFLOW,
        /**
         * NSLS-II HXN's (diff_delta out-of-plane, diff_gamma in-plane, both negated in its code);
         * converted on read: delta = -diff_gamma, gamma = +diff_delta; centre at 0-based round(N/2)-1
         * (half to even, as Python's round) of the frame the beamline's code sees.
         */
        HXN;

        /** The name written in files ({@code braggflow}, {@code hxn}). */
        public String settingName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The convention written as {@code name}, or null when there is none of that name. */
        public static Convention fromSettingName(String name) {
            for (Convention c : values()) if (c.settingName().equals(name)) return c;
            return null;
        }
    }

    public Geometry {
        if (convention == null) convention = Convention.BRAGGFLOW;
    }

    /** Geometry in Braggflow's convention with an optional Bragg angle and centre, no flips. */
    public Geometry(double energyKev, double deltaDeg, double gammaDeg, double detectorDistanceM,
                    double pixelSizeUm, double stepSizeNm, double braggDeg, double centerRow, double centerCol) {
        this(energyKev, deltaDeg, gammaDeg, detectorDistanceM, pixelSizeUm, stepSizeNm, braggDeg, centerRow, centerCol,
                false, false, Convention.BRAGGFLOW);
    }

    /** Geometry without the optional values. */
    public static Geometry of(double energyKev, double deltaDeg, double gammaDeg, double detectorDistanceM,
                              double pixelSizeUm, double stepSizeNm) {
        return new Geometry(energyKev, deltaDeg, gammaDeg, detectorDistanceM, pixelSizeUm, stepSizeNm,
                Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * Geometry from the beamline's own angles (HXN convention): delta = -diffGamma, gamma = +diffDelta,
     * rows flipped (frames as the detector wrote them), centre by the beamline's rule.
     */
    public static Geometry fromBeamline(double energyKev, double diffDeltaDeg, double diffGammaDeg,
                                        double detectorDistanceM, double pixelSizeUm, double stepSizeNm) {
        return new Geometry(energyKev, -diffGammaDeg, diffDeltaDeg, detectorDistanceM, pixelSizeUm, stepSizeNm,
                Double.NaN, Double.NaN, Double.NaN, true, false, Convention.HXN);
    }

    /** This geometry with an explicit detector centre (0-based indices in the stored frame; NaN for the default). */
    public Geometry withCenter(double row, double col) {
        return new Geometry(energyKev, deltaDeg, gammaDeg, detectorDistanceM, pixelSizeUm, stepSizeNm, braggDeg,
                row, col, rowFlip, colFlip, convention);
    }

    /** This geometry with the stored rows / columns running against the detector axes or not. */
    public Geometry withFlips(boolean rows, boolean cols) {
        return new Geometry(energyKev, deltaDeg, gammaDeg, detectorDistanceM, pixelSizeUm, stepSizeNm, braggDeg,
                centerRow, centerCol, rows, cols, convention);
    }

    /** The beamline's diff_delta (out-of-plane) for these angles: +gamma. */
    public double beamlineDeltaDeg() {
        return gammaDeg;
    }

    /** The beamline's diff_gamma (in-plane) for these angles: -delta. */
    public double beamlineGammaDeg() {
        return -deltaDeg;
    }

    /** The stored-frame row of the detector centre for a frame of {@code detRows} rows. */
    public double centerRowFor(int detRows) {
        return Double.isNaN(centerRow) ? defaultCenter(detRows, rowFlip) : centerRow;
    }

    /** The stored-frame column of the detector centre for a frame of {@code detCols} columns. */
    public double centerColFor(int detCols) {
        return Double.isNaN(centerCol) ? defaultCenter(detCols, colFlip) : centerCol;
    }

    private double defaultCenter(int n, boolean flipped) {
        if (convention == Convention.BRAGGFLOW) return (n - 1) / 2.0;
        // the beamline's code puts coordinate 0 at index round(n/2)-1 of the frame after its loader's flip
        double beamline = Math.rint(n / 2.0) - 1;
        return flipped ? n - 1 - beamline : beamline;
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
