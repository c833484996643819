package org.braggflow.refine.stitched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SidePickerTest {

    /** Every point counted alike. */
    private static int unweighted(double[] x, double[] y, int[] labels, int n, int first, int second) {
        double[] alike = new double[n];
        java.util.Arrays.fill(alike, 1);
        return SidePicker.origin(x, y, labels, alike, n, first, second);
    }

    @Test
    void theOriginTakesTheSideOfTheWidestSeparatingLine() {
        // label 0 left of x = -0.1, label 1 right of it: the origin is on 1's side
        double[] x = {-0.5, -0.4, -0.3, 0.1, 0.2, 0.4}, y = {0.3, -0.2, 0.1, -0.3, 0.2, 0.0};
        int[] labels = {0, 0, 0, 1, 1, 1};
        assertEquals(1, unweighted(x, y, labels, 6, 0, 1));
        for (int i = 0; i < 6; i++) x[i] = -x[i];
        assertEquals(0, unweighted(x, y, new int[] {1, 1, 1, 0, 0, 0}, 6, 1, 0));
    }

    @Test
    void aSlantedBoundaryIsFoundAndMislabelledPointsOutvoted() {
        // points on a grid over [-0.6, 0.6]^2, label 1 above the line y = x + 0.15, 0 below; two points flipped.
        // The origin lies below, 0.11 from the line
        double[] x = new double[49], y = new double[49];
        int[] labels = new int[49];
        int n = 0, flipped = 0;
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 7; j++) {
                x[n] = -0.6 + 0.2 * i + 0.03 * j;
                y[n] = -0.6 + 0.2 * j;
                labels[n] = y[n] > x[n] + 0.15 ? 1 : 0;
                if ((n == 10 || n == 40) && flipped++ < 2) labels[n] = 1 - labels[n];
                n++;
            }
        }
        assertEquals(0, unweighted(x, y, labels, n, 1, 0));
        // the points shifted up by 0.3, the line kept: the origin now lies among the fewer points (label 0)
        int ones = 0;
        for (int t = 0; t < n; t++) {
            y[t] += 0.3;
            labels[t] = y[t] > x[t] + 0.15 ? 1 : 0;
            ones += labels[t];
        }
        assertTrue(ones > n - ones, ones + " of " + n + " points are 1");
        assertEquals(0, unweighted(x, y, labels, n, 1, 0));
    }

    @Test
    void theWidestGapWinsAmongLinesOfEqualWeightWhateverTheWeights() {
        // label 0 up to x = -0.05, label 1 from x = 0.3: every line through the gap separates them perfectly; the
        // widest cut leaves the origin with 0, narrow ones just right of -0.05 leave it with 1. Weights whose sums
        // round differently in different orders must not make a perfect cut cost a rounding error more than another
        double[] x = {-0.5, -0.4, -0.3, -0.2, -0.05, 0.3, 0.4, 0.5, 0.6}, y = {0.3, -0.2, 0.1, 0.25, -0.1, -0.3, 0.2, 0.0, -0.15};
        int[] labels = {0, 0, 0, 0, 0, 1, 1, 1, 1};
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int trial = 0; trial < 500; trial++) {
            double[] weight = new double[9];
            for (int i = 0; i < 9; i++) weight[i] = 0.1 + 0.9 * random.nextDouble();
            assertEquals(0, SidePicker.origin(x, y, labels, weight, 9, 0, 1), "weights " + java.util.Arrays.toString(weight));
        }
    }

    @Test
    void weakVotesAreOutweighedByStrongOnes() {
        // along the row: reference (0) frames at the peak measured at -0.4 .. -0.2 and +0.15, the split domain's (1)
        // beyond +0.8, and two weak tail frames voting 1 at +0.1 and +0.25. Counted alike, the line with one point on
        // the wrong side and the widest gap runs between -0.2 and +0.1, leaving the origin with 1; weighted, the weak
        // votes cost less than the strong reference frame at +0.15, and the line runs between it and +0.25
        double[] x = {-0.4, -0.3, -0.2, 0.1, 0.15, 0.25, 0.8, 0.9, 1.0}, y = new double[9];
        int[] labels = {0, 0, 0, 1, 0, 1, 1, 1, 1};
        double[] weight = {1, 1, 1, 0.1, 1, 0.1, 1, 1, 1};
        assertEquals(1, unweighted(x, y, labels, 9, 0, 1));
        assertEquals(0, SidePicker.origin(x, y, labels, weight, 9, 0, 1));
    }

    @Test
    void indicesComeOutInTheOrderOfTheirValuesFromAnyStartingOrder() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        double[] value = new double[135];
        for (int i = 0; i < value.length; i++) value[i] = Math.round(random.nextDouble() * 40) / 10.0; // ties included
        int[] order = new int[value.length];
        for (int i = 0; i < order.length; i++) order[i] = order.length - 1 - i;
        SidePicker.sortBy(order, value);
        boolean[] seen = new boolean[order.length];
        for (int k = 0; k < order.length; k++) {
            seen[order[k]] = true;
            if (k > 0) assertTrue(value[order[k - 1]] <= value[order[k]], "out of order at " + k);
        }
        for (boolean b : seen) assertTrue(b, "an index was lost");
    }
}
