package org.braggflow.maps.conventional;

/**
 * Shape descriptors of one position's peak, from the voxels above the background threshold:
 * skewness and excess kurtosis of the marginal profiles along angle, det_row and det_col (the kurtosis
 * relative to a Gaussian peak under the same threshold, so that any Gaussian peak reads 0); {@code split},
 * the separation of a two-Gaussian model of the profile along the most bimodal direction in FWHM of one
 * component (axes along which the peak runs off the scan range or the detector are left out of that
 * search, unless all are); and {@code peakCount}, the number of prominent maxima of that profile.
 * Every value is NaN when the position has too few voxels to define it.
 */
record PeakShape(double skewAngle, double skewRow, double skewCol, double kurtAngle, double kurtRow, double kurtCol,
                 double split, double peakCount) {

    /** FWHM of a Gaussian in units of its standard deviation, 2 sqrt(2 ln 2). */
    static final double FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.log(2));
    private static final double PROFILE_HALF_RANGE = 6;   // standard deviations either side of the mean

    /**
     * How the split profile is smoothed, which of its maxima count, and from which fraction of its
     * maximum at the first or last index a marginal profile counts as cut by the scan range or the
     * detector edge (1 turns that check off).
     */
    record Settings(double peakSmoothing, double peakFraction, double edgeFraction) {
        static final Settings DEFAULT = new Settings(0.15, 0.05, 0.1);
    }

    static final PeakShape UNDEFINED = new PeakShape(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN);

    /**
     * Measures the shape from the single pass's moments and marginal profiles; the peak count needs one
     * more pass over the voxels inside the profiles' bounding box (the projected profile's direction is
     * only known once the moments are).
     *
     * @param origin the (angle, det_row, det_col) offsets of {@code moments} are taken from
     */
    static PeakShape measure(ShapeMoments moments, double[] pa, double[] pr, double[] pc, float[] data, double cut,
                             int[] origin, double threshold, Settings settings) {
        double[] a = profileMoments(pa), r = profileMoments(pr), c = profileMoments(pc);
        double baseline = gaussianExcessKurtosis(threshold);
        // a peak cut by the range is flat-topped along that axis whatever its shape: search the other axes
        boolean[] free = {!cut(pa, settings.edgeFraction()), !cut(pr, settings.edgeFraction()), !cut(pc, settings.edgeFraction())};
        ShapeMoments.Projection p = moments.mostBimodal(free);
        double split = Double.NaN, peaks = Double.NaN;
        if (p != null) {
            split = twoComponentSeparation(p.skewness(), p.excessKurtosis(), baseline);
            double[] profile = projectedProfile(p, moments.mean(), data, pa, pr, pc, cut, origin, settings);
            peaks = prominentMaxima(profile, settings.peakFraction());
        }
        return new PeakShape(a[0], r[0], c[0], a[1] - baseline, r[1] - baseline, c[1] - baseline, split, peaks);
    }

    /** Whether a profile still holds {@code edgeFraction} of its maximum at its first or last index. */
    static boolean cut(double[] p, double edgeFraction) {
        if (edgeFraction >= 1 || p.length < 2) return false;
        double max = 0;
        for (double v : p) max = Math.max(max, v);
        return max > 0 && Math.max(p[0], p[p.length - 1]) >= edgeFraction * max;
    }

    /** {skewness, excess kurtosis} of a 1-D profile p(i): central moments m_k = sum p (i - mean)^k / sum p. */
    static double[] profileMoments(double[] p) {
        double s0 = 0, s1 = 0;
        for (int i = 0; i < p.length; i++) {
            s0 += p[i];
            s1 += p[i] * i;
        }
        if (!(s0 > 0)) return new double[] {Double.NaN, Double.NaN};
        double mean = s1 / s0, m2 = 0, m3 = 0, m4 = 0;
        for (int i = 0; i < p.length; i++) {
            double d = i - mean, d2 = d * d;
            m2 += p[i] * d2;
            m3 += p[i] * d2 * d;
            m4 += p[i] * d2 * d2;
        }
        m2 /= s0;
        m3 /= s0;
        m4 /= s0;
        if (!(m2 > 0)) return new double[] {Double.NaN, Double.NaN};
        return new double[] {m3 / Math.pow(m2, 1.5), m4 / (m2 * m2) - 3};
    }

    /**
     * Excess kurtosis of any 1-D projection of a 3-D Gaussian whose voxels below {@code fraction} of the
     * maximum are dropped: the cut keeps Mahalanobis radii r below R = sqrt(-2 ln fraction), and for a
     * spherical law the projection's kurtosis is (9/5) E[r^4] / E[r^2]^2 (radial density r^2 exp(-r^2/2)).
     * This is the value a single Gaussian peak of any width or orientation shows under the threshold.
     */
    static double gaussianExcessKurtosis(double fraction) {
        if (!(fraction > 0)) return 0;
        double radius = Math.sqrt(-2 * Math.log(fraction));
        int n = 2000;   // Simpson's rule, even n
        double h = radius / n, i0 = 0, i2 = 0, i4 = 0;
        for (int k = 0; k <= n; k++) {
            double r = k * h, w = (k == 0 || k == n) ? 1 : (k % 2 == 1 ? 4 : 2);
            double f = w * r * r * Math.exp(-0.5 * r * r);
            i0 += f;
            i2 += f * r * r;
            i4 += f * r * r * r * r;
        }
        double e2 = i2 / i0, e4 = i4 / i0;
        return 1.8 * e4 / (e2 * e2) - 3;
    }

    /**
     * Separation of two equal-width Gaussians (weights p, 1 - p, distance d, width s) matching a
     * standardised profile's skewness g and excess kurtosis k, in FWHM of one component: with t = p(1-p)
     * the mixture has cumulants k2 = s^2 + t d^2 = 1, k3 = t (1 - 2p) d^3, k4 = t (1 - 6t) d^4, so
     * g^2 / |k|^1.5 fixes t in (1/6, 1/4] and then d and s follow. The kurtosis a single Gaussian shows
     * under the threshold ({@code baseline}) is removed first; a profile no flatter than that is one peak (0).
     */
    static double twoComponentSeparation(double skewness, double excessKurtosis, double baseline) {
        double k = excessKurtosis - baseline;
        if (!(k < 0)) return Double.isNaN(k) ? Double.NaN : 0;
        double ratio = skewness * skewness / Math.pow(-k, 1.5);
        double lo = 1.0 / 6, hi = 0.25;
        for (int i = 0; i < 60; i++) {   // g^2/|k|^1.5 = t^2 (1 - 4t) / (t (6t - 1))^1.5 falls from infinity at 1/6 to 0 at 1/4
            double t = 0.5 * (lo + hi);
            if (t * t * (1 - 4 * t) / Math.pow(t * (6 * t - 1), 1.5) > ratio) lo = t;
            else hi = t;
        }
        double t = 0.5 * (lo + hi);
        double d = Math.pow(k / (t * (1 - 6 * t)), 0.25);
        double s2 = Math.max(1 - t * d * d, 1e-2);   // the moments of a very flat profile can ask for no width at all
        return d / (FWHM_PER_SIGMA * Math.sqrt(s2));
    }

    /**
     * The intensity profile along the most bimodal direction, in bins of the projection's standard
     * deviations: each kept voxel is shared linearly between its two nearest bins, bins are no finer than
     * the projection of one voxel step (so the voxel grid leaves no comb), then the profile is smoothed by
     * a Gaussian of {@code peakSmoothing} standard deviations.
     */
    static double[] projectedProfile(ShapeMoments.Projection p, double[] mean, float[] data, double[] pa, double[] pr,
                                     double[] pc, double cut, int[] origin, Settings settings) {
        double[] a = p.direction();
        double sd = p.sd();
        double step = Math.max(Math.max(Math.abs(a[0]), Math.abs(a[1])), Math.abs(a[2])) / sd;
        double h = Math.max(0.1, step);
        int half = (int) Math.ceil(PROFILE_HALF_RANGE / h), bins = 2 * half + 1;
        double[] profile = new double[bins];
        int[] ra = support(pa), rr = support(pr), rc = support(pc);
        int nr = pr.length, nc = pc.length;
        double binsPerUnit = 1 / (sd * h);   // one product per voxel instead of two divisions
        for (int ia = ra[0]; ia <= ra[1]; ia++) {
            for (int ir = rr[0]; ir <= rr[1]; ir++) {
                int o = (ia * nr + ir) * nc;
                double sar = a[0] * (ia - origin[0] - mean[0]) + a[1] * (ir - origin[1] - mean[1]);
                for (int ic = rc[0]; ic <= rc[1]; ic++) {
                    double w = data[o + ic];
                    if (w <= cut || w <= 0) continue;
                    double x = (sar + a[2] * (ic - origin[2] - mean[2])) * binsPerUnit + half;
                    int lo = (int) Math.floor(x);
                    if (lo < 0 || lo >= bins - 1) continue;
                    double f = x - lo;
                    profile[lo] += w * (1 - f);
                    profile[lo + 1] += w * f;
                }
            }
        }
        return smooth(profile, settings.peakSmoothing() / h);
    }

    /** First and last index of a profile's non-zero values. */
    private static int[] support(double[] p) {
        int first = 0, last = p.length - 1;
        while (first < last && p[first] == 0) first++;
        while (last > first && p[last] == 0) last--;
        return new int[] {first, last};
    }

    static double[] smooth(double[] p, double sigmaBins) {
        if (!(sigmaBins > 0.05)) return p;
        int radius = (int) Math.ceil(3 * sigmaBins);
        double[] kernel = new double[2 * radius + 1];
        for (int k = -radius; k <= radius; k++) kernel[k + radius] = Math.exp(-0.5 * k * k / (sigmaBins * sigmaBins));
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double s = 0, w = 0;
            for (int k = -radius; k <= radius; k++) {
                int j = i + k;
                if (j < 0 || j >= p.length) continue;
                s += kernel[k + radius] * p[j];
                w += kernel[k + radius];
            }
            out[i] = s / w;
        }
        return out;
    }

    /**
     * Number of local maxima whose topographic prominence is at least {@code fraction} of the highest
     * value: a maximum's prominence is its height above the higher of the two lowest points met on the
     * way (left and right) to a higher value; a side that reaches the end without one is not a way down.
     */
    static double prominentMaxima(double[] p, double fraction) {
        double top = 0;
        for (double v : p) top = Math.max(top, v);
        if (!(top > 0)) return Double.NaN;
        int count = 0;
        for (int i = 0; i < p.length; i++) {
            boolean rises = i == 0 || p[i] > p[i - 1];
            int j = i;
            while (j + 1 < p.length && p[j + 1] == p[i]) j++;   // a plateau is one maximum
            boolean falls = j == p.length - 1 || p[j + 1] < p[i];
            if (!rises || !falls || p[i] <= 0) continue;
            double leftMin = p[i], rightMin = p[i];
            boolean leftHigher = false, rightHigher = false;
            for (int k = i - 1; k >= 0; k--) {
                if (p[k] > p[i]) {
                    leftHigher = true;
                    break;
                }
                leftMin = Math.min(leftMin, p[k]);
            }
            for (int k = j + 1; k < p.length; k++) {
                if (p[k] > p[i]) {
                    rightHigher = true;
                    break;
                }
                rightMin = Math.min(rightMin, p[k]);
            }
            double base;
            if (leftHigher && rightHigher) base = Math.max(leftMin, rightMin);
            else if (leftHigher) base = leftMin;
            else if (rightHigher) base = rightMin;
            else base = Math.min(leftMin, rightMin);
            if (p[i] - base >= fraction * top) count++;
            i = j;
        }
        return count;
    }
}
