package org.braggflow.maps.conventional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The moment sums against direct computation on weighted points, and the direction search on a known split. */
class ShapeMomentsTest {

    @Test
    void projectedMomentsEqualTheDirectOnes() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] y = new double[60][3];
        double[] w = new double[60];
        ShapeMoments moments = new ShapeMoments();
        for (int i = 0; i < y.length; i++) {
            for (int k = 0; k < 3; k++) y[i][k] = random.nextDouble(-4, 9);
            w[i] = random.nextDouble(0.1, 5);
            moments.add(w[i], y[i][0], y[i][1], y[i][2]);
        }
        double[] a = {0.3, -1.1, 0.7};
        double s0 = 0, s1 = 0;
        for (int i = 0; i < y.length; i++) {
            double s = a[0] * y[i][0] + a[1] * y[i][1] + a[2] * y[i][2];
            s0 += w[i];
            s1 += w[i] * s;
        }
        double mean = s1 / s0, m2 = 0, m3 = 0, m4 = 0;
        for (int i = 0; i < y.length; i++) {
            double d = a[0] * y[i][0] + a[1] * y[i][1] + a[2] * y[i][2] - mean;
            m2 += w[i] * d * d / s0;
            m3 += w[i] * d * d * d / s0;
            m4 += w[i] * d * d * d * d / s0;
        }
        ShapeMoments.Projection p = moments.project(a);
        assertEquals(Math.sqrt(m2), p.sd(), 1e-9);
        assertEquals(m3 / Math.pow(m2, 1.5), p.skewness(), 1e-9);
        assertEquals(m4 / (m2 * m2) - 3, p.excessKurtosis(), 1e-9);
    }

    @Test
    void theMostBimodalDirectionIsTheSplitsEvenInAnElongatedPeak() {
        // two equal Gaussian blobs, widths 1, 4, 2 along the axes, centres 2.5 widths apart along u in whitened units
        double[] width = {1, 4, 2}, u = {0.6, 0.0, 0.8};
        SplittableRandom random = new SplittableRandom(5);
        ShapeMoments moments = new ShapeMoments();
        for (int i = 0; i < 20000; i++) {
            double side = i % 2 == 0 ? -1.25 : 1.25;
            double[] y = new double[3];
            for (int k = 0; k < 3; k++) y[k] = width[k] * (side * u[k] + gaussian(random));
            moments.add(1, y[0], y[1], y[2]);
        }
        ShapeMoments.Projection p = moments.mostBimodal();
        // the best index-space direction is the Fisher direction, u scaled by 1 / width per axis
        double[] fisher = {u[0] / width[0], u[1] / width[1], u[2] / width[2]};
        double dot = 0, na = 0, nf = 0;
        for (int k = 0; k < 3; k++) {
            dot += p.direction()[k] * fisher[k];
            na += p.direction()[k] * p.direction()[k];
            nf += fisher[k] * fisher[k];
        }
        double cos = Math.abs(dot) / Math.sqrt(na * nf);
        System.out.printf("most bimodal direction: cos to the split's Fisher direction %.4f, excess kurtosis %.3f%n", cos, p.excessKurtosis());
        assertTrue(cos > 0.99, "cos " + cos);
        // equal blobs 2.5 sd apart: t = 1/4, k4 = -d^4 / 8, variance 1 + d^2 / 4
        double d = 2.5, expected = -Math.pow(d, 4) / 8 / Math.pow(1 + d * d / 4, 2);
        assertEquals(expected, p.excessKurtosis(), 0.05);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
