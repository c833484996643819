package org.braggflow.encode.foldingnet;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * FoldingNet's folding-based decoder (section 3.2; docs/method.md, section 5): the codeword, replicated on the
 * m source points, is folded twice. Fold 1: {@code [codeword ; source point]} through 1x1 convs
 * F+d-F-F-3 (ReLU between); fold 2: {@code [codeword ; fold 1 output]} through F+3-F-F-3. The output
 * of fold 2 is the reconstruction, {@code [clouds * m, 3]}.
 */
final class FoldingDecoder {

    private final PointwiseLinear fold1a, fold1b, fold1c, fold2a, fold2b, fold2c;

    FoldingDecoder(Map<String, PointwiseLinear> layers) {
        fold1a = layers.get("decoder.folding1.0");
        fold1b = layers.get("decoder.folding1.2");
        fold1c = layers.get("decoder.folding1.4");
        fold2a = layers.get("decoder.folding2.0");
        fold2b = layers.get("decoder.folding2.2");
        fold2c = layers.get("decoder.folding2.4");
    }

    /** The activations of one forward pass, kept for the backward pass. */
    static final class Pass implements AutoCloseable {
        INDArray codeword, source, h1, h2, fold1, h3, h4, reconstruction;
        int m;

        @Override
        public void close() {
            for (INDArray a : new INDArray[] {h1, h2, fold1, h3, h4, reconstruction}) {
                NativeArrays.release(a);
            }
        }
    }

    /**
     * @param codeword {@code [clouds, F]}
     * @param source   {@code [m, d]} source points
     * @param keep     whether to keep the activations for {@link #backward}
     */
    Pass forward(INDArray codeword, INDArray source, boolean keep) {
        Pass p = new Pass();
        p.codeword = codeword;
        p.source = source;
        p.m = (int) source.rows();
        p.h1 = relu(CodewordConcatLinear.forward(fold1a, codeword, source, p.m));
        p.h2 = relu(fold1b.forward(p.h1));
        if (!keep) NativeArrays.release(p.h1);
        p.fold1 = fold1c.forward(p.h2);
        if (!keep) NativeArrays.release(p.h2);
        p.h3 = relu(CodewordConcatLinear.forward(fold2a, codeword, p.fold1, p.m));
        if (!keep) NativeArrays.release(p.fold1);
        p.h4 = relu(fold2b.forward(p.h3));
        if (!keep) NativeArrays.release(p.h3);
        p.reconstruction = fold2c.forward(p.h4);
        if (!keep) NativeArrays.release(p.h4);
        return p;
    }

    /** Adds every decoder layer's gradients; returns the codeword gradient {@code [clouds, F]}. */
    INDArray backward(Pass p, INDArray dReconstruction) {
        INDArray[] dh4 = fold2c.backwardThroughRelu(p.h4, dReconstruction);
        INDArray dh3 = fold2b.backward(p.h3, dh4[0], true, dh4[1]);
        NativeArrays.release(dh4);
        INDArray[] d2 = CodewordConcatLinear.backwardThroughRelu(fold2a, p.codeword, p.fold1, p.m, p.h3, dh3);
        NativeArrays.release(dh3);
        INDArray[] dh2 = fold1c.backwardThroughRelu(p.h2, d2[1]);
        NativeArrays.release(d2[1]);
        INDArray dh1 = fold1b.backward(p.h1, dh2[0], true, dh2[1]);
        NativeArrays.release(dh2);
        INDArray[] d1 = CodewordConcatLinear.backwardThroughRelu(fold1a, p.codeword, p.source, p.m, p.h1, dh1);
        NativeArrays.release(dh1);
        d1[0].addi(d2[0]);
        NativeArrays.release(d2[0], d1[1]);   // d1[1]: the source points' gradient, formed only for a batch of one
        return d1[0];
    }

    private static INDArray relu(INDArray x) {
        return Transforms.relu(x, false);
    }
}
