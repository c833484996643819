package org.braggflow.launcher.models;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Encoder;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.Parameter;
import org.braggflow.api.stage.ProgressListener;

/**
 * A real, very small encoder for tests of the registry and of workflows: "training" fixes a weight
 * vector, a feature is the cloud's mean coordinate times each weight, and saving writes a JSON header
 * and a binary weight file in a subfolder (so nested model files are exercised too).
 */
public final class TinyEncoder implements Encoder {

    /** The origin tests register tiny models with. */
    public static final ModelRecord.Origin ORIGIN = new ModelRecord.Origin("encoder", "tiny", "org.braggflow.test.tiny", "1.2.3");

    /** A model of the tiny encoder. */
    public record TinyModel(String id, float[] weights, List<Double> lossHistory) implements EncoderModel {
        @Override
        public int featureSize() {
            return weights.length;
        }
    }

    public @interface Parameters {
        @Parameter(doc = "features per cloud", min = 1)
        int size() default 3;

        @Parameter(doc = "folder a training run writes checkpoints into", path = true)
        String checkpointFolder() default "";
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return Parameters.class;
    }

    @Override
    public String description() {
        return "centroid times weights";
    }

    @Override
    public EncoderModel train(List<PointCloud> clouds, org.braggflow.api.stage.Parameters parameters, ProgressListener progress) {
        int n = parameters.as(Parameters.class).size();
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = 1f / (i + 1);
        return new TinyModel("tiny-trained", w, List.of(4.0, 2.0, 1.5));
    }

    @Override
    public float[][] encode(EncoderModel model, List<PointCloud> clouds) {
        float[] w = ((TinyModel) model).weights();
        float[][] out = new float[clouds.size()][w.length];
        for (int c = 0; c < clouds.size(); c++) {
            float[] xyz = clouds.get(c).xyz();
            double sum = 0;
            for (float v : xyz) sum += v;
            for (int i = 0; i < w.length; i++) out[c][i] = (float) (w[i] * sum / xyz.length);
        }
        return out;
    }

    @Override
    public void save(EncoderModel model, Path folder) throws IOException {
        TinyModel m = (TinyModel) model;
        Files.writeString(folder.resolve("model.json"), "{\"id\":\"" + m.id() + "\",\"size\":" + m.weights().length + "}");
        ByteBuffer b = ByteBuffer.allocate(4 * m.weights().length);
        b.asFloatBuffer().put(m.weights());
        Files.createDirectories(folder.resolve("data"));
        Files.write(folder.resolve("data/weights.f32"), b.array());
    }

    @Override
    public EncoderModel load(Path folder) throws IOException {
        byte[] bytes = Files.readAllBytes(folder.resolve("data/weights.f32"));
        float[] w = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(w);
        String id = Files.readString(folder.resolve("model.json")).replaceAll(".*\"id\":\"([^\"]*)\".*", "$1");
        return new TinyModel(id, w, List.of());
    }

    /** Trains a tiny model and registers it under {@code id} as trained on one scan of 42 clouds. */
    public static ModelRecord register(ModelRegistry registry, String id) throws IOException {
        TinyEncoder encoder = new TinyEncoder();
        EncoderModel m = encoder.train(List.of(), org.braggflow.api.stage.Parameters.defaults(Parameters.class), ProgressListener.NONE);
        return registry.register(id, m, encoder, ORIGIN,
                ModelRecord.Training.of(List.of(new ModelRecord.ScanCount("scan-7", 42)), m.lossHistory()), Optional.empty());
    }
}
