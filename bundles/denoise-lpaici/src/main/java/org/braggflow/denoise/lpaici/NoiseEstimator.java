package org.braggflow.denoise.lpaici;

import java.util.Arrays;
import org.braggflow.spatial.KdTree;
import org.braggflow.spatial.Neighbours;
import org.braggflow.spatial.NeighboursInTurn;

/**
 * Estimates of the two numbers LPA-ICI needs when the user leaves them at 0: the noise level sigma
 * across the surface and the surface density, both in cloud units.
 *
 * <p>sigma: each point's distance to the plane fitted (PCA) to its {@value #SIGMA_NEIGHBOURS}
 * nearest neighbours, itself excluded. For Gaussian noise the median of |N(0, s^2)| is 0.6745 s,
 * and the residual of a point left out of a fit of k points near their centroid has variance about
 * sigma^2 (1 + 1/k). Few neighbours keep curvature out of the residual; the median keeps outliers
 * out of the estimate.
 *
 * <p>density: the area pi r_k^2 of the disc reaching the k-th nearest neighbour. On a surface with
 * density rho, rho times that area follows a Gamma(k, 1) law whose median is about k - 1/3. Noise
 * of sigma across the surface makes a ball of radius r meet the surface in a disc of radius squared
 * about r^2 - 2 sigma^2, hence the correction (capped at half the disc, beyond which the cloud is
 * more a volume than a surface).
 *
 * <p>Both are medians over at most {@value #SAMPLE} points, taken at a fixed stride, so large clouds
 * cost little and results repeat. They assume a surface-like cloud: for a volume-filling cloud the
 * numbers say how thick and how sparse it is, not how noisy.
 */
final class NoiseEstimator {

    static final int SIGMA_NEIGHBOURS = 16;
    static final int DENSITY_NEIGHBOURS = 30;
    static final int SAMPLE = 20_000;
    /** Neighbours searched for the nearest distinct one: a few duplicates per point are skipped. */
    static final int SPACING_NEIGHBOURS = 8;

    /** Median of |N(0, 1)|. */
    private static final double HALF_NORMAL_MEDIAN = 0.6744897501960817;

    private NoiseEstimator() {
    }

    /** Noise standard deviation across the surface, in cloud units; 0 for fewer than 5 points. */
    static double sigma(float[] xyz) {
        int n = xyz.length / 3;
        int k = Math.min(SIGMA_NEIGHBOURS, n - 1);
        if (k < 4) return 0;
        NeighboursInTurn near = new NeighboursInTurn(xyz, new KdTree(xyz), k, false);
        LocalFrame frame = new LocalFrame(xyz, k);
        int stride = Math.max(1, n / SAMPLE);
        double[] residual = new double[(n + stride - 1) / stride];
        int r = 0;
        for (int i = 0; i < n; i += stride) {
            frame.localFrame(i, near.of(i));
            // the point is at the origin of its frame: its distance to the plane through the centroid
            residual[r++] = frame.planeResidual();
        }
        return median(residual, r) / HALF_NORMAL_MEDIAN / Math.sqrt(1 + 1.0 / k);
    }

    /**
     * Points per unit surface area in cloud units, for a cloud with noise sigma across its surface;
     * 0 for clouds too small to tell.
     */
    static double density(float[] xyz, double sigma) {
        int n = xyz.length / 3;
        int k = Math.min(DENSITY_NEIGHBOURS, n - 1);
        if (k < 4) return 0;
        NeighboursInTurn near = new NeighboursInTurn(xyz, new KdTree(xyz), k, false);
        int stride = Math.max(1, n / SAMPLE);
        double[] area = new double[(n + stride - 1) / stride];
        int r = 0;
        for (int i = 0; i < n; i += stride) {
            Neighbours nb = near.of(i);
            double r2 = nb.distanceSquared(k - 1);
            // The correction is only meant for noise well below the spacing; never let it take more than half.
            area[r++] = Math.PI * Math.max(r2 - 2 * sigma * sigma, 0.5 * r2);
        }
        double medianArea = median(area, r);
        return medianArea > 0 ? (k - 1.0 / 3) / medianArea : 0;
    }

    /**
     * The cloud's point spacing: the median over sampled points of the distance to the nearest point
     * at a positive distance (duplicates skipped, so a cloud with repeated points still has a
     * spacing); 0 for fewer than 2 distinct points. On a voxel cloud this is the detector pixel, 1.
     */
    static double spacing(float[] xyz) {
        int n = xyz.length / 3;
        if (n < 2) return 0;
        int k = Math.min(SPACING_NEIGHBOURS, n - 1);
        NeighboursInTurn near = new NeighboursInTurn(xyz, new KdTree(xyz), k, false);
        int stride = Math.max(1, n / SAMPLE);
        double[] distance = new double[(n + stride - 1) / stride];
        int r = 0;
        for (int i = 0; i < n; i += stride) {
            Neighbours nb = near.of(i);
            for (int j = 0; j < nb.size(); j++) {
                double d2 = nb.distanceSquared(j);
                if (d2 > 0) {
                    distance[r++] = Math.sqrt(d2);
                    break;
                }
            }
        }
        return r == 0 ? 0 : median(distance, r);
    }

    private static double median(double[] values, int count) {
        double[] v = Arrays.copyOf(values, count);
        Arrays.sort(v);
        return count % 2 == 1 ? v[count / 2] : 0.5 * (v[count / 2 - 1] + v[count / 2]);
    }
}
