package org.braggflow.encode.foldingnet;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Graph max-pooling (FoldingNet section 3.1): every feature of a point becomes the maximum of that
 * feature over the point's k neighbours, {@code y[i,c] = max_j x[nb(i,j), c]}.
 *
 * <p>Computed straight from the neighbour lists, without gathering a {@code [rows, k, C]} copy; the
 * backward pass adds each output gradient to the row that won the maximum (a scatter-add: a row that
 * wins for several points receives all their gradients). Ties go to the earliest neighbour.
 */
final class LocalMaxPool {

    /** Output rows and, per output element, the input row that gave its maximum. */
    record Result(INDArray output, int[] winner) {
    }

    private LocalMaxPool() {
    }

    /**
     * @param x          {@code [rows, C]} features, rows of all clouds of the batch stacked
     * @param neighbours {@code rows * k} row indices into {@code x}
     */
    static Result forward(INDArray x, int[] neighbours, int k) {
        INDArray in = NativeArrays.dense(x);
        int rows = (int) in.rows(), cols = (int) in.columns();
        INDArray out = Nd4j.createUninitialized(in.dataType(), rows, cols);
        int[] winner = new int[rows * cols];
        java.nio.FloatBuffer xf = NativeArrays.floatBuffer(in), yf = NativeArrays.floatBuffer(out);
        if (xf != null && yf != null) {
            forwardFloat(xf, yf, winner, neighbours, k, rows, cols);
            return new Result(out, winner);
        }
        NativeArrays.Values xv = NativeArrays.values(in), yv = NativeArrays.values(out);
        NativeArrays.parallelFor(rows, i -> {
            int base = i * k;
            for (int c = 0; c < cols; c++) {
                int best = neighbours[base];
                double max = xv.get(best * cols + c);
                for (int j = 1; j < k; j++) {
                    int r = neighbours[base + j];
                    double v = xv.get(r * cols + c);
                    if (v > max) {
                        max = v;
                        best = r;
                    }
                }
                yv.set(i * cols + c, max);
                winner[i * cols + c] = best;
            }
        });
        return new Result(out, winner);
    }

    /** The float32 path: whole rows copied out and compared in Java arrays, which the JIT compiles tightly. */
    private static void forwardFloat(java.nio.FloatBuffer x, java.nio.FloatBuffer y, int[] winner, int[] neighbours,
                                     int k, int rows, int cols) {
        NativeArrays.parallelFor((rows + 63) / 64, block -> {
            float[] row = new float[cols];
            float[] max = new float[cols];
            int[] win = new int[cols];
            for (int i = block * 64; i < Math.min(rows, block * 64 + 64); i++) {
                int first = neighbours[i * k];
                x.get(first * cols, max);
                java.util.Arrays.fill(win, first);
                for (int j = 1; j < k; j++) {
                    int r = neighbours[i * k + j];
                    x.get(r * cols, row);
                    for (int c = 0; c < cols; c++) {
                        if (row[c] > max[c]) {
                            max[c] = row[c];
                            win[c] = r;
                        }
                    }
                }
                y.put(i * cols, max);
                System.arraycopy(win, 0, winner, i * cols, cols);
            }
        });
    }

    /** Input gradient: {@code dx[winner(i,c), c] += dy[i, c]}. */
    static INDArray backward(INDArray dy, int[] winner) {
        INDArray g = NativeArrays.dense(dy);
        int rows = (int) g.rows(), cols = (int) g.columns();
        INDArray dx = Nd4j.zeros(g.dataType(), rows, cols);
        NativeArrays.Values gv = NativeArrays.values(g), xv = NativeArrays.values(dx);
        // channels are independent, so threads split them and never add into the same element
        NativeArrays.parallelFor(cols, c -> {
            for (int i = 0; i < rows; i++) {
                int at = winner[i * cols + c] * cols + c;
                xv.set(at, xv.get(at) + gv.get(i * cols + c));
            }
        });
        return dx;
    }
}
