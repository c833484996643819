package org.braggflow.cluster.kmeans;

import java.util.SplittableRandom;

/**
 * The gap statistic (R. Tibshirani, G. Walther and T. Hastie, J. R. Stat. Soc. B 63, 2001): how
 * much better the points cluster into k groups than points with no clusters at all would.
 *
 * <p>With W(k) the smallest within-cluster sum of squares found for k clusters and W*_b(k) the same
 * for reference set b = 1 .. B, B sets of as many points drawn uniformly in the box of the data's
 * principal axes ({@link PrincipalAxes}; the paper's second reference, which follows a tilted
 * cloud), Gap(k) = mean_b log W*_b(k) - log W(k), and s(k) = sd_b(log W*_b(k)) sqrt(1 + 1/B). The
 * chosen k is the smallest within one standard error of the gap's first local maximum
 * ({@link #choose}): about where one more cluster stops being better, within the reference sets'
 * scatter, than splitting featureless points.
 *
 * <p>That is why the gap may choose k = 1: a smooth gradient (a uniform or Gaussian cloud, however
 * elongated) loses its sum of squares with k no faster than the uniform box along its own axes, so
 * the gap stops rising at once (but see the bundle README: a uniform gradient with Gaussian scatter
 * across it is split, which the split-valley test then undoes); well separated domains make W(k) fall far faster than W*(k) until
 * every domain has its cluster.
 */
final class GapStatistic {

    /** Gap(k) and s(k) for k = 1 .. Gap.length, with the within-cluster sums of squares W(k) of the data. */
    record Curve(double[] gap, double[] standardError, double[] within) {
    }

    /** Most Lloyd iterations of a reference set's run. */
    static final int REFERENCE_ITERATIONS = 10;

    private GapStatistic() {
    }

    /**
     * The gap curve for k = 1 .. maxK.
     *
     * @param within W(1) .. W(maxK) of the data, from its own sweep
     * @param references B
     * @param repeats k-means runs per k of each reference set
     */
    static Curve curve(ScaledFeatures x, double[] within, int references, int repeats, long seed, int maxIterations, int threads) {
        int maxK = within.length;
        ScaledFeatures axes = PrincipalAxes.rotate(x);
        double[] lo = new double[axes.d], hi = new double[axes.d];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < axes.n; i++) {
            for (int t = 0; t < axes.d; t++) {
                lo[t] = Math.min(lo[t], axes.values[i * axes.d + t]);
                hi[t] = Math.max(hi[t], axes.values[i * axes.d + t]);
            }
        }
        int[] ks = new int[maxK];
        for (int k = 1; k <= maxK; k++) ks[k - 1] = k;
        double[][] logRef = new double[references][maxK];
        // a floor for log W: k clusters of k distinct points have W = 0 exactly
        double floor = Math.max(within[0], Double.MIN_NORMAL) * 1e-12;
        for (int b = 0; b < references; b++) {
            ScaledFeatures reference = uniform(axes.n, lo, hi, new SplittableRandom(BestOfRepeats.runSeed(seed, -1 - b, 0)));
            // featureless points converge slowly (in 512-d, most of a minute for ten sets); their sum of squares
            // changes by well under the reference sets' own scatter after the first Lloyd iterations
            KMeans.Partition[] best = BestOfRepeats.best(reference, ks, repeats, seed + 1 + b,
                    Math.min(maxIterations, REFERENCE_ITERATIONS), threads);
            for (int k = 0; k < maxK; k++) logRef[b][k] = Math.log(Math.max(floor, best[k].withinSumOfSquares()));
        }
        double[] gap = new double[maxK], se = new double[maxK];
        for (int k = 0; k < maxK; k++) {
            double mean = 0;
            for (int b = 0; b < references; b++) mean += logRef[b][k];
            mean /= references;
            double var = 0;
            for (int b = 0; b < references; b++) var += (logRef[b][k] - mean) * (logRef[b][k] - mean);
            gap[k] = mean - Math.log(Math.max(floor, within[k]));
            se[k] = Math.sqrt(var / references) * Math.sqrt(1 + 1.0 / references);
        }
        return new Curve(gap, se, within.clone());
    }

    /**
     * The smallest k whose gap is within one standard error of the first local maximum of the gap:
     * with k1 the first k where Gap(k) >= Gap(k + 1) (the largest k tried when the gap rises
     * throughout), the smallest k <= k1 with Gap(k) >= Gap(k1) - s(k1). This is the "firstSEmax"
     * rule of R's cluster::clusGap, its default. The paper's own rule, the first k with
     * Gap(k) >= Gap(k + 1) - s(k + 1), stops on any early plateau: for five clusters whose best
     * two-way split gains little over the reference it answered k = 1.
     */
    static int choose(Curve c) {
        int maxK = c.gap().length;
        if (maxK == 0) return 1;
        int first = maxK;
        for (int k = 1; k < maxK; k++) {
            if (c.gap()[k - 1] >= c.gap()[k]) {
                first = k;
                break;
            }
        }
        double bar = c.gap()[first - 1] - c.standardError()[first - 1];
        for (int k = 1; k < first; k++) if (c.gap()[k - 1] >= bar) return k;
        return first;
    }

    private static ScaledFeatures uniform(int n, double[] lo, double[] hi, SplittableRandom random) {
        int d = lo.length;
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) for (int t = 0; t < d; t++) v[i * d + t] = lo[t] + random.nextDouble() * (hi[t] - lo[t]);
        return new ScaledFeatures(n, d, v);
    }
}
