package org.braggflow.encode.pca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.ParameterSpec;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.encode.pca.SyntheticPeaks.Family;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage through its service interface: separation of peak families, save/load, determinism, bad files. */
class PcaEncoderTest {

    private final PcaEncoder stage = new PcaEncoder();
    private final StageDescriptor descriptor = StageDescriptor.of("encoder", "pca", stage);

    private Parameters parameters(Map<String, ?> values) {
        return Parameters.of(descriptor, values);
    }

    private EncoderModel train(List<PointCloud> clouds, Map<String, ?> values) throws IOException {
        return stage.train(clouds, parameters(values), ProgressListener.NONE);
    }

    @Test
    void everyParameterIsDocumentedAndItsDefaultIsValid() {
        for (ParameterSpec p : descriptor.parameters()) {
            assertFalse(p.doc().isBlank(), p.name());
            p.convert(p.defaultValue());
        }
        assertEquals(List.of("featureSize", "bins", "cellSigmas", "momentWeight", "positionWeight", "whiten"),
                descriptor.parameters().stream().map(ParameterSpec::name).toList(), "in declaration order");
        assertEquals(0, Parameters.defaults(PcaParameters.class).values().get("featureSize"));
        assertEquals(1.0, Parameters.defaults(PcaParameters.class).values().get("positionWeight"));
        assertThrows(IllegalArgumentException.class, () -> parameters(Map.of("bins", 1)));
    }

    // ---- 1. the families separate -------------------------------------------------------------

    @Test
    void sharpAndSplitPeaksSeparate() throws IOException {
        assertSeparates(Family.SHARP, Family.SPLIT);
    }

    /** Same shape, only broader: the descriptor must keep the scale. */
    @Test
    void sharpAndBroadenedPeaksSeparate() throws IOException {
        assertSeparates(Family.SHARP, Family.BROAD);
    }

    /**
     * Trains on 40 clouds and checks, on those and on 40 fresh clouds: an unsupervised two-way split
     * of the first component (best threshold, as 1-D 2-means), the nearest training centroid, and the
     * nearest neighbour in feature space.
     */
    private void assertSeparates(Family a, Family b) throws IOException {
        List<Family> trainLabels = new ArrayList<>(), testLabels = new ArrayList<>();
        List<PointCloud> training = SyntheticPeaks.mixed(a, b, 40, 11, trainLabels);
        List<PointCloud> fresh = SyntheticPeaks.mixed(a, b, 40, 12, testLabels);
        EncoderModel model = train(training, Map.of("featureSize", 32, "positionWeight", 0.0));
        assertEquals(32, model.featureSize());
        float[][] trainCodes = stage.encode(model, training);
        float[][] testCodes = stage.encode(model, fresh);

        double split = Math.max(firstComponentSplit(trainCodes, trainLabels, a), firstComponentSplit(testCodes, testLabels, a));
        double splitMin = Math.min(firstComponentSplit(trainCodes, trainLabels, a), firstComponentSplit(testCodes, testLabels, a));
        double centroid = nearestCentroidAccuracy(trainCodes, trainLabels, testCodes, testLabels);
        double neighbourTrain = nearestNeighbourAgreement(trainCodes, trainLabels);
        double neighbourTest = nearestNeighbourAgreement(testCodes, testLabels);
        System.out.printf("%s vs %s: PC1 split accuracy %.3f (train/fresh worst), nearest centroid (fresh) %.3f, "
                        + "nearest neighbour train %.3f fresh %.3f, unexplained variance %.3f%n",
                a, b, splitMin, centroid, neighbourTrain, neighbourTest, model.lossHistory().get(0));
        assertTrue(split >= splitMin);
        assertTrue(splitMin >= 0.95, "PC1 split accuracy " + splitMin);
        assertTrue(centroid >= 0.95, "nearest centroid accuracy " + centroid);
        assertTrue(neighbourTrain >= 0.95, "nearest neighbour agreement " + neighbourTrain);
        assertTrue(neighbourTest >= 0.95, "nearest neighbour agreement " + neighbourTest);
    }

    /** Accuracy of the best two-way threshold on the first feature, whichever side each family takes. */
    static double firstComponentSplit(float[][] codes, List<Family> labels, Family a) {
        Integer[] order = new Integer[codes.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (i, j) -> Float.compare(codes[i][0], codes[j][0]));
        // unsupervised: the threshold minimising the within-group sum of squares of PC1 (1-D 2-means)
        double bestCost = Double.POSITIVE_INFINITY;
        int bestCut = 1;
        for (int cut = 1; cut < order.length; cut++) {
            double cost = sumOfSquares(codes, order, 0, cut) + sumOfSquares(codes, order, cut, order.length);
            if (cost < bestCost) {
                bestCost = cost;
                bestCut = cut;
            }
        }
        int agree = 0;
        for (int r = 0; r < order.length; r++) {
            if ((r < bestCut) == (labels.get(order[r]) == a)) agree++;
        }
        return Math.max(agree, order.length - agree) / (double) order.length;
    }

    private static double sumOfSquares(float[][] codes, Integer[] order, int from, int to) {
        double mean = 0, s = 0;
        for (int r = from; r < to; r++) mean += codes[order[r]][0];
        mean /= to - from;
        for (int r = from; r < to; r++) s += (codes[order[r]][0] - mean) * (codes[order[r]][0] - mean);
        return s;
    }

    static double nearestCentroidAccuracy(float[][] train, List<Family> trainLabels, float[][] test, List<Family> testLabels) {
        List<Family> families = trainLabels.stream().distinct().toList();
        double[][] centroids = new double[families.size()][train[0].length];
        int[] counts = new int[families.size()];
        for (int i = 0; i < train.length; i++) {
            int f = families.indexOf(trainLabels.get(i));
            counts[f]++;
            for (int j = 0; j < train[i].length; j++) centroids[f][j] += train[i][j];
        }
        for (int f = 0; f < centroids.length; f++) {
            for (int j = 0; j < centroids[f].length; j++) centroids[f][j] /= counts[f];
        }
        int right = 0;
        for (int i = 0; i < test.length; i++) {
            int best = 0;
            for (int f = 1; f < centroids.length; f++) {
                if (distance(test[i], centroids[f]) < distance(test[i], centroids[best])) best = f;
            }
            if (families.get(best) == testLabels.get(i)) right++;
        }
        return right / (double) test.length;
    }

    static double nearestNeighbourAgreement(float[][] codes, List<Family> labels) {
        int same = 0;
        for (int i = 0; i < codes.length; i++) {
            int best = -1;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int j = 0; j < codes.length; j++) {
                if (j == i) continue;
                double d = distance(codes[i], toDouble(codes[j]));
                if (d < bestDistance) {
                    bestDistance = d;
                    best = j;
                }
            }
            if (labels.get(best) == labels.get(i)) same++;
        }
        return same / (double) codes.length;
    }

    private static double distance(float[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
        return s;
    }

    private static double[] toDouble(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }

    // ---- 2. save and load ---------------------------------------------------------------------

    @Test
    void savedAndLoadedModelEncodesIdentically(@TempDir Path dir) throws IOException {
        List<PointCloud> clouds = SyntheticPeaks.mixed(Family.SHARP, Family.SPLIT, 40, 21, new ArrayList<>());
        for (Map<String, ?> values : List.<Map<String, ?>>of(Map.of(), Map.of("whiten", true, "positionWeight", 0.5, "bins", 6))) {
            EncoderModel model = train(clouds, values);
            Path folder = dir.resolve("model-" + values.size());
            stage.save(model, folder);
            assertTrue(Files.isRegularFile(folder.resolve(ModelFiles.MODEL_JSON)));
            EncoderModel loaded = new PcaEncoder().load(folder);
            assertEquals(model.id(), loaded.id());
            assertEquals(model.featureSize(), loaded.featureSize());
            assertEquals(model.lossHistory(), loaded.lossHistory());
            float[][] before = stage.encode(model, clouds), after = new PcaEncoder().encode(loaded, clouds);
            for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], after[i], 0f, "cloud " + i);
            String json = Files.readString(folder.resolve(ModelFiles.MODEL_JSON));
            assertTrue(json.contains("\"format\" : \"braggflow-pca\""), json);
            assertTrue(json.contains("\"trainingClouds\" : 40"), json);
        }
    }

    // ---- 3. determinism -----------------------------------------------------------------------

    @Test
    void trainingTwiceGivesTheSameModel() throws IOException {
        List<PointCloud> clouds = SyntheticPeaks.mixed(Family.SHARP, Family.BROAD, 40, 31, new ArrayList<>());
        PcaModel first = (PcaModel) train(clouds, Map.of());
        PcaModel second = (PcaModel) new PcaEncoder().train(new ArrayList<>(clouds), parameters(Map.of()), ProgressListener.NONE);
        assertArrayEquals(ModelFiles.weights(first.descriptor, first.pca), ModelFiles.weights(second.descriptor, second.pca));
        assertEquals(first.id(), second.id());
        assertTrue(first.id().matches("pca-[0-9a-f]{12}"), first.id());
        PcaModel whitened = (PcaModel) train(clouds, Map.of("whiten", true));
        assertNotEquals(first.id(), whitened.id(), "the id covers the config, not only the weights");
    }

    @Test
    void codewordsDoNotDependOnTheOrderOfPoints() throws IOException {
        List<PointCloud> clouds = SyntheticPeaks.mixed(Family.SHARP, Family.SPLIT, 40, 41, new ArrayList<>());
        EncoderModel model = train(clouds, Map.of("whiten", true));
        Random r = new Random(42);
        List<PointCloud> shuffled = new ArrayList<>();
        for (PointCloud c : clouds) shuffled.add(permuted(c, r));
        float[][] a = stage.encode(model, clouds), b = stage.encode(model, shuffled);
        for (int i = 0; i < a.length; i++) {
            double scale = 0;
            for (float v : a[i]) scale = Math.max(scale, Math.abs(v));
            for (int j = 0; j < a[i].length; j++) {
                assertEquals(a[i][j], b[i][j], 1e-6 * scale, "cloud " + i + " feature " + j);
            }
        }
    }

    private static PointCloud permuted(PointCloud c, Random r) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) order.add(i);
        Collections.shuffle(order, r);
        float[] xyz = new float[c.xyz().length];
        for (int i = 0; i < order.size(); i++) System.arraycopy(c.xyz(), 3 * order.get(i), xyz, 3 * i, 3);
        return new PointCloud(c.row(), c.col(), xyz, null);
    }

    // ---- 4. bad files -------------------------------------------------------------------------

    @Test
    void truncatedOrMismatchedFilesAreRejectedNamingTheFile(@TempDir Path dir) throws IOException {
        List<PointCloud> clouds = SyntheticPeaks.mixed(Family.SHARP, Family.SPLIT, 40, 51, new ArrayList<>());
        stage.save(train(clouds, Map.of("featureSize", 32)), dir);
        Path weights = dir.resolve(ModelFiles.WEIGHTS), json = dir.resolve(ModelFiles.MODEL_JSON);
        byte[] bytes = Files.readAllBytes(weights);
        String text = Files.readString(json);

        Files.write(weights, Arrays.copyOf(bytes, bytes.length - 4));
        IOException truncated = assertThrows(IOException.class, () -> stage.load(dir));
        assertTrue(truncated.getMessage().contains(weights.toString()), truncated.getMessage());
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());

        byte[] flipped = bytes.clone();
        flipped[100] ^= 1;
        Files.write(weights, flipped);
        IOException corrupt = assertThrows(IOException.class, () -> stage.load(dir));
        assertTrue(corrupt.getMessage().contains(weights.toString()) && corrupt.getMessage().contains("SHA-256"), corrupt.getMessage());

        Files.write(weights, bytes);
        Files.writeString(json, text.replace("\"featureSize\" : 32", "\"featureSize\" : 31"));
        IOException mismatched = assertThrows(IOException.class, () -> stage.load(dir));
        assertTrue(mismatched.getMessage().contains(json.toString()), mismatched.getMessage());

        Files.writeString(json, text.replace("\"bins\" : 8", "\"bins\" : 7"));
        IOException otherGrid = assertThrows(IOException.class, () -> stage.load(dir));
        assertTrue(otherGrid.getMessage().contains(json.toString()), otherGrid.getMessage());

        Files.writeString(json, text);
        assertEquals(32, stage.load(dir).featureSize(), "the restored files load again");
        assertThrows(IOException.class, () -> stage.load(dir.resolve("missing")));
    }

    // ---- 5. more features than the data supports ------------------------------------------------

    @Test
    void featureSizeIsCappedAtWhatTheTrainingCloudsSupport() throws IOException {
        List<PointCloud> clouds = SyntheticPeaks.mixed(Family.SHARP, Family.SPLIT, 40, 61, new ArrayList<>());
        PcaModel model = (PcaModel) train(clouds, Map.of("featureSize", 500));
        assertTrue(model.featureSize() <= 39, "40 clouds span at most 39 directions: " + model.featureSize());
        assertTrue(model.featureSize() >= 30, "but nearly all of them: " + model.featureSize());
        assertEquals(500, model.provenance().get("featureSizeRequested"));
        for (float[] code : stage.encode(model, clouds)) assertEquals(model.featureSize(), code.length);
        assertEquals(0, model.lossHistory().get(0), 1e-6, "all the variance is kept");

        List<PointCloud> three = clouds.subList(0, 3);
        assertEquals(2, train(three, Map.of("featureSize", 32)).featureSize(), "3 clouds span 2 directions");
        assertThrows(IllegalArgumentException.class, () -> train(clouds.subList(0, 1), Map.of()));
        List<PointCloud> same = List.of(clouds.get(0), clouds.get(0), clouds.get(0));
        IllegalArgumentException identical = assertThrows(IllegalArgumentException.class, () -> train(same, Map.of()));
        assertTrue(identical.getMessage().contains("identical"), identical.getMessage());
    }

    @Test
    void theAutomaticFeatureSizeStopsAtTheLargestDropOfTheVariances() {
        // ascending, as the eigensolver returns them: 4 strong components, then noise
        double[] lambda = {1e-4, 2e-4, 3e-4, 5e-4, 1.2e-3, 6.9e-3, 1.2e-2, 1.7e-2, 4.8e-2};
        assertEquals(4, PrincipalComponents.screeElbow(lambda, 9));
        assertEquals(1, PrincipalComponents.screeElbow(new double[] {1e-3, 2e-3, 1.0}, 3));
        assertEquals(1, PrincipalComponents.screeElbow(new double[] {0.5}, 1));
    }

    @Test
    void byDefaultTheSizeIsChosenFromTheSpectrumAndThePeakPositionCounts() throws IOException {
        // two families that differ only by where the peak sits: centred, they would be one
        List<PointCloud> clouds = new ArrayList<>();
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 40; i++) {
            float shift = i % 2 == 0 ? 0 : 6;
            float[] xyz = new float[3 * 400];
            for (int j = 0; j < 400; j++) {
                xyz[3 * j] = (float) (r.nextGaussian() * 2 + shift);
                xyz[3 * j + 1] = (float) (r.nextGaussian() * 2);
                xyz[3 * j + 2] = (float) (r.nextGaussian() * 2);
            }
            clouds.add(new PointCloud(0, i, xyz, null));
        }
        EncoderModel model = train(clouds, Map.of());
        assertTrue(model.featureSize() >= 1 && model.featureSize() <= 16, "automatic size " + model.featureSize());
        float[][] codes = stage.encode(model, clouds);
        // the first component separates the two positions
        double evenMax = Double.NEGATIVE_INFINITY, oddMin = Double.POSITIVE_INFINITY, evenMin = Double.POSITIVE_INFINITY, oddMax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < codes.length; i++) {
            if (i % 2 == 0) {
                evenMax = Math.max(evenMax, codes[i][0]);
                evenMin = Math.min(evenMin, codes[i][0]);
            } else {
                oddMin = Math.min(oddMin, codes[i][0]);
                oddMax = Math.max(oddMax, codes[i][0]);
            }
        }
        assertTrue(evenMax < oddMin || oddMax < evenMin, "the peak position separates the families on the first component");
    }

    // ---- the rest of the contract -------------------------------------------------------------

    @Test
    void componentsAreOrthonormalSortedAndWhiteningGivesUnitVariance() throws IOException {
        List<PointCloud> clouds = SyntheticPeaks.mixed(Family.SHARP, Family.BROAD, 40, 71, new ArrayList<>());
        PcaModel model = (PcaModel) train(clouds, Map.of("whiten", true, "featureSize", 8));
        float[][] c = model.pca.components();
        for (int a = 0; a < c.length; a++) {
            for (int b = 0; b < c.length; b++) {
                double dot = 0;
                for (int j = 0; j < c[a].length; j++) dot += c[a][j] * c[b][j];
                assertEquals(a == b ? 1 : 0, dot, 1e-5, a + "." + b);
            }
            if (a > 0) assertTrue(model.pca.eigenvalues()[a] <= model.pca.eigenvalues()[a - 1]);
        }
        float[][] codes = stage.encode(model, clouds);
        for (int f = 0; f < model.featureSize(); f++) {
            double mean = 0, square = 0;
            for (float[] code : codes) mean += code[f];
            mean /= codes.length;
            for (float[] code : codes) square += (code[f] - mean) * (code[f] - mean);
            assertEquals(0, mean, 1e-4, "feature " + f);
            assertEquals(1, square / (codes.length - 1), 1e-3, "feature " + f);
        }
        double loss = model.lossHistory().get(0);
        assertEquals(1, model.lossHistory().size());
        assertTrue(loss > 0 && loss < 1, "unexplained share " + loss);
    }

    @Test
    void progressIsReportedInClouds() throws IOException {
        List<PointCloud> clouds = SyntheticPeaks.mixed(Family.SHARP, Family.BROAD, 10, 81, new ArrayList<>());
        List<long[]> calls = new ArrayList<>();
        stage.train(clouds, parameters(Map.of()), (done, total) -> calls.add(new long[] {done, total}));
        assertFalse(calls.isEmpty());
        assertArrayEquals(new long[] {10, 10}, calls.get(calls.size() - 1));
    }

    @Test
    void encodeRejectsAnotherEncodersModel() {
        EncoderModel foreign = new EncoderModel() {
            public String id() {
                return "x";
            }

            public int featureSize() {
                return 1;
            }

            public List<Double> lossHistory() {
                return List.of();
            }
        };
        assertThrows(IllegalArgumentException.class, () -> stage.encode(foreign, List.of()));
    }
}
