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
        if (x.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT) return forwardFloat(layer, NativeArrays.dense(x), clouds);
        INDArray z = layer.forward(x);
        int rows = (int) z.rows(), cols = layer.out, points = rows / clouds;
        INDArray out = Nd4j.createUninitialized(z.dataType(), clouds, cols);
        int[] winner = new int[clouds * cols];
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

    /** Rows per block of the float32 pooling loop: 64 kB at 1024 outputs. */
    private static final int BLOCK_ROWS = 16;

    /**
     * The float32 path: one product without the bias, then per cloud a pass that adds the bias and
     * pools by blocks of {@value #BLOCK_ROWS} rows: the block's maximum is taken in a loop the JIT
     * vectorises, and only where it beats the running maximum strictly is the block scanned for its first
     * row equal to it. The winners are therefore those of a strict "greater than" scan over the rows in
     * order. Tracking the winner element by element (compare, branch, store an index) stays scalar and
     * was measured 2.5x slower; a separate ND4J bias pass costs another read and write of the 134 MB
     * product at the reference size. (Forming the product cloud by cloud into a reused scratch array, to
     * pool it from cache, was measured slower still: the smaller products run less efficiently.)
     */
    private static Result forwardFloat(PointwiseLinear layer, INDArray x, int clouds) {
        INDArray z = Nd4j.gemm(x, layer.weight, false, true);
        int rows = (int) x.rows(), cols = layer.out, points = rows / clouds;
        INDArray out = Nd4j.createUninitialized(x.dataType(), clouds, cols);
        int[] winner = new int[clouds * cols];
        float[] bias = NativeArrays.toFloats(layer.bias);
        float[] max = new float[clouds * cols];
        java.nio.FloatBuffer zf = NativeArrays.floatBuffer(z);
        NativeArrays.parallelFor(clouds, b -> {
            float[] m = new float[cols];
            int[] w = new int[cols];
            poolRows(zf, cols, bias, b * points, (b + 1) * points, 0, m, w);
            System.arraycopy(m, 0, max, b * cols, cols);
            System.arraycopy(w, 0, winner, b * cols, cols);
        });
        NativeArrays.floatBuffer(out).put(0, max);
        NativeArrays.release(z);
        return new Result(out, winner);
    }

    /** Maximum (bias added) and first winning row over scratch rows {@code from .. to}; rows numbered from {@code first}. */
    private static void poolRows(java.nio.FloatBuffer z, int cols, float[] bias, int from, int to, int first, float[] max, int[] win) {
        float[] block = new float[BLOCK_ROWS * cols], row = new float[cols], bm = new float[cols];
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(win, first + from);
        for (int r0 = from; r0 < to; r0 += BLOCK_ROWS) {
            int n = Math.min(BLOCK_ROWS, to - r0);
            java.util.Arrays.fill(bm, Float.NEGATIVE_INFINITY);
            for (int r = 0; r < n; r++) {
                z.get((r0 + r) * cols, row);
                addAndMax(row, bias, bm);
                System.arraycopy(row, 0, block, r * cols, cols);
            }
            for (int c = 0; c < cols; c++) {
                if (bm[c] > max[c]) {
                    int r = 0;
                    while (r < n - 1 && block[r * cols + c] != bm[c]) r++;
                    max[c] = bm[c];
                    win[c] = first + r0 + r;
                }
            }
        }
    }

    /**
     * {@code row += bias; max = max(max, row)}: whole arrays from index 0, so the JIT vectorises it (a
     * row read at an offset of a block array beside arrays read from 0 stays scalar: it cannot rule out
     * that they overlap).
     */
    private static void addAndMax(float[] row, float[] bias, float[] max) {
        for (int c = 0; c < row.length; c++) {
            float v = row[c] + bias[c];
            row[c] = v;
            max[c] = Math.max(max[c], v);
        }
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
