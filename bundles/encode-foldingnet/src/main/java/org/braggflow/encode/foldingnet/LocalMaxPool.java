package org.braggflow.encode.foldingnet;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Graph max-pooling (FoldingNet section 3.1): every feature of a point becomes the maximum of that
 * feature over the point's k neighbours, {@code y[i,c] = max_j x[nb(i,j), c]}.
 *
 * <p>Computed straight from the neighbour lists, without gathering a {@code [rows, k, C]} copy; the
 * backward pass adds each output gradient to the row that won the maximum (a scatter-add: a row that
 * wins for several points receives all their gradients). Ties go to the earliest neighbour.
 *
 * <p>The float32 path works on Java arrays copied from the native buffers in one go: a neighbour row
 * is copied whole into a scratch array ({@code System.arraycopy}) and folded into the running maximum
 * with {@code Math.max} on equal indices, a loop the JIT vectorises. Tracking the winner in the same
 * loop (compare, branch, store an index) keeps it scalar and mispredicts on a third of the updates,
 * so winners are found, only when a backward pass needs them, by a second scan for the first
 * neighbour equal to the maximum. Reading neighbour rows through the buffer at an offset also kept
 * the JIT from vectorising (it cannot rule out that the two arrays overlap at that offset).
 */
final class LocalMaxPool {

    /** Output rows and, per output element, the input row that gave its maximum (null if not asked for). */
    record Result(INDArray output, int[] winner) {
    }

    /** Rows per task of the parallel loops: enough work per task, enough tasks to balance. */
    private static final int BLOCK = 64;

    private LocalMaxPool() {
    }

    /** Pooled rows with their winners. */
    static Result forward(INDArray x, int[] neighbours, int k) {
        return forward(x, neighbours, k, true);
    }

    /**
     * @param x          {@code [rows, C]} features, rows of all clouds of the batch stacked
     * @param neighbours {@code rows * k} row indices into {@code x}
     * @param winners    whether to find the winning rows (for {@link #backward})
     */
    static Result forward(INDArray x, int[] neighbours, int k, boolean winners) {
        INDArray in = NativeArrays.dense(x);
        int rows = (int) in.rows(), cols = (int) in.columns();
        INDArray out = Nd4j.createUninitialized(in.dataType(), rows, cols);
        int[] winner = winners ? new int[rows * cols] : null;
        FloatBuffer xf = NativeArrays.floatBuffer(in), yf = NativeArrays.floatBuffer(out);
        if (xf != null && yf != null) {
            float[] xs = new float[rows * cols], ys = new float[rows * cols];
            xf.get(0, xs);
            forwardFloat(xs, ys, winner, neighbours, k, rows, cols);
            yf.put(0, ys);
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
                if (winner != null) winner[i * cols + c] = best;
            }
        });
        return new Result(out, winner);
    }

    private static void forwardFloat(float[] x, float[] y, int[] winner, int[] neighbours, int k, int rows, int cols) {
        NativeArrays.parallelFor((rows + BLOCK - 1) / BLOCK, block -> {
            float[] row = new float[cols];
            float[] max = new float[cols];
            int[] win = new int[cols];
            float[] slot = new float[cols];
            for (int i = block * BLOCK; i < Math.min(rows, block * BLOCK + BLOCK); i++) {
                System.arraycopy(x, neighbours[i * k] * cols, max, 0, cols);
                for (int j = 1; j < k; j++) {
                    System.arraycopy(x, neighbours[i * k + j] * cols, row, 0, cols);
                    for (int c = 0; c < cols; c++) max[c] = Math.max(max[c], row[c]);
                }
                System.arraycopy(max, 0, y, i * cols, cols);
                if (winner == null) continue;
                // the first neighbour equal to the maximum is the one a strict "greater than" scan keeps
                java.util.Arrays.fill(slot, Float.POSITIVE_INFINITY);
                for (int j = 0; j < k; j++) {
                    System.arraycopy(x, neighbours[i * k + j] * cols, row, 0, cols);
                    firstMatch(row, max, slot, j, cols);
                }
                for (int c = 0; c < cols; c++) win[c] = neighbours[i * k + (int) slot[c]];
                System.arraycopy(win, 0, winner, i * cols, cols);
            }
        });
    }

    /**
     * {@code slot[c] = min(slot[c], j)} where {@code row[c]} equals the maximum, in float arithmetic
     * only so that the JIT vectorises it (a compare-and-select per element stays scalar, about as slow
     * as the whole max pass again): {@code max - row} is 0 on a match and else positive, at least
     * 2^-149, which two products with 2^100 raise beyond any neighbour slot. (Non-finite features
     * give slot 0 or a NaN slot, read as 0; the network's loss is not finite then anyway.)
     */
    private static void firstMatch(float[] row, float[] max, float[] slot, int j, int cols) {
        for (int c = 0; c < cols; c++) slot[c] = Math.min(slot[c], j + (max[c] - row[c]) * 0x1p100f * 0x1p100f);
    }

    /** Input gradient: {@code dx[winner(i,c), c] += dy[i, c]}. */
    static INDArray backward(INDArray dy, int[] winner) {
        INDArray g = NativeArrays.dense(dy);
        int rows = (int) g.rows(), cols = (int) g.columns();
        FloatBuffer gf = NativeArrays.floatBuffer(g);
        if (gf != null) {
            float[] gs = new float[rows * cols], dxs = new float[rows * cols];
            gf.get(0, gs);
            // channels are independent, so tasks take slices of 16 channels (one cache line) and never
            // add into the same element
            int width = 16, slices = (cols + width - 1) / width;
            NativeArrays.parallelFor(slices, s -> {
                int from = s * width, to = Math.min(cols, from + width);
                for (int i = 0; i < rows; i++) {
                    for (int c = from; c < to; c++) dxs[winner[i * cols + c] * cols + c] += gs[i * cols + c];
                }
            });
            INDArray dx = Nd4j.createUninitialized(g.dataType(), rows, cols);
            NativeArrays.floatBuffer(dx).put(0, dxs);
            return dx;
        }
        INDArray dx = Nd4j.zeros(g.dataType(), rows, cols);
        NativeArrays.Values gv = NativeArrays.values(g), xv = NativeArrays.values(dx);
        NativeArrays.parallelFor(cols, c -> {
            for (int i = 0; i < rows; i++) {
                int at = winner[i * cols + c] * cols + c;
                xv.set(at, xv.get(at) + gv.get(i * cols + c));
            }
        });
        return dx;
    }
}
