package org.braggflow.cluster.kmeans;

/**
 * Points expressed in the coordinates of their principal axes: centred, then rotated onto the
 * eigenvectors of their covariance. Distances are unchanged, so k-means finds the same partitions;
 * what changes is the box the points fill, which is what the gap statistic's uniform reference
 * sets are drawn in. In the original axes a cloud stretched along a diagonal fills only a thin
 * slab of its bounding box, and uniform points in that box cluster quite differently from it.
 *
 * <p>The eigenvectors come from a Householder tridiagonalisation and implicit QR steps
 * ({@link #eigenvectors}); no linear-algebra library is embedded for one symmetric eigenproblem.
 */
final class PrincipalAxes {

    private PrincipalAxes() {
    }

    /** The points in principal-axis coordinates; axes along which the points do not spread are left out. */
    static ScaledFeatures rotate(ScaledFeatures x) {
        int n = x.n, d = x.d;
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) for (int t = 0; t < d; t++) mean[t] += x.values[i * d + t];
        for (int t = 0; t < d; t++) mean[t] /= Math.max(1, n);
        double[] centred = new double[n * d];
        for (int i = 0; i < n; i++) for (int t = 0; t < d; t++) centred[i * d + t] = x.values[i * d + t] - mean[t];
        double[] cov = new double[d * d];
        for (int i = 0; i < n; i++) {
            int off = i * d;
            for (int a = 0; a < d; a++) {
                double va = centred[off + a];
                if (va == 0) continue;
                for (int b = a; b < d; b++) cov[a * d + b] += va * centred[off + b];
            }
        }
        for (int a = 0; a < d; a++) for (int b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a];
        double[] v = eigenvectors(cov, d);
        double[] rotated = new double[n * d];
        for (int i = 0; i < n; i++) {
            int off = i * d;
            for (int a = 0; a < d; a++) {
                double ca = centred[off + a];
                if (ca == 0) continue;
                for (int c = 0; c < d; c++) rotated[off + c] += ca * v[a * d + c];
            }
        }
        // keep the axes with spread; the others are 0 (or rounding noise) for every point
        double[] spread = new double[d];
        double largest = 0;
        for (int c = 0; c < d; c++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, rotated[i * d + c]);
                hi = Math.max(hi, rotated[i * d + c]);
            }
            spread[c] = hi - lo;
            largest = Math.max(largest, spread[c]);
        }
        int kept = 0;
        int[] axes = new int[d];
        for (int c = 0; c < d; c++) if (spread[c] > 1e-9 * largest) axes[kept++] = c;
        double[] out = new double[n * kept];
        for (int i = 0; i < n; i++) for (int c = 0; c < kept; c++) out[i * kept + c] = rotated[i * d + axes[c]];
        return new ScaledFeatures(n, kept, out);
    }

    /**
     * Eigenvectors of the symmetric d x d matrix a (row-major; overwritten), as the columns of the
     * returned row-major matrix: column c at {@code v[r * d + c]}. Householder reflections bring a to
     * tridiagonal form T = Q^T a Q, then implicit QR steps with Wilkinson's shift (Golub and Van Loan,
     * Matrix Computations, algorithms 8.3.1 and 8.3.3) diagonalise T, every rotation also applied to Q.
     * Both stages take O(d^3) operations: about a second for 512 features, where cyclic Jacobi
     * rotations took most of a minute.
     */
    static double[] eigenvectors(double[] a, int d) {
        double[] q = new double[d * d];
        for (int i = 0; i < d; i++) q[i * d + i] = 1;
        tridiagonalise(a, q, d);
        diagonalise(a, q, d);
        return q;
    }

    /** a <- H a H for a Householder reflection H per column, q <- q H; a ends tridiagonal. */
    private static void tridiagonalise(double[] a, double[] q, int d) {
        double[] v = new double[d], p = new double[d], w = new double[d];
        for (int k = 0; k < d - 2; k++) {
            double norm = 0;
            for (int i = k + 1; i < d; i++) norm += a[i * d + k] * a[i * d + k];
            norm = Math.sqrt(norm);
            if (norm == 0) continue;
            double alpha = a[(k + 1) * d + k] > 0 ? -norm : norm;
            double vv = 0;
            for (int i = k + 1; i < d; i++) {
                v[i] = a[i * d + k] - (i == k + 1 ? alpha : 0);
                vv += v[i] * v[i];
            }
            if (vv == 0) continue;
            double vn = Math.sqrt(vv);
            for (int i = k + 1; i < d; i++) v[i] /= vn;
            // H = I - 2 v v^T on rows and columns k .. d-1; with p = a v, K = v^T p, w = 2 p - 2 K v: a <- a - v w^T - w v^T
            double kk = 0;
            for (int i = k; i < d; i++) {
                double s = 0;
                for (int j = k + 1; j < d; j++) s += a[i * d + j] * v[j];
                p[i] = s;
            }
            for (int i = k + 1; i < d; i++) kk += v[i] * p[i];
            for (int i = k; i < d; i++) w[i] = 2 * p[i] - (i > k ? 2 * kk * v[i] : 0);
            v[k] = 0;
            for (int i = k; i < d; i++) {
                for (int j = k; j < d; j++) a[i * d + j] -= v[i] * w[j] + w[i] * v[j];
            }
            // the column below the subdiagonal is zero by construction; make it exactly so
            for (int i = k + 2; i < d; i++) {
                a[i * d + k] = 0;
                a[k * d + i] = 0;
            }
            for (int r = 0; r < d; r++) {
                double s = 0;
                for (int j = k + 1; j < d; j++) s += q[r * d + j] * v[j];
                s *= 2;
                for (int j = k + 1; j < d; j++) q[r * d + j] -= s * v[j];
            }
        }
    }

    /** Implicit symmetric QR steps on the tridiagonal a until its off-diagonal vanishes, rotations applied to q. */
    private static void diagonalise(double[] t, double[] q, int d) {
        int m = d - 1, steps = 0;
        while (m > 0 && steps < 50 * d) {
            if (negligible(t, d, m)) {
                m--;
                continue;
            }
            int l = m - 1;
            while (l > 0 && !negligible(t, d, l)) l--;
            if (l > 0) {
                t[l * d + l - 1] = 0;
                t[(l - 1) * d + l] = 0;
            }
            step(t, q, d, l, m);
            steps++;
        }
    }

    private static boolean negligible(double[] t, int d, int i) {
        double off = Math.abs(t[i * d + i - 1]);
        return off <= 1e-15 * (Math.abs(t[i * d + i]) + Math.abs(t[(i - 1) * d + i - 1])) || off < Double.MIN_NORMAL;
    }

    /** One implicit QR step with Wilkinson's shift on the unreduced block l .. m, the bulge chased down. */
    private static void step(double[] t, double[] q, int d, int l, int m) {
        double tmm = t[m * d + m], tm1 = t[(m - 1) * d + m - 1], f = t[m * d + m - 1];
        double half = (tm1 - tmm) / 2;
        double mu = tmm - f * f / (half + (half >= 0 ? 1 : -1) * Math.hypot(half, f));
        double x = t[l * d + l] - mu, z = t[(l + 1) * d + l];
        for (int k = l; k < m; k++) {
            double r = Math.hypot(x, z);
            double c = r == 0 ? 1 : x / r, s = r == 0 ? 0 : -z / r;
            int lo = Math.max(l, k - 1), hi = Math.min(m, k + 2);
            int kp = k + 1;
            for (int j = lo; j <= hi; j++) {
                double tk = t[k * d + j], tp = t[kp * d + j];
                t[k * d + j] = c * tk - s * tp;
                t[kp * d + j] = s * tk + c * tp;
            }
            for (int j = lo; j <= hi; j++) {
                double tk = t[j * d + k], tp = t[j * d + kp];
                t[j * d + k] = c * tk - s * tp;
                t[j * d + kp] = s * tk + c * tp;
            }
            if (k > l) {
                t[kp * d + k - 1] = 0;
                t[(k - 1) * d + kp] = 0;
            }
            for (int j = 0; j < d; j++) {
                double qk = q[j * d + k], qp = q[j * d + kp];
                q[j * d + k] = c * qk - s * qp;
                q[j * d + kp] = s * qk + c * qp;
            }
            if (k < m - 1) {
                x = t[kp * d + k];
                z = t[(k + 2) * d + k];
            }
        }
    }
}
