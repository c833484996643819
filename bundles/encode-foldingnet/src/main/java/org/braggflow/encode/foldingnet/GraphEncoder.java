package org.braggflow.encode.foldingnet;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * FoldingNet's graph-based encoder (section 3.1; docs/method.md, section 5): point MLP 12-64-64-64 with ReLU,
 * graph layer (local max-pool, linear 64-64, 1x1 conv 64-128 + ReLU, local max-pool, linear
 * 128-128, 1x1 conv 128-1024), global max over points, then 1x1 convs 1024-F (ReLU) and F-F: the
 * codeword. Rows of all clouds of a batch are stacked: {@code [clouds * n, channels]}.
 */
final class GraphEncoder {

    private final PointwiseLinear mlp1a, mlp1b, mlp1c, linear1, conv1, linear2, conv2, mlp2a, mlp2b;

    GraphEncoder(Map<String, PointwiseLinear> layers) {
        mlp1a = layers.get("encoder.mlp1.0");
        mlp1b = layers.get("encoder.mlp1.2");
        mlp1c = layers.get("encoder.mlp1.4");
        linear1 = layers.get("encoder.linear1");
        conv1 = layers.get("encoder.conv1");
        linear2 = layers.get("encoder.linear2");
        conv2 = layers.get("encoder.conv2");
        mlp2a = layers.get("encoder.mlp2.0");
        mlp2b = layers.get("encoder.mlp2.2");
    }

    /** The activations of one forward pass, kept for the backward pass. */
    static final class Pass implements AutoCloseable {
        INDArray input, a1, a2, a3, p1, l1, c1, p2, l2, g, h, codeword;
        int[] win1, win2, winGlobal;

        @Override
        public void close() {
            for (INDArray a : new INDArray[] {a1, a2, a3, p1, l1, c1, p2, l2, g, h, codeword}) {
                NativeArrays.release(a);
            }
        }
    }

    /**
     * @param input      {@code [clouds * n, 12]} per-point inputs
     * @param neighbours {@code clouds * n * k} row indices of each row's neighbours
     * @param keep       whether to keep the activations for {@link #backward}; if not, only the
     *                   codeword survives in the returned pass
     */
    Pass forward(INDArray input, int[] neighbours, int k, int clouds, boolean keep) {
        Pass p = new Pass();
        p.input = input;
        p.a1 = relu(mlp1a.forward(input));
        p.a2 = relu(mlp1b.forward(p.a1));
        p.a3 = relu(mlp1c.forward(p.a2));
        LocalMaxPool.Result pool1 = LocalMaxPool.forward(p.a3, neighbours, k, keep);
        p.p1 = pool1.output();
        p.win1 = pool1.winner();
        p.l1 = linear1.forward(p.p1);
        p.c1 = relu(conv1.forward(p.l1));
        LocalMaxPool.Result pool2 = LocalMaxPool.forward(p.c1, neighbours, k, keep);
        p.p2 = pool2.output();
        p.win2 = pool2.winner();
        p.l2 = linear2.forward(p.p2);
        GlobalMaxPool.Result global = GlobalMaxPool.forward(conv2, p.l2, clouds);
        p.g = global.output();
        p.winGlobal = global.winner();
        p.h = relu(mlp2a.forward(p.g));
        p.codeword = mlp2b.forward(p.h);
        if (!keep) {
            INDArray code = p.codeword;
            p.codeword = null;
            p.close();
            p.codeword = code;
        }
        return p;
    }

    /** Adds every encoder layer's gradients for the codeword gradient {@code dCode [clouds, F]}. */
    void backward(Pass p, INDArray dCode) {
        INDArray dh = mlp2b.backward(p.h, dCode, true);
        NativeArrays.reluBackward(p.h, dh);
        INDArray dg = mlp2a.backward(p.g, dh, true);
        NativeArrays.release(dh);
        INDArray dl2 = GlobalMaxPool.backward(conv2, p.l2, dg, p.winGlobal);
        NativeArrays.release(dg);
        INDArray dp2 = linear2.backward(p.p2, dl2, true);
        NativeArrays.release(dl2);
        INDArray dc1 = LocalMaxPool.backward(dp2, p.win2);
        NativeArrays.release(dp2);
        NativeArrays.reluBackward(p.c1, dc1);
        INDArray dl1 = conv1.backward(p.l1, dc1, true);
        NativeArrays.release(dc1);
        INDArray dp1 = linear1.backward(p.p1, dl1, true);
        NativeArrays.release(dl1);
        INDArray da3 = LocalMaxPool.backward(dp1, p.win1);
        NativeArrays.release(dp1);
        NativeArrays.reluBackward(p.a3, da3);
        INDArray da2 = mlp1c.backward(p.a2, da3, true);
        NativeArrays.release(da3);
        NativeArrays.reluBackward(p.a2, da2);
        INDArray da1 = mlp1b.backward(p.a1, da2, true);
        NativeArrays.release(da2);
        NativeArrays.reluBackward(p.a1, da1);
        mlp1a.backward(p.input, da1, false);
        NativeArrays.release(da1);
    }

    private static INDArray relu(INDArray x) {
        return Transforms.relu(x, false);
    }
}
