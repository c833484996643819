package org.braggflow.cluster.kmeans;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Run time of the stage on scans of encoder-sized features (512-d), too slow for every build:
 * {@code mvn -f bundles/cluster-kmeans/pom.xml test -Dtest=KMeansBenchmarkTest -Dbraggflow.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "braggflow.benchmark", matches = "true")
class KMeansBenchmarkTest {

    private final KMeansClusterer stage = new KMeansClusterer();

    private void time(int rows, int cols, int domains, double sigma, int maxK) {
        for (String selection : System.getProperty("braggflow.benchmark.selection", "elbow,silhouette,gap").split(",")) {
            time(rows, cols, domains, sigma, maxK, selection);
        }
    }

    private void time(int rows, int cols, int domains, double sigma, int maxK, String selection) {
        PlantedDomains scan = new PlantedDomains(rows, cols, domains, 512, sigma, 1);
        long start = System.nanoTime();
        ClusterResult r = stage.cluster(scan.table,
                Parameters.of(StageDescriptor.of("clusterer", "kmeans", stage), Map.of("maxK", maxK, "selection", selection)));
        double seconds = (System.nanoTime() - start) / 1e9;
        double ari = AdjustedRandIndex.of(scan.truth, r.labels());
        System.out.printf("%d positions x 512 features, %d planted domains, sigma %.2f, %s up to k = %d: k = %d, ARI = %.4f, %.1f s on %d processors%n",
                rows * cols, domains, sigma, selection, r.criterionK().length == 0 ? r.k() : r.criterionK()[r.criterionK().length - 1], r.k(), ari,
                seconds, Runtime.getRuntime().availableProcessors());
        assertTrue(ari > 0);
    }

    @Test
    void smallEncoderSizedScan() {
        time(30, 40, 5, 0.5, 15);
    }

    @Test
    void encoderSizedScans() {
        time(30, 40, 5, 0.5, 0);
        time(30, 40, 13, 0.5, 0);
        time(140, 200, 13, 0.5, 15);
        time(140, 200, 13, 0.5, 0);
    }
}
