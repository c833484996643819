package org.braggflow.denoise.lpaici;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.braggflow.spatial.KdTree;
import org.braggflow.spatial.Neighbours;
import org.braggflow.spatial.NeighboursInTurn;
import org.junit.jupiter.api.Test;

/**
 * A frame's sums are taken on a grid in integers: it must depend on the neighbours found and not on
 * their order, and it must be the frame of the covariance taken in doubles, up to the grid.
 */
class LocalFrameTest {

    @Test
    void theFrameIsTheSameToTheBitWhateverOrderTheNeighboursComeIn() {
        // a sphere far from the origin (coordinates ~1000, so the grid step is 2^-14), and a cloud of voxels
        float[] sphere = TestSurfaces.sphere(12, 1, 0.4, 3).xyz();
        for (int c = 0; c < sphere.length; c++) sphere[c] += 1000 + c % 3;
        float[] voxels = TestBlobs.braggPeak(new double[] {3, 4, 3}, 800, 5, 0.05, 4);
        for (float[] xyz : new float[][] {sphere, voxels}) {
            KdTree tree = new KdTree(xyz);
            NeighboursInTurn sorted = new NeighboursInTurn(xyz, tree, 50, true, true);
            NeighboursInTurn unsorted = new NeighboursInTurn(xyz, tree, 50, true, false);
            LocalFrame a = new LocalFrame(xyz, 50), b = new LocalFrame(xyz, 50);
            int n = xyz.length / 3, reordered = 0;
            for (int i = 0; i < n; i++) {
                Neighbours first = sorted.of(i);
                a.localFrame(i, first);
                int leading = first.index(0);
                Neighbours second = unsorted.of(i);
                reordered += second.index(0) != leading ? 1 : 0;
                b.localFrame(i, second);
                double[] fa = axes(a), fb = axes(b);
                for (int c = 0; c < fa.length; c++) assertEquals(fa[c], fb[c], 0.0, "point " + i + ", component " + c);
                assertTrue(a.planeResidual() == b.planeResidual(), "point " + i + " residual");
            }
            assertTrue(reordered > n / 4, "the neighbours came in the same order for all but " + reordered + " of " + n + " points: nothing tested");
        }
    }

    @Test
    void theFrameIsTheCovariancesUpToTheGrid() {
        float[] sphere = TestSurfaces.sphere(12, 1, 0.4, 5).xyz();
        for (int c = 0; c < sphere.length; c++) sphere[c] += 300;
        KdTree tree = new KdTree(sphere);
        NeighboursInTurn near = new NeighboursInTurn(sphere, tree, 50, true, false);
        LocalFrame frame = new LocalFrame(sphere, 50);
        SymmetricEigen3 eigen = new SymmetricEigen3();
        int n = sphere.length / 3;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            Neighbours nb = near.of(i);
            frame.localFrame(i, nb);
            double[] m = new double[3], cov = new double[6];
            for (int k = 0; k < nb.size(); k++) for (int c = 0; c < 3; c++) m[c] += (double) sphere[3 * nb.index(k) + c] / nb.size();
            for (int k = 0; k < nb.size(); k++) {
                int j = 3 * nb.index(k);
                double x = sphere[j] - m[0], y = sphere[j + 1] - m[1], z = sphere[j + 2] - m[2];
                cov[0] += x * x; cov[1] += x * y; cov[2] += x * z; cov[3] += y * y; cov[4] += y * z; cov[5] += z * z;
            }
            eigen.decompose(cov[0], cov[1], cov[2], cov[3], cov[4], cov[5]);
            double dot = Math.abs(eigen.vector(0, 0) * frame.nx + eigen.vector(0, 1) * frame.ny + eigen.vector(0, 2) * frame.nz);
            worst = Math.max(worst, 1 - dot);
            assertEquals(m[0] - sphere[3 * i], frame.cx, 1e-6, "centroid x of point " + i);
        }
        // the grid moves coordinates by at most 2^-16 here (half a step at ~300), 1e-5 of the neighbours' spread
        assertTrue(worst < 1e-9, "normals differ by 1 - cos = " + worst);
    }

    private static double[] axes(LocalFrame f) {
        return new double[] {f.ux, f.uy, f.uz, f.vx, f.vy, f.vz, f.nx, f.ny, f.nz, f.cx, f.cy, f.cz};
    }
}
