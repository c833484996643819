package org.braggflow.maps.conventional;

/**
 * Intensity-weighted raw moments up to order 4 of voxel coordinates (angle, det_row, det_col index
 * offsets from an origin near the peak), filled in the same single pass as the centres of mass.
 * From them come the moments of the profile projected on any direction a, E[(a.y)^n] =
 * sum over p+q+r = n of n!/(p! q! r!) a0^p a1^q a2^r M[p,q,r], and the direction along which the peak
 * looks most bimodal (the largest bimodality coefficient), searched on the unit sphere of whitened
 * coordinates so that a split is found whatever its direction and whatever the peak's aspect ratio.
 */
final class ShapeMoments {

    private static final int[] FACTORIAL = {1, 1, 2, 6, 24};
    private static final int SEARCH_POINTS = 128;

    private final double[] m = new double[125];   // M[p,q,r] at p*25 + q*5 + r, p+q+r <= 4
    private final double[] xp = new double[5], yp = new double[5], zp = new double[5];

    /** Adds a voxel of weight w at offset (x, y, z) = (angle, det_row, det_col) from the origin. */
    void add(double w, double x, double y, double z) {
        xp[0] = yp[0] = zp[0] = 1;
        for (int i = 1; i <= 4; i++) {
            xp[i] = xp[i - 1] * x;
            yp[i] = yp[i - 1] * y;
            zp[i] = zp[i - 1] * z;
        }
        for (int p = 0; p <= 4; p++) {
            double wp = w * xp[p];
            for (int q = 0; q <= 4 - p; q++) {
                double wpq = wp * yp[q];
                for (int r = 0; r <= 4 - p - q; r++) m[p * 25 + q * 5 + r] += wpq * zp[r];
            }
        }
    }

    /**
     * Adds a run of voxels that share x and y (one detector row of one frame), given their sums
     * {@code zSums[r]} = sum of w z^r for r = 0..4: the same moments as adding them one by one, with 35
     * products per row instead of per voxel (the maps' pass over every voxel of a scan spent most of its time
     * in {@link #add}).
     */
    void addRow(double x, double y, double[] zSums) {
        xp[0] = yp[0] = 1;
        for (int i = 1; i <= 4; i++) {
            xp[i] = xp[i - 1] * x;
            yp[i] = yp[i - 1] * y;
        }
        for (int p = 0; p <= 4; p++) {
            for (int q = 0; q <= 4 - p; q++) {
                double xy = xp[p] * yp[q];
                for (int r = 0; r <= 4 - p - q; r++) m[p * 25 + q * 5 + r] += xy * zSums[r];
            }
        }
    }

    /** Mean offset from the origin along each axis. */
    double[] mean() {
        return new double[] {m[25] / m[0], m[5] / m[0], m[1] / m[0]};
    }

    /** Raw moments E[(a.y)^n] for n = 0..4, from the multinomial expansion (no Math.pow: the search calls this often). */
    private double[] raw(double[] a) {
        double[] ax = new double[5], ay = new double[5], az = new double[5];
        ax[0] = ay[0] = az[0] = 1;
        for (int i = 1; i <= 4; i++) {
            ax[i] = ax[i - 1] * a[0];
            ay[i] = ay[i - 1] * a[1];
            az[i] = az[i - 1] * a[2];
        }
        double[] e = new double[5];
        for (int p = 0; p <= 4; p++) {
            for (int q = 0; q <= 4 - p; q++) {
                for (int r = 0; r <= 4 - p - q; r++) {
                    int n = p + q + r;
                    double multinomial = (double) FACTORIAL[n] / (FACTORIAL[p] * FACTORIAL[q] * FACTORIAL[r]);
                    e[n] += multinomial * ax[p] * ay[q] * az[r] * m[p * 25 + q * 5 + r];
                }
            }
        }
        for (int n = 0; n <= 4; n++) e[n] /= m[0];
        return e;
    }

    /** Central moments {m2, m3, m4} of the projection on a. */
    double[] central(double[] a) {
        double[] e = raw(a);
        double e1 = e[1], e2 = e[2], e3 = e[3], e4 = e[4];
        double c2 = e2 - e1 * e1;
        double c3 = e3 - 3 * e1 * e2 + 2 * e1 * e1 * e1;
        double c4 = e4 - 4 * e1 * e3 + 6 * e1 * e1 * e2 - 3 * e1 * e1 * e1 * e1;
        return new double[] {c2, c3, c4};
    }

    /** The projection on a direction: its skewness, excess kurtosis and standard deviation (index units of a). */
    record Projection(double[] direction, double skewness, double excessKurtosis, double sd) {

        /** Sarle's bimodality coefficient for large samples, (skew^2 + 1) / (excess kurtosis + 3): 1/3 for a Gaussian. */
        double bimodality() {
            return (skewness * skewness + 1) / (excessKurtosis + 3);
        }
    }

    Projection project(double[] a) {
        double[] c = central(a);
        if (!(c[0] > 1e-12 * (a[0] * a[0] + a[1] * a[1] + a[2] * a[2]))) return null;
        return new Projection(a.clone(), c[1] / (c[0] * Math.sqrt(c[0])), c[2] / (c[0] * c[0]) - 3, Math.sqrt(c[0]));
    }

    /** The direction of largest bimodality coefficient over all three axes. */
    Projection mostBimodal() {
        return mostBimodal(new boolean[] {true, true, true});
    }

    /**
     * The direction of largest bimodality coefficient among directions with no component along the
     * axes that are not {@code free} (all three when none is). Directions v are unit vectors of
     * whitened coordinates of the free axes (Cholesky factor L of their covariance, a = L^-T v); the
     * covariance gets the 1/12 variance of a unit voxel on its diagonal so that a peak one voxel thin
     * along an axis stays invertible. A Fibonacci grid on the half sphere (the coefficient is even in v;
     * a half circle for two free axes) is refined by a shrinking pattern search.
     */
    Projection mostBimodal(boolean[] free) {
        if (m[0] <= 0) return null;
        int[] axes = java.util.stream.IntStream.range(0, 3).filter(k -> free[k]).toArray();
        if (axes.length == 0) axes = new int[] {0, 1, 2};
        int d = axes.length;
        double[] mu = mean();
        int[][] second = {{50, 30, 26}, {30, 10, 6}, {26, 6, 2}};
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) cov[i][j] = m[second[axes[i]][axes[j]]] / m[0] - mu[axes[i]] * mu[axes[j]];
            cov[i][i] += 1.0 / 12;
        }
        double[][] l = cholesky(cov);
        if (l == null) return null;
        Projection best = null;
        double[] bestV = null;
        for (double[] v : startingDirections(d)) {
            Projection p = project(embed(backSolve(l, v), axes));
            if (p != null && (best == null || p.bimodality() > best.bimodality())) {
                best = p;
                bestV = v;
            }
        }
        if (best == null || d == 1) return best;
        for (double step = 0.08; step > 0.004; step /= 2) {
            boolean improved = true;
            for (int guard = 0; improved && guard < 20; guard++) {
                improved = false;
                for (double[] t : tangents(bestV)) {
                    for (int sign = -1; sign <= 1; sign += 2) {
                        double[] v = new double[d];
                        double norm = 0;
                        for (int i = 0; i < d; i++) {
                            v[i] = bestV[i] + sign * step * t[i];
                            norm += v[i] * v[i];
                        }
                        for (int i = 0; i < d; i++) v[i] /= Math.sqrt(norm);
                        Projection p = project(embed(backSolve(l, v), axes));
                        if (p != null && p.bimodality() > best.bimodality()) {
                            best = p;
                            bestV = v;
                            improved = true;
                        }
                    }
                }
            }
        }
        return best;
    }

    private static double[][] startingDirections(int d) {
        if (d == 1) return new double[][] {{1}};
        if (d == 2) {
            double[][] v = new double[SEARCH_POINTS / 4][];
            for (int k = 0; k < v.length; k++) {
                double phi = Math.PI * (k + 0.5) / v.length;
                v[k] = new double[] {Math.cos(phi), Math.sin(phi)};
            }
            return v;
        }
        double[][] v = new double[SEARCH_POINTS][];
        for (int k = 0; k < SEARCH_POINTS; k++) {
            double z = 1 - (k + 0.5) / SEARCH_POINTS;   // z in (0, 1): the upper half sphere
            double rho = Math.sqrt(1 - z * z), phi = k * Math.PI * (3 - Math.sqrt(5));
            v[k] = new double[] {rho * Math.cos(phi), rho * Math.sin(phi), z};
        }
        return v;
    }

    private static double[] embed(double[] sub, int[] axes) {
        double[] a = new double[3];
        for (int i = 0; i < axes.length; i++) a[axes[i]] = sub[i];
        return a;
    }

    private static double[][] tangents(double[] v) {
        if (v.length == 2) return new double[][] {{-v[1], v[0]}};
        double[] helper = Math.abs(v[0]) < 0.9 ? new double[] {1, 0, 0} : new double[] {0, 1, 0};
        double[] t1 = normalise(cross(v, helper));
        return new double[][] {t1, cross(v, t1)};
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] normalise(double[] a) {
        double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        return new double[] {a[0] / n, a[1] / n, a[2] / n};
    }

    /** Lower-triangular L with L L^T = c, or null when c is not positive definite. */
    static double[][] cholesky(double[][] c) {
        int n = c.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i][j];
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                if (i == j) {
                    if (!(s > 0)) return null;
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    /** Solves L^T a = v: the index-space direction whose projection is the whitened coordinate along v. */
    static double[] backSolve(double[][] l, double[] v) {
        int n = l.length;
        double[] a = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = v[i];
            for (int k = i + 1; k < n; k++) s -= l[k][i] * a[k];
            a[i] = s / l[i][i];
        }
        return a;
    }
}
