package org.braggflow.encode.foldingnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.braggflow.api.cloud.PointCloud;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training batch of one cloud (e.g. 17 clouds in batches of 16): its fold-1 points have as many rows
 * as shared source points, which once made the decoder drop their gradient and fail.
 */
class SingleCloudBatchTest {

    /**
     * The loss is a sum over clouds and no layer mixes clouds, so the gradients of a batch are the sums of
     * its clouds' gradients. In float64 the sums agree to rounding; in float32 the decoder's agree to rounding,
     * while the encoder's differ by up to a few % (matrix products of other row counts round otherwise,
     * and a max-pool winner that flips sends a whole gradient elsewhere), so float32 checks the decoder only.
     */
    @Test
    void gradientsOfOneCloudAtATimeAddUpToThoseOfTheBatch() {
        double exact = worstDifference(DataType.DOUBLE, 0);
        System.out.printf("float64 gradients, one cloud at a time vs the batch of two: worst max|diff| / max|value| %.2g%n", exact);
        assertTrue(exact < 1e-12, "float64: the same sums to rounding, not " + exact);
        int decoderFrom = 2 * 9;   // nine encoder layers, weight and bias each
        double worst = worstDifference(DataType.FLOAT, decoderFrom);
        System.out.printf("float32 decoder gradients, one cloud at a time vs the batch of two: worst max|diff| / max|value| %.2g%n", worst);
        assertTrue(worst < 2e-3, "worst relative difference " + worst);
    }

    /** Largest max|diff| / max|value| over the gradient tensors from {@code fromTensor} on. */
    private static double worstDifference(DataType type, int fromTensor) {
        FoldingNetConfig config = new FoldingNetConfig(128, 8, 32, SourceShape.PLANE, 2, LocalMatrix.COVARIANCE, NeighbourOrder.EXACT);
        List<double[]> clouds = new ArrayList<>();
        for (PointCloud c : FoldingNetEncoderTest.blobs(2, 128, 5)) {
            double[] xyz = new double[c.xyz().length];
            for (int i = 0; i < xyz.length; i++) xyz[i] = c.xyz()[i] - 3;
            clouds.add(xyz);
        }
        try (FoldingNet net = new FoldingNet(config, SourcePoints.plane(), type)) {
            net.initialise(3);
            net.zeroGrad();
            accumulate(net, clouds.subList(0, 1));
            accumulate(net, clouds.subList(1, 2));
            List<double[]> separate = new ArrayList<>();
            for (INDArray g : net.gradients()) separate.add(NativeArrays.toDoubles(g));
            net.zeroGrad();
            accumulate(net, clouds);
            List<INDArray> together = net.gradients();
            double worst = 0;
            for (int t = fromTensor; t < together.size(); t++) {
                double[] a = separate.get(t), b = NativeArrays.toDoubles(together.get(t));
                double scale = 0, diff = 0;
                for (int i = 0; i < a.length; i++) {
                    scale = Math.max(scale, Math.abs(b[i]));
                    diff = Math.max(diff, Math.abs(a[i] - b[i]));
                }
                assertTrue(scale > 0, "tensor " + t + " has a gradient");
                worst = Math.max(worst, diff / scale);
            }
            return worst;
        }
    }

    private static void accumulate(FoldingNet net, List<double[]> batch) {
        try (FoldingNet.Input in = net.input(batch); FoldingNet.Pass pass = net.forward(in, batch.toArray(new double[0][]), true)) {
            net.backward(pass);
        }
    }
}
