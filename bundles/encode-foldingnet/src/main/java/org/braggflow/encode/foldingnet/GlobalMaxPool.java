package org.braggflow.encode.foldingnet;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The encoder's last pointwise layer followed by the global max-pool over the points of each cloud
 * (FoldingNet section 3.1: 1x1 conv 128 to 1024, then max over the n points):
 * {@code y[b, c] = max_i (x_b[i] W^T + b)[c]}.
 *
 * <p>Forward is one matrix product and a column-wise max. Backward uses that only one point per
 * cloud and channel receives gradient: the weight, bias and input gradients are gathered from those
 * winning rows instead of multiplying a {@code [rows, 1024]} gradient that is zero almost everywhere.
 */
final class GlobalMaxPool {

    /** Pooled {@code [clouds, out]} values and, per element, the input row that won. */
    record Result(INDArray output, int[] winner) {
    }

    private GlobalMaxPool() {
    }

    /** {@code x [clouds * points, in]} through {@code layer}, pooled to {@code [clouds, out]}. */
    static Result forward(PointwiseLinear layer, INDArray x, int clouds) {
        INDArray z = layer.forward(x);
        int rows = (int) z.rows(), cols = layer.out, points = rows / clouds;
        INDArray out = Nd4j.createUninitialized(z.dataType(), clouds, cols);
        int[] winner = new int[clouds * cols];
        java.nio.FloatBuffer zf = NativeArrays.floatBuffer(z), yf = NativeArrays.floatBuffer(out);
        if (zf != null && yf != null) {
            forwardFloat(zf, yf, winner, clouds, points, cols);
            NativeArrays.release(z);
            return new Result(out, winner);
        }
        NativeArrays.Values zv = NativeArrays.values(z), yv = NativeArrays.values(out);
        NativeArrays.parallelFor(clouds * cols, bc -> {
            int b = bc / cols, c = bc % cols;
            int best = b * points;
            double max = zv.get(best * cols + c);
            for (int i = b * points + 1; i < (b + 1) * points; i++) {
                double v = zv.get(i * cols + c);
                if (v > max) {
                    max = v;
                    best = i;
                }
            }
            yv.set(bc, max);
            winner[bc] = best;
        });
        NativeArrays.release(z);
        return new Result(out, winner);
    }

    /** The float32 path: rows read in order (the array is row-major), split by cloud and channel block. */
    private static void forwardFloat(java.nio.FloatBuffer z, java.nio.FloatBuffer y, int[] winner, int clouds, int points, int cols) {
        int block = Math.min(cols, 256), blocks = (cols + block - 1) / block;
        NativeArrays.parallelFor(clouds * blocks, task -> {
            int b = task / blocks, c0 = (task % blocks) * block, width = Math.min(block, cols - c0);
            float[] row = new float[width];
            float[] max = new float[width];
            int[] win = new int[width];
            z.get(b * points * cols + c0, max);
            java.util.Arrays.fill(win, b * points);
            for (int i = b * points + 1; i < (b + 1) * points; i++) {
                z.get(i * cols + c0, row);
                for (int c = 0; c < width; c++) {
                    if (row[c] > max[c]) {
                        max[c] = row[c];
                        win[c] = i;
                    }
                }
            }
            y.put(b * cols + c0, max);
            System.arraycopy(win, 0, winner, b * cols + c0, width);
        });
    }

    /**
     * Adds the layer's gradients for output gradient {@code dy [clouds, out]}; returns the input
     * gradient {@code [rows, in]}: {@code dx[w(b,c)] += dy[b,c] W[c]}, {@code dW[c] += dy[b,c] x[w(b,c)]}.
     */
    static INDArray backward(PointwiseLinear layer, INDArray x, INDArray dy, int[] winner) {
        INDArray xd = NativeArrays.dense(x), g = NativeArrays.dense(dy);
        int rows = (int) xd.rows(), in = layer.in, out = layer.out, clouds = (int) g.rows();
        INDArray dx = Nd4j.zeros(xd.dataType(), rows, in);
        INDArray dw = Nd4j.zeros(xd.dataType(), out, in);
        NativeArrays.Values xv = NativeArrays.values(xd), gv = NativeArrays.values(g);
        NativeArrays.Values dxv = NativeArrays.values(dx), dwv = NativeArrays.values(dw);
        INDArray w = NativeArrays.dense(layer.weight);
        NativeArrays.Values wv = NativeArrays.values(w);
        // weight rows are per channel, so channels split across threads without collisions
        NativeArrays.parallelFor(out, c -> {
            for (int b = 0; b < clouds; b++) {
                double gbc = gv.get(b * out + c);
                int r = winner[b * out + c];
                for (int j = 0; j < in; j++) dwv.set(c * in + j, dwv.get(c * in + j) + gbc * xv.get(r * in + j));
            }
        });
        // a row can win several channels, but only of its own cloud: clouds split across threads
        NativeArrays.parallelFor(clouds, b -> {
            for (int c = 0; c < out; c++) {
                double gbc = gv.get(b * out + c);
                int r = winner[b * out + c];
                for (int j = 0; j < in; j++) dxv.set(r * in + j, dxv.get(r * in + j) + gbc * wv.get(c * in + j));
            }
        });
        layer.weightGrad.addi(dw);
        layer.biasGrad.addi(g.sum(0).reshape(1, out));
        NativeArrays.release(dw);
        return dx;
    }
}
