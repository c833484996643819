package org.braggflow.denoise.lpaici;

/**
 * Eigenvalues and eigenvectors of a symmetric 3 x 3 matrix by cyclic Jacobi rotations.
 *
 * <p>Written by hand because the stage runs it once per point per pass (hundreds of thousands of
 * times per cloud) and bundles see only the API and the kd-tree: commons-math3 is not on a stage
 * bundle's class path, and its general solver would allocate matrices on every call. Jacobi on 3 x 3
 * converges in a handful of sweeps, is accurate for nearly equal eigenvalues (a flat neighbourhood
 * has two), and works in place on reused arrays. One instance per thread.
 */
final class SymmetricEigen3 {

    private static final int MAX_SWEEPS = 50;

    private final double[] a = new double[9];    // working matrix, row-major; diagonal ends as eigenvalues
    private final double[] v = new double[9];    // accumulated rotations; column k is eigenvector k
    private final int[] order = new int[3];      // column indices by ascending eigenvalue

    /** Decomposes the symmetric matrix with the given upper triangle. */
    void decompose(double a00, double a01, double a02, double a11, double a12, double a22) {
        a[0] = a00; a[1] = a01; a[2] = a02;
        a[3] = a01; a[4] = a11; a[5] = a12;
        a[6] = a02; a[7] = a12; a[8] = a22;
        for (int i = 0; i < 9; i++) v[i] = i % 4 == 0 ? 1 : 0;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
            double diag = a[0] * a[0] + a[4] * a[4] + a[8] * a[8];
            // Off-diagonal mass below double resolution of the diagonal: further rotations change nothing.
            if (off <= 1e-32 * diag || off == 0) break;
            rotate(0, 1);
            rotate(0, 2);
            rotate(1, 2);
        }
        order[0] = 0;
        order[1] = 1;
        order[2] = 2;
        for (int i = 1; i < 3; i++) {
            for (int j = i; j > 0 && a[4 * order[j]] < a[4 * order[j - 1]]; j--) {
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        }
    }

    /** The k-th smallest eigenvalue. */
    double value(int k) {
        return a[4 * order[k]];
    }

    /** Component c (0 = x, 1 = y, 2 = z) of the unit eigenvector of the k-th smallest eigenvalue. */
    double vector(int k, int c) {
        return v[3 * c + order[k]];
    }

    /** One Jacobi rotation in the (p, q) plane that zeroes a[p][q]: A <- J^T A J, V <- V J. */
    private void rotate(int p, int q) {
        double apq = a[3 * p + q];
        if (apq == 0) return;
        double theta = (a[3 * q + q] - a[3 * p + p]) / (2 * apq);
        // tan of the rotation angle, the smaller root of t^2 + 2 theta t - 1 = 0 (stable for large theta)
        double t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < 3; k++) {
            double akp = a[3 * k + p], akq = a[3 * k + q];
            a[3 * k + p] = c * akp - s * akq;
            a[3 * k + q] = s * akp + c * akq;
        }
        for (int k = 0; k < 3; k++) {
            double apk = a[3 * p + k], aqk = a[3 * q + k];
            a[3 * p + k] = c * apk - s * aqk;
            a[3 * q + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < 3; k++) {
            double vkp = v[3 * k + p], vkq = v[3 * k + q];
            v[3 * k + p] = c * vkp - s * vkq;
            v[3 * k + q] = s * vkp + c * vkq;
        }
    }
}
