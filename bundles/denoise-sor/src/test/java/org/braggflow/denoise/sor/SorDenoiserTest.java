package org.braggflow.denoise.sor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.ParameterSpec;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;

class SorDenoiserTest {

    /** Points on a noisy plane patch with a few far-away points planted. */
    private static float[] planeWithOutliers(int n, int outliers, long seed) {
        Random r = new Random(seed);
        float[] xyz = new float[3 * (n + outliers)];
        for (int i = 0; i < n; i++) {
            xyz[3 * i] = (float) (r.nextDouble() * 40);
            xyz[3 * i + 1] = (float) (r.nextDouble() * 40);
            xyz[3 * i + 2] = (float) (r.nextGaussian() * 0.3);
        }
        for (int i = n; i < n + outliers; i++) {
            xyz[3 * i] = (float) (r.nextDouble() * 40);
            xyz[3 * i + 1] = (float) (r.nextDouble() * 40);
            xyz[3 * i + 2] = (float) (15 + r.nextDouble() * 20);
        }
        return xyz;
    }

    /** The definition of docs/method.md, section 3, computed by brute force and independently of the kd-tree. */
    private static boolean[] bruteForceInliers(float[] xyz, int k, double t) {
        int n = xyz.length / 3;
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            double[] d = new double[n - 1];
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (j == i) continue;
                double dx = xyz[3 * i] - xyz[3 * j], dy = xyz[3 * i + 1] - xyz[3 * j + 1], dz = xyz[3 * i + 2] - xyz[3 * j + 2];
                d[m++] = Math.sqrt(dx * dx + dy * dy + dz * dz);
            }
            Arrays.sort(d);
            double s = 0;
            for (int j = 0; j < k; j++) s += d[j];
            mean[i] = s / k;
        }
        double avg = Arrays.stream(mean).average().orElseThrow();
        double var = Arrays.stream(mean).map(v -> (v - avg) * (v - avg)).sum() / (n - 1);
        double thr = avg + t * Math.sqrt(var);
        boolean[] keep = new boolean[n];
        for (int i = 0; i < n; i++) keep[i] = mean[i] <= thr;
        return keep;
    }

    @Test
    void inlierSetEqualsTheDefinitionComputedByBruteForce() {
        float[] xyz = planeWithOutliers(1500, 40, 11);
        assertArrayEquals(bruteForceInliers(xyz, 100, 0.8), StatisticalOutlierRemoval.inliers(xyz, 100, 0.8));
        assertArrayEquals(bruteForceInliers(xyz, 8, 2.0), StatisticalOutlierRemoval.inliers(xyz, 8, 2.0));
    }

    @Test
    void plantedOutliersAreRemovedAndThePlaneKept() {
        float[] xyz = planeWithOutliers(3000, 60, 5);
        SorDenoiser stage = new SorDenoiser();
        PointCloud out = stage.denoise(new PointCloud(3, 4, xyz, null),
                Parameters.of(StageDescriptor.of("denoiser", "sor", stage), Map.of("k", 20, "stdRatio", 1.0)));
        int planted = 0;
        for (int i = 0; i < out.size(); i++) if (out.z(i) > 10) planted++;
        assertEquals(0, planted, "every planted outlier is removed");
        assertTrue(out.size() > 2700, "most plane points stay, kept " + out.size());
        assertEquals(3, out.row());
        assertEquals(4, out.col());
    }

    @Test
    void tinyCloudsAreKeptWhole() {
        float[] xyz = {0, 0, 0, 1, 1, 1};
        assertArrayEquals(new boolean[] {true, true}, StatisticalOutlierRemoval.inliers(xyz, 100, 0.8));
        assertArrayEquals(new boolean[0], StatisticalOutlierRemoval.inliers(new float[0], 100, 0.8));
    }

    @Test
    void everyParameterHasADocAndAValidDefault() {
        for (ParameterSpec p : StageDescriptor.specs(new SorDenoiser().parameterType())) {
            assertFalse(p.doc().isBlank(), p.name());
            assertEquals(p.defaultValue(), p.convert(p.defaultValue()), p.name());
        }
    }
}
