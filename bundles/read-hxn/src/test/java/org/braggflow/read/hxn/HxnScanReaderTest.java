package org.braggflow.read.hxn;

import org.braggflow.read.support.LiveAlignedScan;
import org.braggflow.api.scan.LiveScan;
import java.util.Arrays;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.scanio.ScanFormatException;
import org.braggflow.read.support.AlignedScan;
import org.braggflow.scanio.simulate.SimulatedScan;
import org.braggflow.scanio.simulate.SimulationSpec;
import org.braggflow.scanio.simulate.SimulationTruth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HxnScanReaderTest {

    @TempDir
    Path dir;

    private final HxnScanReader reader = new HxnScanReader();

    private Parameters params(Map<String, Object> values) {
        return Parameters.of(StageDescriptor.of("reader", "hxn", reader), values);
    }

    @Test
    void aSimulatedExportIsReadNormalisedAndAligned() throws IOException {
        Path folder = dir.resolve("scan_hxn");
        SimulationTruth truth = SimulatedScan.write(SimulationSpec.of(12, 14, 5, 16, 16, 8, 1.5), SimulatedScan.Format.HXN, folder);
        assertTrue(reader.accepts(folder));
        try (ScanSource scan = reader.open(folder, params(Map.of()))) {
            assertEquals("scan_hxn", scan.metadata().scanId());
            assertEquals(5, scan.metadata().inputFiles().size());
            assertEquals(true, scan.details().get("monitor_normalised"));
            double[][] shifts = ((AlignedScan) scan).shifts();
            for (int a = 0; a < 5; a++) {
                assertEquals(truth.driftPositions()[a][0], shifts[a][0], 0.15, "row drift at angle " + a);
                assertEquals(truth.driftPositions()[a][1], shifts[a][1], 0.15, "column drift at angle " + a);
            }
        }
        try (ScanSource scan = reader.open(folder, params(Map.of("alignment", "none", "removeHotPixels", false)))) {
            PositionVolume v = scan.volume(3, 4);
            try (HdfFile h5 = new HdfFile(folder.resolve("scan_131480_merlin1.h5"))) {
                float[][][][] raw = (float[][][][]) h5.getDatasetByPath("/diff_data/merlin1/raw_data").getData();
                float[][] io = (float[][]) h5.getDatasetByPath("/diff_data/merlin1/Io").getData();
                for (int i = 0; i < 16; i++) {
                    for (int j = 0; j < 16; j++) assertEquals(raw[3][4][i][j] / io[3][4], v.at(1, i, j), 1e-3f);
                }
            }
        }
    }

    @Test
    void missingAngleFilesAndLinksLeavingTheFolderAreRejected() throws IOException {
        Path folder = dir.resolve("broken");
        SimulatedScan.write(SimulationSpec.of(6, 6, 3, 8, 8, 1, 0), SimulatedScan.Format.HXN, folder);
        Path second = folder.resolve("scan_131480_merlin1.h5");
        Path outside = Files.move(second, dir.resolve("elsewhere.h5"));
        String missing = assertThrows(ScanFormatException.class, () -> reader.open(folder, params(Map.of()))).getMessage();
        assertTrue(missing.contains("scan.json") && missing.contains("scan_131480_merlin1.h5") && missing.contains("does not exist"), missing);
        Files.createSymbolicLink(second, outside);
        String link = assertThrows(ScanFormatException.class, () -> reader.open(folder, params(Map.of()))).getMessage();
        assertTrue(link.contains("link leading outside"), link);
    }

    @Test
    void invalidManifestsAreRejectedWithTheField() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("manifest"));
        Files.writeString(folder.resolve("scan.json"), "{\"format\": \"hxn-h5\", \"detector\": \"merlin1\", \"angles\": [{\"scan_id\": 1, \"angle_deg\": 0.5}],"
                + " \"geometry\": {\"energy_kev\": 12, \"delta_deg\": 18.1, \"gamma_deg\": 28.5, \"detector_distance_m\": 0.5, \"pixel_size_um\": 55}}");
        assertTrue(assertThrows(ScanFormatException.class, () -> reader.open(folder, params(Map.of())))
                .getMessage().contains("geometry.step_size_nm is missing"));
        Files.writeString(folder.resolve("scan.json"), "{\"format\": \"hxn-h5\", \"detector\": ");
        assertTrue(assertThrows(ScanFormatException.class, () -> reader.open(folder, params(Map.of())))
                .getMessage().contains("is not valid JSON"));
        Files.writeString(folder.resolve("scan.json"), "{\"format\": \"hxn-h5\", \"detector\": \"../../etc\", \"angles\": []}");
        assertTrue(assertThrows(ScanFormatException.class, () -> reader.open(folder, params(Map.of())))
                .getMessage().contains("detector name"));
        assertFalse(reader.accepts(dir.resolve("nothing-here")));
    }

    // the live read, angle by angle, against the offline read of the same folder: the same drift per angle (both
    // register against the first angle), so the same frame at every position and angle

    @Test
    void angleByAngleTheLiveReadGivesTheOfflineDriftAndFrames() throws IOException {
        Path folder = dir.resolve("scan_live");
        int angles = 5, det = 16;
        SimulationTruth truth = SimulatedScan.write(SimulationSpec.of(12, 14, angles, det, det, 8, 1.5), SimulatedScan.Format.HXN, folder);
        // the hot pixels are found on the first angle alone live and on samples of all angles offline: compare without them
        Map<String, Object> p = Map.of("removeHotPixels", false);
        try (ScanSource offline = reader.open(folder, params(p)); LiveScan live = reader.openLive(folder, params(p))) {
            assertEquals(angles, live.plannedAngles());
            assertEquals(offline.metadata().positionCount(), live.metadata().positionCount());
            int pixels = det * det;
            for (int a = 0; a < angles; a++) {
                int angle = a;
                int[] visited = {0};
                live.readAngle(a, (row, col, frame) -> {
                    visited[0]++;
                    try {
                        float[] expected = Arrays.copyOfRange(offline.volume(row, col).intensity(), angle * pixels, (angle + 1) * pixels);
                        assertArrayEquals(expected, frame, 1e-4f, "frame of position " + row + "," + col + " at angle " + angle);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertEquals(12 * 14, visited[0]);
            }
            double[][] liveShifts = ((LiveAlignedScan) live).shifts(), offlineShifts = ((AlignedScan) offline).shifts();
            for (int a = 0; a < angles; a++) {
                assertArrayEquals(offlineShifts[a], liveShifts[a], 1e-9, "drift at angle " + a);
                assertEquals(truth.driftPositions()[a][0], liveShifts[a][0], 0.15, "row drift at angle " + a);
            }
            int inBoth = 0, inEither = 0;
            for (int r = 0; r < 12; r++) {
                for (int c = 0; c < 14; c++) {
                    if (live.inMask(r, c) && offline.inMask(r, c)) inBoth++;
                    if (live.inMask(r, c) || offline.inMask(r, c)) inEither++;
                }
            }
            assertTrue(inBoth >= 0.95 * inEither, "live and offline masks agree on " + inBoth + " of " + inEither + " positions");
        }
    }

    @Test
    void aFolderWhoseLaterAnglesAreMissingIsReadUpToTheLastAnglePresent() throws IOException {
        Path folder = dir.resolve("scan_half");
        SimulatedScan.write(SimulationSpec.of(8, 9, 4, 16, 16, 3, 0.5), SimulatedScan.Format.HXN, folder);
        Path third = folder.resolve("scan_131483_merlin1.h5"), fourth = folder.resolve("scan_131486_merlin1.h5");
        Files.delete(third);
        Files.delete(fourth);
        try (LiveScan live = reader.openLive(folder, params(Map.of()))) {
            assertEquals(third, live.angleFiles(2).get(0));
            live.readAngle(0, (r, c, f) -> { });
            live.readAngle(1, (r, c, f) -> { });
            IOException missing = assertThrows(IOException.class, () -> live.readAngle(2, (r, c, f) -> { }));
            assertTrue(missing.getMessage().contains("scan_131483_merlin1.h5"), missing.getMessage());
            assertThrows(IllegalStateException.class, () -> live.readAngle(3, (r, c, f) -> { }), "angles are read in order");
        }
    }
}
