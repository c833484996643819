package org.braggflow.read.hdf5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

class Hdf5ScanReaderTest {

    @TempDir
    Path dir;

    private final Hdf5ScanReader reader = new Hdf5ScanReader();

    private Parameters params(Map<String, Object> values) {
        return Parameters.of(StageDescriptor.of("reader", "hdf5", reader), values);
    }

    @Test
    void driftIsRecoveredFromXrfAndTheMaskAndHotPixelsFromTheFrames() throws IOException {
        Path file = dir.resolve("drifting.h5");
        SimulationTruth truth = SimulatedScan.write(SimulationSpec.of(20, 24, 7, 32, 32, 4, 2.0), SimulatedScan.Format.H5, file);
        assertTrue(reader.accepts(file));
        try (ScanSource scan = reader.open(file, params(Map.of()))) {
            assertEquals(20, scan.metadata().scanRows());
            assertEquals(24, scan.metadata().scanCols());
            assertEquals(7, scan.metadata().nAngles());
            assertEquals("xrf", scan.details().get("drift_source"));
            double[][] shifts = ((AlignedScan) scan).shifts();
            for (int a = 0; a < 7; a++) {
                // tolerance 0.1 position: registration of a 20 x 24 map with 1% XRF noise and bilinear resampling
                assertEquals(truth.driftPositions()[a][0], shifts[a][0], 0.1, "row drift at angle " + a);
                assertEquals(truth.driftPositions()[a][1], shifts[a][1], 0.1, "column drift at angle " + a);
            }
            int agree = 0;
            for (int r = 0; r < 20; r++) for (int c = 0; c < 24; c++) if (scan.inMask(r, c) == truth.inMask(r, c)) agree++;
            assertTrue(agree >= 0.93 * 20 * 24, "mask agrees with the planted particle at " + agree + " of 480 positions");
            @SuppressWarnings("unchecked")
            List<List<Integer>> hot = (List<List<Integer>>) scan.details().get("hot_pixels");
            Set<List<Integer>> planted = new HashSet<>();
            for (int[] h : truth.hotPixels()) planted.add(List.of(h[0], h[1]));
            assertEquals(planted, new HashSet<>(hot));
        }
    }

    @Test
    void withoutDriftAVolumeIsTheFramesDividedByTheMonitor() throws IOException {
        Path file = dir.resolve("steady.h5");
        SimulatedScan.write(SimulationSpec.of(8, 9, 4, 16, 16, 2, 0), SimulatedScan.Format.H5, file);
        PositionVolume v;
        try (ScanSource scan = reader.open(file, params(Map.of("alignment", "none", "removeHotPixels", false)))) {
            v = scan.volume(5, 6);
        }
        assertEquals(5, v.row());
        assertEquals(6, v.col());
        // read the same frames with the HDF5 library directly
        try (HdfFile h5 = new HdfFile(file)) {
            Dataset frames = h5.getDatasetByPath("/entry/data/frames");
            float[][][][][] raw = (float[][][][][]) frames.getData();
            float[][][] monitor = (float[][][]) h5.getDatasetByPath("/entry/data/monitor").getData();
            for (int a = 0; a < 4; a++) {
                for (int i = 0; i < 16; i++) {
                    for (int j = 0; j < 16; j++) {
                        assertEquals(raw[a][5][6][i][j] / monitor[a][5][6], v.at(a, i, j), 1e-4f * Math.max(1, raw[a][5][6][i][j]));
                    }
                }
            }
        }
    }

    @Test
    void aScanOfAFewPositionsIsReadWhole() throws IOException {
        Path file = dir.resolve("tiny.h5");
        SimulatedScan.write(SimulationSpec.of(4, 5, 3, 8, 8, 3, 1.0), SimulatedScan.Format.H5, file);
        int[] seen = {0};
        try (ScanSource scan = reader.open(file, params(Map.of()))) {
            scan.forEachPosition(0, 20, v -> {
                assertEquals(3 * 8 * 8, v.size());
                seen[0]++;
            });
        }
        assertEquals(20, seen[0]);
    }

    @Test
    void bytesThatAreNotHdf5AreRejectedNamingTheFile() throws IOException {
        Path fake = dir.resolve("fake.h5");
        Files.writeString(fake, "this is not HDF5\n".repeat(100));
        assertFalse(reader.accepts(fake));
        ScanFormatException e = assertThrows(ScanFormatException.class, () -> reader.open(fake, params(Map.of())));
        assertTrue(e.getMessage().startsWith(fake.toString()), e.getMessage());
        Path empty = Files.createFile(dir.resolve("empty.h5"));
        assertThrows(ScanFormatException.class, () -> reader.open(empty, params(Map.of())));
    }

    @Test
    void aTruncatedFileIsRejectedAtOpen() throws IOException {
        Path file = dir.resolve("whole.h5");
        SimulatedScan.write(SimulationSpec.of(6, 6, 3, 16, 16, 2, 0), SimulatedScan.Format.H5, file);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.h5");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ScanFormatException e = assertThrows(ScanFormatException.class, () -> reader.open(cut, params(Map.of())));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    }

    @Test
    void wrongRankAndMissingGeometryAreNamed() throws IOException {
        Path rank = dir.resolve("rank.h5");
        try (WritableHdfFile h5 = HdfFile.write(rank)) {
            var data = h5.putGroup("entry").putGroup("data");
            data.putDataset("frames", new float[2][3][4][5]);
            data.putDataset("angles_deg", new double[] {1, 2});
        }
        assertTrue(assertThrows(ScanFormatException.class, () -> reader.open(rank, params(Map.of())))
                .getMessage().contains("rank 4, expected 5"));
        Path noGeometry = dir.resolve("nogeometry.h5");
        try (WritableHdfFile h5 = HdfFile.write(noGeometry)) {
            var entry = h5.putGroup("entry");
            var data = entry.putGroup("data");
            data.putDataset("frames", new float[2][2][2][3][3]);
            data.putDataset("angles_deg", new double[] {1, 2});
            var instrument = entry.putGroup("instrument");
            instrument.putDataset("name", "test");
            instrument.putAttribute("energy_kev", 12.0);
            instrument.putAttribute("delta_deg", Double.NaN);
        }
        String message = assertThrows(ScanFormatException.class, () -> reader.open(noGeometry, params(Map.of()))).getMessage();
        assertTrue(message.contains("delta_deg") || message.contains("gamma_deg"), message);
        Path angles = dir.resolve("angles.h5");
        try (WritableHdfFile h5 = HdfFile.write(angles)) {
            var data = h5.putGroup("entry").putGroup("data");
            data.putDataset("frames", new float[3][2][2][3][3]);
            data.putDataset("angles_deg", new double[] {1, 2});
        }
        assertTrue(assertThrows(ScanFormatException.class, () -> reader.open(angles, params(Map.of())))
                .getMessage().contains("lists 2 angles"));
    }
}
