package org.braggflow.cluster.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ElbowRuleTest {

    /**
     * kmeans_opt's last lines transcribed literally, 1-based as in MATLAB, to check the 0-based
     * code against: Var = D(1:end-1) - D(2:end); PC = cumsum(Var) / (D(1) - D(end));
     * r = find(PC > Cutoff); K = 1 + r(1).
     */
    private static int kmeansOptTranscribed(double[] curve, double cutoff) {
        int len = curve.length;
        double[] dOneBased = new double[len + 1];
        System.arraycopy(curve, 0, dOneBased, 1, len);
        double[] pc = new double[len];
        double cum = 0;
        for (int r = 1; r <= len - 1; r++) {
            cum += dOneBased[r] - dOneBased[r + 1];
            pc[r] = cum / (dOneBased[1] - dOneBased[len]);
        }
        for (int r = 1; r <= len - 1; r++) if (pc[r] > cutoff) return 1 + r;
        throw new AssertionError("no index exceeds the cutoff");
    }

    @Test
    void workedExampleOfTheComment() {
        // whole drop 96; cumulative shares after k = 2, 3, 4: 60/96 = 0.625, 85/96 = 0.885, 94/96 = 0.979
        double[] curve = {100, 40, 15, 6, 5, 4.5, 4};
        assertEquals(4, ElbowRule.choose(curve, 0.95));
        assertEquals(3, ElbowRule.choose(curve, 0.8));
        assertEquals(2, ElbowRule.choose(curve, 0.6));
        assertEquals(4, kmeansOptTranscribed(curve, 0.95));
    }

    @Test
    void theShareMustExceedTheCutoffStrictly() {
        // shares 0.5, 0.9, 1.0: at cutoff 0.9 the share of k = 3 equals it and does not stop the search
        double[] curve = {10, 5, 1, 0};
        assertEquals(4, ElbowRule.choose(curve, 0.9));
        assertEquals(3, ElbowRule.choose(curve, 0.89));
        assertEquals(2, ElbowRule.choose(curve, 0.49));
        assertEquals(4, kmeansOptTranscribed(curve, 0.9));
    }

    @Test
    void sharesAreCumulativeSoANonFallingStepStillCounts() {
        // D(3) > D(2): shares 8/9, 7/9, 9/9; k = 2 already explains 0.889 of the whole drop
        double[] curve = {10, 2, 3, 1};
        assertEquals(2, ElbowRule.choose(curve, 0.85));
        assertEquals(4, ElbowRule.choose(curve, 0.9));
    }

    @Test
    void degenerateCurvesChooseOneOrMaxK() {
        assertEquals(1, ElbowRule.choose(new double[] {7}, 0.95));
        assertEquals(1, ElbowRule.choose(new double[0], 0.95));
        assertEquals(1, ElbowRule.choose(new double[] {3, 3, 3}, 0.95), "no drop: one cluster explains all");
        assertEquals(1, ElbowRule.choose(new double[] {0, 0, 0}, 0.95), "identical positions");
        assertEquals(2, ElbowRule.choose(new double[] {10, 0}, 0.95), "the only drop is the whole drop");
        assertEquals(5, ElbowRule.choose(new double[] {10, 6, 3, 1, 0}, 1.0), "no share exceeds 1: K_max");
        assertEquals(2, ElbowRule.choose(new double[] {10, 6, 3, 1, 0}, 0.0));
    }

    @Test
    void agreesWithTheLiteralTranscriptionOnRandomCurves() {
        Random r = new Random(3);
        for (int trial = 0; trial < 2000; trial++) {
            int len = 2 + r.nextInt(30);
            double[] curve = new double[len];
            curve[0] = 100 + r.nextDouble() * 100;
            for (int i = 1; i < len; i++) curve[i] = curve[i - 1] * (0.3 + 0.7 * r.nextDouble());
            double cutoff = r.nextDouble() * 0.99;
            assertEquals(kmeansOptTranscribed(curve, cutoff), ElbowRule.choose(curve, cutoff), "trial " + trial);
        }
    }

    @Test
    void maxKDefaultsToTheCeilingOfTheSquareRootAndNeverExceedsN() {
        assertEquals(35, ElbowRule.maxK(0, 1200));
        assertEquals(168, ElbowRule.maxK(0, 28_000));
        assertEquals(94, ElbowRule.maxK(0, 8_786));
        assertEquals(15, ElbowRule.maxK(15, 1200));
        assertEquals(10, ElbowRule.maxK(15, 10));
        assertEquals(1, ElbowRule.maxK(0, 1));
        assertEquals(2, ElbowRule.maxK(0, 2));
    }
}
