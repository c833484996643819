package org.braggflow.encode.foldingnet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The FoldingNet autoencoder (Y. Yang et al., CVPR 2018; docs/method.md, section 5): {@link GraphEncoder} to a
 * codeword, {@link FoldingDecoder} back to points, {@link ChamferDistance} between the two. Weights
 * live in ND4J arrays of one data type (float32 for use, float64 for gradient checks).
 */
final class FoldingNet implements AutoCloseable {

    final FoldingNetConfig config;
    final DataType type;
    private final Map<String, PointwiseLinear> layers = new LinkedHashMap<>();
    private final INDArray source;   // [m, d]
    private final GraphEncoder encoder;
    private final FoldingDecoder decoder;

    /** One batch of encoder input: the stacked per-point inputs and their neighbour rows. */
    record Input(INDArray features, int[] neighbours, int clouds) implements AutoCloseable {
        @Override
        public void close() {
            NativeArrays.release(features);
        }
    }

    /** A forward pass through both halves and the loss, kept for {@link #backward}. */
    record Pass(GraphEncoder.Pass encoded, FoldingDecoder.Pass decoded, ChamferDistance.Result loss)
            implements AutoCloseable {
        @Override
        public void close() {
            encoded.close();
            decoded.close();
            NativeArrays.release(loss.gradient());
        }
    }

    /**
     * @param sourcePoints the decoder's m source points, {@code config.sourceDimension()} values each
     */
    FoldingNet(FoldingNetConfig config, double[] sourcePoints, DataType type) {
        this.config = config;
        this.type = type;
        int d = config.sourceDimension();
        if (sourcePoints.length == 0 || sourcePoints.length % d != 0) {
            throw new IllegalArgumentException(sourcePoints.length + " source coordinates are not points of " + d);
        }
        for (FoldingNetConfig.LayerSpec l : config.layers()) {
            layers.put(l.name(), new PointwiseLinear(l.name(), l.in(), l.out(), type));
        }
        this.source = NativeArrays.of(type, sourcePoints, sourcePoints.length / d, d);
        this.encoder = new GraphEncoder(layers);
        this.decoder = new FoldingDecoder(layers);
    }

    /** PyTorch's default initialisation of every layer, from one seed. */
    void initialise(long seed) {
        Random random = new Random(seed);
        for (PointwiseLinear l : layers.values()) l.initialise(random);
    }

    Collection<PointwiseLinear> layers() {
        return layers.values();
    }

    PointwiseLinear layer(String name) {
        return layers.get(name);
    }

    int sourceCount() {
        return (int) source.rows();
    }

    double[] sourcePoints() {
        return NativeArrays.toDoubles(source);
    }

    /**
     * The encoder input of clouds of exactly {@code config.points()} points each. Each cloud's graph and
     * input features are computed on its own, side by side on the cores (into disjoint parts of the
     * arrays): done in turn, this fifth of the encoding left a core idle while the other searched.
     */
    Input input(List<double[]> clouds) {
        int n = config.points(), k = config.k(), b = clouds.size();
        for (int c = 0; c < b; c++) {
            int length = clouds.get(c).length;
            if (length != 3 * n) throw new IllegalArgumentException("cloud " + c + " has " + length / 3 + " points, not " + n);
        }
        double[] features = new double[b * n * FoldingNetConfig.INPUT_FEATURES];
        int[] neighbours = new int[b * n * k];
        NativeArrays.parallelFor(b, c -> {
            double[] xyz = clouds.get(c);
            int[] nb = KnnGraph.neighbours(xyz, k, config.neighbourOrder());
            for (int i = 0; i < nb.length; i++) neighbours[c * n * k + i] = nb[i] + c * n;
            double[] f = KnnGraph.inputFeatures(xyz, nb, k, config.localMatrix());
            System.arraycopy(f, 0, features, c * f.length, f.length);
        });
        INDArray x = NativeArrays.of(type, features, (long) b * n, FoldingNetConfig.INPUT_FEATURES);
        return new Input(x, neighbours, b);
    }

    /** Codewords {@code [clouds, F]} of a batch; nothing is kept for training. */
    INDArray codewords(Input in) {
        return encoder.forward(in.features(), in.neighbours(), config.k(), in.clouds(), false).codeword;
    }

    /** Reconstructions {@code [clouds * m, 3]} of codewords; nothing is kept for training. */
    INDArray reconstruct(INDArray codewords) {
        FoldingDecoder.Pass p = decoder.forward(codewords, source, false);
        return p.reconstruction;
    }

    /** Forward pass with the Chamfer loss against the clouds of {@code in}, ready for {@link #backward}. */
    Pass forward(Input in, double[][] clouds, boolean withGradient) {
        GraphEncoder.Pass e = encoder.forward(in.features(), in.neighbours(), config.k(), in.clouds(), withGradient);
        FoldingDecoder.Pass d = decoder.forward(e.codeword, source, withGradient);
        ChamferDistance.Result loss = ChamferDistance.chamferDistance(d.reconstruction, clouds, withGradient);
        return new Pass(e, d, loss);
    }

    /** Accumulates the gradient of the pass's summed loss into every layer. */
    void backward(Pass pass) {
        INDArray dCode = decoder.backward(pass.decoded(), pass.loss().gradient());
        encoder.backward(pass.encoded(), dCode);
        NativeArrays.release(dCode);
    }

    void zeroGrad() {
        for (PointwiseLinear l : layers.values()) l.zeroGrad();
    }

    /** Every parameter array in file order: per layer, weight {@code [out, in]} then bias. */
    List<INDArray> parameters() {
        List<INDArray> out = new ArrayList<>();
        for (PointwiseLinear l : layers.values()) {
            out.add(l.weight);
            out.add(l.bias);
        }
        return out;
    }

    /** The gradients matching {@link #parameters()}. */
    List<INDArray> gradients() {
        List<INDArray> out = new ArrayList<>();
        for (PointwiseLinear l : layers.values()) {
            out.add(l.weightGrad);
            out.add(l.biasGrad);
        }
        return out;
    }

    @Override
    public void close() {
        for (PointwiseLinear l : layers.values()) {
            l.weight.close();
            l.bias.close();
            l.weightGrad.close();
            l.biasGrad.close();
        }
        NativeArrays.release(source);
    }
}
