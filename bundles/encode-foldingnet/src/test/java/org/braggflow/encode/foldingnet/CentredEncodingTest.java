package org.braggflow.encode.foldingnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** The input frame through the stage: what training stores, what encoding reuses, what old models keep. */
class CentredEncodingTest {

    private final FoldingNetEncoder stage = new FoldingNetEncoder();
    private final StageDescriptor descriptor = StageDescriptor.of("encoder", "foldingnet", stage);

    private Parameters small(Map<String, Object> extra) {
        Map<String, Object> values = new HashMap<>(Map.of("pointsPerCloud", 128, "k", 8, "featureSize", 32,
                "sourcePoints", "plane", "batchSize", 4, "learningRate", 1e-3, "epochs", 2, "earlyStopPatience", 0));
        values.putAll(extra);
        return Parameters.of(descriptor, values);
    }

    /** A Gaussian blob of the given spreads at (x, y, z), with Gaussian intensities. */
    private static PointCloud blob(Random r, int points, double x, double y, double z, double sx, double sy, double sz) {
        float[] xyz = new float[3 * points];
        float[] intensity = new float[points];
        for (int i = 0; i < points; i++) {
            double u = r.nextGaussian(), v = r.nextGaussian(), w = r.nextGaussian();
            xyz[3 * i] = (float) (x + sx * u);
            xyz[3 * i + 1] = (float) (y + sy * v);
            xyz[3 * i + 2] = (float) (z + sz * w);
            intensity[i] = (float) Math.exp(-(u * u + v * v + w * w) / 2);
        }
        return new PointCloud(0, 0, xyz, intensity);
    }

    private static PointCloud shifted(PointCloud c, float dx, float dy, float dz) {
        float[] xyz = c.xyz().clone();
        for (int i = 0; i < xyz.length; i += 3) {
            xyz[i] += dx;
            xyz[i + 1] += dy;
            xyz[i + 2] += dz;
        }
        return new PointCloud(c.row(), c.col(), xyz, c.intensity());
    }

    @Test
    void defaultsCentreOnIntensityScaleGloballyPadWithJitterAndDoNotRotate() {
        Map<String, Object> d = Parameters.defaults(FoldingNetParameters.class).values();
        assertEquals(Centre.INTENSITY, d.get("centre"));
        assertEquals(Scale.GLOBAL, d.get("scale"));
        assertEquals(Padding.JITTER, d.get("padding"));
        assertEquals(RotationAxis.NONE, d.get("rotationAxis"));
        assertEquals(List.of("intensity", "centroid", "none"), descriptor.parameter("centre").orElseThrow().options());
        assertEquals(List.of("none", "angle", "det-row", "det-col"), descriptor.parameter("rotationAxis").orElseThrow().options());
    }

    @Test
    void codewordsDoNotChangeWhenACloudIsShiftedFarAway() throws IOException {
        Random r = new Random(11);
        List<PointCloud> training = new ArrayList<>();
        for (int i = 0; i < 8; i++) training.add(blob(r, 200, 30, 30, 20, 1 + r.nextDouble(), 1, 2));
        EncoderModel model = stage.train(training, small(Map.of("maxSteps", 2)), ProgressListener.NONE);
        // one cloud larger than the network's 128 points (subsampled), one smaller (padded)
        List<PointCloud> clouds = List.of(blob(r, 300, 31, 29, 18, 1.5, 0.8, 2), blob(r, 90, 29, 30, 21, 1, 1.2, 1.5));
        List<PointCloud> far = clouds.stream().map(c -> shifted(c, 1000, -700, 2500)).toList();
        float[][] a = stage.encode(model, clouds), b = stage.encode(model, far);
        // the yardstick: how far apart the codewords of the two different clouds are
        double between = maxAbsDiff(a[0], a[1]);
        for (int c = 0; c < a.length; c++) {
            double diff = maxAbsDiff(a[c], b[c]);
            System.out.printf("cloud %d shifted by (1000, -700, 2500): codeword max|diff| %.3g; between the two clouds %.3g (rel %.2g)%n",
                    c, diff, between, diff / between);
            // float32 coordinates near 2500 are rounded to 2.4e-4, a 1e-4 part of the cloud's spread
            assertTrue(diff <= 1e-3 * between, "codeword moved by " + diff + ", clouds differ by " + between);
        }
        // without centring the same shift changes the codeword completely
        EncoderModel raw = stage.train(training, small(Map.of("maxSteps", 1, "centre", "none", "scale", "none")), ProgressListener.NONE);
        float[] rawNear = stage.encode(raw, clouds.subList(0, 1))[0], rawFar = stage.encode(raw, far.subList(0, 1))[0];
        double rawShift = maxAbsDiff(rawNear, rawFar);
        System.out.printf("raw coordinates: the same shift moves the codeword by %.3g%n", rawShift);
        assertTrue(rawShift > 100 * maxAbsDiff(a[0], b[0]), "raw " + rawShift);
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
        return d;
    }

    @Test
    void theGlobalScaleIsMeasuredOnceStoredAndReusedAfterLoading(@TempDir Path dir) throws IOException {
        Random r = new Random(5);
        List<PointCloud> training = new ArrayList<>();
        double[] radii = new double[7];
        for (int i = 0; i < radii.length; i++) {
            double s = 0.5 + i * 0.25;   // RMS radius of an isotropic blob: s sqrt(3)
            training.add(blob(r, 400, 10 * i, -5 * i, 3, s, s, s));
            radii[i] = s * Math.sqrt(3);
        }
        FoldingNetModel model = (FoldingNetModel) stage.train(training, small(Map.of("maxSteps", 1)), ProgressListener.NONE);
        double expected = radii[3];   // the median of seven increasing radii
        System.out.printf("global scale %.4f, median RMS radius by construction %.4f%n", model.frame.scale(), expected);
        assertEquals(expected, model.frame.scale(), 0.05 * expected, "sampled blobs of 400 points: a few % off their nominal radius");
        stage.save(model, dir);
        String json = java.nio.file.Files.readString(dir.resolve(ModelFiles.MODEL_JSON));
        assertTrue(json.contains("\"formatVersion\" : 2"), json);
        FoldingNetModel loaded = (FoldingNetModel) stage.load(dir);
        assertEquals(model.frame, loaded.frame);
        // new clouds, other sizes: encoded with the stored scale, the same before and after loading
        List<PointCloud> other = List.of(blob(r, 250, 7, 7, 7, 3, 3, 3), blob(r, 60, -7, 0, 0, 0.2, 0.2, 0.2));
        float[][] before = stage.encode(model, other), after = stage.encode(loaded, other);
        for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], after[i], 0f);
        Map<String, Object> report = loaded.report();
        assertEquals("intensity", report.get("centre"));
        assertEquals(model.frame.scale(), report.get("scale"));
        @SuppressWarnings("unchecked")
        Map<String, Object> encoded = (Map<String, Object>) report.get("encodePadding");
        assertEquals(2L, encoded.get("clouds"));
        assertEquals(1L, encoded.get("paddedClouds"), "the 60-point cloud, filled up to 128");
        assertEquals(68L, encoded.get("paddingPointsAdded"));
    }

    @Test
    void aCloudOf900PointsIsEncodedAt2048DistinctPointsAndReportedAsPadded() throws IOException {
        FoldingNetConfig config = new FoldingNetConfig(2048, 16, 16, SourceShape.PLANE, 2, LocalMatrix.COVARIANCE, NeighbourOrder.EXACT);
        FoldingNet net = new FoldingNet(config, SourcePoints.plane(), DataType.FLOAT);
        net.initialise(1);
        FoldingNetModel model = new FoldingNetModel("m", net, List.of(), Map.of(), null,
                new InputFrame(Centre.INTENSITY, 1.7, Padding.JITTER, false));
        PointCloud cloud = blob(new Random(9), 900, 20, 40, 6, 2, 1, 3);
        double[] input = FoldingNetEncoder.sample(List.of(cloud), 2048, 0, model.frame, new PaddingTally()).get(0);
        java.util.Set<List<Float>> distinct = new java.util.HashSet<>();
        for (int i = 0; i < 2048; i++) distinct.add(List.of((float) input[3 * i], (float) input[3 * i + 1], (float) input[3 * i + 2]));
        assertEquals(2048, distinct.size(), "no duplicate coordinates in the padded input");
        float[] code = stage.encode(model, List.of(cloud, cloud))[0];
        assertEquals(16, code.length);
        assertEquals(2L, model.encodePadding.padded());
        assertEquals(2 * 1148L, model.encodePadding.pointsAdded());
        net.close();
    }

    /**
     * A model trained on clouds of one size, resumed without training on a scan whose clouds are all
     * 1.5x larger: with {@code resumedFrame: model} it keeps its scale; with {@code scan} it measures
     * this scan's, 1.5x its own, so the network sees every cloud as it saw the training clouds (the same
     * codewords as the training clouds' up to sampling), and its weights are the resumed ones.
     */
    @Test
    void aResumedModelMeasuresTheScanScaleWhenToldAndKeepsItsWeights(@TempDir Path dir) throws IOException {
        Random r = new Random(5);
        List<PointCloud> training = new ArrayList<>(), larger = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            PointCloud c = blob(r, 200, 10, 10, 10, 1 + 0.1 * i, 1, 2);
            training.add(c);
            float[] xyz = c.xyz().clone();
            for (int j = 0; j < xyz.length; j++) xyz[j] = 10 + 1.5f * (xyz[j] - 10);
            larger.add(new PointCloud(0, i, xyz, c.intensity()));
        }
        FoldingNetModel trained = (FoldingNetModel) stage.train(training, small(Map.of("maxSteps", 2)), ProgressListener.NONE);
        stage.save(trained, dir);
        FoldingNetModel kept = (FoldingNetModel) stage.train(larger, small(Map.of("epochs", 0, "resumeFrom", dir.toString())),
                ProgressListener.NONE);
        FoldingNetModel rescaled = (FoldingNetModel) stage.train(larger, small(Map.of("epochs", 0, "resumeFrom", dir.toString(),
                "resumedFrame", "scan")), ProgressListener.NONE);
        assertEquals(trained.frame, kept.frame);
        // the resumed model kept its optimiser's state (2 steps); nothing stepped it here, and it is kept as it was
        assertNotNull(trained.optimizer);
        assertEquals(2, kept.optimizer.steps());
        assertEquals(1.5 * trained.frame.scale(), rescaled.frame.scale(), 1e-4 * trained.frame.scale());
        assertEquals(trained.frame.centre(), rescaled.frame.centre());
        assertEquals(trained.frame.padding(), rescaled.frame.padding());
        float[][] own = stage.encode(trained, training), scan = stage.encode(rescaled, larger), unscaled = stage.encode(kept, larger);
        double sameShape = 0, otherSize = 0;
        for (int i = 0; i < own.length; i++) {
            for (int j = 0; j < own[i].length; j++) {
                sameShape += Math.abs(own[i][j] - scan[i][j]);
                otherSize += Math.abs(own[i][j] - unscaled[i][j]);
            }
        }
        assertTrue(sameShape < 0.01 * otherSize, "codewords of the rescaled scan differ by " + sameShape + ", unscaled by " + otherSize);
    }

    /** A model resumed without optimiser state and not trained: no optimiser of zeros is saved beside its weights. */
    @Test
    void aModelNotTrainedHereKeepsNoOptimiserOfZeros(@TempDir Path dir) throws IOException {
        Random r = new Random(6);
        List<PointCloud> clouds = new ArrayList<>();
        for (int i = 0; i < 6; i++) clouds.add(blob(r, 150, 5, 6, 7, 1, 1, 1));
        FoldingNetModel shipped = (FoldingNetModel) stage.train(clouds, small(Map.of("maxSteps", 1, "keepOptimizerState", false)),
                ProgressListener.NONE);
        Path shippedDir = dir.resolve("shipped");
        stage.save(shipped, shippedDir);
        FoldingNetModel resumed = (FoldingNetModel) stage.train(clouds, small(Map.of("epochs", 0, "resumeFrom", shippedDir.toString(),
                "resumedFrame", "scan")), ProgressListener.NONE);
        assertNull(resumed.optimizer);
        Path again = dir.resolve("again");
        stage.save(resumed, again);
        assertFalse(Files.exists(again.resolve(ModelFiles.OPTIMIZER)));
        // trained one step further from it, the optimiser has state worth keeping
        FoldingNetModel stepped = (FoldingNetModel) stage.train(clouds, small(Map.of("maxSteps", 1, "resumeFrom", shippedDir.toString())),
                ProgressListener.NONE);
        assertNotNull(stepped.optimizer);
        assertEquals(1, stepped.optimizer.steps());
    }

    @Test
    void anOldModelFolderWithoutTheInputFrameEncodesRawCloudsAsBefore(@TempDir Path dir) throws IOException {
        Random r = new Random(2);
        List<PointCloud> training = new ArrayList<>();
        for (int i = 0; i < 6; i++) training.add(blob(r, 150, 5, 6, 7, 1, 1, 1));
        stage.save(stage.train(training, small(Map.of("maxSteps", 1)), ProgressListener.NONE), dir);
        // rewrite model.json as format version 1 wrote it: no input frame (the data files' hashes are unchanged)
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(dir.resolve(ModelFiles.MODEL_JSON).toFile());
        root.remove("input");
        root.put("formatVersion", 1);
        json.writeValue(dir.resolve(ModelFiles.MODEL_JSON).toFile(), root);
        FoldingNetModel old = (FoldingNetModel) stage.load(dir);
        assertEquals(InputFrame.LEGACY, old.frame);
        // the old pipeline by hand: raw coordinates, sampled by a seed from the coordinates, repeats when short
        List<PointCloud> clouds = List.of(blob(r, 300, 50, 60, 10, 1, 2, 1), blob(r, 70, 50, 60, 10, 1, 2, 1));
        List<double[]> raw = new ArrayList<>();
        for (PointCloud c : clouds) raw.add(CloudSampling.resample(c.xyz(), 128, CloudSampling.cloudSeed(0, c.xyz())));
        float[] expected;
        try (FoldingNet.Input in = old.net.input(raw)) {
            expected = NativeArrays.toFloats(old.net.codewords(in));
        }
        float[][] got = stage.encode(old, clouds);
        for (int c = 0; c < 2; c++) assertArrayEquals(java.util.Arrays.copyOfRange(expected, 32 * c, 32 * c + 32), got[c], 0f);
        // saved again, it stays a version 1 folder
        Path again = dir.resolve("again");
        stage.save(old, again);
        assertFalse(java.nio.file.Files.readString(again.resolve(ModelFiles.MODEL_JSON)).contains("\"input\""));
        assertEquals(InputFrame.LEGACY, ((FoldingNetModel) stage.load(again)).frame);
    }

    /**
     * One Gaussian blob (sigma 2) or two (sigma 1, at +-3 along a random direction): same centre of mass
     * and the same RMS radius (sqrt 12), so only the shape tells them apart, like a split rocking peak
     * beside the reference peak. Each cloud sits at a random place within +-20 pixels.
     */
    private static PointCloud shape(Random r, boolean split) {
        double x = 40 * r.nextDouble() - 20, y = 40 * r.nextDouble() - 20, z = 40 * r.nextDouble() - 20;
        if (!split) return blob(r, 200, x, y, z, 2, 2, 2);
        double[] u = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
        double norm = Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
        PointCloud a = blob(r, 100, x + 3 * u[0] / norm, y + 3 * u[1] / norm, z + 3 * u[2] / norm, 1, 1, 1);
        PointCloud b = blob(r, 100, x - 3 * u[0] / norm, y - 3 * u[1] / norm, z - 3 * u[2] / norm, 1, 1, 1);
        float[] xyz = new float[600];
        float[] intensity = new float[200];
        System.arraycopy(a.xyz(), 0, xyz, 0, 300);
        System.arraycopy(b.xyz(), 0, xyz, 300, 300);
        System.arraycopy(a.intensity(), 0, intensity, 0, 100);
        System.arraycopy(b.intensity(), 0, intensity, 100, 100);
        return new PointCloud(0, 0, xyz, intensity);
    }

    /**
     * Twenty steps at a tiny size: the centred codewords tell the shapes apart on held-out clouds, the
     * raw-coordinate ones of the same clouds do not (their variance is the clouds' positions). Longer
     * training at this size does not improve the separation (see the README's limits).
     */
    @Test
    void aFewTrainingStepsOnCentredCloudsSeparateOneBlobFromTwo() throws IOException {
        Random r = new Random(21);
        List<PointCloud> training = new ArrayList<>(), test = new ArrayList<>();
        List<Boolean> trainingSplit = new ArrayList<>(), testSplit = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            training.add(shape(r, i % 2 == 1));
            trainingSplit.add(i % 2 == 1);
        }
        for (int i = 0; i < 40; i++) {
            test.add(shape(r, i % 2 == 1));
            testSplit.add(i % 2 == 1);
        }
        Map<String, Object> settings = Map.of("batchSize", 8, "epochs", 100, "maxSteps", 20);
        long t0 = System.nanoTime();
        EncoderModel centred = stage.train(training, small(settings), ProgressListener.NONE);
        double accuracy = nearestCentroidAccuracy(stage.encode(centred, training), trainingSplit, stage.encode(centred, test), testSplit);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> rawSettings = new HashMap<>(settings);
        rawSettings.put("centre", "none");
        rawSettings.put("scale", "none");
        EncoderModel raw = stage.train(training, small(rawSettings), ProgressListener.NONE);
        double rawAccuracy = nearestCentroidAccuracy(stage.encode(raw, training), trainingSplit, stage.encode(raw, test), testSplit);
        System.out.printf("one blob vs two, 20 steps (%.1f s): held-out nearest-centroid accuracy %.3f centred, %.3f raw%n",
                seconds, accuracy, rawAccuracy);
        assertTrue(accuracy >= 0.9, "centred accuracy " + accuracy);
        assertTrue(rawAccuracy <= 0.7, "raw accuracy " + rawAccuracy);
    }

    /**
     * Share of test codewords nearer (after z-scoring by the training codewords) to the mean training
     * codeword of their own class than to the other's.
     */
    private static double nearestCentroidAccuracy(float[][] train, List<Boolean> trainLabel, float[][] test, List<Boolean> testLabel) {
        int f = train[0].length;
        double[] mean = new double[f], sd = new double[f];
        for (float[] c : train) {
            for (int j = 0; j < f; j++) mean[j] += c[j] / train.length;
        }
        for (float[] c : train) {
            for (int j = 0; j < f; j++) sd[j] += Math.pow(c[j] - mean[j], 2) / train.length;
        }
        for (int j = 0; j < f; j++) sd[j] = Math.sqrt(sd[j]) + 1e-12;
        double[][] centroid = new double[2][f];
        int[] count = new int[2];
        for (int i = 0; i < train.length; i++) {
            int k = trainLabel.get(i) ? 1 : 0;
            count[k]++;
            for (int j = 0; j < f; j++) centroid[k][j] += (train[i][j] - mean[j]) / sd[j];
        }
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < f; j++) centroid[k][j] /= count[k];
        }
        int right = 0;
        for (int i = 0; i < test.length; i++) {
            double[] d = new double[2];
            for (int k = 0; k < 2; k++) {
                for (int j = 0; j < f; j++) d[k] += Math.pow((test[i][j] - mean[j]) / sd[j] - centroid[k][j], 2);
            }
            if ((d[1] < d[0]) == testLabel.get(i)) right++;
        }
        return (double) right / test.length;
    }
}
