package org.braggflow.encode.foldingnet;

import java.util.List;

/**
 * The architecture of one FoldingNet (docs/method.md, section 5): what decides the shapes of its weights and
 * what the encoder computes. Training settings are not part of it.
 *
 * @param points          points per cloud fed to the encoder (clouds are resampled to this count)
 * @param k               neighbours of the kNN graph, the point itself included
 * @param featureSize     length of the codeword
 * @param sourceShape     kind of the decoder's source points
 * @param sourceDimension coordinates per source point (2 for the plane, else 3)
 * @param localMatrix     the 3x3 matrix of the 12-d per-point input
 * @param neighbourOrder  how the kNN graph ranks neighbours ({@code REFERENCE} for imported models)
 */
record FoldingNetConfig(int points, int k, int featureSize, SourceShape sourceShape, int sourceDimension,
                        LocalMatrix localMatrix, NeighbourOrder neighbourOrder) {

    /** Widths fixed by the paper: point MLP 64, graph layers 64 and 128, before the global max 1024. */
    static final int POINT_FEATURES = 64;
    static final int GRAPH_FEATURES = 128;
    static final int GLOBAL_FEATURES = 1024;
    /** Per-point input: xyz plus the nine entries of the local matrix. */
    static final int INPUT_FEATURES = 12;

    /**
     * One pointwise linear layer: {@code torchRank} 3 for a {@code Conv1d} weight {@code [out, in, 1]},
     * 2 for a {@code Linear} weight {@code [out, in]}.
     */
    record LayerSpec(String name, int in, int out, int torchRank) {

        int[] torchWeightShape() {
            return torchRank == 3 ? new int[] {out, in, 1} : new int[] {out, in};
        }
    }

    FoldingNetConfig {
        if (points < 2) throw new IllegalArgumentException("points per cloud must be at least 2, not " + points);
        if (k < 2 || k > points) throw new IllegalArgumentException("k must be in [2, " + points + "], not " + k);
        if (featureSize < 1) throw new IllegalArgumentException("feature size must be positive, not " + featureSize);
        if (sourceDimension != 2 && sourceDimension != 3) {
            throw new IllegalArgumentException("source points have 2 or 3 coordinates, not " + sourceDimension);
        }
    }

    /**
     * The layers in the order of the reference state dict, named as there so a checkpoint maps by
     * name: encoder {@code mlp1} (12-64-64-64), graph layer ({@code linear1}, {@code conv1},
     * {@code linear2}, {@code conv2}), {@code mlp2} (1024-F-F); decoder {@code folding1} and
     * {@code folding2} (F+d-F-F-3 and F+3-F-F-3).
     */
    List<LayerSpec> layers() {
        int f = featureSize;
        return List.of(
                new LayerSpec("encoder.mlp1.0", INPUT_FEATURES, POINT_FEATURES, 3),
                new LayerSpec("encoder.mlp1.2", POINT_FEATURES, POINT_FEATURES, 3),
                new LayerSpec("encoder.mlp1.4", POINT_FEATURES, POINT_FEATURES, 3),
                new LayerSpec("encoder.linear1", POINT_FEATURES, POINT_FEATURES, 2),
                new LayerSpec("encoder.conv1", POINT_FEATURES, GRAPH_FEATURES, 3),
                new LayerSpec("encoder.linear2", GRAPH_FEATURES, GRAPH_FEATURES, 2),
                new LayerSpec("encoder.conv2", GRAPH_FEATURES, GLOBAL_FEATURES, 3),
                new LayerSpec("encoder.mlp2.0", GLOBAL_FEATURES, f, 3),
                new LayerSpec("encoder.mlp2.2", f, f, 3),
                new LayerSpec("decoder.folding1.0", f + sourceDimension, f, 3),
                new LayerSpec("decoder.folding1.2", f, f, 3),
                new LayerSpec("decoder.folding1.4", f, 3, 3),
                new LayerSpec("decoder.folding2.0", f + 3, f, 3),
                new LayerSpec("decoder.folding2.2", f, f, 3),
                new LayerSpec("decoder.folding2.4", f, 3, 3));
    }

    /** Number of trainable values. */
    long parameterCount() {
        return layers().stream().mapToLong(l -> (long) l.out() * (l.in() + 1)).sum();
    }
}
