package org.braggflow.encode.pca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.braggflow.api.cloud.PointCloud;
import org.junit.jupiter.api.Test;

/** The descriptor by itself: mass, translation, scale, border cells. */
class CloudDescriptorTest {

    private static final PcaConfig CONFIG = new PcaConfig(8, 0.75, 1, 0, false);

    private static PointCloud blob(double sigma, double shift, int n, long seed) {
        Random r = new Random(seed);
        float[] xyz = new float[3 * n];
        for (int i = 0; i < xyz.length; i++) xyz[i] = (float) (shift + sigma * r.nextGaussian());
        return new PointCloud(0, 0, xyz, null);
    }

    @Test
    void histogramSumsToOneAndIgnoresTheCloudsPosition() {
        CloudDescriptor d = new CloudDescriptor(CONFIG, new float[] {0.4f, 0.4f, 0.4f}, 1f, 0f);
        double[] here = d.of(blob(0.5, 0, 500, 1)), there = d.of(blob(0.5, 100, 500, 1));
        double mass = 0;
        for (int i = 0; i < CONFIG.histogramLength(); i++) mass += here[i];
        assertEquals(1, mass, 1e-12);
        assertEquals(CONFIG.descriptorLength(), here.length);
        assertArrayEquals(here, there, 1e-4, "only float rounding of the shifted coordinates differs");
    }

    @Test
    void aBroaderPeakPutsMassInOuterCellsAndLargerMoments() {
        CloudDescriptor d = new CloudDescriptor(CONFIG, new float[] {0.4f, 0.4f, 0.4f}, 1f, 0f);
        double[] sharp = d.of(blob(0.3, 0, 2000, 2)), broad = d.of(blob(0.9, 0, 2000, 2));
        assertTrue(border(broad) > 3 * border(sharp), border(broad) + " vs " + border(sharp));
        int xx = CONFIG.histogramLength();
        assertEquals(9, broad[xx] / sharp[xx], 0.5, "variance grows with the square of the width");
    }

    @Test
    void farPointsCountInTheBorderCellsAndEmptyCloudsGiveZeros() {
        CloudDescriptor d = new CloudDescriptor(CONFIG, new float[] {1f, 1f, 1f}, 1f, 0f);
        double[] two = d.of(new PointCloud(0, 0, new float[] {-1000, 0, 0, 1000, 0, 0}, null));
        double mass = 0;
        for (int i = 0; i < CONFIG.histogramLength(); i++) mass += two[i];
        assertEquals(1, mass, 1e-12);
        // each point weighs 1/2, shared equally by the 4 cells around the grid's centre line in y and z
        assertEquals(0.125, two[(0 * 8 + 3) * 8 + 3], 1e-12, "x-border, centre of y and z");
        assertEquals(0.125, two[(7 * 8 + 4) * 8 + 4], 1e-12);
        assertEquals(0, two[(1 * 8 + 3) * 8 + 3], 1e-12, "nothing inside");
        for (double v : d.of(new PointCloud(0, 0, new float[0], null))) assertEquals(0, v);
    }

    @Test
    void cellEdgesFollowThePooledSpreadPerAxis() {
        Random r = new Random(3);
        float[] xyz = new float[3 * 20000];
        for (int i = 0; i < 20000; i++) {
            xyz[3 * i] = (float) (r.nextGaussian());
            xyz[3 * i + 1] = (float) (2 * r.nextGaussian());
            xyz[3 * i + 2] = 7; // flat axis
        }
        float[] cell = CloudDescriptor.cellEdges(List.of(new PointCloud(0, 0, xyz, null)), 0.5);
        assertEquals(0.5, cell[0], 0.01);
        assertEquals(1.0, cell[1], 0.02);
        assertEquals(1.0, cell[2], 0, "an axis without spread gets edge 1");
    }

    private static double border(double[] d) {
        double s = 0;
        for (int x = 0; x < 8; x++) {
            for (int y = 0; y < 8; y++) {
                for (int z = 0; z < 8; z++) {
                    if (x == 0 || x == 7 || y == 0 || y == 7 || z == 0 || z == 7) s += d[(x * 8 + y) * 8 + z];
                }
            }
        }
        return s;
    }
}
