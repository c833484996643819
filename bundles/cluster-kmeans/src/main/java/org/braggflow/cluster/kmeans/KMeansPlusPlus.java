package org.braggflow.cluster.kmeans;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * k-means++ seeding (D. Arthur and S. Vassilvitskii, SODA 2007), as MATLAB's kmeans seeds by
 * default: the first centre is a uniformly drawn point, each further one a point drawn with
 * probability proportional to its squared distance to the nearest centre chosen so far. Points on
 * a centre have weight 0 and are never drawn, so the centres are distinct points; seeding stops
 * early when every point lies on a centre (fewer distinct points than k).
 *
 * <p>The seeding measures points against centres anyway, so it hands Lloyd's iterations their first
 * assignment and distance bounds at no extra cost. It also skips a point's distance to a new centre
 * c when the triangle inequality already rules c out: with c_a the point's nearest centre,
 * |c - c_a| >= 2 |x - c_a| implies |x - c| >= |x - c_a|, and |c - c_a| - |x - c_a| is kept as the
 * lower bound. Once there is a centre in every domain, most points skip most new centres.
 */
final class KMeansPlusPlus {

    /**
     * Centres (row-major, k x d) with every point's nearest centre, its distance (upper), a lower bound
     * of its distance to every other centre (lowerOther) and, when asked for, a lower bound per
     * centre (lowerEach, point i centre j at i * k + j; null when not asked for).
     */
    record Seeds(double[] centres, int k, int[] label, double[] upper, double[] lowerOther, float[] lowerEach) {
    }

    private KMeansPlusPlus() {
    }

    static Seeds seed(ScaledFeatures x, int wanted, SplittableRandom random, boolean boundPerCentre) {
        int n = x.n, d = x.d;
        double[] centres = new double[wanted * d];
        int[] label = new int[n];
        double[] nearest = new double[n];
        double[] lowerOther = new double[n];
        Arrays.fill(lowerOther, Double.POSITIVE_INFINITY);
        float[] lowerEach = boundPerCentre ? new float[n * wanted] : null;
        double[] centreGap = new double[wanted];

        System.arraycopy(x.values, random.nextInt(n) * d, centres, 0, d);
        for (int i = 0; i < n; i++) {
            nearest[i] = x.distanceSquared(i, centres, 0);
            if (lowerEach != null) lowerEach[i * wanted] = roundDown(Math.sqrt(nearest[i]));
        }
        int chosen = 1;
        while (chosen < wanted) {
            double total = 0;
            for (double w : nearest) total += w;
            if (!(total > 0)) break;
            double target = random.nextDouble() * total;
            int pick = -1;
            double cumulative = 0;
            for (int i = 0; i < n; i++) {
                if (nearest[i] <= 0) continue;
                pick = i;
                cumulative += nearest[i];
                if (cumulative > target) break;
            }
            System.arraycopy(x.values, pick * d, centres, chosen * d, d);
            for (int j = 0; j < chosen; j++) {
                centreGap[j] = Math.sqrt(ScaledFeatures.distanceSquared(centres, j * d, centres, chosen * d, d));
            }
            for (int i = 0; i < n; i++) {
                double u = Math.sqrt(nearest[i]);
                double gap = centreGap[label[i]];
                // the exact distance to the new centre, or the triangle bound when that rules it out
                double toNew;
                if (gap >= 2 * u) {
                    toNew = gap - u;
                } else {
                    double dd = x.distanceSquared(i, centres, chosen);
                    toNew = Math.sqrt(dd);
                    if (dd < nearest[i]) {
                        // the old nearest centre becomes one of the others, at exact distance u
                        lowerOther[i] = Math.min(lowerOther[i], u);
                        nearest[i] = dd;
                        label[i] = chosen;
                    }
                }
                if (label[i] != chosen) lowerOther[i] = Math.min(lowerOther[i], toNew);
                if (lowerEach != null) lowerEach[i * wanted + chosen] = roundDown(toNew);
            }
            chosen++;
        }
        double[] upper = new double[n];
        for (int i = 0; i < n; i++) upper[i] = Math.sqrt(nearest[i]);
        if (lowerEach != null && chosen < wanted) lowerEach = compact(lowerEach, n, wanted, chosen);
        return new Seeds(Arrays.copyOf(centres, chosen * d), chosen, label, upper, lowerOther, lowerEach);
    }

    /** The float at or below v, so that a lower bound stored in single precision stays a lower bound. */
    static float roundDown(double v) {
        float f = (float) v;
        return f > v ? Math.nextDown(f) : f;
    }

    private static float[] compact(float[] bounds, int n, int stride, int k) {
        float[] out = new float[n * k];
        for (int i = 0; i < n; i++) System.arraycopy(bounds, i * stride, out, i * k, k);
        return out;
    }
}
