package org.braggflow.read.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Drift between rocking angles, recovered from maps of a known sample moved by known sub-position shifts. */
class DriftEstimatorTest {

    private static final int ROWS = 24;
    private static final int COLS = 28;

    /** The sample: two blobs of different size and brightness, so that one shift registers them. */
    private static double sample(double y, double x) {
        return 100 * Math.exp(-((y - 10) * (y - 10) + (x - 12) * (x - 12)) / (2 * 3.0 * 3.0))
                + 60 * Math.exp(-((y - 15) * (y - 15) + (x - 18) * (x - 18)) / (2 * 2.0 * 2.0));
    }

    /** The map at an angle whose drift is (dr, dc): grid position (r, c) shows sample point (r + dr, c + dc). */
    private static float[] map(double dr, double dc) {
        float[] m = new float[ROWS * COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) m[r * COLS + c] = (float) sample(r + dr, c + dc);
        }
        return m;
    }

    @Test
    void subPositionShiftsAreRecoveredToTwoHundredthsOfAPosition() {
        double[][] truth = {{0, 0}, {1.3, -0.6}, {-2.0, 2.45}, {0.25, 0.0}};
        float[][] maps = new float[truth.length][];
        for (int a = 0; a < truth.length; a++) maps[a] = map(truth[a][0], truth[a][1]);

        double[][] shifts = DriftEstimator.estimate(maps, ROWS, COLS);

        assertArrayEquals(new double[] {0, 0}, shifts[0], 0.0, "the first angle is the reference");
        for (int a = 1; a < truth.length; a++) {
            // measured within 0.01 position (pattern search to 0.005, bilinear interpolation of smooth blobs)
            assertEquals(truth[a][0], shifts[a][0], 0.02, "row shift of angle " + a);
            assertEquals(truth[a][1], shifts[a][1], 0.02, "column shift of angle " + a);
        }
    }

    @Test
    void aFlatMapGivesNoShiftRatherThanNaN() {
        float[] flat = new float[ROWS * COLS];
        java.util.Arrays.fill(flat, 7f);
        double[][] shifts = DriftEstimator.estimate(new float[][] {map(0, 0), flat}, ROWS, COLS);
        assertArrayEquals(new double[] {0, 0}, shifts[1], 0.0);
    }
}
