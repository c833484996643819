package org.braggflow.encode.foldingnet;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A copy, on the Java heap, of the network's weights and the optimiser's moments after one epoch, so
 * training can hand back that epoch's model rather than the last one (about 3 x 2 M floats at the
 * default size). The optimiser is copied too, so a model resumed from it continues coherently.
 */
final class Snapshot {

    private final List<float[]> weights = new ArrayList<>();
    private final List<float[]> moments = new ArrayList<>();
    private final long steps;

    Snapshot(FoldingNet net, Adam adam) {
        for (INDArray p : net.parameters()) weights.add(NativeArrays.toFloats(p));
        for (INDArray m : adam.state()) moments.add(NativeArrays.toFloats(m));
        this.steps = adam.steps();
    }

    /** Puts the copied values back into {@code net} and {@code adam} (the ones it was taken from). */
    void restore(FoldingNet net, Adam adam) {
        List<INDArray> params = net.parameters();
        for (int i = 0; i < params.size(); i++) {
            NativeArrays.Values v = NativeArrays.values(params.get(i));
            float[] w = weights.get(i);
            for (int j = 0; j < w.length; j++) v.set(j, w[j]);
        }
        adam.restore(moments, steps);
    }
}
