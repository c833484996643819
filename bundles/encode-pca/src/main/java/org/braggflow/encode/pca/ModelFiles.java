package org.braggflow.encode.pca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.files.AtomicFiles;
import org.braggflow.api.files.ModelFormat;
import org.braggflow.api.files.Sha256;
import org.braggflow.api.files.TensorFile;

/**
 * A PCA model folder holds plain data only, never serialised objects:
 * <ul>
 * <li>{@code model.json}: format, id, config, featureSize, the total training variance, the tensor
 * list (name and shape, in file order), the loss history, provenance and the SHA-256 of the weights;</li>
 * <li>{@code weights.f32}: little-endian float32, row-major, in the listed order: the cell edges [3],
 * the moment and position block scales [2], the mean descriptor [D], the components [k, D] and
 * their eigenvalues [k].</li>
 * </ul>
 * Loading checks the tensor list and the file's size against the config, then its hash.
 */
final class ModelFiles {

    static final String FORMAT = "braggflow-pca";
    static final int FORMAT_VERSION = 1;
    private static final ModelFormat READS = new ModelFormat(FORMAT, FORMAT_VERSION, FORMAT_VERSION);
    static final String MODEL_JSON = "model.json";
    static final String WEIGHTS = "weights.f32";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() {
    }

    private record Tensor(String name, int[] shape) {
    }

    /** The tensors a model of this config and feature size has, in file order. */
    private static List<Tensor> layout(PcaConfig config, int featureSize) {
        int d = config.descriptorLength();
        return List.of(new Tensor("descriptor.cell", new int[] {3}), new Tensor("descriptor.blockScale", new int[] {2}),
                new Tensor("pca.mean", new int[] {d}), new Tensor("pca.components", new int[] {featureSize, d}),
                new Tensor("pca.eigenvalues", new int[] {featureSize}));
    }

    /** The weights file's bytes. */
    static byte[] weights(CloudDescriptor descriptor, PrincipalComponents pca) {
        int k = pca.eigenvalues().length, d = pca.mean().length;
        ByteBuffer buf = ByteBuffer.allocate(4 * (3 + 2 + d + k * d + k)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putFloat(descriptor.cell[0]).putFloat(descriptor.cell[1]).putFloat(descriptor.cell[2]);
        buf.putFloat(descriptor.momentScale).putFloat(descriptor.positionScale);
        for (float v : pca.mean()) buf.putFloat(v);
        for (float[] c : pca.components()) {
            for (float v : c) buf.putFloat(v);
        }
        for (float v : pca.eigenvalues()) buf.putFloat(v);
        return buf.array();
    }

    /**
     * "pca-" and 12 hex digits of the SHA-256 of the config and the weights: the same clouds and
     * parameters give the same id, a model that encodes differently another.
     */
    static String id(PcaConfig config, byte[] weights) {
        MessageDigest sha = Sha256.digest();
        sha.update(config.toString().getBytes(StandardCharsets.UTF_8));
        sha.update(weights);
        return "pca-" + Sha256.hex(sha).substring(0, 12);
    }

    /** Writes the model into {@code folder} (created if needed); each file is replaced atomically. */
    static void save(PcaModel model, Path folder) throws IOException {
        Files.createDirectories(folder);
        PcaConfig c = model.config();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT).put("formatVersion", FORMAT_VERSION).put("id", model.id());
        root.putObject("config").put("bins", c.bins()).put("cellSigmas", c.cellSigmas())
                .put("momentWeight", c.momentWeight()).put("positionWeight", c.positionWeight())
                .put("whiten", c.whiten()).put("descriptorLength", c.descriptorLength());
        root.put("featureSize", model.featureSize());
        root.put("totalVariance", model.pca.totalVariance());
        ArrayNode tensors = root.putArray("tensors");
        for (Tensor t : layout(c, model.featureSize())) {
            ArrayNode shape = tensors.addObject().put("name", t.name()).putArray("shape");
            for (int s : t.shape()) shape.add(s);
        }
        ArrayNode history = root.putArray("lossHistory");
        model.lossHistory().forEach(history::add);
        root.set("provenance", JSON.valueToTree(model.provenance()));
        byte[] weights = weights(model.descriptor, model.pca);
        root.putObject("files").put(WEIGHTS, Sha256.of(weights));
        AtomicFiles.write(folder.resolve(WEIGHTS), weights);
        AtomicFiles.write(folder.resolve(MODEL_JSON), JSON.writeValueAsBytes(root));
    }

    /** Reads a folder written by {@link #save}, checking every size against the config first. */
    static PcaModel load(Path folder) throws IOException {
        Path json = folder.resolve(MODEL_JSON);
        if (!Files.isRegularFile(json)) throw new IOException(folder + " is not a PCA model folder (no " + MODEL_JSON + ")");
        JsonNode root = JSON.readTree(json.toFile());
        READS.check(json, root.path("format").asText(), root.path("formatVersion").asInt());
        JsonNode c = root.path("config");
        PcaConfig config;
        try {
            config = new PcaConfig(c.path("bins").asInt(), c.path("cellSigmas").asDouble(), c.path("momentWeight").asDouble(),
                    c.path("positionWeight").asDouble(), c.path("whiten").asBoolean());
        } catch (IllegalArgumentException e) {
            throw new IOException(json + ": invalid config: " + e.getMessage(), e);
        }
        int k = root.path("featureSize").asInt();
        if (k < 1 || k > config.descriptorLength()) {
            throw new IOException(json + ": featureSize " + k + " is not in 1.." + config.descriptorLength());
        }
        List<Tensor> expected = layout(config, k);
        List<String> want = new ArrayList<>(), listed = new ArrayList<>();
        for (Tensor t : expected) want.add(t.name() + java.util.Arrays.toString(t.shape()));
        for (JsonNode t : root.path("tensors")) {
            List<Integer> shape = new ArrayList<>();
            t.path("shape").forEach(s -> shape.add(s.asInt()));
            listed.add(t.path("name").asText() + shape);
        }
        if (!listed.equals(want)) throw new IOException(json + " lists tensors " + listed + " where the config needs " + want);

        Path file = folder.resolve(WEIGHTS);
        List<int[]> shapes = new ArrayList<>();
        for (Tensor t : expected) shapes.add(t.shape());
        List<float[]> tensors = TensorFile.read(file, shapes, root.path("files").path(WEIGHTS).asText(""), json);
        float[] cell = tensors.get(0), scales = tensors.get(1), mean = tensors.get(2), flat = tensors.get(3), eigenvalues = tensors.get(4);
        float[][] components = new float[k][];
        for (int i = 0; i < k; i++) components[i] = java.util.Arrays.copyOfRange(flat, i * config.descriptorLength(), (i + 1) * config.descriptorLength());
        double total = root.path("totalVariance").asDouble(Double.NaN);
        for (float v : eigenvalues) {
            if (!(v > 0)) throw new IOException(file + ": eigenvalue " + v + " is not positive");
        }
        CloudDescriptor descriptor;
        try {
            descriptor = new CloudDescriptor(config, cell, scales[0], scales[1]);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        List<Double> history = new ArrayList<>();
        root.path("lossHistory").forEach(v -> history.add(v.asDouble()));
        @SuppressWarnings("unchecked")
        Map<String, Object> provenance = root.has("provenance")
                ? JSON.convertValue(root.get("provenance"), LinkedHashMap.class) : Map.of();
        return new PcaModel(root.path("id").asText(folder.getFileName().toString()), descriptor,
                new PrincipalComponents(mean, components, eigenvalues, total), history, provenance);
    }
}
