package org.braggflow.scanio.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.braggflow.api.scan.Geometry;
import org.braggflow.scanio.ScanManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scan.json written in the beamline's convention (NSLS-II HXN) is converted on read so that
 * ReciprocalSpace gives, pixel by pixel, the q the beamline's own formulas give. Those formulas are
 * written out here from first principles, not taken from ReciprocalSpace: the detector is turned
 * by -diff_delta about x, then by -diff_gamma about y, so its normal is
 * n = (-sin g cos d, sin d, cos g cos d), its columns run along u = (cos g, 0, sin g) and its rows
 * along n x u in the frame the beamline's code sees, which is the stored frame with its rows
 * flipped; coordinate 0 is at index round(N/2)-1 (half to even).
 */
class HxnConventionTest {

    @TempDir
    Path dir;

    private static final double ENERGY = 12.0, DIFF_DELTA = 3.2, DIFF_GAMMA = 44.7, DISTANCE_M = 0.5, PIXEL_UM = 55.0;
    private static final int ROWS = 236, COLS = 211;   // the paper's detector ROI: one even, one odd size

    private Geometry readHxn(String extra) throws IOException {
        Files.writeString(dir.resolve("scan.json"), """
                {"format": "hxn-h5", "detector": "merlin1",
                 "angles": [{"scan_id": 131477, "angle_deg": -0.2}, {"scan_id": 131480, "angle_deg": 0.3}],
                 "geometry": {"energy_kev": %s, "delta_deg": %s, "gamma_deg": %s, "detector_distance_m": %s,
                              "pixel_size_um": %s, "step_size_nm": 100.0, "convention": "hxn"%s}}
                """.formatted(ENERGY, DIFF_DELTA, DIFF_GAMMA, DISTANCE_M, PIXEL_UM, extra));
        return ScanManifest.read(dir).geometry();
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    /** Python's round (half to even), as the beamline's code centres its pixel grid. */
    private static double pythonRound(double x) {
        double f = Math.floor(x);
        double diff = x - f;
        if (diff != 0.5) return Math.round(x);
        return f % 2 == 0 ? f : f + 1;
    }

    /** The beamline's q of the stored pixel (row, col) at rocking angle w (degrees), sample frame. */
    private static double[] beamlineQ(int row, int col, double wDeg, boolean rowsFlipped) {
        double g = Math.toRadians(DIFF_GAMMA), d = Math.toRadians(DIFF_DELTA);
        double[] n = {-Math.sin(g) * Math.cos(d), Math.sin(d), Math.cos(g) * Math.cos(d)};
        double[] u = {Math.cos(g), 0, Math.sin(g)};
        double[] v = cross(n, u);
        int beamlineRow = rowsFlipped ? ROWS - 1 - row : row;           // the loader's np.flip(axis = rows)
        double x = col - (pythonRound(COLS / 2.0) - 1);
        double y = beamlineRow - (pythonRound(ROWS / 2.0) - 1);
        double p = PIXEL_UM * 1e-6;
        double[] pos = new double[3];
        for (int i = 0; i < 3; i++) pos[i] = DISTANCE_M * n[i] + x * p * u[i] + y * p * v[i];
        double len = Math.sqrt(pos[0] * pos[0] + pos[1] * pos[1] + pos[2] * pos[2]);
        double k = 2 * Math.PI / (12.398 / ENERGY);
        double[] lab = {k * pos[0] / len, k * pos[1] / len, k * pos[2] / len - k};
        // the beamline's rocking column is -(y x h) per unit angle: q turns by -w about y, as R_y(-w)
        double w = Math.toRadians(wDeg);
        return new double[] {Math.cos(w) * lab[0] - Math.sin(w) * lab[2], lab[1], Math.sin(w) * lab[0] + Math.cos(w) * lab[2]};
    }

    @Test
    void beamlineAnglesAreConvertedDeltaFromMinusGammaGammaFromDelta() throws IOException {
        Geometry g = readHxn("");
        assertEquals(-DIFF_GAMMA, g.deltaDeg(), 0);
        assertEquals(DIFF_DELTA, g.gammaDeg(), 0);
        assertTrue(g.rowFlip(), "hxn rows are flipped unless the file says otherwise");
        assertEquals(Geometry.Convention.HXN, g.convention());
        // centre as the beamline: index round(N/2)-1 after the row flip; round(105.5) = 106 (half to even)
        assertEquals(236 - 118, g.centerRowFor(ROWS), 0);   // flipped index 117 is stored row 118
        assertEquals(105, g.centerColFor(COLS), 0);
        assertEquals(Geometry.fromBeamline(ENERGY, DIFF_DELTA, DIFF_GAMMA, DISTANCE_M, PIXEL_UM, 100.0), g);
    }

    @Test
    void everyPixelHasTheBeamlinesQAfterConversion() throws IOException {
        for (String rowFlip : new String[] {"", ", \"row_flip\": false"}) {
            Geometry g = readHxn(rowFlip);
            double[] angles = {-0.2, 0.3};
            ReciprocalSpace rs = new ReciprocalSpace(g, ROWS, COLS, angles);
            double[] q = new double[3];
            int checked = 0;
            for (int a = 0; a < angles.length; a++) {
                for (int r = 0; r < ROWS; r += 47) {
                    for (int c = 0; c < COLS; c += 35) {
                        rs.q(a, r, c, q);
                        double[] expected = beamlineQ(r, c, angles[a], g.rowFlip());
                        for (int i = 0; i < 3; i++) {
                            assertEquals(expected[i], q[i], 1e-12, "pixel (" + r + ", " + c + ") angle " + a + " component " + i
                                    + (rowFlip.isEmpty() ? "" : " without row flip"));
                        }
                        checked++;
                    }
                }
            }
            assertEquals(2 * 6 * 7, checked);
        }
        // the corners too: the last row and column
        Geometry g = readHxn("");
        ReciprocalSpace rs = new ReciprocalSpace(g, ROWS, COLS, new double[] {0.0});
        double[] q = new double[3];
        rs.q(0, ROWS - 1, COLS - 1, q);
        double[] expected = beamlineQ(ROWS - 1, COLS - 1, 0, true);
        for (int i = 0; i < 3; i++) assertEquals(expected[i], q[i], 1e-12);
    }

    @Test
    void withoutConversionTheBeamlinesAnglesWouldPutThePeakElsewhere() throws IOException {
        // the same numbers read as Braggflow's convention: delta 3.2 in-plane, gamma 44.7 up - another place in q
        Geometry wrong = Geometry.of(ENERGY, DIFF_DELTA, DIFF_GAMMA, DISTANCE_M, PIXEL_UM, 100.0);
        ReciprocalSpace rs = new ReciprocalSpace(wrong, ROWS, COLS, new double[] {0.0});
        double[] q = new double[3];
        rs.q(0, 118, 105, q);
        double[] expected = beamlineQ(118, 105, 0, true);
        double miss = Math.sqrt(Math.pow(q[0] - expected[0], 2) + Math.pow(q[1] - expected[1], 2) + Math.pow(q[2] - expected[2], 2));
        assertTrue(miss > 1.0, "unconverted angles miss the beamline's q by " + miss + " 1/A");
    }

    @Test
    void aBeamlineInPlaneDetectorAtTwoThetaGivesBraggsLaw() throws IOException {
        // cubic a = 4 A, (111) at 12 keV: 2 theta = 25.85138 deg; at HXN the in-plane angle is diff_gamma
        double twoTheta = 2 * Math.asin((12.398 / ENERGY) / (2 * 4.0 / Math.sqrt(3)));
        Geometry g = Geometry.fromBeamline(ENERGY, 0, Math.toDegrees(twoTheta), DISTANCE_M, PIXEL_UM, 100.0);
        assertEquals(-25.85138, g.deltaDeg(), 1e-5);
        ReciprocalSpace rs = new ReciprocalSpace(g, ROWS, COLS, new double[] {0.0});
        double[] q = new double[3];
        rs.q(0, (int) g.centerRowFor(ROWS), (int) g.centerColFor(COLS), q);
        assertEquals(2.720699, Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2]), 1e-6);
        // +diff_gamma turns the detector towards -x in the lab frame of the beamline's code
        assertTrue(q[0] < 0 && Math.abs(q[1]) < 1e-12, "q = " + q[0] + ", " + q[1] + ", " + q[2]);
    }
}
