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
        Nd4j.gemm(dy, x, weightGrad, true, false, 1.0, 1.0);
        biasGrad.addi(dy.sum(0).reshape(1, out));
        return inputGrad ? dy.mmul(weight) : null;
    }

    void zeroGrad() {
        weightGrad.assign(0);
        biasGrad.assign(0);
    }

    long parameterCount() {
        return (long) out * (in + 1);
    }
}
