package org.braggflow.encode.foldingnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.files.AtomicFiles;
import org.braggflow.api.files.ModelFormat;
import org.braggflow.api.files.TensorFile;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model folder holds plain data only, never serialised objects:
 * <ul>
 * <li>{@code model.json}: format, id, architecture, the input frame (format version 2: centring rule,
 * global scale and padding rule applied to clouds before the network; a version 1 file has none and
 * its model sees raw coordinates), the tensor list (name and shape, in file order), loss per epoch,
 * optionally the held-out loss per epoch ({@code heldOutLossHistory}, covering the last epochs), provenance,
 * and the SHA-256 of each data file;</li>
 * <li>{@code weights.f32}: the tensors as little-endian float32, row-major, one after the other
 * (per layer weight {@code [out, in]} then bias {@code [out]}; last the decoder's source points);</li>
 * <li>{@code optimizer.f32} (optional: absent for imported models and ones trained with
 * {@code keepOptimizerState: false}): Adam's first then second moments in parameter order.</li>
 * </ul>
 * Loading checks the hashes and every size against the architecture before building the network.
 */
final class ModelFiles {

    static final String FORMAT = "braggflow-foldingnet";
    /** Version written for models with an input frame; legacy models are still written as version 1. */
    static final int FORMAT_VERSION = 2;
    static final int LEGACY_FORMAT_VERSION = 1;
    static final String MODEL_JSON = "model.json";
    static final String WEIGHTS = "weights.f32";
    static final String OPTIMIZER = "optimizer.f32";
    static final String SOURCE_TENSOR = "decoder.source";
    private static final ModelFormat READS = new ModelFormat(FORMAT, LEGACY_FORMAT_VERSION, FORMAT_VERSION);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() {
    }

    /** Writes the model into {@code folder} (created if needed); each file is replaced atomically. */
    static void save(FoldingNetModel model, Path folder) throws IOException {
        Files.createDirectories(folder);
        FoldingNet net = model.net;
        FoldingNetConfig c = net.config;
        ObjectNode root = JSON.createObjectNode();
        InputFrame frame = model.frame;
        root.put("format", FORMAT).put("formatVersion", frame.legacy() ? LEGACY_FORMAT_VERSION : FORMAT_VERSION).put("id", model.id());
        ObjectNode config = root.putObject("config");
        config.put("points", c.points()).put("k", c.k()).put("featureSize", c.featureSize())
                .put("sourceShape", c.sourceShape().name()).put("sourceDimension", c.sourceDimension())
                .put("localMatrix", c.localMatrix().name()).put("neighbourOrder", c.neighbourOrder().name());
        if (!frame.legacy()) {
            root.putObject("input").put("centre", frame.centre().name()).put("scale", frame.scale())
                    .put("padding", frame.padding().name());
        }
        ArrayNode tensors = root.putArray("tensors");
        List<INDArray> arrays = new ArrayList<>();
        for (PointwiseLinear l : net.layers()) {
            tensors.addObject().put("name", l.name + ".weight").putArray("shape").add(l.out).add(l.in);
            tensors.addObject().put("name", l.name + ".bias").putArray("shape").add(l.out);
            arrays.add(l.weight);
            arrays.add(l.bias);
        }
        INDArray source = NativeArrays.of(DataType.FLOAT, net.sourcePoints(), net.sourceCount(), c.sourceDimension());
        tensors.addObject().put("name", SOURCE_TENSOR).putArray("shape").add(net.sourceCount()).add(c.sourceDimension());
        arrays.add(source);
        ArrayNode history = root.putArray("lossHistory");
        model.lossHistory().forEach(history::add);
        if (!model.heldOutLossHistory().isEmpty()) {
            ArrayNode heldOut = root.putArray("heldOutLossHistory");
            model.heldOutLossHistory().forEach(heldOut::add);
        }
        root.set("provenance", JSON.valueToTree(model.provenance()));
        ObjectNode files = root.putObject("files");
        files.put(WEIGHTS, writeFloats(arrays, folder.resolve(WEIGHTS)));
        source.close();
        if (model.optimizer != null) {
            files.put(OPTIMIZER, writeFloats(model.optimizer.state(), folder.resolve(OPTIMIZER)));
            root.putObject("optimizer").put("steps", model.optimizer.steps())
                    .put("learningRate", model.optimizer.learningRate());
        } else {
            Files.deleteIfExists(folder.resolve(OPTIMIZER));
        }
        AtomicFiles.write(folder.resolve(MODEL_JSON), JSON.writeValueAsBytes(root));
    }

    /** Reads a model folder written by {@link #save}; the weights must match their recorded hash. */
    static FoldingNetModel load(Path folder) throws IOException {
        Path json = folder.resolve(MODEL_JSON);
        if (!Files.isRegularFile(json)) throw new IOException(folder + " is not a FoldingNet model folder (no " + MODEL_JSON + ")");
        JsonNode root = JSON.readTree(json.toFile());
        READS.check(json, root.path("format").asText(), root.path("formatVersion").asInt());
        InputFrame frame = frame(root.path("input"), json);
        JsonNode c = root.path("config");
        FoldingNetConfig config;
        try {
            config = new FoldingNetConfig(c.path("points").asInt(), c.path("k").asInt(), c.path("featureSize").asInt(),
                    SourceShape.valueOf(c.path("sourceShape").asText()), c.path("sourceDimension").asInt(),
                    LocalMatrix.valueOf(c.path("localMatrix").asText()),
                    NeighbourOrder.valueOf(c.path("neighbourOrder").asText(NeighbourOrder.EXACT.name())));
        } catch (IllegalArgumentException e) {
            throw new IOException(json + ": invalid config: " + e.getMessage(), e);
        }
        List<String> expected = new ArrayList<>();
        for (FoldingNetConfig.LayerSpec l : config.layers()) {
            expected.add(l.name() + ".weight");
            expected.add(l.name() + ".bias");
        }
        expected.add(SOURCE_TENSOR);
        List<String> listed = new ArrayList<>();
        root.path("tensors").forEach(t -> listed.add(t.path("name").asText()));
        if (!listed.equals(expected)) {
            throw new IOException(json + " lists tensors " + listed + " where the architecture has " + expected);
        }
        List<float[]> tensors = readFloats(folder, root, WEIGHTS, shapes(root, json));
        float[] sourceValues = tensors.remove(tensors.size() - 1);
        double[] source = new double[sourceValues.length];
        for (int i = 0; i < source.length; i++) source[i] = sourceValues[i];
        FoldingNet net = new FoldingNet(config, source, DataType.FLOAT);
        int t = 0;
        for (PointwiseLinear l : net.layers()) {
            set(l.weight, tensors.get(t++), l.name + ".weight");
            set(l.bias, tensors.get(t++), l.name + ".bias");
        }
        List<Double> history = new ArrayList<>();
        root.path("lossHistory").forEach(v -> history.add(v.asDouble()));
        // optional: models trained without held-out clouds, and older ones, have none
        List<Double> heldOut = new ArrayList<>();
        root.path("heldOutLossHistory").forEach(v -> heldOut.add(v.asDouble()));
        if (heldOut.size() > history.size()) {
            throw new IOException(json + " has " + heldOut.size() + " held-out losses for " + history.size() + " epochs");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> provenance = root.has("provenance")
                ? JSON.convertValue(root.get("provenance"), LinkedHashMap.class) : Map.of();
        Adam optimizer = null;
        if (root.has("optimizer") && root.path("files").has(OPTIMIZER)) {
            List<INDArray> params = net.parameters();
            List<int[]> momentShapes = new ArrayList<>();
            for (int pass = 0; pass < 2; pass++) {
                for (INDArray p : params) momentShapes.add(new int[] {(int) p.length()});
            }
            optimizer = new Adam(root.path("optimizer").path("learningRate").asDouble(), params);
            optimizer.restore(readFloats(folder, root, OPTIMIZER, momentShapes), root.path("optimizer").path("steps").asLong());
        }
        return new FoldingNetModel(root.path("id").asText(folder.getFileName().toString()), net, history, heldOut, provenance, optimizer, frame);
    }

    /** The recorded input frame; none recorded (version 1 files) means raw coordinates as before. */
    private static InputFrame frame(JsonNode input, Path json) throws IOException {
        if (input.isMissingNode() || input.isNull()) return InputFrame.LEGACY;
        try {
            return new InputFrame(Centre.valueOf(input.path("centre").asText(Centre.NONE.name())),
                    input.path("scale").asDouble(1), Padding.valueOf(input.path("padding").asText(Padding.REPEAT.name())), false);
        } catch (IllegalArgumentException e) {
            throw new IOException(json + ": invalid input frame: " + e.getMessage(), e);
        }
    }

    /** Shapes of the listed tensors; the architecture check happens when they are assigned. */
    private static List<int[]> shapes(JsonNode root, Path json) throws IOException {
        List<int[]> shapes = new ArrayList<>();
        for (JsonNode t : root.path("tensors")) {
            JsonNode s = t.path("shape");
            int[] shape = new int[s.size()];
            for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).asInt();
            shapes.add(shape);
        }
        if (shapes.isEmpty()) throw new IOException(json + " lists no tensors");
        return shapes;
    }

    private static void set(INDArray target, float[] values, String name) throws IOException {
        if (values.length != target.length()) {
            throw new IOException("tensor '" + name + "' has " + values.length + " values, the architecture needs " + target.length());
        }
        NativeArrays.Values v = NativeArrays.values(target);
        for (int i = 0; i < values.length; i++) v.set(i, values[i]);
    }

    /** Writes the arrays as little-endian float32 tensors; returns the SHA-256 (hex) to record. */
    private static String writeFloats(List<INDArray> arrays, Path file) throws IOException {
        List<float[]> tensors = new ArrayList<>();
        for (INDArray a : arrays) tensors.add(NativeArrays.toFloats(a));
        return TensorFile.write(file, tensors);
    }

    /** Reads a data file after checking that its size is exactly the listed shapes and its recorded hash. */
    private static List<float[]> readFloats(Path folder, JsonNode root, String name, List<int[]> shapes) throws IOException {
        return TensorFile.read(folder.resolve(name), shapes, root.path("files").path(name).asText(""), folder.resolve(MODEL_JSON));
    }
}
