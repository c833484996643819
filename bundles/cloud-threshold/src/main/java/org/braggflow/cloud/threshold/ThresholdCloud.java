package org.braggflow.cloud.threshold;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.scan.PositionVolume;

/**
 * Volume to point cloud (docs/method.md, section 2): every voxel above the threshold becomes the point
 * (det_row, det_col, angle_index x angleScale), optionally with its clipped intensity.
 */
final class ThresholdCloud {

    private ThresholdCloud() {
    }

    /** The threshold or clip value in intensity units for this volume. */
    static double absolute(ThresholdMode mode, double value, PositionVolume v) {
        return switch (mode) {
            case ABSOLUTE -> value;
            case FRACTION_OF_MAX -> value * max(v.intensity());
            case BACKGROUND_MULTIPLE -> value * background(v.intensity());
        };
    }

    static double max(float[] values) {
        double m = 0;
        for (float f : values) if (f > m) m = f;
        return m;
    }

    /** Background level: the median voxel (most voxels of a volume are background), or the mean when that is 0. */
    static double background(float[] values) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        if (median > 0) return median;
        double sum = 0;
        for (float f : values) sum += f;
        return values.length == 0 ? 0 : sum / values.length;
    }

    static PointCloud build(PositionVolume v, ThresholdParameters p) {
        double threshold = absolute(p.mode(), p.threshold(), v);
        double clip = p.clip() > 0 ? absolute(p.mode(), p.clip(), v) : Double.POSITIVE_INFINITY;
        float[] data = v.intensity();
        int count = 0;
        for (float f : data) if (f > threshold) count++;
        float[] xyz = new float[3 * count];
        float[] intensity = p.keepIntensity() ? new float[count] : null;
        int j = 0;
        int plane = v.detRows() * v.detCols();
        double angleScale = p.angleScale();   // read once: each parameter read goes through the declaration's proxy
        for (int i = 0; i < data.length; i++) {
            if (!(data[i] > threshold)) continue;
            int angle = i / plane, rest = i % plane;
            xyz[3 * j] = rest / v.detCols();
            xyz[3 * j + 1] = rest % v.detCols();
            xyz[3 * j + 2] = (float) (angle * angleScale);
            if (intensity != null) intensity[j] = (float) Math.min(data[i], clip);
            j++;
        }
        PointCloud cloud = new PointCloud(v.row(), v.col(), xyz, intensity);
        return p.maxPoints() > 0 && count > p.maxPoints() ? subsample(cloud, p.maxPoints(), p.seed()) : cloud;
    }

    /** A seeded random subset of exactly {@code target} points, in their original order. */
    static PointCloud subsample(PointCloud cloud, int target, long seed) {
        int n = cloud.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        // the seed is mixed with the position so neighbouring positions draw different subsets
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + cloud.row() * 100_003L + cloud.col());
        for (int i = 0; i < target; i++) {
            int k = i + r.nextInt(n - i);
            int t = order[i];
            order[i] = order[k];
            order[k] = t;
        }
        boolean[] keep = new boolean[n];
        for (int i = 0; i < target; i++) keep[order[i]] = true;
        return cloud.select(keep);
    }
}
