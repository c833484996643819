package org.braggflow.encode.foldingnet;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.files.Sha256;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.CheckpointImporter;
import org.braggflow.api.stage.Encoder;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.api.stage.Stage;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code encoder/foldingnet} stage: the FoldingNet autoencoder's codeword as each cloud's features.
 * One service offers both interfaces, so the importer is found by the same stage properties and its
 * models are the ones this encoder encodes with.
 */
@Component(service = {Encoder.class, CheckpointImporter.class})
@Stage(type = "encoder", name = "foldingnet")
public final class FoldingNetEncoder implements Encoder, CheckpointImporter {

    /** Clouds per encoder forward pass when encoding. */
    static final int ENCODE_BATCH = 16;
    /** The authors' learning rate at their batch of 16 (docs/method.md, section 5). */
    static final double BASE_LEARNING_RATE = 1e-4;
    private static final System.Logger LOG = System.getLogger(FoldingNetEncoder.class.getName());

    @Activate
    public FoldingNetEncoder() {
        // ND4J's CPU backend takes about half a second to start (native libraries, its environment): started
        // when the stage is deployed, in the background, so that the first scan's encoding does not wait for it
        Thread start = new Thread(FoldingNetEncoder::startNd4j, "braggflow-nd4j-start");
        start.setDaemon(true);
        start.start();
    }

    private static void startNd4j() {
        try {
            withNd4j(() -> {
                org.nd4j.linalg.factory.Nd4j.scalar(0f).close();
                return null;
            });
        } catch (Throwable e) {
            // the bundle was stopped while the backend started, or the backend cannot start: the first
            // encoding meets the same error and reports it with its scan
            LOG.log(System.Logger.Level.DEBUG, "ND4J did not start in the background", e);
        }
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return FoldingNetParameters.class;
    }

    @Override
    public String description() {
        return "FoldingNet autoencoder (graph encoder, folding decoder, Chamfer loss): the codeword of each cloud";
    }

    @Override
    public EncoderModel train(List<PointCloud> clouds, Parameters parameters, ProgressListener progress) throws IOException {
        return withNd4j(() -> trainModel(clouds, parameters, progress));
    }

    private EncoderModel trainModel(List<PointCloud> clouds, Parameters parameters, ProgressListener progress) throws IOException {
        FoldingNetParameters p = parameters.as(FoldingNetParameters.class);
        if (clouds.isEmpty()) throw new IllegalArgumentException("training needs at least one cloud");
        FoldingNetModel resumed = p.resumeFrom().isBlank() ? null : ModelFiles.load(Path.of(p.resumeFrom()));
        FoldingNet net;
        Adam adam;
        List<Double> history = new ArrayList<>();
        List<Double> heldOutHistory = new ArrayList<>();
        double lr = p.learningRate() > 0 ? p.learningRate() : BASE_LEARNING_RATE * 16 / p.batchSize();
        if (resumed != null) {
            net = resumed.net;
            history.addAll(resumed.lossHistory());
            heldOutHistory.addAll(resumed.heldOutLossHistory());
            adam = resumed.optimizer != null ? resumed.optimizer : new Adam(lr, net.parameters());
        } else {
            FoldingNetConfig config = config(p);
            net = new FoldingNet(config, sourcePoints(p), DataType.FLOAT);
            net.initialise(p.seed());
            adam = new Adam(lr, net.parameters());
        }
        // held-out clouds take no part in training; the frame is measured on all clouds, so the scale (the
        // loss's unit) does not depend on the split and held-out losses of different shares compare
        int[] heldOutIndices = HeldOut.choose(clouds.size(), p.validationShare(), p.seed());
        List<PointCloud> trainingClouds = HeldOut.select(clouds, heldOutIndices, false);
        List<PointCloud> validationClouds = HeldOut.select(clouds, heldOutIndices, true);
        // the held-out curve covers the last epochs of the loss history: a resumed curve is continued only
        // when it covers every earlier epoch and this run measures one too
        if (heldOutIndices.length == 0 || heldOutHistory.size() != history.size()) heldOutHistory.clear();
        int heldOutFrom = history.size() - heldOutHistory.size() + 1;
        // a resumed model keeps the frame it was trained in, so its codewords stay comparable, unless told to
        // measure this scan's scale (with its own centring rule and padding)
        InputFrame frame = resumed == null ? InputFrame.measure(clouds, p.centre(), p.scale(), p.padding())
                : p.resumedFrame() == ResumedFrame.MODEL || resumed.frame.legacy() ? resumed.frame
                : InputFrame.measure(clouds, resumed.frame.centre(), p.scale(), resumed.frame.padding());
        PaddingTally padding = new PaddingTally();
        List<double[]> sampled = sample(trainingClouds, net.config.points(), p.seed(), frame, padding);
        logPadding("training", padding, net.config.points());
        List<double[]> heldOut = sample(validationClouds, net.config.points(), p.seed(), frame, new PaddingTally());
        String id = resumed != null ? resumed.id() : "foldingnet-"
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("trainingClouds", trainingClouds.size());
        provenance.put("validationClouds", validationClouds.size());
        provenance.put("trainingDataSha256", Sha256.ofClouds(clouds));
        provenance.put("parameters", textValues(parameters));
        provenance.put("trainingPadding", padding.toMap());
        Trainer.Settings settings = new Trainer.Settings(p.batchSize(), p.epochs(), p.timeBudgetSeconds(), p.maxSteps(), p.seed(),
                p.rotationAxis(), p.checkpointEveryEpochs(), p.earlyStopPatience());
        Path checkpoints = p.checkpointFolder().isBlank() ? null : Path.of(p.checkpointFolder());
        Adam optimizer = adam;
        Trainer.Outcome outcome = Trainer.train(net, adam, sampled, heldOut, settings, history, heldOutHistory, progress,
                (epoch, h, v) -> {
                    if (checkpoints != null) {
                        ModelFiles.save(new FoldingNetModel(id, net, h, v, with(provenance, "checkpointEpoch", epoch), optimizer, frame),
                                checkpoints);
                    }
                });
        provenance.put("stopReason", outcome.stopReason());
        provenance.put("trainingSeconds", outcome.seconds());
        provenance.put("trainingSteps", outcome.steps());
        if (!heldOut.isEmpty()) {
            provenance.put("heldOutLoss", List.copyOf(heldOutHistory));
            provenance.put("heldOutFromEpoch", heldOutFrom);
            provenance.put("bestEpoch", outcome.bestEpoch());
        }
        // An optimiser that never stepped (a shipped model resumed with epochs 0, the default lattice-defects
        // run) holds only zeros: kept, it made every scan's registered copy of the model three times its
        // weights (24 MB instead of 7.8 for foldingnet-hard-v1).
        boolean keepOptimizer = p.keepOptimizerState() && adam.steps() > 0;
        return new FoldingNetModel(id, net, history, heldOutHistory, provenance, keepOptimizer ? adam : null, frame);
    }

    @Override
    public float[][] encode(EncoderModel model, List<PointCloud> clouds) throws IOException {
        return withNd4j(() -> encodeClouds(model, clouds));
    }

    private float[][] encodeClouds(EncoderModel model, List<PointCloud> clouds) {
        FoldingNetModel m = model(model);
        FoldingNet net = m.net;
        float[][] out = new float[clouds.size()][];
        PaddingTally padding = new PaddingTally();
        for (int from = 0; from < clouds.size(); from += ENCODE_BATCH) {
            List<double[]> batch = sample(clouds.subList(from, Math.min(clouds.size(), from + ENCODE_BATCH)), net.config.points(), 0,
                    m.frame, padding);
            try (var memory = NativeArrays.passMemory("foldingnet-encode"); FoldingNet.Input in = net.input(batch)) {
                float[] flat = NativeArrays.toFloats(net.codewords(in));
                int f = net.config.featureSize();
                for (int b = 0; b < batch.size(); b++) out[from + b] = java.util.Arrays.copyOfRange(flat, b * f, (b + 1) * f);
            }
        }
        m.encodePadding.add(padding);
        logPadding("encoding", padding, net.config.points());
        return out;
    }

    @Override
    public void save(EncoderModel model, Path folder) throws IOException {
        if (!(model instanceof FoldingNetModel m)) throw new IllegalArgumentException("not a FoldingNet model: " + model);
        withNd4j(() -> {
            ModelFiles.save(m, folder);
            return null;
        });
    }

    @Override
    public EncoderModel load(Path folder) throws IOException {
        return withNd4j(() -> ModelFiles.load(folder));
    }

    /**
     * A model from a reference PyTorch checkpoint ({@code torch.save} of the state dict) and the
     * run's {@code config.json}; {@code sourcePoints} is the CSV of the decoder's source points (needed
     * unless the shape is plane). Tensors that do not fit the configuration are rejected.
     */
    @Override
    public EncoderModel importCheckpoint(Path checkpoint, Path configJson, Path sourcePoints) throws IOException {
        FoldingNet net = withNd4j(() -> CheckpointImport.load(checkpoint, configJson, sourcePoints));
        byte[] bytes = Files.readAllBytes(checkpoint);
        String sha = Sha256.of(bytes);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("importedFrom", checkpoint.getFileName().toString());
        provenance.put("importedSha256", sha);
        return new FoldingNetModel("foldingnet-import-" + sha.substring(0, 12), net, List.of(), provenance, null);
    }

    private interface Nd4jWork<T> {
        T run() throws IOException;
    }

    /**
     * Runs ND4J work with ND4J's own class loader as the thread's context loader: ND4J finds its CPU
     * backend through that loader when it first starts, and a caller inside OSGi may have set a
     * bundle's loader that cannot see the backend.
     */
    private static <T> T withNd4j(Nd4jWork<T> work) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(org.nd4j.linalg.factory.Nd4j.class.getClassLoader());
        try {
            return work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static FoldingNetConfig config(FoldingNetParameters p) throws IOException {
        int dimension = p.sourcePoints() == SourceShape.FILE ? SourcePoints.dimension(Path.of(p.sourcePointsFile()))
                : p.sourcePoints().dimension();
        return new FoldingNetConfig(p.pointsPerCloud(), p.k(), p.featureSize(), p.sourcePoints(), dimension,
                p.localMatrix(), NeighbourOrder.EXACT);
    }

    static double[] sourcePoints(FoldingNetParameters p) throws IOException {
        return switch (p.sourcePoints()) {
            case PLANE -> SourcePoints.plane();
            case SPHERE -> SourcePoints.sphere();
            case GAUSSIAN -> SourcePoints.gaussian(p.seed());
            case FILE -> {
                if (p.sourcePointsFile().isBlank()) throw new IllegalArgumentException("sourcePoints is file but sourcePointsFile is empty");
                yield SourcePoints.read(Path.of(p.sourcePointsFile()));
            }
        };
    }

    /**
     * The network's input: each cloud brought to {@code points} points, then centred and scaled by the
     * model's frame (the centre is measured on the whole cloud, with its intensities, before sampling).
     * Legacy models seed sampling by the coordinates as before; others by what a shift leaves alone.
     */
    static List<double[]> sample(List<PointCloud> clouds, int points, long seed, InputFrame frame, PaddingTally tally) {
        List<double[]> out = new ArrayList<>(clouds.size());
        for (PointCloud c : clouds) {
            long cloudSeed = frame.legacy() ? CloudSampling.cloudSeed(seed, c.xyz()) : CloudSampling.shapeSeed(seed, c.size(), c.intensity());
            CloudSampling.Sample s = CloudSampling.resample(c.xyz(), points, cloudSeed, frame.padding());
            frame.apply(s.xyz(), frame.centreOf(c));
            tally.add(s.added());
            out.add(s.xyz());
        }
        return out;
    }

    private static void logPadding(String what, PaddingTally tally, int points) {
        if (tally.padded() == 0) return;
        LOG.log(System.Logger.Level.INFO, "foldingnet {0}: {1} ({2} points per cloud)", what, tally, String.valueOf(points));
    }

    private static FoldingNetModel model(EncoderModel model) {
        if (!(model instanceof FoldingNetModel m)) throw new IllegalArgumentException("not a FoldingNet model: " + model);
        return m;
    }

    private static Map<String, Object> textValues(Parameters parameters) {
        Map<String, Object> out = new LinkedHashMap<>();
        parameters.values().forEach((k, v) -> out.put(k, v instanceof Enum<?> e ? e.name().toLowerCase().replace('_', '-') : v));
        return out;
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        out.put(key, value);
        return out;
    }
}
