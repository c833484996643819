package org.braggflow.read.hxn;

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
}
