package org.braggflow.scanio.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.braggflow.scanio.geometry.CrystalFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A written hard-preset scan: its counts carry the planted strain, and its truth file says what was planted. */
class HardScanTest {

    @Test
    void theCountsCarryThePlantedStrainAndTheSameSeedGivesTheSameScan() throws IOException {
        SimulationSpec spec = SimulationSpec.hard(12, 15, 11, 40, 40, 2).withDrift(0);
        ScanSimulator sim = new ScanSimulator(spec);
        SimulationTruth truth = sim.truth();
        ScanSimulatorTest.Capture capture = new ScanSimulatorTest.Capture(spec.angles());
        sim.write(capture);
        assertEquals(12 * 15 * 11, capture.frameCount);
        CrystalFrame frame = sim.crystalFrame();
        double[] h = frame.h();
        int checked = 0;
        double sumSq = 0;
        for (int r = 0; r < 12; r++) {
            for (int c = 0; c < 15; c++) {
                if (truth.labels()[r][c] < 0) continue;
                double[] com = new double[3];
                double sum = 0;
                for (int a = 0; a < spec.angles(); a++) {
                    float[] f = capture.frames.get(a + "," + r + "," + c);
                    double[] q = sim.pixelQ(a);
                    for (int p = 0; p < f.length; p++) {
                        double v = f[p] - ScanSimulator.BACKGROUND;
                        if (v < 5 || v > 2000) continue; // background and hot pixels
                        for (int i = 0; i < 3; i++) com[i] += v * q[3 * p + i];
                        sum += v;
                    }
                }
                if (sum < 3000) continue; // thin edge
                double[] rel = frame.relative(new double[] {com[0] / sum - h[0], com[1] / sum - h[1], com[2] / sum - h[2]});
                double err = truth.strain()[r][c] + rel[2];
                sumSq += err * err;
                checked++;
            }
        }
        double rms = Math.sqrt(sumSq / checked);
        assertTrue(checked > 40, "positions checked: " + checked);
        assertTrue(rms < 0.1 * sim.widths().sigmaZ(), "strain from the counts' centre of mass, RMS error " + rms + " vs sigma " + sim.widths().sigmaZ());
        ScanSimulatorTest.Capture again = new ScanSimulatorTest.Capture(spec.angles());
        new ScanSimulator(spec).write(again);
        assertArrayEquals(capture.frames.get("5,6,7"), again.frames.get("5,6,7"));
    }

    @Test
    void theTruthFileNamesEveryDomainsKindAndReadsBack(@TempDir Path dir) throws IOException {
        SimulationTruth t = new ScanSimulator(SimulationSpec.hard(24, 30, 5, 16, 16, 3)).truth();
        Path file = dir.resolve("scan.truth.json");
        t.write(file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("hard", json.get("preset").asText());
        Set<String> kinds = new HashSet<>();
        double shares = 0;
        for (JsonNode d : json.get("domains")) {
            kinds.add(d.get("kind").asText());
            shares += d.get("share").asDouble();
            if (d.get("kind").asText().equals("split")) {
                assertEquals(0.6, d.get("split_weight").asDouble());
                assertEquals(2 * d.get("split_half").asDouble(), d.get("split_separation").asDouble(), 1e-18);
            }
        }
        assertEquals(Set.of("reference", "strained", "tilted", "split", "broadened"), kinds);
        assertEquals(1.0, shares, 1e-12);
        assertEquals(t.gradientAmplitude(), json.get("gradient_amplitude").asDouble());
        assertEquals(t.peakWidths().sigmaY(), json.get("peak_sigma").get("y").asDouble());
        SimulationTruth back = SimulationTruth.read(file);
        assertEquals(t.domains(), back.domains());
        assertEquals(t.preset(), back.preset());
        assertEquals(t.peakWidths(), back.peakWidths());
        assertEquals(t.gradientAmplitude(), back.gradientAmplitude());
        for (int r = 0; r < 24; r++) {
            assertArrayEquals(t.labels()[r], back.labels()[r]);
            assertArrayEquals(t.strain()[r], back.strain()[r]);
            assertArrayEquals(t.gradientStrain()[r], back.gradientStrain()[r]);
        }
    }
}
