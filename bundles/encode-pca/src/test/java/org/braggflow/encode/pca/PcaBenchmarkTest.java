package org.braggflow.encode.pca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.encode.pca.SyntheticPeaks.Family;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Train and encode times, too slow for every build:
 * {@code mvn -f bundles/encode-pca/pom.xml test -Dtest=PcaBenchmarkTest -Dbraggflow.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "braggflow.benchmark", matches = "true")
class PcaBenchmarkTest {

    private final PcaEncoder stage = new PcaEncoder();

    private void time(int clouds, int points) throws IOException {
        Random r = new Random(1);
        List<PointCloud> list = new ArrayList<>();
        Family[] families = Family.values();
        for (int i = 0; i < clouds; i++) {
            PointCloud c = SyntheticPeaks.cloud(families[i % families.length], r, i);
            float[] xyz = new float[3 * points]; // resampled to exactly `points` points
            for (int p = 0; p < points; p++) System.arraycopy(c.xyz(), 3 * r.nextInt(c.size()), xyz, 3 * p, 3);
            list.add(new PointCloud(c.row(), c.col(), xyz, null));
        }
        Parameters defaults = Parameters.of(StageDescriptor.of("encoder", "pca", stage), Map.of());
        stage.train(list.subList(0, 8), defaults, ProgressListener.NONE); // warm-up: JIT, ND4J start
        long t0 = System.nanoTime();
        EncoderModel model = stage.train(list, defaults, ProgressListener.NONE);
        long t1 = System.nanoTime();
        float[][] codes = stage.encode(model, list);
        long t2 = System.nanoTime();
        System.out.printf("%d clouds x %d points: train %.2f s, encode %.2f s (%d features) on %d processors%n",
                clouds, points, (t1 - t0) / 1e9, (t2 - t1) / 1e9, model.featureSize(), Runtime.getRuntime().availableProcessors());
        assertEquals(clouds, codes.length);
    }

    @Test
    void typicalScans() throws IOException {
        time(256, 2048);
        time(4096, 2048);
        time(28_000, 500);
    }
}
