package org.braggflow.encode.foldingnet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.braggflow.api.stage.ProgressListener;

/**
 * The training loop (docs/method.md, section 5): shuffled mini-batches, each cloud turned by a random multiple
 * of 15 degrees, Chamfer loss summed over the batch, gradients by the layers' backward passes, one
 * Adam step per batch. Every step's activations are released right after it, so memory stays flat.
 *
 * <p>The loss recorded per epoch is the mean Chamfer loss per cloud over the epoch's steps. With held-out
 * clouds, their mean Chamfer loss per cloud (same units, forward only, no augmentation) is measured after
 * every epoch, the weights and optimiser state of the epoch where it was lowest are kept, and training
 * hands back that epoch's state rather than the last. Training stops after {@code epochs}, after
 * {@code maxSteps} steps, after the step that passes the time budget, or when the monitored loss (the
 * held-out loss if there are held-out clouds, else the epoch's training loss) has not improved on its
 * best by more than {@value #PLATEAU_IMPROVEMENT} (relative) for {@code patience} epochs.
 */
final class Trainer {

    /** Relative improvement of the best epoch loss that resets the early-stop count. */
    static final double PLATEAU_IMPROVEMENT = 1e-3;
    /** Name of the native memory block every training step (and held-out measurement) reuses. */
    static final String STEP_MEMORY = "foldingnet-train";

    record Settings(int batchSize, int epochs, double timeBudgetSeconds, long maxSteps, long seed, RotationAxis rotation,
                    int checkpointEveryEpochs, int earlyStopPatience) {
    }

    /**
     * Why and when training ended.
     *
     * @param bestEpoch the epoch (counted from 1 over the whole history) whose state the network holds
     *                  now, the one of lowest held-out loss in this run; 0 without held-out clouds
     */
    record Outcome(String stopReason, int epochsRun, long steps, double seconds, int bestEpoch) {
    }

    /** Receives the state after an epoch whose number is a multiple of the checkpoint interval. */
    @FunctionalInterface
    interface Checkpoint {
        void save(int epoch, List<Double> lossHistory, List<Double> heldOutHistory) throws IOException;
    }

    private Trainer() {
    }

    /**
     * Trains {@code net} on clouds of exactly {@code config.points()} points.
     *
     * @param history loss of earlier epochs when resuming (appended to); its size is the first epoch
     */
    static Outcome train(FoldingNet net, Adam adam, List<double[]> clouds, Settings s, List<Double> history,
                         ProgressListener progress, Checkpoint checkpoint) throws IOException {
        return train(net, adam, clouds, List.of(), s, history, new ArrayList<>(), progress, checkpoint);
    }

    /**
     * Trains {@code net} on {@code clouds} and measures it on {@code heldOut} (both exactly
     * {@code config.points()} points per cloud, in the model's frame) after every epoch.
     *
     * @param heldOutHistory held-out loss of earlier epochs when resuming (appended to)
     */
    static Outcome train(FoldingNet net, Adam adam, List<double[]> clouds, List<double[]> heldOut, Settings s,
                         List<Double> history, List<Double> heldOutHistory, ProgressListener progress,
                         Checkpoint checkpoint) throws IOException {
        long start = System.nanoTime();
        boolean validating = !heldOut.isEmpty();
        List<Double> monitored = validating ? heldOutHistory : history;
        Snapshot bestState = null;
        int bestEpoch = 0;
        double bestHeldOut = Double.POSITIVE_INFINITY;
        int first = history.size();
        Random random = new Random(s.seed() * 31 + first);
        int[] order = new int[clouds.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        String stop = "epochs";
        long steps = 0;
        int epoch = first;
        double best = Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        for (double h : monitored) {
            if (h < best * (1 - PLATEAU_IMPROVEMENT)) {
                best = h;
                sinceBest = 0;
            } else {
                sinceBest++;
            }
        }
        epochs:
        while (epoch < s.epochs()) {
            shuffle(order, random);
            double sum = 0;
            int seen = 0;
            for (int from = 0; from < order.length; from += s.batchSize()) {
                int to = Math.min(order.length, from + s.batchSize());
                List<double[]> batch = new ArrayList<>();
                for (int i = from; i < to; i++) {
                    batch.add(CloudSampling.rotate(clouds.get(order[i]), s.rotation(), random.nextInt(CloudSampling.ROTATION_STEPS)));
                }
                sum += step(net, adam, batch);
                seen += batch.size();
                steps++;
                boolean outOfTime = s.timeBudgetSeconds() > 0 && seconds(start) >= s.timeBudgetSeconds();
                boolean outOfSteps = s.maxSteps() > 0 && steps >= s.maxSteps();
                if (outOfTime || outOfSteps) {
                    // the epoch so far counts as one, so the loss history and progress end with it
                    history.add(sum / seen);
                    epoch++;
                    if (validating) {
                        double h = HeldOut.loss(net, heldOut, s.batchSize());
                        heldOutHistory.add(h);
                        if (h < bestHeldOut) {
                            bestHeldOut = h;
                            bestEpoch = epoch;
                            bestState = null;   // the network holds this state already
                        }
                    }
                    progress.progress(epoch, s.epochs());
                    stop = outOfSteps ? "steps" : "time budget";
                    break epochs;
                }
            }
            history.add(sum / seen);
            epoch++;
            if (validating) {
                double h = HeldOut.loss(net, heldOut, s.batchSize());
                heldOutHistory.add(h);
                if (h < bestHeldOut) {
                    bestHeldOut = h;
                    bestEpoch = epoch;
                    bestState = new Snapshot(net, adam);
                }
            }
            progress.progress(epoch, s.epochs());
            if (s.checkpointEveryEpochs() > 0 && epoch % s.checkpointEveryEpochs() == 0) checkpoint.save(epoch, history, heldOutHistory);
            double loss = monitored.get(monitored.size() - 1);
            if (loss < best * (1 - PLATEAU_IMPROVEMENT)) {
                best = loss;
                sinceBest = 0;
            } else if (++sinceBest >= s.earlyStopPatience() && s.earlyStopPatience() > 0) {
                stop = "plateau";
                break;
            }
        }
        // the network holds the last epoch's state; go back to the best one if that was earlier
        if (validating && bestEpoch < epoch && bestState != null) bestState.restore(net, adam);
        return new Outcome(stop, epoch - first, steps, seconds(start), bestEpoch);
    }

    /** Forward, backward and one Adam update on one batch; returns the batch's summed loss. */
    static double step(FoldingNet net, Adam adam, List<double[]> batch) {
        double[][] targets = batch.toArray(new double[0][]);
        try (var memory = NativeArrays.passMemory(STEP_MEMORY); FoldingNet.Input in = net.input(batch)) {
            net.zeroGrad();
            double loss;
            try (FoldingNet.Pass pass = net.forward(in, targets, true)) {
                net.backward(pass);
                loss = pass.loss().total();
            }
            adam.step(net.parameters(), net.gradients());
            return loss;
        }
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
