package org.braggflow.denoise.lpaici;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigen3Test {

    /** Checks A v = lambda v, orthonormal vectors and ascending values. */
    private static void checkDecomposition(double[][] a) {
        SymmetricEigen3 e = new SymmetricEigen3();
        e.decompose(a[0][0], a[0][1], a[0][2], a[1][1], a[1][2], a[2][2]);
        double scale = 1e-12 * Math.max(1, Math.abs(a[0][0]) + Math.abs(a[1][1]) + Math.abs(a[2][2])
                + Math.abs(a[0][1]) + Math.abs(a[0][2]) + Math.abs(a[1][2]));
        for (int k = 0; k < 3; k++) {
            if (k > 0) assertTrue(e.value(k - 1) <= e.value(k), "ascending");
            for (int r = 0; r < 3; r++) {
                double av = 0;
                for (int c = 0; c < 3; c++) av += a[r][c] * e.vector(k, c);
                assertEquals(e.value(k) * e.vector(k, r), av, 10 * scale, "A v = lambda v");
            }
            for (int l = 0; l < 3; l++) {
                double dot = 0;
                for (int c = 0; c < 3; c++) dot += e.vector(k, c) * e.vector(l, c);
                assertEquals(k == l ? 1 : 0, dot, 1e-12, "orthonormal");
            }
        }
    }

    @Test
    void randomSymmetricMatricesAreDecomposed() {
        Random r = new Random(1);
        for (int t = 0; t < 2000; t++) {
            double[][] a = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = i; j < 3; j++) {
                    a[i][j] = a[j][i] = (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(7) - 3);
                }
            }
            checkDecomposition(a);
        }
    }

    @Test
    void covarianceOfAFlatPatchHasItsNormalLast() {
        // Points spread 10 along x, 4 along y and 0.1 along z, rotated: the normal is the rotated z.
        double c = Math.cos(0.7), s = Math.sin(0.7);
        double[][] rot = {{c, -s, 0}, {s * c, c * c, -s}, {s * s, c * s, c}};
        double[] spread = {100, 16, 0.01};
        double[][] a = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) a[i][j] += rot[i][k] * spread[k] * rot[j][k];
            }
        }
        checkDecomposition(a);
        SymmetricEigen3 e = new SymmetricEigen3();
        e.decompose(a[0][0], a[0][1], a[0][2], a[1][1], a[1][2], a[2][2]);
        assertEquals(0.01, e.value(0), 1e-12);
        assertEquals(16, e.value(1), 1e-12);
        assertEquals(100, e.value(2), 1e-12);
        double along = 0;
        for (int i = 0; i < 3; i++) along += e.vector(0, i) * rot[i][2];
        assertEquals(1, Math.abs(along), 1e-12);
    }

    @Test
    void repeatedAndZeroEigenvaluesAreHandled() {
        checkDecomposition(new double[][] {{2, 0, 0}, {0, 2, 0}, {0, 0, 2}});
        checkDecomposition(new double[][] {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}});
        checkDecomposition(new double[][] {{1, 1, 0}, {1, 1, 0}, {0, 0, 0}});
        SymmetricEigen3 e = new SymmetricEigen3();
        e.decompose(3, 0, 0, 1, 0, 2);
        assertEquals(1, e.value(0));
        assertEquals(2, e.value(1));
        assertEquals(3, e.value(2));
        assertEquals(1, Math.abs(e.vector(0, 1)));
    }
}
