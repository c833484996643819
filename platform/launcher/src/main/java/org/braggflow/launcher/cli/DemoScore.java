package org.braggflow.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.braggflow.launcher.evaluate.DomainScore;
import org.braggflow.launcher.evaluate.RunOutputs;

/**
 * How a demo run compares with the simulator's truth: the adjusted Rand index of the cluster map
 * against the planted domains, and the strain RMS error after removing the common offset, over the
 * positions both the analysis and the truth put in the particle.
 */
final class DemoScore {

    private DemoScore() {
    }

    static String of(Path results, Path truthFile) throws IOException {
        JsonNode truth = Json.MAPPER.readTree(truthFile.toFile());
        int rows = truth.get("labels").size(), cols = truth.get("labels").get(0).size();
        int[] planted = new int[rows * cols];
        double[] strain = new double[rows * cols];
        boolean[] mask = new boolean[rows * cols];
        for (int i = 0; i < planted.length; i++) {
            planted[i] = truth.get("labels").get(i / cols).get(i % cols).asInt();
            strain[i] = truth.get("strain").get(i / cols).get(i % cols).asDouble();
            mask[i] = truth.get("mask").get(i / cols).get(i % cols).asInt() == 1;
        }
        StringBuilder sb = new StringBuilder();
        if (Files.exists(results.resolve("clusters.csv"))) {
            DomainScore s = DomainScore.of(planted, RunOutputs.clusters(results, rows, cols), null, cols);
            sb.append(String.format("domain map vs planted domains: ARI %.3f (%d clusters found, %d planted, %d positions)%n",
                    s.ari(), s.found(), s.planted(), s.positions()));
        }
        if (Files.exists(results.resolve("maps.csv"))) {
            double[] measured = RunOutputs.map(results, "strain", rows, cols);
            long n = java.util.stream.IntStream.range(0, mask.length).filter(i -> mask[i] && Double.isFinite(measured[i])).count();
            if (n > 0) {
                sb.append(String.format("strain map vs planted strain: RMS error %.1e after removing the common offset (%d positions)%n",
                        RunOutputs.rmsAfterOffset(measured, strain, mask), n));
            }
        }
        return sb.toString();
    }
}
