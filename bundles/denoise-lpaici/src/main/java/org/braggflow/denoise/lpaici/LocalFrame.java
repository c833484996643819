package org.braggflow.denoise.lpaici;

import org.braggflow.spatial.Neighbours;

/**
 * The local coordinate frame of one point (docs/method.md, section 3, "local frame from PCA"): the principal
 * axes of its nearest neighbours. The normal is the axis of least spread, the tangent axes the other
 * two; coordinates are taken relative to the point itself, so the point sits at the origin, at the
 * shared corner of its four directional neighbourhoods. The signs of the axes are arbitrary, which is
 * harmless: the four quadrants together are symmetric and estimates are offsets along the normal.
 * Mutable and reused point after point; one instance per thread.
 */
final class LocalFrame {

    /** Bits of a grid coordinate: the cloud's largest magnitude is below 2^GRID_BITS grid steps. */
    private static final int GRID_BITS = 24;

    private final SymmetricEigen3 eigen = new SymmetricEigen3();
    private final float[] xyz;
    private final int[] grid;      // each coordinate in steps of the grid, rounded
    private final double step;     // the grid's step in cloud units

    /** Origin: the point. */
    double ox, oy, oz;
    /** First tangent axis (largest spread). */
    double ux, uy, uz;
    /** Second tangent axis. */
    double vx, vy, vz;
    /** Normal (smallest spread). */
    double nx, ny, nz;
    /** The neighbours' centroid relative to the point. */
    double cx, cy, cz;

    /**
     * Frames for the points of one cloud, each from at most {@code maxNeighbours} neighbours.
     *
     * <p>The neighbours' sums are taken exactly, in integers on a grid, so a frame depends on the set of
     * neighbours and not on the order they come in: a neighbour search need not sort them (a third of
     * its time), and two searches that find the same set in another order give the same frame to the
     * bit. The grid's step is the float spacing (ulp) at the cloud's largest coordinate, so coordinates
     * of that size lie on it and smaller ones move by at most half a step, about 3e-8 of the cloud's
     * extent; it is made coarser only where so many neighbours' squared offsets could overflow a long
     * (beyond 8192).
     */
    LocalFrame(float[] xyz, int maxNeighbours) {
        this.xyz = xyz;
        float largest = 0;
        for (float c : xyz) largest = Math.max(largest, Math.abs(c));
        // offsets are below 2^(GRID_BITS + 1) steps, squares below 2^(2 GRID_BITS + 2); a sum of m of them
        // must stay below 2^63
        int spare = 63 - (2 * GRID_BITS + 2) - 1;
        int coarser = Math.max(0, (64 - Long.numberOfLeadingZeros(Math.max(1, maxNeighbours)) - spare + 1) / 2);
        int exponent = largest > 0 && Float.isFinite(largest) ? Math.getExponent(largest) + 1 : 0;
        step = Math.scalb(1.0, exponent - GRID_BITS + coarser);
        grid = new int[xyz.length];
        for (int c = 0; c < xyz.length; c++) grid[c] = (int) Math.rint(xyz[c] / step);
    }

    /** Fits the frame of point {@code i} from the neighbours found for it (in any order). */
    void localFrame(int i, Neighbours neighbours) {
        ox = xyz[3 * i];
        oy = xyz[3 * i + 1];
        oz = xyz[3 * i + 2];
        int m = neighbours.size();
        int gx = grid[3 * i], gy = grid[3 * i + 1], gz = grid[3 * i + 2];
        // Covariance about the neighbours' centroid; offsets from the point keep the sums small.
        long sx = 0, sy = 0, sz = 0, sxx = 0, sxy = 0, sxz = 0, syy = 0, syz = 0, szz = 0;
        for (int k = 0; k < m; k++) {
            int j = 3 * neighbours.index(k);
            long dx = grid[j] - gx, dy = grid[j + 1] - gy, dz = grid[j + 2] - gz;
            sx += dx;
            sy += dy;
            sz += dz;
            sxx += dx * dx;
            sxy += dx * dy;
            sxz += dx * dz;
            syy += dy * dy;
            syz += dy * dz;
            szz += dz * dz;
        }
        if (m == 0) {
            cx = cy = cz = 0;
            eigen.decompose(0, 0, 0, 0, 0, 0);
        } else {
            double h = step, h2 = step * step;
            double mx = sx * h / m, my = sy * h / m, mz = sz * h / m;
            cx = mx;
            cy = my;
            cz = mz;
            eigen.decompose(sxx * h2 / m - mx * mx, sxy * h2 / m - mx * my, sxz * h2 / m - mx * mz,
                    syy * h2 / m - my * my, syz * h2 / m - my * mz, szz * h2 / m - mz * mz);
        }
        nx = eigen.vector(0, 0);
        ny = eigen.vector(0, 1);
        nz = eigen.vector(0, 2);
        vx = eigen.vector(1, 0);
        vy = eigen.vector(1, 1);
        vz = eigen.vector(1, 2);
        ux = eigen.vector(2, 0);
        uy = eigen.vector(2, 1);
        uz = eigen.vector(2, 2);
    }

    /** Distance of the point from the plane through the neighbours' centroid with this frame's normal. */
    double planeResidual() {
        return Math.abs(cx * nx + cy * ny + cz * nz);
    }
}
