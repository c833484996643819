package org.braggflow.encode.foldingnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Held-out clouds: which ones, the model of the lowest held-out loss, early stopping on it, and shipping without Adam. */
class HeldOutTest {

    private final FoldingNetEncoder stage = new FoldingNetEncoder();
    private final StageDescriptor descriptor = StageDescriptor.of("encoder", "foldingnet", stage);
    /** Twelve clouds, three held out (share 0.25), nine trained on in three batches of three. */
    private final List<PointCloud> clouds = FoldingNetEncoderTest.blobs(12, 160, 21);

    private Parameters small(Map<String, Object> extra) {
        Map<String, Object> values = new HashMap<>(Map.of("pointsPerCloud", 128, "k", 8, "featureSize", 32,
                "sourcePoints", "plane", "batchSize", 3, "learningRate", 1e-3, "epochs", 2, "earlyStopPatience", 0,
                "validationShare", 0.25));
        values.putAll(extra);
        return Parameters.of(descriptor, values);
    }

    @Test
    void heldOutCloudsAreASeededShareDisjointFromTheTrainingClouds() {
        int[] a = HeldOut.choose(50, 0.1, 7);
        assertArrayEquals(a, HeldOut.choose(50, 0.1, 7), "the same seed holds out the same clouds");
        assertFalse(Arrays.equals(a, HeldOut.choose(50, 0.1, 8)), "another seed, other clouds");
        assertEquals(5, a.length);
        assertEquals(5, Arrays.stream(a).distinct().count());
        assertTrue(Arrays.stream(a).allMatch(i -> i >= 0 && i < 50));
        assertEquals(3, HeldOut.choose(12, 0.25, 7).length);
        assertEquals(0, HeldOut.choose(4, 0.1, 7).length, "round(0.4) = 0: none held out");
        assertEquals(0, HeldOut.choose(50, 0, 7).length);
        assertEquals(0, HeldOut.choose(1, 0.9, 7).length, "one cloud is always left to train on");
        assertEquals(9, HeldOut.choose(10, 0.9, 7).length);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) all.add(i);
        List<Integer> held = HeldOut.select(all, a, true), trained = HeldOut.select(all, a, false);
        assertEquals(Arrays.stream(a).boxed().toList(), held);
        assertEquals(45, trained.size());
        Set<Integer> union = new HashSet<>(held);
        union.addAll(trained);
        assertEquals(50, union.size(), "disjoint, and together every cloud");
    }

    @Test
    void theReturnedModelIsTheEpochOfLowestHeldOutLossAndEarlyStoppingWatchesThatLoss(@TempDir Path dir) throws IOException {
        // a learning rate high enough for the held-out loss to go up and down between epochs
        FoldingNetModel model = (FoldingNetModel) stage.train(clouds, small(Map.of("learningRate", 1e-2, "epochs", 12,
                "earlyStopPatience", 2)), ProgressListener.NONE);
        List<Double> train = model.lossHistory(), held = model.heldOutLossHistory();
        Map<String, Object> prov = model.provenance();
        System.out.printf("training loss per cloud %s%nheld-out loss per cloud %s%nbest epoch %s, stop %s%n", train, held,
                prov.get("bestEpoch"), prov.get("stopReason"));
        assertEquals(9, prov.get("trainingClouds"));
        assertEquals(3, prov.get("validationClouds"));
        assertEquals(held, prov.get("heldOutLoss"));
        assertEquals(train.size(), held.size());
        int argmin = held.indexOf(held.stream().min(Double::compare).orElseThrow());
        assertEquals(argmin + 1, prov.get("bestEpoch"));
        // the stop follows the plateau rule on the held-out curve; on the training curve it would differ
        assertEquals("plateau", prov.get("stopReason"));
        assertEquals(plateauStop(held, 2), train.size());
        assertEquals(0, plateauStop(train, 2), "on the training loss the rule would not have stopped yet");
        assertTrue(argmin < held.size() - 1, "the best epoch is not the last one");

        // the held-out clouds measured again with the returned weights give the best epoch's loss, not the last's
        int[] chosen = HeldOut.choose(clouds.size(), 0.25, 7);
        List<double[]> heldOut = FoldingNetEncoder.sample(HeldOut.select(clouds, chosen, true), 128, 7, model.frame, new PaddingTally());
        double again = HeldOut.loss(model.net, heldOut, 3);
        System.out.printf("returned model on the held-out clouds: %.9g (best epoch %.9g, last %.9g)%n", again, held.get(argmin),
                held.get(held.size() - 1));
        assertEquals(held.get(argmin), again, 1e-9 * again, "the same float32 weights, the same forward pass");
        assertTrue(Math.abs(again - held.get(held.size() - 1)) > 1e-3 * again);

        // saved and loaded, the curve comes back; a model.json without it (older models) loads with none
        stage.save(model, dir);
        FoldingNetModel loaded = (FoldingNetModel) stage.load(dir);
        assertEquals(held, loaded.heldOutLossHistory());
        assertEquals(train, loaded.lossHistory());
        assertEquals(again, HeldOut.loss(loaded.net, heldOut, 3), 0);
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(dir.resolve("model.json").toFile());
        assertEquals(held.size(), root.path("heldOutLossHistory").size());
        root.remove("heldOutLossHistory");
        json.writeValue(dir.resolve("model.json").toFile(), root);
        assertEquals(List.of(), ((FoldingNetModel) stage.load(dir)).heldOutLossHistory());
    }

    /** Epochs run when the plateau rule of {@link Trainer} stops on {@code losses}; 0 if it does not stop within them. */
    private static int plateauStop(List<Double> losses, int patience) {
        double best = Double.POSITIVE_INFINITY;
        int since = 0;
        for (int e = 0; e < losses.size(); e++) {
            if (losses.get(e) < best * (1 - Trainer.PLATEAU_IMPROVEMENT)) {
                best = losses.get(e);
                since = 0;
            } else if (++since >= patience) {
                return e + 1;
            }
        }
        return 0;
    }

    @Test
    void withNoCloudsHeldOutTrainingIsBitIdenticalToTheTrainingLoopAlone() throws IOException {
        Parameters parameters = small(Map.of("validationShare", 0.0, "epochs", 3));
        FoldingNetModel model = (FoldingNetModel) stage.train(clouds, parameters, ProgressListener.NONE);
        assertEquals(List.of(), model.heldOutLossHistory());
        assertEquals(0, model.provenance().get("validationClouds"));
        assertEquals(12, model.provenance().get("trainingClouds"));
        assertFalse(model.provenance().containsKey("bestEpoch"));
        // what training did before held-out clouds existed: every cloud, the frame, the loop, the last weights
        FoldingNetParameters p = parameters.as(FoldingNetParameters.class);
        FoldingNet net = new FoldingNet(FoldingNetEncoder.config(p), FoldingNetEncoder.sourcePoints(p), DataType.FLOAT);
        net.initialise(p.seed());
        Adam adam = new Adam(p.learningRate(), net.parameters());
        InputFrame frame = InputFrame.measure(clouds, p.centre(), p.scale(), p.padding());
        List<Double> history = new ArrayList<>();
        Trainer.train(net, adam, FoldingNetEncoder.sample(clouds, 128, p.seed(), frame, new PaddingTally()),
                new Trainer.Settings(3, 3, 0, 0, p.seed(), p.rotationAxis(), 0, 0), history, ProgressListener.NONE, (e, h, v) -> { });
        assertEquals(history, model.lossHistory());
        List<INDArray> expected = net.parameters(), got = model.net.parameters();
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(NativeArrays.toFloats(expected.get(i)), NativeArrays.toFloats(got.get(i)), 0f, "tensor " + i);
        }
        assertEquals(adam.steps(), model.optimizer.steps());
    }

    @Test
    void aModelSavedWithoutOptimizerStateHasNoOptimizerFileAndResumesWithAFreshAdam(@TempDir Path dir) throws IOException {
        FoldingNetModel model = (FoldingNetModel) stage.train(clouds, small(Map.of("maxSteps", 2, "keepOptimizerState", false)),
                ProgressListener.NONE);
        assertNull(model.optimizer);
        assertEquals(List.of(model.heldOutLossHistory().get(0)), model.provenance().get("heldOutLoss"),
                "a stop by maxSteps inside the first epoch still measures the held-out clouds");
        assertEquals(1, model.provenance().get("bestEpoch"));
        Path shipped = dir.resolve("shipped");
        stage.save(model, shipped);
        assertEquals(List.of("model.json", "weights.f32"), Files.list(shipped).map(f -> f.getFileName().toString()).sorted().toList());
        Path kept = dir.resolve("kept");
        stage.save(stage.train(clouds, small(Map.of("maxSteps", 2)), ProgressListener.NONE), kept);
        long weights = Files.size(kept.resolve("weights.f32")), optimizer = Files.size(kept.resolve("optimizer.f32"));
        System.out.printf("weights.f32 %d bytes, optimizer.f32 %d bytes%n", weights, optimizer);
        assertTrue(optimizer > 1.9 * weights, "the optimizer file is about twice the weights");
        assertEquals(weights, Files.size(shipped.resolve("weights.f32")));
        FoldingNetModel resumed = (FoldingNetModel) stage.train(clouds, small(Map.of("maxSteps", 3,
                "resumeFrom", shipped.toString())), ProgressListener.NONE);
        assertEquals(3, resumed.optimizer.steps(), "a fresh Adam counts only the resumed run's steps");
        assertEquals(2, resumed.lossHistory().size());
        assertEquals(2, resumed.heldOutLossHistory().size(), "the held-out curve continues");
    }
}
