package org.braggflow.encode.foldingnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The benchmark at full size (batch 16, 2048 points, k 32, feature 512): encode ms per cloud,
 * train step (forward + backward + Adam) ms per cloud, and resident memory over the steps. Runs only
 * with {@code -Dfoldingnet.benchmark=STEPS}, e.g.
 * {@code mvn -f bundles/encode-foldingnet/pom.xml test -Dtest=FoldingNetBenchmark -Dfoldingnet.benchmark=50}.
 */
class FoldingNetBenchmark {

    @Test
    void benchmark() throws IOException {
        int steps = Integer.getInteger("foldingnet.benchmark", 0);
        Assumptions.assumeTrue(steps > 0, "benchmark not requested");
        System.out.println("ND4J " + Nd4j.getExecutioner().getEnvironmentInformation());
        System.out.println("cores " + Runtime.getRuntime().availableProcessors() + ", OMP_NUM_THREADS " + System.getenv("OMP_NUM_THREADS"));
        double[] a = ReferenceData.cloud("pixel-150"), b = ReferenceData.cloud("pixel-1050");
        List<double[]> batch = new ArrayList<>();
        for (int i = 0; i < 16; i++) batch.add(CloudSampling.rotate(i % 2 == 0 ? a : b, RotationAxis.ANGLE, i));
        FoldingNetConfig config = new FoldingNetConfig(2048, 32, 512, SourceShape.GAUSSIAN, 3, LocalMatrix.COVARIANCE, NeighbourOrder.EXACT);
        try (FoldingNet net = new FoldingNet(config, SourcePoints.gaussian(7), DataType.FLOAT)) {
            net.initialise(7);
            List<Double> encode = new ArrayList<>();
            for (int r = 0; r < 5; r++) {
                long t0 = System.nanoTime();
                try (var memory = NativeArrays.passMemory("benchmark-encode"); FoldingNet.Input in = net.input(batch)) {
                    NativeArrays.toFloats(net.codewords(in));
                }
                encode.add((System.nanoTime() - t0) / 1e6 / 16);
            }
            System.out.printf("encode (kNN + encoder), batch 16: median %.1f ms per cloud %s%n", median(encode), encode);
            Adam adam = new Adam(1e-4, net.parameters());
            List<Double> train = new ArrayList<>();
            long peak = 0, afterWarmup = 0;
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                Trainer.step(net, adam, batch);
                train.add((System.nanoTime() - t0) / 1e6 / 16);
                long rss = rssMb();
                peak = Math.max(peak, rss);
                if (s == Math.min(4, steps - 1)) afterWarmup = rss;
                if (s % 10 == 0 || s == steps - 1) System.out.printf("step %d: %.0f ms per cloud, RSS %d MB%n", s, train.get(s), rss);
            }
            System.out.printf("train step, batch 16: median %.0f ms per cloud; peak RSS %d MB; RSS after step 5 %d MB, after step %d %d MB%n",
                    median(train), peak, afterWarmup, steps, rssMb());
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static long rssMb() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS")) return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
        }
        return -1;
    }
}
