package org.braggflow.maps.conventional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.stage.LiveMapAccumulator;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live maps (frames added one angle at a time) against the offline maps of the same volumes
 * ({@link ConventionalMapsTest}'s planted-domain scan) and against the planted truth. Once every angle
 * is in, intensity and rocking peak must equal the offline values; centres of mass, strain and tilt
 * may differ only by the voxels of early frames kept between the cut at their arrival and the final
 * cut (well below the planted contrasts); partial maps after a few angles are defined but partial.
 */
class LiveConventionalMapsTest {

    static final int ROWS = ConventionalMapsTest.ROWS, COLS = ConventionalMapsTest.COLS, ANGLES = ConventionalMapsTest.ANGLES;
    static final int PIXELS = ConventionalMapsTest.DET * ConventionalMapsTest.DET;
    static ScanMaps live;
    static ScanMaps afterFour;

    @BeforeAll
    static void analyse() throws IOException {
        ConventionalMapsTest.analyse();
        ConventionalMapCalculator stage = new ConventionalMapCalculator();
        LiveMapAccumulator acc = stage.startLive(ConventionalMapsTest.scanMetadata,
                Parameters.of(StageDescriptor.of("maps", "conventional", stage), Map.of()));
        for (int a = 0; a < ANGLES; a++) {
            for (int i = 0; i < ROWS * COLS; i++) {
                acc.addFrame(a, i / COLS, i % COLS, Arrays.copyOfRange(ConventionalMapsTest.volumeData[i], a * PIXELS, (a + 1) * PIXELS));
            }
            if (a == 3) afterFour = acc.snapshot(ConventionalMapsTest.mask);
        }
        live = acc.snapshot(ConventionalMapsTest.mask);
    }

    /** {median, largest} absolute difference of a live map from the offline one over the positions where it is defined. */
    private static double[] difference(String name) {
        float[] l = live.map(name), o = ConventionalMapsTest.maps.map(name);
        double[] d = new double[l.length];
        int n = 0;
        for (int i = 0; i < l.length; i++) {
            assertEquals(Float.isNaN(o[i]), Float.isNaN(l[i]), name + " defined at " + i + " offline but not live, or the reverse");
            if (!Float.isNaN(o[i])) d[n++] = Math.abs(l[i] - o[i]);
        }
        d = Arrays.copyOf(d, n);
        Arrays.sort(d);
        return new double[] {d[n / 2], d[n - 1]};
    }

    private static double maxDifference(String name) {
        return difference(name)[1];
    }

    @Test
    void afterTheLastAngleIntensityAndRockingPeakEqualTheOfflineMaps() {
        float[] l = live.map("intensity"), o = ConventionalMapsTest.maps.map("intensity");
        for (int i = 0; i < l.length; i++) assertEquals(o[i], l[i], 1e-5 * Math.abs(o[i]), "intensity at " + i);
        assertEquals(0, maxDifference("peak_angle_deg"), 1e-6);
    }

    @Test
    void afterTheLastAngleCentresOfMassStrainAndTiltAgreeWithTheOfflineMaps() {
        StringBuilder line = new StringBuilder("live vs offline, median / worst position:");
        // index units: a tenth of an angle step or pixel at the worst position, a hundredth at the median
        for (String name : new String[] {"com_angle", "com_det_row", "com_det_col"}) {
            double[] d = difference(name);
            line.append(String.format(" %s %.4f / %.4f", name, d[0], d[1]));
            assertTrue(d[0] < 0.01 && d[1] < 0.1, name + " differs by " + d[0] + " (median), " + d[1] + " (worst)");
        }
        // strain and tilt: 1e-4 at the worst position (the offline map's own error bound against the truth is 2e-4), 5e-6 at the median
        for (String name : new String[] {"strain", "tilt_x", "tilt_y"}) {
            double[] d = difference(name);
            line.append(String.format(" %s %.1e / %.1e", name, d[0], d[1]));
            assertTrue(d[0] < 5e-6 && d[1] < 1e-4, name + " differs by " + d[0] + " (median), " + d[1] + " (worst)");
        }
        System.out.println(line);
    }

    @Test
    void liveStrainMeetsTheOfflineBoundAgainstTheTruth() {
        ScanMaps offline = ConventionalMapsTest.maps;
        try {
            ConventionalMapsTest.maps = live;
            new ConventionalMapsTest().strainMatchesThePlantedStrain();
            new ConventionalMapsTest().tiltsCorrelateWithThePlantedTilts();
        } finally {
            ConventionalMapsTest.maps = offline;
        }
    }

    @Test
    void partialMapsAfterFourAnglesAreDefinedButDifferAndShapeCountsWaitForTheFinalRun() {
        float[] partial = afterFour.map("intensity"), full = live.map("intensity");
        int inside = 0;
        for (int i = 0; i < partial.length; i++) {
            assertTrue(partial[i] <= full[i] + 1e-3f * Math.abs(full[i]), "partial intensity exceeds the full one at " + i);
            if (ConventionalMapsTest.mask[i]) {
                inside++;
                assertTrue(Float.isNaN(afterFour.map("split")[i]) && Float.isNaN(afterFour.map("peak_count")[i]));
            }
        }
        assertTrue(inside > 0);
        long defined = 0;
        for (float v : afterFour.map("com_angle")) if (!Float.isNaN(v)) defined++;
        assertTrue(defined > 0, "no centre of mass after four angles");
        assertTrue(maxDifferenceOf(afterFour, live, "com_angle") > 0.5, "four of " + ANGLES + " angles should not give the full centre of mass");
    }

    private static double maxDifferenceOf(ScanMaps a, ScanMaps b, String name) {
        double worst = 0;
        float[] x = a.map(name), y = b.map(name);
        for (int i = 0; i < x.length; i++) if (!Float.isNaN(x[i]) && !Float.isNaN(y[i])) worst = Math.max(worst, Math.abs(x[i] - y[i]));
        return worst;
    }
}
