package org.braggflow.encode.foldingnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maps a state dict of the reference PyTorch FoldingNet (the re-implementation the authors used,
 * encoder {@code foldnet}) onto a {@link FoldingNet}. Tensor names are the layer names of
 * {@link FoldingNetConfig#layers()} plus {@code .weight} / {@code .bias}; {@code Conv1d} weights
 * {@code [out, in, 1]} and {@code Linear} weights {@code [out, in]} both become {@code [out, in]}.
 */
final class CheckpointImport {

    private CheckpointImport() {
    }

    /**
     * Reads the reference run's {@code config.json} ({@code encoder}, {@code k}, {@code feat_dims},
     * {@code shape}, {@code num_points}, {@code local_matrix}).
     *
     * @param sourcePoints the source points file, needed for the shapes sphere and gaussian, whose
     *                     samples the reference code ships rather than computes; may be null for plane
     */
    static FoldingNetConfig readConfig(Path configJson, Path sourcePoints) throws IOException {
        JsonNode c = new ObjectMapper().readTree(configJson.toFile());
        String encoder = c.path("encoder").asText("foldnet");
        if (!encoder.equals("foldnet")) {
            throw new IOException(configJson + ": encoder '" + encoder + "' is not supported (only foldnet)");
        }
        String shape = c.path("shape").asText("plane");
        SourceShape kind = switch (shape) {
            case "plane" -> SourceShape.PLANE;
            case "sphere", "gaussian" -> SourceShape.FILE;
            default -> throw new IOException(configJson + ": unknown shape '" + shape + "'");
        };
        int dimension = 2;
        if (kind == SourceShape.FILE) {
            if (sourcePoints == null) {
                throw new IOException("the " + shape + " source points of " + configJson + " must be given as a file");
            }
            dimension = SourcePoints.dimension(sourcePoints);
        }
        String lm = c.path("local_matrix").asText("outer-product-of-first-two-neighbours");
        LocalMatrix matrix = lm.startsWith("outer-product") ? LocalMatrix.OUTER_PRODUCT
                : lm.startsWith("covariance") ? LocalMatrix.COVARIANCE : null;
        if (matrix == null) throw new IOException(configJson + ": unknown local_matrix '" + lm + "'");
        return new FoldingNetConfig(c.path("num_points").asInt(2048), c.path("k").asInt(16),
                c.path("feat_dims").asInt(512), kind, dimension, matrix, NeighbourOrder.REFERENCE);
    }

    /**
     * Copies the tensors into {@code net}. The state dict must hold exactly the configuration's
     * tensors with the configuration's shapes; otherwise an {@link IOException} names the first
     * mismatching tensor (in file order) with both shapes.
     */
    static void assign(Map<String, TorchCheckpoint.Tensor> stateDict, FoldingNet net) throws IOException {
        Map<String, int[]> expected = new LinkedHashMap<>();
        for (FoldingNetConfig.LayerSpec l : net.config.layers()) {
            expected.put(l.name() + ".weight", l.torchWeightShape());
            expected.put(l.name() + ".bias", new int[] {l.out()});
        }
        for (TorchCheckpoint.Tensor t : stateDict.values()) {
            int[] want = expected.get(t.name());
            if (want == null) {
                throw new IOException("checkpoint tensor '" + t.name() + "' " + t.shapeText()
                        + " has no place in the configured model (" + net.config + ")");
            }
            if (!java.util.Arrays.equals(want, t.shape())) {
                throw new IOException("checkpoint tensor '" + t.name() + "' has shape " + t.shapeText()
                        + " but the configuration needs " + java.util.Arrays.toString(want));
            }
        }
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            if (!stateDict.containsKey(e.getKey())) {
                throw new IOException("checkpoint lacks tensor '" + e.getKey() + "' of shape "
                        + java.util.Arrays.toString(e.getValue()));
            }
        }
        for (PointwiseLinear l : net.layers()) {
            copy(stateDict.get(l.name + ".weight").values(), l.weight);
            copy(stateDict.get(l.name + ".bias").values(), l.bias);
        }
    }

    /** Reads a checkpoint and its configuration into a new float32 network. */
    static FoldingNet load(Path checkpoint, Path configJson, Path sourcePoints) throws IOException {
        FoldingNetConfig config = readConfig(configJson, sourcePoints);
        double[] source = config.sourceShape() == SourceShape.PLANE ? SourcePoints.plane() : SourcePoints.read(sourcePoints);
        Map<String, TorchCheckpoint.Tensor> stateDict = TorchCheckpoint.readStateDict(checkpoint);
        FoldingNet net = new FoldingNet(config, source, org.nd4j.linalg.api.buffer.DataType.FLOAT);
        try {
            assign(stateDict, net);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
        return net;
    }

    private static void copy(float[] values, INDArray target) {
        NativeArrays.Values v = NativeArrays.values(target);
        for (int i = 0; i < values.length; i++) v.set(i, values[i]);
    }
}
