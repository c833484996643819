package org.braggflow.encode.foldingnet;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba, 2015) with L2 weight decay added to the gradient, as PyTorch's
 * {@code optim.Adam(weight_decay=...)} does and the reference training uses (docs/method.md, section 5:
 * betas 0.9 / 0.999, weight decay 1e-6): {@code g += wd p; m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * p -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}.
 */
final class Adam implements AutoCloseable {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;
    static final double WEIGHT_DECAY = 1e-6;

    private final double learningRate;
    private final List<INDArray> firstMoments = new ArrayList<>();
    private final List<INDArray> secondMoments = new ArrayList<>();
    private long step;

    /** Moments start at zero, shaped like {@code parameters}. */
    Adam(double learningRate, List<INDArray> parameters) {
        this.learningRate = learningRate;
        for (INDArray p : parameters) {
            firstMoments.add(Nd4j.zeros(p.dataType(), p.shape()));
            secondMoments.add(Nd4j.zeros(p.dataType(), p.shape()));
        }
    }

    /** One update of every parameter from its gradient (other than float32 ones, the gradients are used as scratch space). */
    void step(List<INDArray> parameters, List<INDArray> gradients) {
        step++;
        double c1 = 1 - Math.pow(BETA1, step), c2 = 1 - Math.pow(BETA2, step);
        for (int i = 0; i < parameters.size(); i++) {
            INDArray p = parameters.get(i), g = gradients.get(i), m = firstMoments.get(i), v = secondMoments.get(i);
            FloatBuffer pf = NativeArrays.floatBuffer(p), gf = NativeArrays.floatBuffer(g);
            FloatBuffer mf = NativeArrays.floatBuffer(m), vf = NativeArrays.floatBuffer(v);
            if (pf != null && gf != null && mf != null && vf != null) {
                stepFloat(pf, gf, mf, vf, (int) p.length(), c1, c2);
                continue;
            }
            INDArray decay = p.mul(WEIGHT_DECAY);
            g.addi(decay);
            INDArray share = g.mul(1 - BETA1);
            m.muli(BETA1).addi(share);
            v.muli(BETA2).addi(g.muli(g).muli(1 - BETA2));
            INDArray denom = Transforms.sqrt(v.div(c2), false).addi(EPSILON);
            INDArray update = m.div(denom).muli(learningRate / c1);
            p.subi(update);
            NativeArrays.release(decay, share, denom, update);
        }
    }

    /**
     * The same update in one pass over each float32 tensor (in blocks, in parallel): as about 14 separate
     * ND4J operations it read and wrote the 2 M parameters' four arrays many times over (34 ms a step).
     * Computed in double per element, so it differs from the float32 operations only in rounding. The
     * gradient is left as it is.
     */
    private void stepFloat(FloatBuffer pf, FloatBuffer gf, FloatBuffer mf, FloatBuffer vf, int n, double c1, double c2) {
        int block = 16384;
        double rate = learningRate / c1;
        NativeArrays.parallelFor((n + block - 1) / block, t -> {
            int from = t * block, len = Math.min(n, from + block) - from;
            float[] p = new float[len], g = new float[len], m = new float[len], v = new float[len];
            pf.get(from, p);
            gf.get(from, g);
            mf.get(from, m);
            vf.get(from, v);
            for (int j = 0; j < len; j++) {
                double gj = g[j] + WEIGHT_DECAY * p[j];
                double mj = BETA1 * m[j] + (1 - BETA1) * gj;
                double vj = BETA2 * v[j] + (1 - BETA2) * gj * gj;
                m[j] = (float) mj;
                v[j] = (float) vj;
                p[j] = (float) (p[j] - rate * mj / (Math.sqrt(vj / c2) + EPSILON));
            }
            pf.put(from, p);
            mf.put(from, m);
            vf.put(from, v);
        });
    }

    double learningRate() {
        return learningRate;
    }

    long steps() {
        return step;
    }

    /** The moments in parameter order, first then second, for a checkpoint. */
    List<INDArray> state() {
        List<INDArray> out = new ArrayList<>(firstMoments);
        out.addAll(secondMoments);
        return out;
    }

    /** Restores a checkpoint's moments and step count. */
    void restore(List<float[]> moments, long steps) {
        if (moments.size() != 2 * firstMoments.size()) {
            throw new IllegalArgumentException(moments.size() + " optimiser arrays for " + firstMoments.size() + " parameters");
        }
        List<INDArray> state = state();
        for (int i = 0; i < state.size(); i++) {
            INDArray target = state.get(i);
            if (moments.get(i).length != target.length()) {
                throw new IllegalArgumentException("optimiser array " + i + " has " + moments.get(i).length
                        + " values, its parameter " + target.length());
            }
            NativeArrays.Values tv = NativeArrays.values(target);
            float[] src = moments.get(i);
            for (int j = 0; j < src.length; j++) tv.set(j, src[j]);
        }
        this.step = steps;
    }

    @Override
    public void close() {
        for (INDArray a : state()) a.close();
    }
}
