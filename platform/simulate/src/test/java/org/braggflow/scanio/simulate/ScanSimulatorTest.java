package org.braggflow.scanio.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.braggflow.scanio.geometry.CrystalFrame;
import org.braggflow.scanio.geometry.ReciprocalSpace;
import org.braggflow.scanio.write.ScanWriter;
import org.junit.jupiter.api.Test;

class ScanSimulatorTest {

    /** Keeps frames of chosen positions; checks the order frames arrive in. */
    static final class Capture implements ScanWriter {
        final Map<String, float[]> frames = new HashMap<>();
        int frameCount;
        int expectedAngle;
        float[][] monitors;

        Capture(int angles) {
            monitors = new float[angles][];
        }

        @Override
        public void frame(int angle, int row, int col, float[] frame) {
            assertEquals(expectedAngle, angle, "frames arrive angle by angle");
            frames.put(angle + "," + row + "," + col, frame);
            frameCount++;
        }

        @Override
        public void endAngle(int angle, float[] monitor, float[] xrf) {
            monitors[angle] = monitor;
            expectedAngle++;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void everyDomainKindIsPlantedInsideTheParticleAndTheTruthIsConsistent() {
        SimulationTruth t = new ScanSimulator(SimulationSpec.of(24, 30, 5, 32, 32, 3, 1.0)).truth();
        Set<Integer> labels = new HashSet<>();
        int inside = 0;
        for (int r = 0; r < 24; r++) {
            for (int c = 0; c < 30; c++) {
                if (t.labels()[r][c] < 0) continue;
                inside++;
                labels.add(t.labels()[r][c]);
                PlantedDomain d = t.domains().get(t.labels()[r][c]);
                assertEquals(d.tiltX(), t.tiltX()[r][c]);
                assertEquals(d.strain(), t.strain()[r][c], SampleModel.STRAIN_GRADIENT);
            }
        }
        assertEquals(Set.of(0, 1, 2, 3, 4), labels);
        assertTrue(inside > 0.45 * 24 * 30 && inside < 0.7 * 24 * 30, "particle covers about 60% of the grid: " + inside);
        assertEquals(0.0, t.driftPositions()[0][0]);
        assertEquals(5, t.driftPositions().length);
    }

    @Test
    void theReferencePeakSitsAtTheReferenceBraggVectorAndStrainMovesItAlongH() throws IOException {
        SimulationSpec spec = new SimulationSpec(16, 16, 15, 64, 64, 5, 0, 0, SimulationSpec.paperGeometry(), -38.7, 0.1);
        ScanSimulator sim = new ScanSimulator(spec);
        SimulationTruth truth = sim.truth();
        Capture capture = new Capture(spec.angles());
        sim.write(capture);
        assertEquals(16 * 16 * 15, capture.frameCount);
        ReciprocalSpace rs = new ReciprocalSpace(spec.geometry(), 64, 64, spec.anglesDeg());
        double[] h = new double[3];
        rs.q(7.0, 31.5, 31.5, h);
        CrystalFrame frame = new CrystalFrame(h);
        // centre of mass in q of the strained and the tilted domain, background and hot pixels removed
        for (int r = 0; r < 16; r++) {
            for (int c = 0; c < 16; c++) {
                int label = truth.labels()[r][c];
                if (label < 0 || truth.domains().get(label).kind() == DomainKind.SPLIT) continue;
                double[] com = new double[3];
                double sum = 0;
                double[] q = new double[3];
                for (int a = 0; a < 15; a++) {
                    float[] f = capture.frames.get(a + "," + r + "," + c);
                    for (int p = 0; p < f.length; p++) {
                        double v = f[p] - ScanSimulator.BACKGROUND;
                        if (v < 5 || v > 2000) continue;
                        rs.q(a, p / 64, p % 64, q);
                        for (int i = 0; i < 3; i++) com[i] += v * q[i];
                        sum += v;
                    }
                }
                if (sum < 2000) continue; // thin edge: too few counts for a precise centre
                double[] dq = {com[0] / sum - h[0], com[1] / sum - h[1], com[2] / sum - h[2]};
                double[] rel = frame.relative(dq);
                assertEquals(truth.strain()[r][c], -rel[2], 2e-4, "strain at " + r + "," + c);
                assertEquals(truth.tiltX()[r][c], rel[0], 2e-4, "tilt x at " + r + "," + c);
                assertEquals(truth.tiltY()[r][c], rel[1], 2e-4, "tilt y at " + r + "," + c);
            }
        }
    }

    @Test
    void sameSeedSameScan() throws IOException {
        SimulationSpec spec = SimulationSpec.of(6, 6, 3, 16, 16, 9, 0.5);
        Capture a = new Capture(3), b = new Capture(3);
        new ScanSimulator(spec).write(a);
        new ScanSimulator(spec).write(b);
        assertArrayEquals(a.frames.get("2,3,4"), b.frames.get("2,3,4"));
        assertArrayEquals(a.monitors[1], b.monitors[1]);
    }

    @Test
    void poissonDrawsHaveTheRightMeanAndVariance() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (double mean : new double[] {0.3, 4, 100}) {
            double s = 0, s2 = 0;
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                int k = ScanSimulator.poisson(mean, r);
                s += k;
                s2 += (double) k * k;
            }
            double m = s / n, v = s2 / n - m * m;
            assertEquals(mean, m, 4 * Math.sqrt(mean / n) + 1e-3, "mean " + mean);
            assertEquals(mean, v, 0.03 * mean + 0.01, "variance " + mean);
        }
    }
}
