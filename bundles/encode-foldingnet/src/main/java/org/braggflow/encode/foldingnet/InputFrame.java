package org.braggflow.encode.foldingnet;

import java.util.Arrays;
import java.util.List;
import org.braggflow.api.cloud.PointCloud;

/**
 * What a model does to a cloud before its network sees it: where the cloud is centred, the one length
 * all clouds are divided by, and how short clouds are filled up. Stored in the model, so encoding uses
 * exactly what training used.
 *
 * @param legacy true for models saved before the frame existed (and imported checkpoints): raw
 *               coordinates, duplicate padding, sampling seeded by the coordinates, as before
 */
record InputFrame(Centre centre, double scale, Padding padding, boolean legacy) {

    /** The behaviour of models that do not record a frame. */
    static final InputFrame LEGACY = new InputFrame(Centre.NONE, 1, Padding.REPEAT, true);

    InputFrame {
        if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("scale must be positive and finite, not " + scale);
    }

    /**
     * The frame measured on training clouds: with {@link Scale#GLOBAL} the scale is the median over the
     * clouds of the RMS distance of their points from their centre (from their centroid when
     * {@code centre} is none), or 1 when every cloud is a single point.
     */
    static InputFrame measure(List<PointCloud> clouds, Centre centre, Scale scale, Padding padding) {
        if (scale == Scale.NONE) return new InputFrame(centre, 1, padding, false);
        double[] radii = new double[clouds.size()];
        for (int i = 0; i < radii.length; i++) {
            PointCloud c = clouds.get(i);
            radii[i] = rmsRadius(c.xyz(), centre(c, centre == Centre.NONE ? Centre.CENTROID : centre));
        }
        Arrays.sort(radii);
        int n = radii.length;
        double median = n % 2 == 1 ? radii[n / 2] : (radii[n / 2 - 1] + radii[n / 2]) / 2;
        return new InputFrame(centre, median > 0 ? median : 1, padding, false);
    }

    /** The cloud's centre in its own coordinates under this frame's rule (the origin for none). */
    double[] centreOf(PointCloud cloud) {
        return centre(cloud, centre);
    }

    /** Moves {@code xyz} (a sample of {@code cloud}) in place: minus the centre, divided by the scale. */
    void apply(double[] xyz, double[] origin) {
        if (centre == Centre.NONE && scale == 1) return;
        double inv = 1 / scale;
        for (int i = 0; i < xyz.length; i += 3) {
            xyz[i] = (xyz[i] - origin[0]) * inv;
            xyz[i + 1] = (xyz[i + 1] - origin[1]) * inv;
            xyz[i + 2] = (xyz[i + 2] - origin[2]) * inv;
        }
    }

    /**
     * Centre of a cloud. Intensity weights below zero (over-subtracted background) count as zero; a
     * cloud whose weights sum to zero falls back to its centroid.
     */
    static double[] centre(PointCloud cloud, Centre rule) {
        if (rule == Centre.NONE) return new double[3];
        float[] xyz = cloud.xyz();
        int n = cloud.size();
        if (n == 0) return new double[3];
        float[] w = rule == Centre.INTENSITY ? cloud.intensity() : null;
        double sx = 0, sy = 0, sz = 0, sw = 0;
        if (w != null) {
            for (int i = 0; i < n; i++) {
                double wi = Math.max(0, w[i]);
                sx += wi * xyz[3 * i];
                sy += wi * xyz[3 * i + 1];
                sz += wi * xyz[3 * i + 2];
                sw += wi;
            }
        }
        if (!(sw > 0)) {
            sx = sy = sz = 0;
            for (int i = 0; i < n; i++) {
                sx += xyz[3 * i];
                sy += xyz[3 * i + 1];
                sz += xyz[3 * i + 2];
            }
            sw = n;
        }
        return new double[] {sx / sw, sy / sw, sz / sw};
    }

    /** Root-mean-square distance of the points from {@code origin}. */
    static double rmsRadius(float[] xyz, double[] origin) {
        int n = xyz.length / 3;
        if (n == 0) return 0;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double dx = xyz[3 * i] - origin[0], dy = xyz[3 * i + 1] - origin[1], dz = xyz[3 * i + 2] - origin[2];
            s += dx * dx + dy * dy + dz * dz;
        }
        return Math.sqrt(s / n);
    }
}
