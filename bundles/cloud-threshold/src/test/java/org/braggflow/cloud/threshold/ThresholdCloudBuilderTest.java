package org.braggflow.cloud.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.stage.ParameterSpec;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;

class ThresholdCloudBuilderTest {

    private final ThresholdCloudBuilder stage = new ThresholdCloudBuilder();

    private Parameters params(Map<String, Object> values) {
        return Parameters.of(StageDescriptor.of("cloud", "threshold", stage), values);
    }

    /** 3 angles x 4 x 5 volume of background 1 with three bright voxels of known place. */
    private static PositionVolume volume() {
        float[] v = new float[3 * 4 * 5];
        java.util.Arrays.fill(v, 1f);
        v[(1 * 4 + 2) * 5 + 3] = 100f;  // angle 1, row 2, col 3
        v[(2 * 4 + 0) * 5 + 4] = 50f;   // angle 2, row 0, col 4
        v[(0 * 4 + 3) * 5 + 0] = 8f;    // angle 0, row 3, col 0
        return new PositionVolume(6, 7, 3, 4, 5, v);
    }

    @Test
    void voxelsAboveAFractionOfTheMaximumBecomePointsAtTheirIndices() {
        PointCloud c = stage.build(volume(), null, params(Map.of("threshold", 0.2, "keepIntensity", true, "clip", 0.6)));
        assertEquals(2, c.size());
        assertEquals(6, c.row());
        assertEquals(7, c.col());
        // voxels are visited in storage order: (angle 1, 2, 3) before (angle 2, 0, 4)
        assertEquals(2f, c.x(0));
        assertEquals(3f, c.y(0));
        assertEquals(10f, c.z(0));
        assertEquals(0f, c.x(1));
        assertEquals(4f, c.y(1));
        assertEquals(20f, c.z(1));
        assertEquals(60f, c.intensity()[0], "clipped at 0.6 x max");
        assertEquals(50f, c.intensity()[1]);
    }

    @Test
    void absoluteAndBackgroundModesReadTheThresholdInTheirUnits() {
        assertEquals(3, stage.build(volume(), null, params(Map.of("mode", "absolute", "threshold", 5))).size());
        // background (median) is 1, so 10 x background keeps the voxels above 10
        PointCloud c = stage.build(volume(), null, params(Map.of("mode", "background-multiple", "threshold", 10)));
        assertEquals(2, c.size());
        assertNull(c.intensity());
    }

    @Test
    void capSubsamplesRepeatably() {
        PointCloud a = stage.build(volume(), null, params(Map.of("mode", "absolute", "threshold", 0.5, "maxPoints", 10)));
        PointCloud b = stage.build(volume(), null, params(Map.of("mode", "absolute", "threshold", 0.5, "maxPoints", 10)));
        assertEquals(10, a.size());
        assertEquals(java.util.Arrays.toString(a.xyz()), java.util.Arrays.toString(b.xyz()));
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < a.size(); i++) distinct.add(a.x(i) + "," + a.y(i) + "," + a.z(i));
        assertEquals(10, distinct.size(), "no point drawn twice");
    }

    @Test
    void everyParameterHasADocAndAValidDefault() {
        for (ParameterSpec p : StageDescriptor.specs(stage.parameterType())) {
            assertFalse(p.doc().isBlank(), p.name());
            assertEquals(p.defaultValue(), p.convert(p.defaultValue()), p.name());
        }
    }

    /**
     * A 9 x 16 x 16 volume of Poisson counts: a Gaussian peak of 200 counts at the centre over a
     * background of 0.02 counts per voxel, so most voxels are 0 and a few background voxels hold 1.
     */
    private static PositionVolume countVolume() {
        java.util.Random r = new java.util.Random(3);
        int angles = 9, rows = 16, cols = 16;
        float[] v = new float[angles * rows * cols];
        for (int a = 0; a < angles; a++) {
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    double q = (a - 4) * (a - 4) / 2.0 + (y - 8) * (y - 8) / 9.0 + (x - 7) * (x - 7) / 16.0;
                    double mean = 200 * Math.exp(-0.5 * q) + 0.02;
                    // Poisson by Knuth's product method (means here are at most 200)
                    double limit = Math.exp(-mean), p = 1;
                    int k = -1;
                    do {
                        k++;
                        p *= r.nextDouble();
                    } while (p > limit);
                    v[(a * rows + y) * cols + x] = k;
                }
            }
        }
        return new PositionVolume(0, 0, angles, rows, cols, v);
    }

    @Test
    void withoutACapTheCloudIsEveryVoxelAboveTheThresholdOnce() {
        PositionVolume volume = countVolume();
        float[] data = volume.intensity();
        for (String mode : new String[] {"absolute", "fraction-of-max"}) {
            double threshold = mode.equals("absolute") ? 1e-4 : 0.05;
            double inUnits = mode.equals("absolute") ? threshold : threshold * ThresholdCloud.max(data);
            PointCloud c = stage.build(volume, null, params(Map.of("mode", mode, "threshold", threshold, "angleScale", 1)));
            int above = 0;
            for (float f : data) if (f > inUnits) above++;
            Set<String> distinct = new HashSet<>();
            for (int i = 0; i < c.size(); i++) {
                distinct.add(c.x(i) + "," + c.y(i) + "," + c.z(i));
                float value = data[((int) c.z(i) * 16 + (int) c.x(i)) * 16 + (int) c.y(i)];
                assertTrue(value > inUnits, mode + ": point " + i + " holds " + value);
            }
            System.out.printf("cloud/threshold %s %s: %d points, %d distinct, %d voxels above it of %d%n",
                    mode, threshold, c.size(), distinct.size(), above, data.length);
            assertEquals(above, c.size(), mode);
            assertEquals(above, distinct.size(), mode + ": no voxel twice");
        }
    }

    @Test
    void theAuthorsAbsoluteThresholdOnCountsKeepsEveryNonZeroVoxel() {
        // 1e-4 is below any positive count: the cloud is every voxel that holds a count, tails and
        // stray background counts included, as the authors' clouds were.
        PositionVolume volume = countVolume();
        int nonZero = 0;
        for (float f : volume.intensity()) if (f > 0) nonZero++;
        PointCloud authors = stage.build(volume, null, params(Map.of("mode", "absolute", "threshold", 1e-4)));
        PointCloud core = stage.build(volume, null, params(Map.of()));
        assertEquals(nonZero, authors.size());
        assertTrue(core.size() < authors.size());
        System.out.printf("cloud/threshold on counts: absolute 1e-4 keeps %d voxels (all non-zero), fraction-of-max 0.05 %d%n",
                authors.size(), core.size());
    }
}
