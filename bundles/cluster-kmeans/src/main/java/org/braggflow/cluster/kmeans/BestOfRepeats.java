package org.braggflow.cluster.kmeans;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * For each k asked for, the k-means run with the smallest within-cluster sum of squares among
 * {@code repeats} seeded runs (kmeans_opt keeps the minimum over its repeats).
 *
 * <p>The runs are independent, so they are spread over worker threads, the largest k first so that
 * the long runs do not end up last. Each run's seed depends only on (seed, k, repeat), never on
 * which thread runs it or in which order, and ties between repeats go to the lower repeat: the
 * result is the same for any number of threads. Because of that, a fixed-k run with k = K gives
 * exactly the partition the elbow sweep found for K.
 */
final class BestOfRepeats {

    private BestOfRepeats() {
    }

    /** The seed of one run: the stage seed mixed with k and the repeat (SplittableRandom mixes it further). */
    static long runSeed(long seed, int k, int repeat) {
        return seed * 0x9E3779B97F4A7C15L + k * 0xBF58476D1CE4E5B9L + repeat * 0x94D049BB133111EBL;
    }

    /**
     * The best run for each k in {@code ks}, in the order of {@code ks}.
     *
     * @param threads worker threads; 1 runs everything on the calling thread
     * @throws java.util.concurrent.CancellationException when the calling thread is interrupted
     */
    static KMeans.Partition[] best(ScaledFeatures x, int[] ks, int repeats, long seed, int maxIterations, int threads) {
        Best best = new Best(ks.length);
        List<int[]> tasks = new ArrayList<>();
        for (int ki = 0; ki < ks.length; ki++) for (int r = 0; r < repeats; r++) tasks.add(new int[] {ki, r});
        tasks.sort(Comparator.comparingInt((int[] t) -> -ks[t[0]]));
        if (threads <= 1 || tasks.size() == 1) {
            for (int[] t : tasks) best.offer(t[0], t[1], KMeans.run(x, ks[t[0]], runSeed(seed, ks[t[0]], t[1]), maxIterations));
        } else {
            runInParallel(x, ks, seed, maxIterations, threads, best, tasks);
        }
        return best.partitions;
    }

    /**
     * The best run per k so far; only it is kept, so memory holds one label array per k. A run
     * replaces the kept one when its sum of squares is smaller, or equal with a lower repeat: the
     * outcome does not depend on the order in which runs finish.
     */
    private static final class Best {
        final KMeans.Partition[] partitions;
        final int[] repeat;

        Best(int size) {
            partitions = new KMeans.Partition[size];
            repeat = new int[size];
        }

        synchronized void offer(int ki, int r, KMeans.Partition p) {
            KMeans.Partition kept = partitions[ki];
            if (kept == null || p.withinSumOfSquares() < kept.withinSumOfSquares()
                    || p.withinSumOfSquares() == kept.withinSumOfSquares() && r < repeat[ki]) {
                partitions[ki] = p;
                repeat[ki] = r;
            }
        }
    }

    private static void runInParallel(ScaledFeatures x, int[] ks, long seed, int maxIterations, int threads,
                                      Best best, List<int[]> tasks) {
        AtomicInteger serial = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
            Thread t = new Thread(r, "braggflow-kmeans-" + serial.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int[] t : tasks) {
                futures.add(pool.submit(() ->
                        best.offer(t[0], t[1], KMeans.run(x, ks[t[0]], runSeed(seed, ks[t[0]], t[1]), maxIterations))));
            }
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("k-means interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException("k-means run failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
