package org.braggflow.encode.foldingnet;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 1x1 convolution, equally a linear layer, applied to every row of a {@code [rows, in]} matrix:
 * {@code y = x W^T + b} with {@code W [out, in]} (PyTorch's {@code Conv1d(in, out, 1)} weight
 * {@code [out, in, 1]} and {@code Linear(in, out)} weight {@code [out, in]} both map onto it).
 * Gradients accumulate in {@link #weightGrad} and {@link #biasGrad} until {@link #zeroGrad}.
 */
final class PointwiseLinear {

    final String name;
    final int in;
    final int out;
    final INDArray weight;     // [out, in]
    final INDArray bias;       // [1, out]
    final INDArray weightGrad;
    final INDArray biasGrad;

    PointwiseLinear(String name, int in, int out, DataType type) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.weight = Nd4j.zeros(type, out, in);
        this.bias = Nd4j.zeros(type, 1, out);
        this.weightGrad = Nd4j.zeros(type, out, in);
        this.biasGrad = Nd4j.zeros(type, 1, out);
    }

    /** PyTorch's default initialisation: weight and bias uniform in +-1/sqrt(in). */
    void initialise(java.util.Random random) {
        double bound = 1 / Math.sqrt(in);
        double[] w = new double[out * in];
        for (int i = 0; i < w.length; i++) w[i] = (2 * random.nextDouble() - 1) * bound;
        double[] b = new double[out];
        for (int i = 0; i < b.length; i++) b[i] = (2 * random.nextDouble() - 1) * bound;
        weight.assign(NativeArrays.of(weight.dataType(), w, out, in));
        bias.assign(NativeArrays.of(bias.dataType(), b, 1, out));
    }

    /** {@code x [rows, in]} to {@code [rows, out]}. */
    INDArray forward(INDArray x) {
        return Nd4j.gemm(x, weight, false, true).addiRowVector(bias);
    }

    /**
     * Adds this layer's parameter gradients for input {@code x} and output gradient {@code dy}; returns
     * the input gradient {@code dy W}, or null when {@code inputGrad} is false.
     */
    INDArray backward(INDArray x, INDArray dy, boolean inputGrad) {
        return backward(x, dy, inputGrad, null);
    }

    /** {@link #backward} given the column sums {@code [1, out]} of {@code dy} (the bias gradient), or null to form them. */
    INDArray backward(INDArray x, INDArray dy, boolean inputGrad, INDArray dySums) {
        Nd4j.gemm(dy, x, weightGrad, true, false, 1.0, 1.0);
        INDArray sums = dySums != null ? dySums : NativeArrays.columnSums(dy);
        biasGrad.addi(sums);
        if (dySums == null) NativeArrays.release(sums);
        // Nd4j.gemm rather than dy.mmul(weight): the same product, measured 2.4x faster at [32768, 128] x [128, 128]
        return inputGrad ? Nd4j.gemm(dy, weight, false, false) : null;
    }

    /**
     * {@link #backward} with the input gradient passed back through the ReLU that produced {@code x}
     * (zero where {@code x} is not positive), for a layer with few outputs (the decoder's F to 3).
     *
     * <p>In float32 this is one pass over row blocks of {@code x}: the weight gradient
     * {@code dy^T x} and the masked input gradient {@code dy W} are formed while a block is in cache, so
     * the {@code [rows, in]} arrays are read once and written once. At the reference size (16 x 2025
     * rows, 512 inputs) the separate ND4J operations took about 75 ms per layer (most of it the product
     * with an inner dimension of 3, which ND4J runs slowly), the fused loop about 16 ms.
     * Other types (the float64 gradient checks) take the separate operations.
     *
     * @return the input gradient {@code [rows, in]} and its column sums {@code [1, in]} (the bias gradient
     *         of the layer before, formed in the same pass)
     */
    INDArray[] backwardThroughRelu(INDArray x, INDArray dy) {
        java.nio.FloatBuffer xf = NativeArrays.floatBuffer(x);
        if (xf == null || out > 8) {
            INDArray dx = backward(x, dy, true);
            NativeArrays.reluBackward(x, dx);
            return new INDArray[] {dx, NativeArrays.columnSums(dx)};
        }
        int rows = (int) x.rows();
        float[] g = NativeArrays.toFloats(dy);
        float[][] w = new float[out][];
        float[] wAll = NativeArrays.toFloats(weight);
        for (int k = 0; k < out; k++) w[k] = java.util.Arrays.copyOfRange(wAll, k * in, (k + 1) * in);
        INDArray dx = Nd4j.createUninitialized(x.dataType(), rows, in);
        java.nio.FloatBuffer dxf = NativeArrays.floatBuffer(dx);
        int block = 64, blocks = (rows + block - 1) / block;
        int tasks = Math.min(blocks, 4 * Runtime.getRuntime().availableProcessors());
        float[][][] partial = new float[tasks][out][in];
        float[][] partialSums = new float[tasks][in];
        NativeArrays.parallelFor(tasks, t -> {
            float[][] dw = partial[t];
            float[] sums = partialSums[t];
            float[] xs = new float[block * in], ds = new float[block * in], xr = new float[in], dr = new float[in];
            for (int bl = (int) ((long) blocks * t / tasks); bl < (int) ((long) blocks * (t + 1) / tasks); bl++) {
                int r0 = bl * block, len = Math.min(rows, r0 + block) - r0;
                xf.get(r0 * in, xs, 0, len * in);
                for (int r = 0; r < len; r++) {
                    System.arraycopy(xs, r * in, xr, 0, in);
                    throughReluRow(xr, dr, g, (r0 + r) * out, w, dw, sums);
                    System.arraycopy(dr, 0, ds, r * in, in);
                }
                dxf.put(r0 * in, ds, 0, len * in);
            }
        });
        double[] dW = new double[out * in], db = new double[out], dxSums = new double[in];
        for (int t = 0; t < tasks; t++) {
            for (int k = 0; k < out; k++) {
                for (int i = 0; i < in; i++) dW[k * in + i] += partial[t][k][i];
            }
            for (int i = 0; i < in; i++) dxSums[i] += partialSums[t][i];
        }
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < out; k++) db[k] += g[r * out + k];
        }
        INDArray dWa = NativeArrays.of(weightGrad.dataType(), dW, out, in), dba = NativeArrays.of(biasGrad.dataType(), db, 1, out);
        weightGrad.addi(dWa);
        biasGrad.addi(dba);
        NativeArrays.release(dWa, dba);
        return new INDArray[] {dx, NativeArrays.of(x.dataType(), dxSums, 1, in)};
    }

    /**
     * One row of {@link #backwardThroughRelu}: {@code dw[k] += g_k x}, {@code d = sum_k g_k w[k]} masked
     * where {@code x} is not positive, {@code sums += d}. Simple loops over whole arrays from index 0:
     * the JIT vectorises each, whereas one loop doing all of it, or loops indexing rows of a block at an
     * offset (the arrays might overlap), stayed scalar (measured 0.8 against 2.9 ns per element).
     */
    private static void throughReluRow(float[] x, float[] d, float[] g, int at, float[][] w, float[][] dw, float[] sums) {
        int n = x.length, out = w.length;
        for (int k = 0; k < out; k++) {
            float gk = g[at + k];
            float[] dwk = dw[k];
            for (int c = 0; c < n; c++) dwk[c] += gk * x[c];
        }
        float g0 = g[at];
        float[] w0 = w[0];
        for (int c = 0; c < n; c++) d[c] = g0 * w0[c];
        for (int k = 1; k < out; k++) {
            float gk = g[at + k];
            float[] wk = w[k];
            for (int c = 0; c < n; c++) d[c] += gk * wk[c];
        }
        for (int c = 0; c < n; c++) d[c] *= NativeArrays.positive(x[c]);
        for (int c = 0; c < n; c++) sums[c] += d[c];
    }

    void zeroGrad() {
        weightGrad.assign(0);
        biasGrad.assign(0);
    }

    long parameterCount() {
        return (long) out * (in + 1);
    }
}
