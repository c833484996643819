package org.braggflow.maps.conventional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.MapAccumulator;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.read.support.ParticleMask;
import org.braggflow.scanio.simulate.ScanSimulator;
import org.braggflow.scanio.simulate.SimulationSpec;
import org.braggflow.scanio.simulate.SimulationTruth;
import org.braggflow.scanio.write.ScanWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conventional maps of a planted-domain simulated scan against its truth. Tolerances come from the
 * issue: strain RMS error <= 2e-4 after removing the common offset, tilt correlation >= 0.9.
 */
class ConventionalMapsTest {

    static final int ROWS = 20, COLS = 24, ANGLES = 13, DET = 64;
    static SimulationTruth truth;
    static ScanMaps maps;
    static boolean[] mask;
    static float[][] volumeData;
    static ScanMetadata scanMetadata;

    /** Volumes assembled in memory from the simulator's frames (no drift, steady beam: alignment and normalisation are the readers' business). */
    static final class Volumes implements ScanWriter {
        final float[][] data = new float[ROWS * COLS][ANGLES * DET * DET];

        @Override
        public void frame(int angle, int row, int col, float[] frame) {
            System.arraycopy(frame, 0, data[row * COLS + col], angle * DET * DET, DET * DET);
        }

        @Override
        public void endAngle(int angle, float[] monitor, float[] xrf) {
        }

        @Override
        public void close() {
        }
    }

    @BeforeAll
    static void analyse() throws IOException {
        SimulationSpec spec = new SimulationSpec(ROWS, COLS, ANGLES, DET, DET, 21, 0, 0, SimulationSpec.paperGeometry(), -38.7, 0.1);
        ScanSimulator sim = new ScanSimulator(spec);
        truth = sim.truth();
        Volumes volumes = new Volumes();
        sim.write(volumes);
        // readers repair hot pixels before volumes reach a stage; do the same here from the truth
        for (float[] v : volumes.data) {
            for (int a = 0; a < ANGLES; a++) for (int[] h : truth.hotPixels()) v[a * DET * DET + h[0] * DET + h[1]] = 0;
        }
        ScanMetadata meta = new ScanMetadata("sim", "memory", ROWS, COLS, DET, DET, spec.anglesDeg(), spec.geometry(), List.of());
        double[] totals = new double[ROWS * COLS];
        for (int i = 0; i < totals.length; i++) for (float f : volumes.data[i]) totals[i] += f;
        mask = ParticleMask.mask(totals, ParticleMask.automaticThreshold(totals));
        ConventionalMapCalculator stage = new ConventionalMapCalculator();
        MapAccumulator acc = stage.start(meta, Parameters.of(StageDescriptor.of("maps", "conventional", stage), Map.of()));
        java.util.stream.IntStream.range(0, ROWS * COLS).parallel().forEach(i ->
                acc.add(new PositionVolume(i / COLS, i % COLS, ANGLES, DET, DET, volumes.data[i]), mask[i]));
        maps = acc.finish();
        volumeData = volumes.data;
        scanMetadata = meta;
    }

    private static double rmsAfterOffset(float[] measured, double[][] planted) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < measured.length; i++) {
            if (!mask[i] || !truth.inMask(i / COLS, i % COLS)) continue;
            sum += measured[i] - planted[i / COLS][i % COLS];
            n++;
        }
        double offset = sum / n, ss = 0;
        for (int i = 0; i < measured.length; i++) {
            if (!mask[i] || !truth.inMask(i / COLS, i % COLS)) continue;
            double d = measured[i] - planted[i / COLS][i % COLS] - offset;
            ss += d * d;
        }
        return Math.sqrt(ss / n);
    }

    private static double correlation(float[] measured, double[][] planted) {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        int n = 0;
        for (int i = 0; i < measured.length; i++) {
            if (!mask[i] || !truth.inMask(i / COLS, i % COLS)) continue;
            double x = measured[i], y = planted[i / COLS][i % COLS];
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
            n++;
        }
        return (sxy - sx * sy / n) / Math.sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
    }

    @Test
    void strainMatchesThePlantedStrain() {
        double rms = rmsAfterOffset(maps.map("strain"), truth.strain());
        System.out.printf("conventional maps: strain RMS error %.2e (bound 2e-4)%n", rms);
        assertTrue(rms <= 2e-4, "strain RMS error " + rms);
    }

    @Test
    void tiltsCorrelateWithThePlantedTilts() {
        double cx = correlation(maps.map("tilt_x"), truth.tiltX()), cy = correlation(maps.map("tilt_y"), truth.tiltY());
        System.out.printf("conventional maps: tilt_x correlation %.3f, tilt_y correlation %.3f (bound 0.9)%n", cx, cy);
        assertTrue(cx >= 0.9, "tilt_x correlation " + cx);
        assertTrue(cy >= 0.9, "tilt_y correlation " + cy);
    }

    @Test
    void positionsOutsideTheMaskHaveIntensityOnly() {
        int outside = -1;
        for (int i = 0; i < mask.length; i++) if (!mask[i]) outside = i;
        assertTrue(outside >= 0);
        assertTrue(maps.map("intensity")[outside] > 0);
        assertTrue(Float.isNaN(maps.map("strain")[outside]));
        assertTrue(Float.isNaN(maps.map("com_angle")[outside]));
    }

    @Test
    void broadenedDomainsAreWider() {
        double broad = 0, ref = 0;
        int nb = 0, nr = 0;
        for (int i = 0; i < mask.length; i++) {
            int label = truth.labels()[i / COLS][i % COLS];
            if (!mask[i] || label < 0) continue;
            var kind = truth.domains().get(label).kind();
            if (kind == org.braggflow.scanio.simulate.DomainKind.BROADENED) {
                broad += maps.map("fwhm_det_col")[i];
                nb++;
            } else if (kind == org.braggflow.scanio.simulate.DomainKind.REFERENCE) {
                ref += maps.map("fwhm_det_col")[i];
                nr++;
            }
        }
        assertTrue(broad / nb > 1.6 * ref / nr, "broadened " + broad / nb + " vs reference " + ref / nr);
    }

    private static double meanOver(String map, org.braggflow.scanio.simulate.DomainKind kind) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < mask.length; i++) {
            int label = truth.labels()[i / COLS][i % COLS];
            if (!mask[i] || label < 0 || truth.domains().get(label).kind() != kind) continue;
            float v = maps.map(map)[i];
            if (Float.isNaN(v)) continue;
            sum += v;
            n++;
        }
        return sum / n;
    }

    /**
     * The simulator's split domain (two equal components) must read a split larger than every other
     * kind's by 1 FWHM. The broadened domain's rocking curve runs off the 13-angle range; left in the
     * search, that cut axis raised its split to about 0.95 (against about 2.1 for the split domain).
     */
    @Test
    void splitDomainsHaveTheLargestSplit() {
        var kinds = org.braggflow.scanio.simulate.DomainKind.values();
        StringBuilder line = new StringBuilder();
        for (var kind : kinds) line.append(String.format(" %s %.3f / %.2f,", kind, meanOver("split", kind), meanOver("peak_count", kind)));
        System.out.println("conventional maps: mean split / peak_count per domain kind:" + line);
        double split = meanOver("split", org.braggflow.scanio.simulate.DomainKind.SPLIT);
        for (var kind : kinds) {
            if (kind == org.braggflow.scanio.simulate.DomainKind.SPLIT) continue;
            assertTrue(split > meanOver("split", kind) + 1.0, "split " + split + " vs " + kind + " " + meanOver("split", kind));
        }
    }

    @Test
    void fwhmOfAGaussianProfile() {
        double[] p = new double[41];
        for (int i = 0; i < p.length; i++) p[i] = Math.exp(-0.5 * Math.pow((i - 20.3) / 3.0, 2));
        assertEquals(2 * Math.sqrt(2 * Math.log(2)) * 3.0, PositionMoments.fwhm(p), 0.05);
    }
}
