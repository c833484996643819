package org.braggflow.scanio.simulate;

import org.braggflow.api.scan.Geometry;

/**
 * Size and settings of a simulated scan. Defaults follow the paper's experiment: 12 keV, detector at
 * delta 18.1, gamma 28.5 deg, 0.5 m, 55 um pixels, 100 nm steps, rocking in 0.1 deg steps around -38.7 deg.
 *
 * @param driftPositions typical total sample drift over the rocking series, in scan positions (0 = none)
 * @param monitorNoise   relative standard deviation of the incident flux per frame (0 = steady beam)
 */
public record SimulationSpec(int rows, int cols, int angles, int detRows, int detCols, long seed,
                             double driftPositions, double monitorNoise, Geometry geometry,
                             double angleCentreDeg, double angleStepDeg) {

    public static Geometry paperGeometry() {
        return Geometry.of(12.0, 18.1, 28.5, 0.5, 55.0, 100.0);
    }

    public static SimulationSpec of(int rows, int cols, int angles, int detRows, int detCols, long seed, double drift) {
        return new SimulationSpec(rows, cols, angles, detRows, detCols, seed, drift, 0.05, paperGeometry(), -38.7, 0.1);
    }

    public SimulationSpec {
        if (rows < 4 || cols < 4) throw new IllegalArgumentException("a simulated scan needs at least 4 x 4 positions");
        if (angles < 3) throw new IllegalArgumentException("a simulated scan needs at least 3 rocking angles");
        if (detRows < 8 || detCols < 8) throw new IllegalArgumentException("a simulated detector needs at least 8 x 8 pixels");
        if (driftPositions < 0 || monitorNoise < 0 || monitorNoise > 0.5) {
            throw new IllegalArgumentException("drift must be >= 0 and monitor noise in [0, 0.5]");
        }
    }

    public double[] anglesDeg() {
        double[] a = new double[angles];
        for (int i = 0; i < angles; i++) a[i] = angleCentreDeg + (i - (angles - 1) / 2.0) * angleStepDeg;
        return a;
    }

    public SimulationSpec withMonitorNoise(double noise) {
        return new SimulationSpec(rows, cols, angles, detRows, detCols, seed, driftPositions, noise, geometry,
                angleCentreDeg, angleStepDeg);
    }
}
