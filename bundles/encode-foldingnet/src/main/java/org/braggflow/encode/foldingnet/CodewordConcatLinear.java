package org.braggflow.encode.foldingnet;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The first layer of a folding operation (FoldingNet section 3.2): the codeword, replicated on the m
 * points, is concatenated with each point's coordinates and passed through a 1x1 convolution,
 * {@code y[b, i] = W [c_b ; p_i] + bias}.
 *
 * <p>The replication is never materialised: {@code W} splits into its codeword columns {@code Wc}
 * and point columns {@code Wp}, so {@code y[b, i] = (Wc c_b + bias) + Wp p_i} is one small product per
 * cloud broadcast over the points plus one product over the points. The layer's input order (codeword
 * first, then the point) is the reference code's.
 */
final class CodewordConcatLinear {

    private CodewordConcatLinear() {
    }

    /**
     * @param code   {@code [clouds, F]} codewords
     * @param points {@code [m, d]} source points shared by every cloud, or {@code [clouds * m, d]}
     * @param m      points per cloud
     * @return {@code [clouds * m, out]}
     */
    static INDArray forward(PointwiseLinear layer, INDArray code, INDArray points, int m) {
        int clouds = (int) code.rows(), f = (int) code.columns();
        INDArray wc = layer.weight.get(NDArrayIndex.all(), NDArrayIndex.interval(0, f));
        INDArray wp = layer.weight.get(NDArrayIndex.all(), NDArrayIndex.interval(f, layer.in));
        INDArray perCloud = Nd4j.gemm(code, wc, false, true).addiRowVector(layer.bias);   // [clouds, out]
        INDArray perPoint = Nd4j.gemm(points, wp, false, true);                            // [m or clouds*m, out]
        boolean shared = points.rows() == m;
        INDArray y = shared ? Nd4j.createUninitialized(code.dataType(), (long) clouds * m, layer.out) : perPoint;
        for (int b = 0; b < clouds; b++) {
            INDArray rows = y.get(NDArrayIndex.interval((long) b * m, (long) (b + 1) * m), NDArrayIndex.all());
            if (shared) rows.assign(perPoint);
            rows.addiRowVector(perCloud.getRow(b));
        }
        if (shared) NativeArrays.release(perPoint);
        NativeArrays.release(perCloud);
        return y;
    }

    /**
     * Adds the layer's gradients for output gradient {@code dy [clouds * m, out]}; returns the codeword
     * gradient {@code [clouds, F]} and, when the points are per cloud, their gradient (else null).
     *
     * <p>Every reduction of {@code dy} the gradients need (its sum over each cloud's points for the
     * codeword columns and the bias, its product with the points for the point columns) is one matrix
     * product {@code Z^T dy} with {@code Z = [points | cloud indicator]} ({@code [clouds * m, d + clouds]}),
     * so the 66 MB gradient of the reference size is read once: ND4J's {@code sum} over the middle axis
     * of {@code [clouds, m, out]} and over the clouds cost about 45 and 80 ms there, the product 25 ms.
     */
    static INDArray[] backward(PointwiseLinear layer, INDArray code, INDArray points, int m, INDArray dy) {
        int clouds = (int) code.rows(), f = (int) code.columns(), out = layer.out, d = layer.in - f;
        boolean shared = sharedPoints(points, m, clouds);
        INDArray g = NativeArrays.dense(dy);
        double[] p = NativeArrays.toDoubles(points);
        int width = d + clouds;
        double[] z = new double[clouds * m * width];
        for (int b = 0; b < clouds; b++) {
            for (int i = 0; i < m; i++) {
                int row = b * m + i, src = shared ? i : row;
                for (int c = 0; c < d; c++) z[row * width + c] = p[src * d + c];
                z[row * width + d + b] = 1;
            }
        }
        INDArray zm = NativeArrays.of(dy.dataType(), z, (long) clouds * m, width);
        INDArray reduced = Nd4j.gemm(zm, g, true, false);                                // [d + clouds, out]
        INDArray perCloud = reduced.get(NDArrayIndex.interval(d, width), NDArrayIndex.all()).dup('c');  // [clouds, out]
        INDArray dwp = reduced.get(NDArrayIndex.interval(0, d), NDArrayIndex.all()).transpose();         // [out, d]
        INDArray[] result = finish(layer, code, perCloud, dwp, shared ? null : g, f);
        NativeArrays.release(reduced, zm);
        return result;
    }

    /**
     * {@link #backward} for the gradient {@code dOutput} of the layer's ReLU output {@code output}: the
     * gradient is first zeroed where the output is not positive ({@code dOutput} is overwritten).
     *
     * <p>In float32 the masking and the reductions of {@link #backward} (sums per cloud, products with the
     * points) are one pass over the rows, so the 66 MB gradient and output of the reference size are read
     * once; a separate ReLU pass and product took 1.7 to 2 times as long (53 against 31 ms for fold 2, 37
     * against 18 ms for fold 1). With shared source points the
     * masked gradient is not even written back (nothing else needs it). Other types take the separate
     * operations, which the float64 gradient checks prove.
     */
    static INDArray[] backwardThroughRelu(PointwiseLinear layer, INDArray code, INDArray points, int m, INDArray output, INDArray dOutput) {
        java.nio.FloatBuffer gf = NativeArrays.floatBuffer(dOutput), hf = NativeArrays.floatBuffer(output);
        if (gf == null || hf == null) {
            NativeArrays.reluBackward(output, dOutput);
            return backward(layer, code, points, m, dOutput);
        }
        int clouds = (int) code.rows(), f = (int) code.columns(), out = layer.out, d = layer.in - f, rows = clouds * m;
        boolean shared = sharedPoints(points, m, clouds);
        float[] p = NativeArrays.toFloats(points);
        int block = 64, blocks = (rows + block - 1) / block;
        int tasks = Math.min(blocks, 4 * Runtime.getRuntime().availableProcessors());
        float[][][] cloudSums = new float[tasks][][], pointSums = new float[tasks][d][out];
        NativeArrays.parallelFor(tasks, t -> {
            int from = (int) ((long) blocks * t / tasks) * block, to = Math.min(rows, (int) ((long) blocks * (t + 1) / tasks) * block);
            float[][] sums = cloudSums[t] = new float[clouds][];
            float[] g = new float[out], h = new float[out];
            for (int r = from; r < to; r++) {
                int b = r / m, src = shared ? r - b * m : r;
                if (sums[b] == null) sums[b] = new float[out];
                gf.get(r * out, g);
                hf.get(r * out, h);
                maskedSums(g, h, sums[b], pointSums[t], p, src * d);
                if (!shared) gf.put(r * out, g);
            }
        });
        double[] perCloudD = new double[clouds * out], dwpD = new double[out * d];
        for (int t = 0; t < tasks; t++) {
            for (int b = 0; b < clouds; b++) {
                float[] s = cloudSums[t][b];
                if (s != null) for (int c = 0; c < out; c++) perCloudD[b * out + c] += s[c];
            }
            for (int k = 0; k < d; k++) {
                for (int c = 0; c < out; c++) dwpD[c * d + k] += pointSums[t][k][c];
            }
        }
        INDArray perCloud = NativeArrays.of(dOutput.dataType(), perCloudD, clouds, out);
        INDArray dwp = NativeArrays.of(dOutput.dataType(), dwpD, out, d);
        return finish(layer, code, perCloud, dwp, shared ? null : dOutput, f);
    }

    /**
     * Whether the backward passes may treat {@code points} as shared source points (no gradient for
     * them). A batch of one cloud has {@code m} rows either way, and fold 2's points then still need
     * their gradient, so a single cloud's points always get one (the caller releases it if unused).
     */
    private static boolean sharedPoints(INDArray points, int m, int clouds) {
        return points.rows() == m && clouds > 1;
    }

    /**
     * One row: {@code g *= [h > 0]}, {@code cloudSum += g}, {@code pointSum[k] += p_k g}. Simple loops over
     * whole arrays from index 0, which the JIT vectorises (see {@link PointwiseLinear#backwardThroughRelu}).
     */
    private static void maskedSums(float[] g, float[] h, float[] cloudSum, float[][] pointSum, float[] p, int at) {
        int n = g.length;
        for (int c = 0; c < n; c++) g[c] *= NativeArrays.positive(h[c]);
        for (int c = 0; c < n; c++) cloudSum[c] += g[c];
        for (int k = 0; k < pointSum.length; k++) {
            float pk = p[at + k];
            float[] s = pointSum[k];
            for (int c = 0; c < n; c++) s[c] += pk * g[c];
        }
    }

    /**
     * The gradients from the reductions of {@code dy}: {@code perCloud [clouds, out]} (sums over each
     * cloud's points), {@code dwp [out, d]}; {@code dy} itself only for the points' gradient (or null).
     */
    private static INDArray[] finish(PointwiseLinear layer, INDArray code, INDArray perCloud, INDArray dwp, INDArray dy, int f) {
        INDArray wc = layer.weight.get(NDArrayIndex.all(), NDArrayIndex.interval(0, f));
        INDArray wp = layer.weight.get(NDArrayIndex.all(), NDArrayIndex.interval(f, layer.in));
        INDArray dwc = Nd4j.gemm(perCloud, code, true, false);
        layer.weightGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, f)).addi(dwc);
        layer.weightGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(f, layer.in)).addi(dwp);
        INDArray bias = NativeArrays.columnSums(perCloud);
        layer.biasGrad.addi(bias);
        INDArray dCode = Nd4j.gemm(perCloud, wc, false, false);
        INDArray dPoints = dy == null ? null : Nd4j.gemm(dy, wp, false, false);   // gemm: mmul was measured slower
        NativeArrays.release(dwc, bias, perCloud);
        return new INDArray[] {dCode, dPoints};
    }
}
