package org.braggflow.denoise.lpaici;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MortonOrderTest {

    @Test
    void orderIsAPermutationAndRestoreUndoesIt() {
        float[] xyz = TestSurfaces.sphere(10, 1, 0.3, 1).xyz();
        int[] order = MortonOrder.of(xyz);
        boolean[] seen = new boolean[order.length];
        for (int i : order) {
            assertTrue(!seen[i], "index " + i + " twice");
            seen[i] = true;
        }
        assertArrayEquals(xyz, MortonOrder.restore(MortonOrder.permute(xyz, order), order));
    }

    @Test
    void consecutivePointsAreCloseInSpace() {
        float[] xyz = TestSurfaces.plane(60, 1, 0.5, 2).xyz();
        float[] ordered = MortonOrder.permute(xyz, MortonOrder.of(xyz));
        assertTrue(meanStep(ordered) < 0.1 * meanStep(xyz), "steps " + meanStep(ordered) + " vs " + meanStep(xyz));
    }

    @Test
    void degenerateCloudsKeepAValidOrder() {
        float[] same = new float[3 * 5];
        assertEquals(5, MortonOrder.of(same).length);
        assertEquals(0, MortonOrder.of(new float[0]).length);
    }

    @Test
    void denoisedPointsDoNotDependOnTheInputOrder() {
        float[] xyz = TestSurfaces.plane(30, 1, 0.5, 3).xyz();
        int n = xyz.length / 3;
        int[] shuffle = new int[n];
        for (int i = 0; i < n; i++) shuffle[i] = i;
        Random r = new Random(4);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = shuffle[i];
            shuffle[i] = shuffle[j];
            shuffle[j] = t;
        }
        LpaIciFilter filter = new LpaIciFilter(new LpaIciFilter.Settings(LpaIciFilter.scales(3, Math.sqrt(2), 4),
                1.5, 2, 1, 50, 6, 0.5, 3, AggregationWeight.NEIGHBOURHOOD));
        float[] direct = filter.denoise(xyz, 0.5, 1);
        float[] shuffled = filter.denoise(MortonOrder.permute(xyz, shuffle), 0.5, 1);
        assertArrayEquals(MortonOrder.permute(direct, shuffle), shuffled, 1e-4f);
    }

    private static double meanStep(float[] xyz) {
        double sum = 0;
        for (int i = 1; i < xyz.length / 3; i++) {
            double dx = xyz[3 * i] - xyz[3 * i - 3], dy = xyz[3 * i + 1] - xyz[3 * i - 2], dz = xyz[3 * i + 2] - xyz[3 * i - 1];
            sum += Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
        return sum / (xyz.length / 3 - 1);
    }
}
