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

    /**
     * The float32 kernel (vectorised maximum, winners found by a second scan) against the float64 one
     * (a strict "greater than" scan) on features full of ties: duplicated rows and ReLU zeros. The
     * values and every winner must agree, so the gradient check above covers the float32 path too.
     */
    @Test
    void localMaxPoolFloatKernelMatchesTheDoubleOne() {
        int rows = 300, k = 8, cols = 37;
        int[] nb = new int[rows * k];
        for (int i = 0; i < rows; i++) {
            nb[i * k] = i;
            for (int j = 1; j < k; j++) nb[i * k + j] = random.nextInt(rows);
        }
        double[] v = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < cols; c++) v[i * cols + c] = Math.max(0, Math.round(4 * random.nextGaussian()) / 4.0);
        }
        for (int i = 0; i < rows; i += 7) System.arraycopy(v, ((i * 13) % rows) * cols, v, i * cols, cols);
        LocalMaxPool.Result f = LocalMaxPool.forward(NativeArrays.of(DataType.FLOAT, v, rows, cols), nb, k);
        LocalMaxPool.Result d = LocalMaxPool.forward(NativeArrays.of(D, v, rows, cols), nb, k);
        org.junit.jupiter.api.Assertions.assertArrayEquals(NativeArrays.toDoubles(d.output()), NativeArrays.toDoubles(f.output()), 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(d.winner(), f.winner());
        org.junit.jupiter.api.Assertions.assertArrayEquals(NativeArrays.toDoubles(d.output()),
                NativeArrays.toDoubles(LocalMaxPool.forward(NativeArrays.of(DataType.FLOAT, v, rows, cols), nb, k, false).output()), 0);
        INDArray g = random(rows, cols);
        INDArray gf = NativeArrays.of(DataType.FLOAT, NativeArrays.toDoubles(g), rows, cols);
        org.junit.jupiter.api.Assertions.assertArrayEquals(NativeArrays.toDoubles(LocalMaxPool.backward(g, d.winner())),
                NativeArrays.toDoubles(LocalMaxPool.backward(gf, f.winner())), 1e-6);
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

    /** The decoder's F-to-3 layers: backward through the ReLU that produced the input, in float64 (separate operations). */
    @Test
    void pointwiseLinearThroughRelu() {
        PointwiseLinear layer = new PointwiseLinear("t", 6, 3, D);
        layer.initialise(random);
        INDArray pre = random(9, 6), w = random(9, 3);
        INDArray x = org.nd4j.linalg.ops.transforms.Transforms.relu(pre, true);
        INDArray dPre = layer.backwardThroughRelu(x, w)[0];
        DoubleSupplier loss = () -> dot(layer.forward(org.nd4j.linalg.ops.transforms.Transforms.relu(pre, true)), w);
        report("PointwiseLinear through ReLU input", check(pre, dPre, loss), 1e-7);
        report("PointwiseLinear through ReLU weight", check(layer.weight, layer.weightGrad, loss), 1e-7);
        report("PointwiseLinear through ReLU bias", check(layer.bias, layer.biasGrad, loss), 1e-7);
    }

    /**
     * The fused float32 kernel of {@link PointwiseLinear#backwardThroughRelu} (one pass over row blocks)
     * against the float64 operations checked above, on more rows than one block and a third of the
     * inputs zero: equal up to float32 rounding.
     */
    @Test
    void pointwiseLinearThroughReluFloatKernelMatchesTheDoubleOne() {
        int rows = 203, in = 37, out = 3;
        PointwiseLinear d = new PointwiseLinear("d", in, out, D), f = new PointwiseLinear("f", in, out, DataType.FLOAT);
        d.initialise(new Random(5));
        f.initialise(new Random(5));
        double[] x = new double[rows * in];
        for (int i = 0; i < x.length; i++) x[i] = Math.max(0, random.nextGaussian() + 0.4);
        double[] g = new double[rows * out];
        for (int i = 0; i < g.length; i++) g[i] = random.nextGaussian();
        INDArray[] rd = d.backwardThroughRelu(NativeArrays.of(D, x, rows, in), NativeArrays.of(D, g, rows, out));
        INDArray[] rf = f.backwardThroughRelu(NativeArrays.of(DataType.FLOAT, x, rows, in), NativeArrays.of(DataType.FLOAT, g, rows, out));
        INDArray dxF = rf[0];
        assertClose(NativeArrays.toDoubles(rd[0]), NativeArrays.toDoubles(dxF), 1e-5);
        assertClose(NativeArrays.toDoubles(rd[1]), NativeArrays.toDoubles(rf[1]), 1e-5);
        assertClose(NativeArrays.toDoubles(rd[0].sum(0)), NativeArrays.toDoubles(rd[1]), 1e-12);
        assertClose(NativeArrays.toDoubles(d.weightGrad), NativeArrays.toDoubles(f.weightGrad), 1e-5);
        assertClose(NativeArrays.toDoubles(d.biasGrad), NativeArrays.toDoubles(f.biasGrad), 1e-5);
        double[] dx = NativeArrays.toDoubles(dxF);
        for (int i = 0; i < x.length; i++) {
            if (x[i] == 0) org.junit.jupiter.api.Assertions.assertEquals(0, dx[i], 0, "gradient through a zero ReLU output");
        }
    }

    /** The float32 ReLU backward kernel against the float64 one: the same elements kept. */
    @Test
    void reluBackwardFloatKernelMatchesTheDoubleOne() {
        int n = 3 * 8192 + 17;
        double[] y = new double[n], g = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.max(0, random.nextGaussian());
            g[i] = random.nextGaussian();
        }
        INDArray gd = NativeArrays.of(D, g, n), gf = NativeArrays.of(DataType.FLOAT, g, n);
        NativeArrays.reluBackward(NativeArrays.of(D, y, n), gd);
        NativeArrays.reluBackward(NativeArrays.of(DataType.FLOAT, y, n), gf);
        assertClose(NativeArrays.toDoubles(gd), NativeArrays.toDoubles(gf), 1e-6);
    }

    /**
     * The float32 path of {@link GlobalMaxPool#forward} (pooling by blocks, scanning a block only where
     * its maximum wins) against the float64 strict "greater than" scan, on values full of ties
     * (rounded values, duplicated rows) and clouds longer than one block: equal values and winners.
     */
    @Test
    void globalMaxPoolFloatKernelMatchesTheDoubleOne() {
        int clouds = 3, points = 70, in = 5, out = 41;
        PointwiseLinear d = new PointwiseLinear("d", in, out, D), f = new PointwiseLinear("f", in, out, DataType.FLOAT);
        double[] w = new double[out * in], b = new double[out];
        for (int i = 0; i < w.length; i++) w[i] = Math.round(2 * random.nextGaussian());
        for (int i = 0; i < b.length; i++) b[i] = Math.round(2 * random.nextGaussian());
        d.weight.assign(NativeArrays.of(D, w, out, in));
        d.bias.assign(NativeArrays.of(D, b, 1, out));
        f.weight.assign(NativeArrays.of(DataType.FLOAT, w, out, in));
        f.bias.assign(NativeArrays.of(DataType.FLOAT, b, 1, out));
        double[] x = new double[clouds * points * in];
        for (int i = 0; i < x.length; i++) x[i] = Math.round(random.nextGaussian());
        for (int r = 0; r < clouds * points; r += 5) System.arraycopy(x, ((r * 7) % (clouds * points)) * in, x, r * in, in);
        GlobalMaxPool.Result rd = GlobalMaxPool.forward(d, NativeArrays.of(D, x, clouds * points, in), clouds);
        GlobalMaxPool.Result rf = GlobalMaxPool.forward(f, NativeArrays.of(DataType.FLOAT, x, clouds * points, in), clouds);
        org.junit.jupiter.api.Assertions.assertArrayEquals(NativeArrays.toDoubles(rd.output()), NativeArrays.toDoubles(rf.output()), 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(rd.winner(), rf.winner());
    }

    /** The single-pass float32 Adam update against the ND4J operations in float64, over a few steps. */
    @Test
    void adamFloatKernelMatchesTheDoubleOne() {
        int n = 40000;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) p[i] = random.nextGaussian();
        INDArray pd = NativeArrays.of(D, p, n), pf = NativeArrays.of(DataType.FLOAT, p, n);
        try (Adam ad = new Adam(1e-3, List.of(pd)); Adam af = new Adam(1e-3, List.of(pf))) {
            for (int s = 0; s < 3; s++) {
                double[] g = new double[n];
                for (int i = 0; i < n; i++) g[i] = random.nextGaussian() * (i % 3);
                ad.step(List.of(pd), List.of(NativeArrays.of(D, g, n)));
                af.step(List.of(pf), List.of(NativeArrays.of(DataType.FLOAT, g, n)));
            }
            assertClose(NativeArrays.toDoubles(pd), NativeArrays.toDoubles(pf), 1e-6);
            for (int i = 0; i < 2; i++) assertClose(NativeArrays.toDoubles(ad.state().get(i)), NativeArrays.toDoubles(af.state().get(i)), 1e-5);
        }
    }

    /** {@code max |a - b| <= tolerance * max(max |a|, 1)}. */
    private static void assertClose(double[] expected, double[] actual, double tolerance) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.length, actual.length);
        double scale = 1, diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= tolerance * scale, "max difference " + diff + " at scale " + scale);
    }

    /** The folding layers' first layer with the ReLU after it, as the decoder's backward pass takes them (float64). */
    @Test
    void codewordConcatLinearThroughRelu() {
        int clouds = 2, m = 5, f = 4;
        for (boolean shared : new boolean[] {true, false}) {
            PointwiseLinear layer = new PointwiseLinear("t", f + 3, 6, D);
            layer.initialise(random);
            INDArray code = random(clouds, f), pts = shared ? random(m, 3) : random(clouds * m, 3), w = random(clouds * m, 6);
            INDArray h = org.nd4j.linalg.ops.transforms.Transforms.relu(CodewordConcatLinear.forward(layer, code, pts, m), true);
            INDArray[] grads = CodewordConcatLinear.backwardThroughRelu(layer, code, pts, m, h, w.dup());
            DoubleSupplier loss = () -> dot(org.nd4j.linalg.ops.transforms.Transforms.relu(CodewordConcatLinear.forward(layer, code, pts, m), true), w);
            String kind = shared ? " (source points)" : " (fold-1 points)";
            report("CodewordConcatLinear+ReLU codeword" + kind, check(code, grads[0], loss), 1e-7);
            if (!shared) report("CodewordConcatLinear+ReLU points" + kind, check(pts, grads[1], loss), 1e-7);
            report("CodewordConcatLinear+ReLU weight" + kind, check(layer.weight, layer.weightGrad, loss), 1e-7);
            report("CodewordConcatLinear+ReLU bias" + kind, check(layer.bias, layer.biasGrad, loss), 1e-7);
        }
    }

    /**
     * The fused float32 pass of {@link CodewordConcatLinear#backwardThroughRelu} (mask and reductions in
     * one pass over the rows) against the float64 operations checked above: equal up to float32 rounding.
     */
    @Test
    void codewordConcatLinearThroughReluFloatKernelMatchesTheDoubleOne() {
        int clouds = 3, m = 45, f = 7, out = 19;
        for (boolean shared : new boolean[] {true, false}) {
            PointwiseLinear ld = new PointwiseLinear("d", f + 3, out, D), lf = new PointwiseLinear("f", f + 3, out, DataType.FLOAT);
            ld.initialise(new Random(8));
            lf.initialise(new Random(8));
            double[] code = values(clouds * f), pts = values((shared ? m : clouds * m) * 3), g = values(clouds * m * out);
            double[] h = values(clouds * m * out);
            for (int i = 0; i < h.length; i++) h[i] = Math.max(0, h[i]);
            int pr = shared ? m : clouds * m;
            INDArray[] rd = CodewordConcatLinear.backwardThroughRelu(ld, NativeArrays.of(D, code, clouds, f), NativeArrays.of(D, pts, pr, 3), m,
                    NativeArrays.of(D, h, clouds * m, out), NativeArrays.of(D, g, clouds * m, out));
            INDArray[] rf = CodewordConcatLinear.backwardThroughRelu(lf, NativeArrays.of(DataType.FLOAT, code, clouds, f),
                    NativeArrays.of(DataType.FLOAT, pts, pr, 3), m, NativeArrays.of(DataType.FLOAT, h, clouds * m, out),
                    NativeArrays.of(DataType.FLOAT, g, clouds * m, out));
            assertClose(NativeArrays.toDoubles(rd[0]), NativeArrays.toDoubles(rf[0]), 1e-5);
            if (!shared) assertClose(NativeArrays.toDoubles(rd[1]), NativeArrays.toDoubles(rf[1]), 1e-5);
            assertClose(NativeArrays.toDoubles(ld.weightGrad), NativeArrays.toDoubles(lf.weightGrad), 1e-5);
            assertClose(NativeArrays.toDoubles(ld.biasGrad), NativeArrays.toDoubles(lf.biasGrad), 1e-5);
        }
    }

    private double[] values(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = random.nextGaussian();
        return v;
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
