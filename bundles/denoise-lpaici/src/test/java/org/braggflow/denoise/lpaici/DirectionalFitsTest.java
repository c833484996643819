package org.braggflow.denoise.lpaici;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DirectionalFitsTest {

    private static final double[] SIDES = LpaIciFilter.scales(3, Math.sqrt(2), 4);

    private static int smallestScale(double u, double v) {
        double across = Math.max(Math.abs(u), Math.abs(v));
        for (int s = 0; s < SIDES.length; s++) if (across <= SIDES[s]) return s;
        return -1;
    }

    /** A grid of spacing 0.5 over [-12, 12]^2 with height w(u, v), binned into the fits. */
    private static DirectionalFits grid(java.util.function.DoubleBinaryOperator height) {
        DirectionalFits fits = new DirectionalFits(SIDES.length);
        fits.clear();
        for (int a = -24; a <= 24; a++) {
            for (int b = -24; b <= 24; b++) {
                double u = 0.5 * a, v = 0.5 * b;
                int s = smallestScale(u, v);
                if (s >= 0) fits.add(s, u, v, height.applyAsDouble(u, v));
            }
        }
        fits.fit(6);
        return fits;
    }

    @Test
    void quadrantsShareTheirAxes() {
        assertTrue(DirectionalFits.contains(0, 1, 1));
        assertTrue(DirectionalFits.contains(1, -1, 1));
        assertTrue(DirectionalFits.contains(2, -1, -1));
        assertTrue(DirectionalFits.contains(3, 1, -1));
        assertFalse(DirectionalFits.contains(0, -1, 1));
        for (int d = 0; d < 4; d++) assertTrue(DirectionalFits.contains(d, 0, 0), "the centre is in every quadrant");
        assertTrue(DirectionalFits.contains(0, 0, 2) && DirectionalFits.contains(1, 0, 2));
    }

    @Test
    void anExactPlaneIsRecoveredAndTheLargestScaleChosen() {
        DirectionalFits fits = grid((u, v) -> 1 + 0.3 * u - 0.2 * v);
        for (int d = 0; d < 4; d++) {
            for (int s = 0; s < SIDES.length; s++) {
                assertTrue(fits.valid(d, s));
                assertEquals(1, fits.height(d, s, 0, 0), 1e-9);
                assertEquals(1 + 0.3 * 2 - 0.2 * 5, fits.height(d, s, 2, 5), 1e-9);
            }
            assertEquals(SIDES.length - 1, fits.iciScale(d, 1.5, 0.1));
        }
    }

    @Test
    void varianceIsTheLeastSquaresVariance() {
        // Against (X^T X)^-1 computed directly for direction 0 at the smallest scale.
        DirectionalFits fits = grid((u, v) -> 0);
        double[][] xtx = new double[3][3];
        for (int a = 0; a <= 6; a++) {
            for (int b = 0; b <= 6; b++) {
                double[] x = {1, 0.5 * a, 0.5 * b};
                for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) xtx[i][j] += x[i] * x[j];
            }
        }
        double[][] inv = invert(xtx);
        for (double[] at : new double[][] {{0, 0}, {1.5, 1.5}, {3, 0.5}, {-1, 2}}) {
            double[] x = {1, at[0], at[1]};
            double expected = 0;
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) expected += x[i] * inv[i][j] * x[j];
            assertEquals(expected, fits.variance(0, 0, at[0], at[1]), 1e-12);
        }
    }

    @Test
    void iciStopsWhereOneDirectionMeetsAStep() {
        // A step of height 2 at u = 4.5: directions reaching u > 4.5 (0 and 3) must stop before the
        // scale whose square first crosses it (side 6 and beyond); the others see a plane throughout.
        DirectionalFits fits = grid((u, v) -> u > 4.5 ? 2 : 0);
        double sigma = 0.1;
        for (int d : new int[] {0, 3}) {
            int s = fits.iciScale(d, 1.5, sigma);
            assertTrue(s >= 0 && SIDES[s] < 6, "direction " + d + " chose side " + (s < 0 ? 0 : SIDES[s]));
        }
        for (int d : new int[] {1, 2}) assertEquals(SIDES.length - 1, fits.iciScale(d, 1.5, sigma));
    }

    @Test
    void noisyPlaneEstimatesAreUnbiasedWithThePredictedSpread() {
        Random r = new Random(3);
        double sigma = 0.5;
        int trials = 400;
        double sum = 0, sumSq = 0;
        double predicted = 0;
        for (int t = 0; t < trials; t++) {
            DirectionalFits fits = grid((u, v) -> sigma * r.nextGaussian());
            double y = fits.height(0, 2, 0, 0);
            sum += y;
            sumSq += y * y;
            predicted = sigma * Math.sqrt(fits.variance(0, 2, 0, 0));
        }
        double mean = sum / trials, sd = Math.sqrt(sumSq / trials - mean * mean);
        assertEquals(0, mean, 4 * predicted / Math.sqrt(trials));
        assertEquals(predicted, sd, 0.15 * predicted);
    }

    @Test
    void collinearOrSparseNeighbourhoodsAreNotFitted() {
        DirectionalFits fits = new DirectionalFits(SIDES.length);
        fits.clear();
        for (int k = 1; k <= 10; k++) fits.add(0, 0.2 * k, 0.2 * k, 1);  // on the diagonal: no plane
        fits.add(0, 1, 0.5, 0);
        fits.add(0, 0.5, 1, 0);
        fits.fit(6);
        assertTrue(fits.valid(0, 0), "two points off the line make it a plane");
        DirectionalFits line = new DirectionalFits(SIDES.length);
        line.clear();
        for (int k = 1; k <= 10; k++) line.add(0, 0.2 * k, 0.2 * k, 1);
        line.fit(6);
        assertFalse(line.valid(0, 0));
        assertEquals(-1, line.iciScale(0, 1.5, 0.1));
        assertEquals(-1, line.iciScale(2, 1.5, 0.1), "an empty quadrant has no scale");
    }

    private static double[][] invert(double[][] m) {
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
                r[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / det;
            }
        }
        return r;
    }
}
