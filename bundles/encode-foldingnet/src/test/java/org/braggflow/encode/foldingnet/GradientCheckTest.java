package org.braggflow.encode.foldingnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Numerical gradient checks, in float64 on tiny sizes, of every layer type with a hand-written
 * backward pass, and of the whole network: central differences of a scalar loss against the
 * analytic gradient, as the largest relative error {@code |num - ana| / max(|num| + |ana|, 1e-6)}.
 */
class GradientCheckTest {

    private static final DataType D = DataType.DOUBLE;
    private static final double EPS = 1e-6;

    private final Random random = new Random(3);

    private INDArray random(long... shape) {
        int n = 1;
        for (long s : shape) n *= (int) s;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = random.nextGaussian();
        return NativeArrays.of(D, v, shape);
    }

    /** Largest relative error between the analytic gradient and central differences of {@code loss} in {@code x}. */
    private static double check(INDArray x, INDArray analytic, DoubleSupplier loss) {
        NativeArrays.Values xv = NativeArrays.values(x);
        double[] ana = NativeArrays.toDoubles(analytic);
        double worst = 0;
        for (int i = 0; i < ana.length; i++) {
            double keep = xv.get(i);
            xv.set(i, keep + EPS);
            double up = loss.getAsDouble();
            xv.set(i, keep - EPS);
            double down = loss.getAsDouble();
            xv.set(i, keep);
            double num = (up - down) / (2 * EPS);
            worst = Math.max(worst, Math.abs(num - ana[i]) / Math.max(Math.abs(num) + Math.abs(ana[i]), 1e-6));
        }
        return worst;
    }

    private static double dot(INDArray a, INDArray w) {
        return a.mul(w).sumNumber().doubleValue();
    }

    private static void report(String what, double error, double limit) {
        System.out.printf("gradient check %-48s max relative error %.2e%n", what, error);
        assertTrue(error < limit, what + ": relative error " + error);
    }

    @Test
    void pointwiseLinear() {
        PointwiseLinear layer = new PointwiseLinear("t", 5, 4, D);
        layer.initialise(random);
        INDArray x = random(7, 5), w = random(7, 4);
        INDArray dx = layer.backward(x, w, true);
        DoubleSupplier loss = () -> dot(layer.forward(x), w);
        report("PointwiseLinear input", check(x, dx, loss), 1e-7);
        report("PointwiseLinear weight", check(layer.weight, layer.weightGrad, loss), 1e-7);
        report("PointwiseLinear bias", check(layer.bias, layer.biasGrad, loss), 1e-7);
    }

    @Test
    void reluBackward() {
        INDArray x = random(6, 5), w = random(6, 5);
        INDArray y = x.dup();
        org.nd4j.linalg.ops.transforms.Transforms.relu(y, false);
        INDArray g = w.dup();
        NativeArrays.reluBackward(y, g);
        report("ReLU", check(x, g, () -> dot(org.nd4j.linalg.ops.transforms.Transforms.relu(x, true), w)), 1e-7);
    }

    @Test
    void localMaxPool() {
        int rows = 12, k = 4;
        int[] nb = new int[rows * k];
        for (int i = 0; i < rows; i++) {
            nb[i * k] = i;
            for (int j = 1; j < k; j++) nb[i * k + j] = random.nextInt(rows);
        }
        INDArray x = random(rows, 3), w = random(rows, 3);
        INDArray dx = LocalMaxPool.backward(w, LocalMaxPool.forward(x, nb, k).winner());
        report("LocalMaxPool (graph max-pooling)", check(x, dx, () -> dot(LocalMaxPool.forward(x, nb, k).output(), w)), 1e-7);
    }

    @Test
    void globalMaxPoolWithItsLinearLayer() {
        int clouds = 3, points = 5;
        PointwiseLinear layer = new PointwiseLinear("t", 4, 6, D);
        layer.initialise(random);
        INDArray x = random(clouds * points, 4), w = random(clouds, 6);
        GlobalMaxPool.Result r = GlobalMaxPool.forward(layer, x, clouds);
        INDArray dx = GlobalMaxPool.backward(layer, x, w, r.winner());
        DoubleSupplier loss = () -> dot(GlobalMaxPool.forward(layer, x, clouds).output(), w);
        report("GlobalMaxPool input", check(x, dx, loss), 1e-7);
        report("GlobalMaxPool weight", check(layer.weight, layer.weightGrad, loss), 1e-7);
        report("GlobalMaxPool bias", check(layer.bias, layer.biasGrad, loss), 1e-7);
    }

    @Test
    void codewordConcatLinearWithSharedAndPerCloudPoints() {
        int clouds = 2, m = 5, f = 4;
        for (boolean shared : new boolean[] {true, false}) {
            PointwiseLinear layer = new PointwiseLinear("t", f + 3, 6, D);
            layer.initialise(random);
            INDArray code = random(clouds, f), pts = shared ? random(m, 3) : random(clouds * m, 3), w = random(clouds * m, 6);
            INDArray[] grads = CodewordConcatLinear.backward(layer, code, pts, m, w);
            DoubleSupplier loss = () -> dot(CodewordConcatLinear.forward(layer, code, pts, m), w);
            String kind = shared ? " (source points)" : " (fold-1 points)";
            report("CodewordConcatLinear codeword" + kind, check(code, grads[0], loss), 1e-7);
            if (!shared) report("CodewordConcatLinear points" + kind, check(pts, grads[1], loss), 1e-7);
            report("CodewordConcatLinear weight" + kind, check(layer.weight, layer.weightGrad, loss), 1e-7);
            report("CodewordConcatLinear bias" + kind, check(layer.bias, layer.biasGrad, loss), 1e-7);
        }
    }

    @Test
    void chamferDistance() {
        double[][] inputs = new double[2][];
        for (int b = 0; b < 2; b++) {
            inputs[b] = new double[3 * 9];
            for (int i = 0; i < inputs[b].length; i++) inputs[b][i] = random.nextGaussian();
        }
        INDArray rec = random(2 * 7, 3);
        INDArray grad = ChamferDistance.chamferDistance(rec, inputs, true).gradient();
        report("ChamferDistance reconstruction", check(rec, grad,
                () -> ChamferDistance.chamferDistance(rec, inputs, false).total()), 1e-7);
    }

    /**
     * The whole autoencoder on two tiny clouds, every parameter tensor at a sample of its entries.
     * The loss is large next to each entry's effect, so central differences carry rounding noise of
     * about {@code 1e-16 |loss| / EPS}; the error is measured against the largest sampled gradient of
     * each tensor ({@code max |num - ana| / max |ana|}) with a larger step.
     */
    @Test
    void wholeNetwork() {
        FoldingNetConfig config = new FoldingNetConfig(20, 4, 6, SourceShape.GAUSSIAN, 3, LocalMatrix.COVARIANCE, NeighbourOrder.EXACT);
        double[] source = new double[3 * 9];
        for (int i = 0; i < source.length; i++) source[i] = 0.3 * random.nextGaussian();
        try (FoldingNet net = new FoldingNet(config, source, D)) {
            net.initialise(11);
            List<double[]> clouds = new ArrayList<>();
            for (int b = 0; b < 2; b++) {
                double[] c = new double[3 * 20];
                for (int i = 0; i < c.length; i++) c[i] = 2 * random.nextGaussian();
                clouds.add(c);
            }
            double[][] targets = clouds.toArray(new double[0][]);
            FoldingNet.Input in = net.input(clouds);
            net.zeroGrad();
            try (FoldingNet.Pass pass = net.forward(in, targets, true)) {
                net.backward(pass);
            }
            DoubleSupplier loss = () -> {
                try (FoldingNet.Pass p = net.forward(in, targets, false)) {
                    return p.loss().total();
                }
            };
            double worst = 0;
            for (PointwiseLinear l : net.layers()) {
                worst = Math.max(worst, sampled(l.weight, l.weightGrad, loss));
                worst = Math.max(worst, sampled(l.bias, l.biasGrad, loss));
            }
            report("whole network (every tensor, sampled)", worst, 1e-4);
        }
    }

    /** {@code max |num - ana| / max |ana|} over 3 random entries of {@code x}, step 1e-5. */
    private double sampled(INDArray x, INDArray analytic, DoubleSupplier loss) {
        double step = 1e-5;
        NativeArrays.Values xv = NativeArrays.values(x);
        double[] ana = NativeArrays.toDoubles(analytic);
        double diff = 0, scale = 1e-12;
        for (int s = 0; s < Math.min(3, ana.length); s++) {
            int i = random.nextInt(ana.length);
            double keep = xv.get(i);
            xv.set(i, keep + step);
            double up = loss.getAsDouble();
            xv.set(i, keep - step);
            double down = loss.getAsDouble();
            xv.set(i, keep);
            diff = Math.max(diff, Math.abs((up - down) / (2 * step) - ana[i]));
            scale = Math.max(scale, Math.abs(ana[i]));
        }
        return diff / scale;
    }
}
