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

    private final SymmetricEigen3 eigen = new SymmetricEigen3();

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

    /** Fits the frame of point {@code i} of {@code xyz} from the neighbours found for it. */
    void localFrame(float[] xyz, int i, Neighbours neighbours) {
        ox = xyz[3 * i];
        oy = xyz[3 * i + 1];
        oz = xyz[3 * i + 2];
        int m = neighbours.size();
        // Covariance about the neighbours' centroid; offsets from the point keep the sums small.
        double sx = 0, sy = 0, sz = 0, sxx = 0, sxy = 0, sxz = 0, syy = 0, syz = 0, szz = 0;
        for (int k = 0; k < m; k++) {
            int j = 3 * neighbours.index(k);
            double dx = xyz[j] - ox, dy = xyz[j + 1] - oy, dz = xyz[j + 2] - oz;
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
            double mx = sx / m, my = sy / m, mz = sz / m;
            cx = mx;
            cy = my;
            cz = mz;
            eigen.decompose(sxx / m - mx * mx, sxy / m - mx * my, sxz / m - mx * mz,
                    syy / m - my * my, syz / m - my * mz, szz / m - mz * mz);
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
