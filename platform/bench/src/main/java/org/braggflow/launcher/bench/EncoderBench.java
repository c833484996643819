package org.braggflow.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Encoder;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.Parameters;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.stage.DeployedStage;

/**
 * Every deployed encoder at the full size (batch 16, 2048 points, k 32, feature 512 where the
 * encoder has those parameters), through the stage's own service as a workflow calls it: encode ms per
 * cloud, train ms per cloud and epoch, and the process's resident memory (peak, and at the first and
 * last progress report of the training, to show it stays flat). Clouds are noisy Bragg-peak-like shells of random size.
 */
final class EncoderBench {

    private static final int CLOUDS = 32;
    private static final int POINTS = 2048;

    private final Platform platform;
    private final int repeats;
    private final int epochs;
    private final Path torchReference;

    /** @param torchReference the reference checkpoint's folder the PyTorch peer is checked against, or null */
    EncoderBench(Platform platform, int repeats, int epochs, Path torchReference) {
        this.platform = platform;
        this.repeats = repeats;
        this.epochs = epochs;
        this.torchReference = torchReference;
    }

    void run() throws Exception {
        System.out.printf("%nencoders (%d clouds of %d points, training %d epochs; threads: %d cores, OMP_NUM_THREADS=%s, OMP_WAIT_POLICY=%s):%n",
                CLOUDS, POINTS, epochs, Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"),
                System.getenv("OMP_WAIT_POLICY"));
        List<PointCloud> clouds = new ArrayList<>();
        for (int i = 0; i < CLOUDS; i++) clouds.add(new PointCloud(0, i, peak(i), null));
        for (DeployedStage d : platform.stages().list()) {
            if (d.type().equals("encoder")) one(d, clouds);
        }
    }

    private void one(DeployedStage d, List<PointCloud> clouds) throws Exception {
        Encoder encoder = (Encoder) d.service();
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (String[] kv : new String[][] {{"pointsPerCloud", "2048"}, {"k", "32"}, {"featureSize", "512"}, {"batchSize", "16"},
            {"epochs", Integer.toString(epochs)}, {"earlyStopPatience", "0"}, {"validationShare", "0"}}) {
            if (d.descriptor().parameter(kv[0]).isPresent()) values.put(kv[0], kv[1]);
        }
        Parameters p = Parameters.of(d.descriptor(), values);
        RssSampler rss = new RssSampler();
        long before = rssMb();
        long[] progressRss = {-1, -1}; // at the first and the latest progress report of the training
        long t0 = System.nanoTime();
        EncoderModel model;
        try (rss) {
            model = encoder.train(clouds, p, (done, total) -> {
                long now = rssMb();
                if (progressRss[0] < 0) progressRss[0] = now;
                progressRss[1] = now;
            });
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        int ran = Math.max(1, model.lossHistory().size());
        List<PointCloud> batch = clouds.subList(0, 16);
        encoder.encode(model, batch); // warm-up
        double[] encode = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long e0 = System.nanoTime();
            encoder.encode(model, batch);
            encode[r] = (System.nanoTime() - e0) / 1e6 / batch.size();
        }
        Arrays.sort(encode);
        System.out.printf("  %-11s (%s %s; %s)%n", d.name(), d.bundleSymbolicName(), d.bundleVersion(), p);
        System.out.printf("    encode: %.1f ms per cloud (median of %d batches of 16)%n", encode[repeats / 2], repeats);
        System.out.printf("    train: %.1f ms per cloud and epoch (%d clouds x %d epochs in %.1f s, first epochs included)%n",
                trainSeconds * 1000 / (clouds.size() * ran), clouds.size(), ran, trainSeconds);
        System.out.printf("    resident memory: %d MB before training, peak %d MB during it; %d MB at its first progress report, %d MB at its last%n",
                before, rss.peak(), progressRss[0], progressRss[1]);
        if (d.name().equals("foldingnet")) againstTorch(p, clouds, encode[repeats / 2], trainSeconds * 1000 / (clouds.size() * ran), ran);
    }

    /**
     * The same network, clouds, batch and epochs in the authors' PyTorch code: its figures and ours
     * as ratios of throughput (their time over ours).
     */
    private void againstTorch(Parameters p, List<PointCloud> clouds, double oursEncodeMs, double oursTrainMs, int ran) throws Exception {
        String version = TorchPeer.version();
        if (version.isEmpty()) {
            System.out.println("    against PyTorch: skipped (python3-torch not installed; scripts/bench.sh installs it)");
            return;
        }
        String matrix = p.values().get("localMatrix").toString().equals("OUTER_PRODUCT") ? "outer-product" : "covariance";
        TorchPeer.Figures t = TorchPeer.run(clouds, number(p, "k"), number(p, "featureSize"), number(p, "batchSize"), repeats, ran, matrix, torchReference);
        if (!Double.isNaN(t.referenceDifference())) {
            System.out.printf("    PyTorch peer: the reference checkpoint gives the reference codewords to %.2g (largest difference over largest value)%n",
                    t.referenceDifference());
        }
        System.out.printf("    PyTorch %s, same network (local matrix %s), clouds, batch and epochs, every core: encode %.1f ms per cloud (ours %.1fx its"
                + " throughput), train %.1f ms per cloud and epoch (ours %.1fx)%n", version, matrix, t.encodeMs(), t.encodeMs() / oursEncodeMs,
                t.trainMs(), t.trainMs() / oursTrainMs);
    }

    private static int number(Parameters p, String name) {
        return ((Number) p.values().get(name)).intValue();
    }

    /** A Bragg-peak-like shell: random radius and flattening, Gaussian thickness, in detector-like units. */
    private static float[] peak(int seed) {
        Random random = new Random(1000L + seed);
        double radius = 8 + 8 * random.nextDouble(), flatten = 0.4 + 0.6 * random.nextDouble();
        float[] xyz = new float[3 * POINTS];
        for (int i = 0; i < POINTS; i++) {
            double u = random.nextDouble() * 2 * Math.PI, v = Math.acos(2 * random.nextDouble() - 1);
            double r = radius + random.nextGaussian();
            xyz[3 * i] = (float) (100 + r * Math.sin(v) * Math.cos(u));
            xyz[3 * i + 1] = (float) (100 + r * Math.sin(v) * Math.sin(u));
            xyz[3 * i + 2] = (float) (100 + flatten * r * Math.cos(v));
        }
        return xyz;
    }

    static long rssMb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS")) return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
            }
        } catch (IOException e) {
            // not Linux: no figure
        }
        return -1;
    }

    /** Samples the resident set size every 100 ms on a daemon thread; peak() is the largest seen. */
    private static final class RssSampler implements AutoCloseable {
        private final AtomicLong peak = new AtomicLong(rssMb());
        private volatile boolean running = true;
        private final Thread thread = new Thread(() -> {
            while (running) {
                peak.accumulateAndGet(rssMb(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-rss");

        RssSampler() {
            thread.setDaemon(true);
            thread.start();
        }

        long peak() {
            return peak.get();
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
