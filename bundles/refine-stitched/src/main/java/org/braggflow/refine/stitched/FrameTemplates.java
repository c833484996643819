package org.braggflow.refine.stitched;

import java.util.Arrays;

/**
 * Per cluster, the mean angle profiles of its interior positions (see {@link PositionGrid#interior}),
 * and how a frame is scored against them: the chi-square of the frame against a cluster's template
 * scaled to the particle's local thickness, with Poisson variance (the reader's volumes are
 * monitor-normalised counts) divided by the scatter of the interior frames themselves, so that the
 * scale of the intensities does not matter.
 */
final class FrameTemplates {

    private final AngleProfiles profiles;
    private final double[][] sums;
    private final int[] counts;
    private double[][] means;
    private double[] totals;
    private final FrameScore score;
    private double dispersion = 1;

    FrameTemplates(AngleProfiles profiles, int clusters, FrameScore score) {
        this.profiles = profiles;
        this.score = score;
        this.sums = new double[clusters][profiles.angles * profiles.width()];
        this.counts = new int[clusters];
    }

    synchronized void add(int cluster, float[] profile) {
        double[] s = sums[cluster];
        for (int i = 0; i < s.length; i++) s[i] += profile[i];
        counts[cluster]++;
    }

    /** Ends the sums; clusters without an interior position get no template. */
    void finish() {
        means = new double[sums.length][];
        totals = new double[sums.length];
        for (int c = 0; c < sums.length; c++) {
            if (counts[c] == 0) continue;
            means[c] = new double[sums[c].length];
            for (int i = 0; i < sums[c].length; i++) {
                means[c][i] = sums[c][i] / counts[c];
                totals[c] += means[c][i];
            }
        }
    }

    /**
     * How badly a cluster's template explains one angle's frame, lower is better: by default
     * ({@link FrameScore#LIKELIHOOD}) the chi-square plus the log of each bin's Poisson variance under the
     * template, twice the negative Gaussian log-likelihood less what every cluster shares. The chi-square
     * alone divides a template's residuals by that template's own variance, so a template brighter where the
     * frame is weak gains from its larger variance. The template's own noise (the factor 1 + s / n) stays in
     * the chi-square only: its log would give every frame that two templates explain alike, as in the tails
     * of the rocking curve, to the template of more positions by about 0.7 a bin at one position.
     */
    double score(float[] profile, int angle, int cluster, double scale) {
        return sum(profile, angle, cluster, scale, score == FrameScore.LIKELIHOOD);
    }

    /** The scatter unit chi-squares are divided by. */
    double dispersion() {
        return dispersion;
    }

    boolean has(int cluster) {
        return means[cluster] != null;
    }

    /** The summed intensity of a cluster's template, every angle and bin. */
    double total(int cluster) {
        return totals[cluster];
    }

    /**
     * Sets the scatter unit from interior profiles, their labels and scales: the median, over their
     * frames, of the chi-square per bin against their own cluster's template.
     */
    void calibrate(float[][] interior, int[] labels, double[] scales) {
        int w = profiles.width();
        double[] perFrame = new double[interior.length * profiles.angles];
        int n = 0;
        for (int i = 0; i < interior.length; i++) {
            if (!has(labels[i])) continue;
            for (int a = 0; a < profiles.angles; a++) perFrame[n++] = chiSquare(interior[i], a, labels[i], scales[i]) / w;
        }
        if (n == 0) return;
        Arrays.sort(perFrame, 0, n);
        double median = perFrame[n / 2];
        dispersion = median > 0 && Double.isFinite(median) ? median : 1;
    }

    /**
     * Chi-square of one angle's frame against a cluster's template at the given scale, in scatter units.
     * The template is itself a mean of Poisson frames: its variance at scale s, relative to the frame's,
     * is s / n for n template positions, and it is added to the frame's. Without it a narrow domain whose
     * template rests on one or two positions lost every frame in the tails of the rocking curve, where all
     * domains look alike, to a wide neighbour by about one unit per bin, above the evidence threshold
     * (hard seed 3: margins of 60-110, and a strained domain's last rows went to the reference).
     */
    double chiSquare(float[] profile, int angle, int cluster, double scale) {
        return sum(profile, angle, cluster, scale, false);
    }

    /** The chi-square, plus the log of each bin's Poisson variance when asked: one pass over the frame's bins. */
    private double sum(float[] profile, int angle, int cluster, double scale, boolean withLogVariance) {
        double[] t = means[cluster];
        int w = profiles.width(), at = angle * w;
        double chi = 0, logVariance = 0;
        for (int i = at; i < at + w; i++) {
            double model = scale * t[i], d = profile[i] - model, variance = Math.max(model, 0) + 1;
            chi += d * d / variance;
            if (withLogVariance) logVariance += Math.log(variance);
        }
        return chi / (dispersion * (1 + scale / counts[cluster])) + logVariance;
    }
}
