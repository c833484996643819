package org.braggflow.scanio.simulate;

import org.braggflow.api.scan.Geometry;

/**
 * Size and settings of a simulated scan. Defaults follow the paper's experiment: 12 keV, detector at
 * delta 18.1, gamma 28.5 deg, 0.5 m, 55 um pixels, 100 nm steps, rocking in 0.1 deg steps around -38.7 deg.
 * Any geometry whose detector centre scatters by more than 1 degree works: the reference Bragg vector
 * is the q of the detector centre at the middle rocking angle.
 *
 * @param driftPositions typical total sample drift over the rocking series, in scan positions (0 = none)
 * @param monitorNoise   relative standard deviation of the incident flux per frame (0 = steady beam)
 * @param preset         which sample is planted
 */
public record SimulationSpec(int rows, int cols, int angles, int detRows, int detCols, long seed,
                             double driftPositions, double monitorNoise, Geometry geometry,
                             double angleCentreDeg, double angleStepDeg, SimulationPreset preset) {

    /** Rocking angle at the middle of the series in the paper's scan. */
    public static final double PAPER_ANGLE_CENTRE_DEG = -38.7;
    /** Rocking step of the paper's scan. */
    public static final double PAPER_ANGLE_STEP_DEG = 0.1;

    public static Geometry paperGeometry() {
        return Geometry.of(12.0, 18.1, 28.5, 0.5, 55.0, 100.0);
    }

    /** A default-preset scan. */
    public SimulationSpec(int rows, int cols, int angles, int detRows, int detCols, long seed,
                          double driftPositions, double monitorNoise, Geometry geometry,
                          double angleCentreDeg, double angleStepDeg) {
        this(rows, cols, angles, detRows, detCols, seed, driftPositions, monitorNoise, geometry, angleCentreDeg, angleStepDeg,
                SimulationPreset.DEFAULT);
    }

    /** A default-preset scan in the paper's geometry, 5 % monitor noise. */
    public static SimulationSpec of(int rows, int cols, int angles, int detRows, int detCols, long seed, double drift) {
        return new SimulationSpec(rows, cols, angles, detRows, detCols, seed, drift, 0.05, paperGeometry(),
                PAPER_ANGLE_CENTRE_DEG, PAPER_ANGLE_STEP_DEG);
    }

    /**
     * A hard-preset scan in the paper's geometry with one position of drift and 5 % monitor noise;
     * change the geometry, angles or drift with the {@code with...} methods.
     */
    public static SimulationSpec hard(int rows, int cols, int angles, int detRows, int detCols, long seed) {
        return of(rows, cols, angles, detRows, detCols, seed, 1.0).withPreset(SimulationPreset.HARD);
    }

    public SimulationSpec {
        if (rows < 4 || cols < 4) throw new IllegalArgumentException("a simulated scan needs at least 4 x 4 positions");
        if (angles < 3) throw new IllegalArgumentException("a simulated scan needs at least 3 rocking angles");
        if (detRows < 8 || detCols < 8) throw new IllegalArgumentException("a simulated detector needs at least 8 x 8 pixels");
        if (driftPositions < 0 || monitorNoise < 0 || monitorNoise > 0.5) {
            throw new IllegalArgumentException("drift must be >= 0 and monitor noise in [0, 0.5]");
        }
        if (geometry == null || geometry.firstInvalidField() != null) {
            throw new IllegalArgumentException("geometry value " + (geometry == null ? "geometry" : geometry.firstInvalidField())
                    + " must be a positive finite number");
        }
        double cos2Theta = Math.cos(Math.toRadians(geometry.deltaDeg())) * Math.cos(Math.toRadians(geometry.gammaDeg()));
        if (Math.toDegrees(Math.acos(Math.min(1, cos2Theta))) < 1) {
            throw new IllegalArgumentException("delta and gamma put the detector centre within 1 degree of the beam: no Bragg peak there");
        }
        if (!(angleStepDeg > 0) || !Double.isFinite(angleCentreDeg)) {
            throw new IllegalArgumentException("the rocking step must be > 0 degrees and the centre angle finite");
        }
        if (preset == null) throw new IllegalArgumentException("a simulated scan needs a preset");
    }

    public double[] anglesDeg() {
        double[] a = new double[angles];
        for (int i = 0; i < angles; i++) a[i] = angleCentreDeg + (i - (angles - 1) / 2.0) * angleStepDeg;
        return a;
    }

    public SimulationSpec withMonitorNoise(double noise) {
        return new SimulationSpec(rows, cols, angles, detRows, detCols, seed, driftPositions, noise, geometry,
                angleCentreDeg, angleStepDeg, preset);
    }

    public SimulationSpec withPreset(SimulationPreset p) {
        return new SimulationSpec(rows, cols, angles, detRows, detCols, seed, driftPositions, monitorNoise, geometry,
                angleCentreDeg, angleStepDeg, p);
    }

    public SimulationSpec withGeometry(Geometry g) {
        return new SimulationSpec(rows, cols, angles, detRows, detCols, seed, driftPositions, monitorNoise, g,
                angleCentreDeg, angleStepDeg, preset);
    }

    /** The same scan rocked in {@code stepDeg} steps around {@code centreDeg}. */
    public SimulationSpec withAngles(double centreDeg, double stepDeg) {
        return new SimulationSpec(rows, cols, angles, detRows, detCols, seed, driftPositions, monitorNoise, geometry,
                centreDeg, stepDeg, preset);
    }

    public SimulationSpec withDrift(double positions) {
        return new SimulationSpec(rows, cols, angles, detRows, detCols, seed, positions, monitorNoise, geometry,
                angleCentreDeg, angleStepDeg, preset);
    }

    /** Total rocking range, first to last angle, in degrees. */
    public double angleRangeDeg() {
        return (angles - 1) * angleStepDeg;
    }
}
