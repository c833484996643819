package org.braggflow.read.support;

/**
 * The particle mask from each position's summed intensity over all angles (docs/method.md, section 1). The
 * automatic threshold is Otsu's on log(1 + intensity): scans are bimodal (background positions vs
 * particle), and the log keeps the bright centre from swamping the thin edges.
 */
public final class ParticleMask {

    private ParticleMask() {
    }

    /** Otsu's threshold of log(1 + v), returned in intensity units. */
    public static double automaticThreshold(double[] totals) {
        int bins = 256;
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        double[] logs = new double[totals.length];
        for (int i = 0; i < totals.length; i++) {
            logs[i] = Math.log1p(Math.max(0, totals[i]));
            lo = Math.min(lo, logs[i]);
            hi = Math.max(hi, logs[i]);
        }
        if (!(hi > lo)) return hi > 0 ? Math.expm1(hi) * 0.5 : 0;
        int[] hist = new int[bins];
        for (double v : logs) hist[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
        double total = logs.length, sumAll = 0;
        for (int i = 0; i < bins; i++) sumAll += i * (double) hist[i];
        double weightB = 0, sumB = 0, bestVar = -1;
        int best = 0;
        for (int t = 0; t < bins; t++) {
            weightB += hist[t];
            if (weightB == 0) continue;
            double weightF = total - weightB;
            if (weightF == 0) break;
            sumB += t * (double) hist[t];
            double meanB = sumB / weightB, meanF = (sumAll - sumB) / weightF;
            double between = weightB * weightF * (meanB - meanF) * (meanB - meanF);
            if (between > bestVar) {
                bestVar = between;
                best = t;
            }
        }
        return Math.expm1(lo + (best + 1) * (hi - lo) / bins);
    }

    public static boolean[] mask(double[] totals, double threshold) {
        boolean[] m = new boolean[totals.length];
        for (int i = 0; i < totals.length; i++) m[i] = totals[i] > threshold;
        return m;
    }
}
