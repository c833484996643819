package org.braggflow.cluster.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.junit.jupiter.api.Test;

/** The pieces of the criteria against values worked out by hand. */
class CriteriaTest {

    private static ScaledFeatures line(double... v) {
        return new ScaledFeatures(v.length, 1, v.clone());
    }

    @Test
    void silhouetteOfTwoPairsByHand() {
        // points 0, 1 | 10, 11: a = 1 for all; b = 10.5, 9.5, 9.5, 10.5
        double expected = (9.5 / 10.5 + 8.5 / 9.5) / 2;
        assertEquals(expected, new Silhouette(line(0, 1, 10, 11)).mean(new int[] {0, 0, 1, 1}, 2), 1e-6);
        // a point alone in its cluster counts 0: 0 | 5, 6 -> 0, (5 - 1) / 5 for 5, (6 - 1) / 6 for 6
        assertEquals((0 + 0.8 + 5 / 6.0) / 3, new Silhouette(line(0, 5, 6)).mean(new int[] {0, 1, 1}, 2), 1e-6);
    }

    @Test
    void gapRuleTakesTheSmallestKWithinOneStandardErrorOfTheFirstMaximum() {
        double[] gap = {0.2, 0.5, 1.4, 1.45, 1.3};
        double[] se = {0.02, 0.02, 0.1, 0.1, 0.1};
        // first local maximum k = 4 (1.45 >= 1.3); bar 1.45 - 0.1 = 1.35; smallest k with gap >= 1.35: 3
        assertEquals(3, GapStatistic.choose(new GapStatistic.Curve(gap, se, new double[5])));
        // an early plateau (0.36, 0.37) is not a maximum: the planted k = 5 is found
        double[] plateau = {0.36, 0.37, 1.27, 1.96, 2.58, 2.56};
        double[] small = {0.02, 0.02, 0.02, 0.02, 0.02, 0.02};
        assertEquals(5, GapStatistic.choose(new GapStatistic.Curve(plateau, small, new double[6])));
        assertEquals(1, GapStatistic.choose(new GapStatistic.Curve(new double[] {1, 0.8, 0.7}, new double[3], new double[3])));
        assertEquals(3, GapStatistic.choose(new GapStatistic.Curve(new double[] {1, 2, 3}, new double[3], new double[3])));
    }

    private static void assertEigenvectors(double[] a, int d) {
        double[] v = PrincipalAxes.eigenvectors(a.clone(), d);
        double scale = 0;
        for (double e : a) scale = Math.max(scale, Math.abs(e));
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                double vtv = 0, vtav = 0;
                for (int i = 0; i < d; i++) {
                    vtv += v[i * d + p] * v[i * d + q];
                    double av = 0;
                    for (int j = 0; j < d; j++) av += a[i * d + j] * v[j * d + q];
                    vtav += v[i * d + p] * av;
                }
                assertEquals(p == q ? 1 : 0, vtv, 1e-11, "orthonormal");
                if (p != q) assertEquals(0, vtav, 1e-10 * scale * d, "diagonal");
            }
        }
    }

    @Test
    void principalAxesDiagonaliseTheCovariance() {
        Random r = new Random(3);
        for (int d : new int[] {1, 2, 7, 60}) {
            double[] a = new double[d * d];
            for (int i = 0; i < d; i++) for (int j = 0; j <= i; j++) a[i * d + j] = a[j * d + i] = r.nextGaussian();
            assertEigenvectors(a, d);
        }
        // rank 3 in 40 dimensions: 37 equal (zero) eigenvalues, as the covariance of noise-free features
        int d = 40;
        double[] low = new double[d * d];
        for (int c = 0; c < 3; c++) {
            double[] u = new double[d];
            for (int i = 0; i < d; i++) u[i] = r.nextGaussian();
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) low[i * d + j] += (c + 1) * u[i] * u[j];
        }
        assertEigenvectors(low, d);
        double[] diagonal = new double[9];
        diagonal[0] = 2;
        diagonal[4] = 2;
        diagonal[8] = 5;
        assertEigenvectors(diagonal, 3);
        // a tilted line of points becomes one axis, its spread kept
        double[] pts = new double[40];
        for (int i = 0; i < 20; i++) {
            pts[2 * i] = i;
            pts[2 * i + 1] = 2 * i;
        }
        ScaledFeatures axes = PrincipalAxes.rotate(new ScaledFeatures(20, 2, pts));
        assertEquals(1, axes.d);
        assertEquals(19 * Math.sqrt(5), Math.abs(axes.values[19] - axes.values[0]), 1e-9);
    }

    @Test
    void splitValleyIsNearOneForOneCloudAndNearZeroForTwo() {
        double[] uniform = new double[1000], two = new double[1000];
        for (int i = 0; i < 1000; i++) {
            uniform[i] = i / 999.0;
            two[i] = (i < 300 ? 0 : 1) + 0.01 * ((i * 7919) % 100 - 50) / 50.0;
        }
        int[] halves = new int[1000];
        for (int i = 500; i < 1000; i++) halves[i] = 1;
        assertEquals(1.0, SplitValley.ratio(line(uniform), halves), 0.1);
        int[] groups = new int[1000];
        for (int i = 300; i < 1000; i++) groups[i] = 1;
        assertEquals(0.0, SplitValley.ratio(line(two), groups), 1e-12);
    }

    @Test
    void scalingsByHand() {
        FeatureTable t = new FeatureTable(2, List.of(new FeatureTable.Row(0, 0, new float[] {1f, 5f}),
                new FeatureTable.Row(0, 1, new float[] {3f, 5f}), new FeatureTable.Row(0, 2, new float[] {5f, 5f})));
        assertArrayEquals(new double[] {0, 0, 0.5, 0, 1, 0}, ScaledFeatures.of(t, Scaling.MINMAX).values, 1e-12);
        assertArrayEquals(new double[] {1, 5, 3, 5, 5, 5}, ScaledFeatures.of(t, Scaling.NONE).values, 1e-12);
        double sd = Math.sqrt(8 / 3.0);
        assertArrayEquals(new double[] {-2 / sd, 0, 0, 0, 2 / sd, 0}, ScaledFeatures.of(t, Scaling.ZSCORE).values, 1e-12);
    }

    @Test
    void aSampleIsSeededSortedAndWithoutRepeats() {
        int[] s = CriterionSample.indices(10_000, 2000, 5);
        assertEquals(2000, s.length);
        for (int i = 1; i < s.length; i++) assertTrue(s[i] > s[i - 1]);
        assertArrayEquals(s, CriterionSample.indices(10_000, 2000, 5));
        assertEquals(300, CriterionSample.indices(300, 2000, 5).length);
    }

    @Test
    void resultsWrittenTheOldWayReadAsAnElbowChoice() {
        ClusterResult old = new ClusterResult(new int[] {0, 1, 1}, 2, new double[] {9, 2, 1.5});
        assertEquals("elbow", old.criterion());
        assertArrayEquals(new int[] {1, 2, 3}, old.criterionK());
        assertArrayEquals(new double[] {9, 2, 1.5}, old.criterionCurve());
        assertEquals(2, old.chosenK());
        ClusterResult none = new ClusterResult(new int[] {0, 0}, 1, new double[0]);
        assertEquals("", none.criterion());
        assertEquals(0, none.criterionK().length);
    }
}
