package org.braggflow.read.support;

/**
 * The particle mask from each position's summed intensity over all angles (docs/method.md, section 1). The
 * automatic threshold is Otsu's on log(1 + intensity): scans are bimodal (background positions vs
 * particle), and the log keeps the bright centre from swamping the thin edges.
 */
public final class ParticleMask {

    /** The least share of positions the lowest of three classes must hold to be taken as the background. */
    static final double MIN_BACKGROUND_SHARE = 0.1;

    private ParticleMask() {
    }

    /** Otsu's two-class threshold of log(1 + v), returned in intensity units. */
    public static double automaticThreshold(double[] totals) {
        return automaticThreshold(totals, 2);
    }

    /**
     * The lowest of Otsu's thresholds of log(1 + v) for {@code classes} classes (2 or 3), returned in
     * intensity units. With three classes the lowest threshold parts the background from the particle
     * even when one domain's peak is much brighter than the rest: the two-class split then falls
     * between that domain and everything else. That happens on large detectors, where background
     * fills most of each frame and a typical peak lifts a position's total by only 10-30 % (a 48 x 48
     * scan with 256 x 256 frames: the two-class mask kept 263 of 1396 particle positions, the
     * three-class one 1235, with 10 background positions taken in). When the lowest of three classes
     * holds under a tenth of the positions, the two-class threshold is returned.
     */
    public static double automaticThreshold(double[] totals, int classes) {
        if (classes != 2 && classes != 3) throw new IllegalArgumentException("mask classes must be 2 or 3, not " + classes);
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
        // cumulative counts and first moments: a class of bins [a, b) adds (sum of moments)^2 / count to
        // the between-class variance, up to terms that do not depend on the thresholds
        double[] count = new double[bins + 1], moment = new double[bins + 1];
        for (int i = 0; i < bins; i++) {
            count[i + 1] = count[i] + hist[i];
            moment[i + 1] = moment[i] + i * (double) hist[i];
        }
        double best = -1;
        int lowest = 1;
        if (classes == 2) {
            for (int t = 1; t < bins; t++) {
                double v = classTerm(count, moment, 0, t) + classTerm(count, moment, t, bins);
                if (v > best && count[t] > 0 && count[t] < count[bins]) {
                    best = v;
                    lowest = t;
                }
            }
        } else {
            for (int t1 = 1; t1 < bins - 1; t1++) {
                if (count[t1] == 0) continue;
                double low = classTerm(count, moment, 0, t1);
                for (int t2 = t1 + 1; t2 < bins; t2++) {
                    if (count[t2] == count[t1] || count[t2] == count[bins]) continue;
                    double v = low + classTerm(count, moment, t1, t2) + classTerm(count, moment, t2, bins);
                    if (v > best) {
                        best = v;
                        lowest = t1;
                    }
                }
            }
            if (best < 0) return automaticThreshold(totals, 2);  // fewer than three occupied levels
            // a lowest class of a few positions is not the background but positions the drift correction moved
            // off the scanned grid (their totals near 0): the two-class split is then the background's
            if (count[lowest] < MIN_BACKGROUND_SHARE * count[bins]) return automaticThreshold(totals, 2);
        }
        return Math.expm1(lo + lowest * (hi - lo) / bins);
    }

    private static double classTerm(double[] count, double[] moment, int from, int to) {
        double n = count[to] - count[from];
        if (n == 0) return 0;
        double m = moment[to] - moment[from];
        return m * m / n;
    }

    public static boolean[] mask(double[] totals, double threshold) {
        boolean[] m = new boolean[totals.length];
        for (int i = 0; i < totals.length; i++) m[i] = totals[i] > threshold;
        return m;
    }
}
