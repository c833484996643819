package org.braggflow.encode.foldingnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.braggflow.api.cloud.PointCloud;
import org.junit.jupiter.api.Test;

/** Centring, global scale and padding of the encoder input, against values worked out by hand. */
class InputFrameTest {

    @Test
    void theCentreIsIntensityWeightedIgnoresNegativeWeightsAndFallsBackToTheCentroid() {
        float[] xyz = {0, 0, 0, 4, 0, 0, 0, 8, 0};
        // weights 1 and 3 on the first two points, the third over-subtracted: x = (0 + 12) / 4 = 3
        assertArrayEquals(new double[] {3, 0, 0}, InputFrame.centre(new PointCloud(0, 0, xyz, new float[] {1, 3, -5}), Centre.INTENSITY), 1e-12);
        assertArrayEquals(new double[] {4 / 3.0, 8 / 3.0, 0}, InputFrame.centre(new PointCloud(0, 0, xyz, null), Centre.INTENSITY), 1e-12);
        assertArrayEquals(new double[] {4 / 3.0, 8 / 3.0, 0}, InputFrame.centre(new PointCloud(0, 0, xyz, new float[] {0, 0, -1}), Centre.INTENSITY), 1e-12);
        assertArrayEquals(new double[] {4 / 3.0, 8 / 3.0, 0}, InputFrame.centre(new PointCloud(0, 0, xyz, new float[] {1, 3, 0}), Centre.CENTROID), 1e-12);
        assertArrayEquals(new double[3], InputFrame.centre(new PointCloud(0, 0, xyz, null), Centre.NONE), 0);
    }

    @Test
    void theGlobalScaleIsTheMedianRmsRadiusOfTheTrainingClouds() {
        // pairs of points at +-r about (10, 20, 30): RMS radius exactly r; radii 1, 2, 5 -> median 2
        List<PointCloud> clouds = List.of(pair(1), pair(5), pair(2));
        InputFrame frame = InputFrame.measure(clouds, Centre.CENTROID, Scale.GLOBAL, Padding.JITTER);
        assertEquals(2, frame.scale(), 1e-6);
        assertEquals(1, InputFrame.measure(clouds, Centre.CENTROID, Scale.NONE, Padding.JITTER).scale(), 0);
        // one scale for all: a cloud twice the size comes out twice as large, never normalised on its own
        double[] small = FoldingNetEncoder.sample(List.of(pair(1)), 2, 0, frame, new PaddingTally()).get(0);
        double[] large = FoldingNetEncoder.sample(List.of(pair(2)), 2, 0, frame, new PaddingTally()).get(0);
        assertArrayEquals(new double[] {-0.5, 0, 0, 0.5, 0, 0}, small, 1e-6);
        assertArrayEquals(new double[] {-1, 0, 0, 1, 0, 0}, large, 1e-6);
    }

    private static PointCloud pair(double r) {
        return new PointCloud(0, 0, new float[] {(float) (10 - r), 20, 30, (float) (10 + r), 20, 30}, null);
    }

    @Test
    void theSpacingOfAGridIsItsPitch() {
        float[] xyz = new float[3 * 1000];
        for (int i = 0; i < 1000; i++) {
            xyz[3 * i] = 0.5f * (i % 10);
            xyz[3 * i + 1] = 0.5f * (i / 10 % 10);
            xyz[3 * i + 2] = 0.5f * (i / 100) + 100;
        }
        assertEquals(0.5, CloudSampling.spacing(xyz, new Random(1)), 1e-6);
        assertEquals(1, CloudSampling.spacing(new float[] {3, 3, 3}, new Random(1)), 0, "a single point: one pixel");
    }

    @Test
    void aSmallCloudIsPaddedWithDistinctJitteredPointsAndCounted() {
        // 900 points on a pitch-1 grid (like voxels of a detector), with intensities
        float[] xyz = new float[3 * 900];
        float[] intensity = new float[900];
        for (int i = 0; i < 900; i++) {
            xyz[3 * i] = 40 + i % 10;
            xyz[3 * i + 1] = 50 + i / 10 % 10;
            xyz[3 * i + 2] = 3 * (i / 100);
            intensity[i] = 1 + i % 7;
        }
        PointCloud cloud = new PointCloud(0, 0, xyz, intensity);
        InputFrame frame = new InputFrame(Centre.INTENSITY, 2, Padding.JITTER, false);
        PaddingTally tally = new PaddingTally();
        double[] in = FoldingNetEncoder.sample(List.of(cloud, cloud), 2048, 7, frame, tally).get(0);
        assertEquals(3 * 2048, in.length);
        Set<List<Float>> distinct = new HashSet<>();
        for (int i = 0; i < 2048; i++) distinct.add(List.of((float) in[3 * i], (float) in[3 * i + 1], (float) in[3 * i + 2]));
        assertEquals(2048, distinct.size(), "no two points of the network's float input coincide");
        // the cloud's own points come first, centred and scaled; each added one lies near one of them
        double[] c = InputFrame.centre(cloud, Centre.INTENSITY);
        for (int i = 0; i < 900; i++) {
            for (int a = 0; a < 3; a++) assertEquals((xyz[3 * i + a] - c[a]) / 2, in[3 * i + a], 1e-9);
        }
        double worst = 0;
        for (int i = 900; i < 2048; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < 900; j++) {
                double d = 0;
                for (int a = 0; a < 3; a++) d += Math.pow(in[3 * i + a] - in[3 * j + a], 2);
                best = Math.min(best, d);
            }
            worst = Math.max(worst, Math.sqrt(best) * 2);   // back in grid units (pitch 1)
        }
        System.out.printf("padding 900 -> 2048 points: farthest added point %.3f pitch from an original (jitter sigma 0.1)%n", worst);
        assertTrue(worst > 0 && worst < 0.6, "added points stay within 6 sigma of 0.1 pitch: " + worst);
        // cost next to the 18 ms per cloud of an encode: centring, sampling and padding of one cloud
        InputFrame old = InputFrame.LEGACY;
        for (int i = 0; i < 300; i++) {
            FoldingNetEncoder.sample(List.of(cloud), 2048, i, frame, new PaddingTally());
            FoldingNetEncoder.sample(List.of(cloud), 2048, i, old, new PaddingTally());
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < 300; i++) FoldingNetEncoder.sample(List.of(cloud), 2048, i, frame, new PaddingTally());
        long t1 = System.nanoTime();
        for (int i = 0; i < 300; i++) FoldingNetEncoder.sample(List.of(cloud), 2048, i, old, new PaddingTally());
        long t2 = System.nanoTime();
        System.out.printf("900 -> 2048 points: centred + jitter %.3f ms per cloud, raw + repeats (before) %.3f ms%n",
                (t1 - t0) / 1e6 / 300, (t2 - t1) / 1e6 / 300);
        assertEquals(2, tally.clouds());
        assertEquals(2, tally.padded());
        assertEquals(2 * 1148, tally.pointsAdded());
        assertEquals(1148, tally.mostAdded());
    }

    @Test
    void largerCloudsAreSubsampledWithoutReplacementAndRepeatPaddingIsTheOldBehaviour() {
        Random r = new Random(3);
        float[] xyz = new float[3 * 3000];
        for (int i = 0; i < xyz.length; i++) xyz[i] = (float) r.nextGaussian();
        CloudSampling.Sample s = CloudSampling.resample(xyz, 2048, 5, Padding.JITTER);
        assertEquals(0, s.added());
        Set<List<Double>> distinct = new HashSet<>();
        for (int i = 0; i < 2048; i++) distinct.add(List.of(s.xyz()[3 * i], s.xyz()[3 * i + 1], s.xyz()[3 * i + 2]));
        assertEquals(2048, distinct.size());
        float[] few = java.util.Arrays.copyOf(xyz, 3 * 900);
        assertArrayEquals(CloudSampling.resample(few, 2048, 5), CloudSampling.resample(few, 2048, 5, Padding.REPEAT).xyz(), 0);
        assertEquals(1148, CloudSampling.resample(few, 2048, 5, Padding.REPEAT).added());
    }
}
