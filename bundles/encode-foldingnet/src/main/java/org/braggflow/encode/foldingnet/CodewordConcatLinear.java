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
     */
    static INDArray[] backward(PointwiseLinear layer, INDArray code, INDArray points, int m, INDArray dy) {
        int clouds = (int) code.rows(), f = (int) code.columns(), out = layer.out;
        boolean shared = points.rows() == m;
        INDArray dy3 = NativeArrays.dense(dy).reshape(clouds, m, out);
        INDArray perCloud = dy3.sum(1);                                                   // [clouds, out]
        INDArray wc = layer.weight.get(NDArrayIndex.all(), NDArrayIndex.interval(0, f));
        INDArray wp = layer.weight.get(NDArrayIndex.all(), NDArrayIndex.interval(f, layer.in));

        INDArray dwc = Nd4j.gemm(perCloud, code, true, false);
        layer.weightGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(0, f)).addi(dwc);
        INDArray dwp = shared ? Nd4j.gemm(dy3.sum(0), points, true, false) : Nd4j.gemm(dy, points, true, false);
        layer.weightGrad.get(NDArrayIndex.all(), NDArrayIndex.interval(f, layer.in)).addi(dwp);
        layer.biasGrad.addi(perCloud.sum(0).reshape(1, out));

        INDArray dCode = perCloud.mmul(wc);
        INDArray dPoints = shared ? null : dy.mmul(wp);
        NativeArrays.release(dwc);
        NativeArrays.release(dwp);
        NativeArrays.release(perCloud);
        return new INDArray[] {dCode, dPoints};
    }
}
