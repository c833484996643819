package org.braggflow.encode.foldingnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The clouds kept out of training to choose a model by (issue: choose a trained model by its held-out
 * reconstruction loss, never by a clustering score): which ones, and the network's loss on them.
 */
final class HeldOut {

    /** Mixed into the training seed so the choice of clouds does not share a stream with anything else. */
    private static final long SPLIT_SALT = 0x6865_6c64_6f75_74L;

    private HeldOut() {
    }

    /**
     * Indices (ascending) of the clouds held out of {@code count}: {@code round(share x count)} of them,
     * at most {@code count - 1} so one cloud is always left to train on, chosen by a seeded shuffle.
     * The same seed, count and share always give the same clouds.
     */
    static int[] choose(int count, double share, long seed) {
        if (!(share >= 0 && share < 1)) throw new IllegalArgumentException("validation share must be in [0, 1), not " + share);
        int held = (int) Math.min(count - 1L, Math.round(share * count));
        if (held <= 0) return new int[0];
        int[] order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        Random random = new Random(seed ^ SPLIT_SALT);
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] out = Arrays.copyOf(order, held);
        Arrays.sort(out);
        return out;
    }

    /** The clouds at {@code indices} ({@code keep} true) or every other one ({@code keep} false), in order. */
    static <T> List<T> select(List<T> all, int[] indices, boolean keep) {
        boolean[] chosen = new boolean[all.size()];
        for (int i : indices) chosen[i] = true;
        List<T> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (chosen[i] == keep) out.add(all.get(i));
        }
        return out;
    }

    /**
     * Mean Chamfer loss per cloud of {@code net} on {@code clouds} (each exactly {@code config.points()}
     * points, already in the model's frame), forward only, {@code batchSize} clouds at a time. Each batch
     * runs in the training step's own memory block: a forward pass of a batch needs less than a training
     * step of one, so measuring adds no native memory and each batch's activations go with its scope.
     */
    static double loss(FoldingNet net, List<double[]> clouds, int batchSize) {
        double sum = 0;
        for (int from = 0; from < clouds.size(); from += batchSize) {
            List<double[]> batch = clouds.subList(from, Math.min(clouds.size(), from + batchSize));
            double[][] targets = batch.toArray(new double[0][]);
            try (var memory = NativeArrays.passMemory(Trainer.STEP_MEMORY); FoldingNet.Input in = net.input(batch);
                 FoldingNet.Pass pass = net.forward(in, targets, false)) {
                sum += pass.loss().total();
            }
        }
        return sum / clouds.size();
    }
}
