package org.braggflow.denoise.lpaici;

import java.util.Arrays;

/**
 * First-order local polynomial approximations (LPA) of the surface in the four directional
 * neighbourhoods of one point, at every scale, and the ICI rule that picks each direction's scale
 * (docs/method.md, section 3).
 *
 * <p>In the point's {@link LocalFrame} the surface is modelled as the height w over the tangent
 * coordinates (u, v). Direction d is a quadrant of the tangent plane with the point at its corner:
 * d = 0 is u >= 0, v >= 0, and the others follow counter-clockwise. The neighbourhood of scale s is
 * the square of side h_s in that quadrant (within the depth the caller admits); squares of increasing
 * side are nested, so every point is binned once at its smallest scale and the sums are made
 * cumulative. A plane w = a + b u + c v is fitted by least squares in each neighbourhood; with noise
 * of standard deviation sigma its fitted value at (u, v) has variance sigma^2 (1/N + d^T S^-1 d),
 * d = (u - mean u, v - mean v) and S the scatter matrix of (u, v), which gives both the ICI
 * confidence intervals and the aggregation weights. Allocation-free after construction; one
 * instance per thread.
 */
final class DirectionalFits {

    static final int DIRECTIONS = 4;

    /** Below this ratio of det S to its squared trace the (u, v) of a neighbourhood lie on a line: no plane. */
    private static final double DEGENERATE = 1e-6;

    // sums are laid out by bin, s * DIRECTIONS + d, so a point's bin is its scale's row plus its quadrant
    private static final int N = 0, SU = 1, SV = 2, SUU = 3, SUV = 4, SVV = 5, SW = 6, SUW = 7, SVW = 8, SWW = 9, SUMS = 10;

    private final int scales;
    private final double[] sums;   // raw moments per (direction, scale), SUMS each
    private final boolean[] valid;
    private final double[] residual; // residual variance of each plane fit, in squared cloud units
    private final double[] count, meanU, meanV, meanW, slopeU, slopeV, invUU, invUV, invVV;

    DirectionalFits(int scales) {
        this.scales = scales;
        int m = DIRECTIONS * scales;
        sums = new double[(m + DIRECTIONS) * SUMS]; // and one row of bins for points in no neighbourhood
        valid = new boolean[m];
        count = new double[m];
        residual = new double[m];
        meanU = new double[m];
        meanV = new double[m];
        meanW = new double[m];
        slopeU = new double[m];
        slopeV = new double[m];
        invUU = new double[m];
        invUV = new double[m];
        invVV = new double[m];
    }

    int scales() {
        return scales;
    }

    /** Whether direction d's quadrant holds (u, v); points on an axis belong to both quadrants beside it. */
    static boolean contains(int d, double u, double v) {
        return switch (d) {
            case 0 -> u >= 0 && v >= 0;
            case 1 -> u <= 0 && v >= 0;
            case 2 -> u <= 0 && v <= 0;
            default -> u >= 0 && v <= 0;
        };
    }

    void clear() {
        Arrays.fill(sums, 0);
    }

    /** Adds a point whose smallest neighbourhood is of scale s to every quadrant that holds it. */
    void add(int s, double u, double v, double w) {
        for (int d = 0; d < DIRECTIONS; d++) {
            if (contains(d, u, v)) addToBin(s * DIRECTIONS + d, u, v, w);
        }
    }

    /**
     * The quadrant that holds (u, v) when neither is zero (a point on an axis belongs to two, the
     * origin to all four: {@link #add}), from the sign bits alone. Branch-free: the signs of a point's
     * neighbours are as good as random, and a mispredicted branch per neighbour cost more than the
     * arithmetic of the whole fit.
     */
    static int quadrant(double u, double v) {
        int negU = (int) (Double.doubleToRawLongBits(u) >>> 63), negV = (int) (Double.doubleToRawLongBits(v) >>> 63);
        return 2 * negV + (negU ^ negV);
    }

    /**
     * Adds a point to bin {@code s * DIRECTIONS + d}: its quadrant d and smallest scale s. Bins
     * {@code scales * DIRECTIONS} and above collect the points in no neighbourhood, so a caller can
     * add every candidate without a branch; {@link #fit} ignores them.
     */
    void addToBin(int bin, double u, double v, double w) {
        int o = bin * SUMS;
        sums[o + N] += 1;
        sums[o + SU] += u;
        sums[o + SV] += v;
        sums[o + SUU] += u * u;
        sums[o + SUV] += u * v;
        sums[o + SVV] += v * v;
        sums[o + SW] += w;
        sums[o + SUW] += u * w;
        sums[o + SVW] += v * w;
        sums[o + SWW] += w * w;
    }

    /** Makes the sums cumulative over nested scales and fits the plane of every neighbourhood. */
    void fit(int minPoints) {
        for (int s = 0; s < scales; s++) fitScale(s, minPoints);
    }

    private void fitOne(int d, int s, int minPoints) {
        int f = d * scales + s;
        int o = (s * DIRECTIONS + d) * SUMS;
        double n = sums[o + N];
        valid[f] = false;
        if (n < minPoints) return;
        double mu = sums[o + SU] / n, mv = sums[o + SV] / n, mw = sums[o + SW] / n;
        double suu = sums[o + SUU] - n * mu * mu;
        double suv = sums[o + SUV] - n * mu * mv;
        double svv = sums[o + SVV] - n * mv * mv;
        double suw = sums[o + SUW] - n * mu * mw;
        double svw = sums[o + SVW] - n * mv * mw;
        double det = suu * svv - suv * suv;
        double trace = suu + svv;
        if (!(det > DEGENERATE * trace * trace)) return;
        count[f] = n;
        meanU[f] = mu;
        meanV[f] = mv;
        meanW[f] = mw;
        invUU[f] = svv / det;
        invUV[f] = -suv / det;
        invVV[f] = suu / det;
        slopeU[f] = invUU[f] * suw + invUV[f] * svw;
        slopeV[f] = invUV[f] * suw + invVV[f] * svw;
        // What the plane leaves unexplained, per degree of freedom (3 taken by the plane; n >= 4 here
        // as a non-degenerate plane needs 3 points and minPoints is at least 3, so guard n = 3).
        double rss = sums[o + SWW] - n * mw * mw - slopeU[f] * suw - slopeV[f] * svw;
        residual[f] = n > 3 ? Math.max(0, rss) / (n - 3) : 0;
        valid[f] = true;
    }

    /**
     * Makes scale s's sums cumulative (adds scale s - 1's, already cumulative) and fits its plane in
     * every direction: the fits of a neighbourhood grown scale by scale, equal to those of {@link #fit}.
     */
    void fitScale(int s, int minPoints) {
        for (int d = 0; d < DIRECTIONS; d++) {
            if (s > 0) {
                int o = (s * DIRECTIONS + d) * SUMS, prev = o - DIRECTIONS * SUMS;
                for (int k = 0; k < SUMS; k++) sums[o + k] += sums[prev + k];
            }
            fitOne(d, s, minPoints);
        }
    }

    boolean valid(int d, int s) {
        return valid[d * scales + s];
    }

    /** The fitted height of direction d's plane at scale s at tangent coordinates (u, v). */
    double height(int d, int s, double u, double v) {
        int f = d * scales + s;
        return meanW[f] + slopeU[f] * (u - meanU[f]) + slopeV[f] * (v - meanV[f]);
    }

    /** Variance of {@link #height} in units of sigma^2. */
    double variance(int d, int s, double u, double v) {
        int f = d * scales + s;
        double du = u - meanU[f], dv = v - meanV[f];
        return 1 / count[f] + du * du * invUU[f] + 2 * du * dv * invUV[f] + dv * dv * invVV[f];
    }

    /**
     * The intersection of confidence intervals rule: the largest scale s of direction d such that the
     * intervals [y_k - gamma sd_k, y_k + gamma sd_k] of the estimates y_k at the point (the origin) for
     * all valid scales k <= s have a common point; -1 when no scale has a valid fit. Scales too sparse
     * to fit are skipped rather than ending the search, since a larger square may hold enough points.
     */
    int iciScale(int d, double gamma, double sigma) {
        return iciScale(d, gamma, sigma, 0);
    }

    /**
     * {@link #iciScale(int, double, double)} with a test of the surface model itself: a neighbourhood
     * whose residual standard deviation about its plane exceeds {@code maxResidual} x sigma is not a
     * noisy surface (a filled volume, two sheets, a fold) and ends the search, as larger squares only
     * take in more of it. A surface with noise sigma leaves residuals of about sigma (a little less,
     * clipped at the neighbourhood's depth); a volume filled to depth +-t leaves t / sqrt3. 0 = no test.
     */
    int iciScale(int d, double gamma, double sigma, double maxResidual) {
        Ici ici = new Ici(gamma, sigma, maxResidual);
        ici.start();
        for (int s = 0; s < scales && ici.step(d, s); s++) {
            // the search moves on while the step says so
        }
        return ici.chosen(d);
    }

    /**
     * The ICI search of all four directions, advanced one scale at a time as a neighbourhood grows
     * ({@link #fitScale}): a caller stops growing once every direction's search has ended, since no
     * larger scale can then be chosen. {@link #iciScale} runs it over every scale at once.
     */
    final class Ici {
        private final double limit;
        private final double gamma, sigma;
        private final double[] lower = new double[DIRECTIONS], upper = new double[DIRECTIONS];
        private final int[] chosen = new int[DIRECTIONS];
        private final boolean[] ended = new boolean[DIRECTIONS];

        Ici(double gamma, double sigma, double maxResidual) {
            this.gamma = gamma;
            this.sigma = sigma;
            limit = maxResidual > 0 ? maxResidual * maxResidual * sigma * sigma : Double.POSITIVE_INFINITY;
        }

        void start() {
            Arrays.fill(lower, Double.NEGATIVE_INFINITY);
            Arrays.fill(upper, Double.POSITIVE_INFINITY);
            Arrays.fill(chosen, -1);
            Arrays.fill(ended, false);
        }

        /** Advances every direction's search to scale s (fitted); whether any of them goes on past it. */
        boolean step(int s) {
            boolean any = false;
            for (int d = 0; d < DIRECTIONS; d++) any |= step(d, s);
            return any;
        }

        /**
         * Advances direction d's search to scale s: a scale too sparse to fit is skipped (a larger square
         * may hold enough points); one whose residuals fail the surface-model test, or whose interval
         * leaves the intersection of the smaller scales' empty, ends it. Whether it goes on past s.
         */
        boolean step(int d, int s) {
            if (ended[d]) return false;
            if (!valid(d, s)) return true;
            if (residual[d * scales + s] > limit) {
                ended[d] = true;
                return false;
            }
            double y = height(d, s, 0, 0);
            double half = gamma * sigma * Math.sqrt(variance(d, s, 0, 0));
            lower[d] = Math.max(lower[d], y - half);
            upper[d] = Math.min(upper[d], y + half);
            if (lower[d] > upper[d]) {
                ended[d] = true;
                return false;
            }
            chosen[d] = s;
            return true;
        }

        /** Direction d's ICI scale so far; -1 while no scale has had a valid fit. */
        int chosen(int d) {
            return chosen[d];
        }
    }
}
