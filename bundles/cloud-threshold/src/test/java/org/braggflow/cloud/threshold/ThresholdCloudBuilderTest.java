package org.braggflow.cloud.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
