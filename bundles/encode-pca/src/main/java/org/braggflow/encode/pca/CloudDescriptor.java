package org.braggflow.encode.pca;

import org.braggflow.api.cloud.PointCloud;

/**
 * The fixed-length descriptor of a cloud on a grid fixed at training time (see {@link PcaEncoder}):
 * <ol>
 * <li>{@code bins^3} values: the occupancy histogram of the points centred on their centroid, each
 * point spread over its 8 nearest cell centres by trilinear weights and counted 1/n, so the values
 * sum to 1. Points beyond the grid count in its border cells: a broad peak piles mass there rather
 * than losing it;</li>
 * <li>if present, the 6 second moments xx, yy, zz, xy, xz, yz of the centred points, each divided by
 * the two axes' cell edges, times the moment block's scale;</li>
 * <li>if present, the centroid divided by the cell edges, times the position block's scale.</li>
 * </ol>
 * Every sum runs over the points in double precision; sums in another order differ only in the
 * last bits, so the descriptor does not depend on the order of the points to float precision.
 * Intensities are not used (as by FoldingNet): the points are the voxels above threshold.
 */
final class CloudDescriptor {

    final PcaConfig config;
    /** Cell edge per axis, in the cloud's units. */
    final float[] cell;
    /** Scale of the moment block and of the position block (0 when the block is absent). */
    final float momentScale;
    final float positionScale;

    CloudDescriptor(PcaConfig config, float[] cell, float momentScale, float positionScale) {
        if (cell.length != 3) throw new IllegalArgumentException("need 3 cell edges, not " + cell.length);
        for (float h : cell) {
            if (!(h > 0) || !Float.isFinite(h)) throw new IllegalArgumentException("cell edge must be positive, not " + h);
        }
        this.config = config;
        this.cell = cell.clone();
        this.momentScale = config.hasMoments() ? momentScale : 0;
        this.positionScale = config.hasPosition() ? positionScale : 0;
    }

    /**
     * Cell edges from the training clouds: per axis {@code cellSigmas} times the pooled within-cloud
     * standard deviation (root mean over clouds of each cloud's variance about its centroid, so each
     * cloud weighs the same whatever its point count). An axis on which no cloud spreads gets edge 1.
     */
    static float[] cellEdges(Iterable<PointCloud> clouds, double cellSigmas) {
        double[] variance = new double[3];
        int counted = 0;
        for (PointCloud c : clouds) {
            int n = c.size();
            if (n == 0) continue;
            double[] mean = centroid(c);
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < 3; a++) {
                    double d = c.xyz()[3 * i + a] - mean[a];
                    variance[a] += d * d / n;
                }
            }
            counted++;
        }
        float[] cell = new float[3];
        for (int a = 0; a < 3; a++) {
            double sigma = counted == 0 ? 0 : Math.sqrt(variance[a] / counted);
            float h = (float) (cellSigmas * sigma);
            cell[a] = h > 0 && Float.isFinite(h) ? h : 1f;
        }
        return cell;
    }

    static double[] centroid(PointCloud c) {
        double[] m = new double[3];
        int n = c.size();
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < 3; a++) m[a] += c.xyz()[3 * i + a];
        }
        for (int a = 0; a < 3; a++) m[a] /= Math.max(n, 1);
        return m;
    }

    /** The descriptor of one cloud, {@link PcaConfig#descriptorLength()} values; all zero for an empty cloud. */
    double[] of(PointCloud c) {
        double[] out = new double[config.descriptorLength()];
        int n = c.size();
        if (n == 0) return out;
        double[] mean = centroid(c);
        int b = config.bins();
        double half = (b - 1) / 2.0;
        double weight = 1.0 / n;
        double[] second = new double[PcaConfig.MOMENTS];
        float[] xyz = c.xyz();
        int[] i0 = new int[3];
        double[] f = new double[3];
        for (int i = 0; i < n; i++) {
            double dx = xyz[3 * i] - mean[0], dy = xyz[3 * i + 1] - mean[1], dz = xyz[3 * i + 2] - mean[2];
            second[0] += dx * dx;
            second[1] += dy * dy;
            second[2] += dz * dz;
            second[3] += dx * dy;
            second[4] += dx * dz;
            second[5] += dy * dz;
            cellOf(dx / cell[0] + half, b, 0, i0, f);
            cellOf(dy / cell[1] + half, b, 1, i0, f);
            cellOf(dz / cell[2] + half, b, 2, i0, f);
            for (int corner = 0; corner < 8; corner++) {
                int ox = corner >> 2, oy = (corner >> 1) & 1, oz = corner & 1;
                double w = weight * (ox == 0 ? 1 - f[0] : f[0]) * (oy == 0 ? 1 - f[1] : f[1]) * (oz == 0 ? 1 - f[2] : f[2]);
                out[((i0[0] + ox) * b + i0[1] + oy) * b + i0[2] + oz] += w;
            }
        }
        int at = config.histogramLength();
        if (config.hasMoments()) {
            int[][] axes = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
            for (int m = 0; m < PcaConfig.MOMENTS; m++) {
                double raw = second[m] / n / ((double) cell[axes[m][0]] * cell[axes[m][1]]);
                out[at++] = raw * momentScale;
            }
        }
        if (config.hasPosition()) {
            for (int a = 0; a < 3; a++) out[at++] = mean[a] / cell[a] * positionScale;
        }
        return out;
    }

    /**
     * Lower cell index and trilinear fraction of grid coordinate {@code u} (cell centres at 0 .. b-1),
     * clamped onto the grid so outlying points count in the border cells.
     */
    private static void cellOf(double u, int b, int axis, int[] i0, double[] f) {
        double clamped = Math.min(Math.max(u, 0), b - 1);
        int i = Math.min((int) clamped, b - 2);
        i0[axis] = i;
        f[axis] = clamped - i;
    }
}
