package org.braggflow.encode.foldingnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.braggflow.api.stage.ParameterSpec;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage through its service interface: train, encode, save, load, checkpoints, stopping rules. */
class FoldingNetEncoderTest {

    private final FoldingNetEncoder stage = new FoldingNetEncoder();
    private final StageDescriptor descriptor = StageDescriptor.of("encoder", "foldingnet", stage);

    /**
     * Small peaked clouds like Bragg peaks: anisotropic Gaussian blobs of varying size and tilt, in raw
     * (not centred) coordinates around (3, 3, 3).
     */
    static List<PointCloud> blobs(int count, int points, long seed) {
        Random r = new Random(seed);
        List<PointCloud> out = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            double ox = 3 + 0.3 * r.nextGaussian(), oy = 3 + 0.3 * r.nextGaussian(), oz = 3 + 0.3 * r.nextGaussian();
            double sx = 0.5 + r.nextDouble(), sy = 0.3 + 0.5 * r.nextDouble(), sz = 0.2 + r.nextDouble();
            double tilt = r.nextDouble() * Math.PI, cos = Math.cos(tilt), sin = Math.sin(tilt);
            float[] xyz = new float[3 * points];
            for (int i = 0; i < points; i++) {
                double u = r.nextGaussian() * sx, v = r.nextGaussian() * sy;
                xyz[3 * i] = (float) (ox + cos * u - sin * v);
                xyz[3 * i + 1] = (float) (oy + sin * u + cos * v);
                xyz[3 * i + 2] = (float) (oz + r.nextGaussian() * sz);
            }
            out.add(new PointCloud(c / 4, c % 4, xyz, null));
        }
        return out;
    }

    private Parameters small(Map<String, Object> extra) {
        Map<String, Object> values = new HashMap<>(Map.of("pointsPerCloud", 128, "k", 8, "featureSize", 32,
                "sourcePoints", "plane", "batchSize", 4, "learningRate", 1e-3, "epochs", 2, "earlyStopPatience", 0));
        values.putAll(extra);
        return Parameters.of(descriptor, values);
    }

    @Test
    void everyParameterIsDocumentedAndItsDefaultIsValid() {
        for (ParameterSpec p : descriptor.parameters()) {
            assertFalse(p.doc().isBlank(), p.name());
            p.convert(p.defaultValue());
        }
        Parameters defaults = Parameters.defaults(FoldingNetParameters.class);
        assertEquals(2048, defaults.values().get("pointsPerCloud"));
        assertEquals(LocalMatrix.COVARIANCE, defaults.values().get("localMatrix"));
        assertEquals(List.of("plane", "sphere", "gaussian", "file"), descriptor.parameter("sourcePoints").orElseThrow().options());
    }

    @Test
    void fileAndFolderParametersAreDeclaredPathsSoWorkflowsCannotPointOutsideTheHome() {
        List<String> paths = descriptor.parameters().stream().filter(ParameterSpec::path).map(ParameterSpec::name).toList();
        assertEquals(java.util.Set.of("checkpointFolder", "resumeFrom", "sourcePointsFile"), java.util.Set.copyOf(paths));
    }

    @Test
    void theComponentOffersTheEncoderAndTheCheckpointImporterAsOneService() throws IOException {
        // the component description bnd generates from @Component: one service, both interfaces
        try (var in = getClass().getClassLoader().getResourceAsStream("OSGI-INF/" + FoldingNetEncoder.class.getName() + ".xml")) {
            assertTrue(in != null, "bnd wrote the component description");
            String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(xml.contains("<provide interface=\"org.braggflow.api.stage.Encoder\"/>"), xml);
            assertTrue(xml.contains("<provide interface=\"org.braggflow.api.stage.CheckpointImporter\"/>"), xml);
            assertTrue(xml.contains("name=\"stage.name\" type=\"String\" value=\"foldingnet\""), xml);
        }
    }

    @Test
    void trainingLowersTheChamferLoss() throws IOException {
        List<PointCloud> clouds = blobs(8, 160, 1);
        long t0 = System.nanoTime();
        // raw coordinates: the loss then starts with the clouds' offset, which training must learn first
        EncoderModel model = stage.train(clouds, small(Map.of("epochs", 20, "centre", "none", "scale", "none")), ProgressListener.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Double> h = model.lossHistory();
        System.out.printf("training 8 clouds x 20 epochs: loss per cloud %.4g -> %.4g (%.1fx lower), %.1f s%n",
                h.get(0), h.get(h.size() - 1), h.get(0) / h.get(h.size() - 1), seconds);
        assertEquals(20, h.size());
        assertTrue(h.get(h.size() - 1) < h.get(0) / 5, "loss fell from " + h.get(0) + " to " + h.get(h.size() - 1));
    }

    @Test
    void maxStepsStopsTrainingAfterThatManyBatchesWhateverTheEpochs() throws IOException {
        List<PointCloud> clouds = blobs(8, 160, 1);
        FoldingNetModel model = (FoldingNetModel) stage.train(clouds, small(Map.of("epochs", 50, "batchSize", 2, "maxSteps", 3)),
                ProgressListener.NONE);
        assertEquals(3L, model.provenance().get("trainingSteps"));
        assertEquals("steps", model.provenance().get("stopReason"));
        assertEquals(1, model.lossHistory().size(), "three batches of two: the first epoch, cut short");
    }

    @Test
    void aSavedModelReloadsToIdenticalCodewords(@TempDir Path dir) throws IOException {
        List<PointCloud> clouds = blobs(6, 150, 2);
        EncoderModel model = stage.train(clouds, small(Map.of()), ProgressListener.NONE);
        float[][] before = stage.encode(model, clouds);
        assertEquals(32, before[0].length);
        stage.save(model, dir);
        EncoderModel loaded = stage.load(dir);
        assertEquals(model.id(), loaded.id());
        assertEquals(model.lossHistory(), loaded.lossHistory());
        float[][] after = stage.encode(loaded, clouds);
        for (int i = 0; i < before.length; i++) assertArrayEquals(before[i], after[i], 0f);
        // data files only, and a changed weight is caught by the recorded hash
        assertEquals(List.of("model.json", "optimizer.f32", "weights.f32"),
                Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList());
        byte[] w = Files.readAllBytes(dir.resolve("weights.f32"));
        w[100] ^= 1;
        Files.write(dir.resolve("weights.f32"), w);
        IOException e = assertThrows(IOException.class, () -> stage.load(dir));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void checkpointsAreWrittenAndTrainingResumesFromThem(@TempDir Path dir) throws IOException {
        List<PointCloud> clouds = blobs(4, 130, 3);
        Path checkpoints = dir.resolve("checkpoints");
        EncoderModel first = stage.train(clouds, small(Map.of("epochs", 2, "checkpointEveryEpochs", 1,
                "checkpointFolder", checkpoints.toString())), ProgressListener.NONE);
        FoldingNetModel saved = ModelFiles.load(checkpoints);
        assertEquals(first.lossHistory(), saved.lossHistory());
        assertEquals(2, saved.provenance().get("checkpointEpoch"));
        assertEquals(2, saved.optimizer.steps());
        EncoderModel resumed = stage.train(clouds, small(Map.of("epochs", 4, "resumeFrom", checkpoints.toString())), ProgressListener.NONE);
        assertEquals(4, resumed.lossHistory().size());
        assertEquals(first.lossHistory(), resumed.lossHistory().subList(0, 2));
        assertEquals(4, ((FoldingNetModel) resumed).optimizer.steps());
    }

    @Test
    void trainingStopsOnAPlateauAndOnTheTimeBudget() throws IOException {
        List<PointCloud> clouds = blobs(4, 130, 4);
        FoldingNetModel flat = (FoldingNetModel) stage.train(clouds, small(Map.of("epochs", 50, "learningRate", 1e-12,
                "earlyStopPatience", 3, "rotationAxis", "none")), ProgressListener.NONE);
        assertEquals("plateau", flat.provenance().get("stopReason"));
        assertEquals(4, flat.lossHistory().size(), "the first epoch sets the best, three more without improvement stop");
        FoldingNetModel quick = (FoldingNetModel) stage.train(clouds, small(Map.of("epochs", 50, "timeBudgetSeconds", 1e-3)),
                ProgressListener.NONE);
        assertEquals("time budget", quick.provenance().get("stopReason"));
        assertEquals(1, quick.lossHistory().size());
        assertEquals(1L, quick.provenance().get("trainingSteps"));
    }

    @Test
    void importedReferenceModelSavesAndReloadsWithItsNeighbourOrder(@TempDir Path dir) throws IOException {
        EncoderModel imported = stage.importCheckpoint(ReferenceData.reference("checkpoint.pt"),
                ReferenceData.reference("config.json"), ReferenceData.reference("source-points-gaussian.csv"));
        assertEquals(512, imported.featureSize());
        assertTrue(imported.lossHistory().isEmpty());
        double[] xyz = ReferenceData.cloud("pixel-1050");
        float[] f = new float[xyz.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) xyz[i];
        List<PointCloud> cloud = List.of(new PointCloud(0, 0, f, null));
        float[] code = stage.encode(imported, cloud)[0];
        double[] expected = ReferenceData.codeword("pixel-1050");
        double[] got = new double[code.length];
        for (int i = 0; i < got.length; i++) got[i] = code[i];
        assertTrue(ReferenceData.maxAbsDiff(got, expected) <= 1e-4 * ReferenceData.maxAbs(expected));
        stage.save(imported, dir);
        assertEquals(NeighbourOrder.REFERENCE, ((FoldingNetModel) stage.load(dir)).config().neighbourOrder());
        assertArrayEquals(code, stage.encode(stage.load(dir), cloud)[0], 0f);
    }
}
