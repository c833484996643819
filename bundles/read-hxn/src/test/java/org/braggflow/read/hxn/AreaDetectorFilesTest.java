package org.braggflow.read.hxn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.braggflow.api.scan.Geometry;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.read.support.AlignedScan;
import org.braggflow.scanio.ScanFormatException;
import org.braggflow.scanio.ScanLayout;
import org.braggflow.scanio.ScanManifest;
import org.braggflow.scanio.simulate.SimulatedScan;
import org.braggflow.scanio.simulate.SimulationSpec;
import org.braggflow.scanio.write.AreaDetectorScanWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The beamline's own areaDetector files (format B2): the frames of a simulated export rewritten as a
 * detector writes them (acquisition order, [points, rows, cols], the particle's region inside a larger
 * chip whose other pixels hold junk) must read as the export itself, position by position, with the
 * same drift; geometry in the beamline's convention is converted; bad files are named.
 */
class AreaDetectorFilesTest {

    private static final int ROWS = 12, COLS = 14, ANGLES = 5, DET = 16, CHIP_ROWS = 20, CHIP_COLS = 24, ROI_ROW = 3, ROI_COL = 5;

    @TempDir
    Path dir;

    private final HxnScanReader reader = new HxnScanReader();

    private Parameters params(Map<String, Object> values) {
        return Parameters.of(StageDescriptor.of("reader", "hxn", reader), values);
    }

    /** The export's frames written as areaDetector files, with their scan.json; returns the folder. */
    private Path rewrite(Path export, Geometry geometry, int[] scanShape) throws IOException {
        ScanManifest b = ScanManifest.read(export);
        Path folder = Files.createDirectories(dir.resolve("scan_ad"));
        List<String> names = new ArrayList<>();
        for (int a = 0; a < ANGLES; a++) {
            long sid = b.angles().get(a).scanId();
            float[][][][] raw;
            try (HdfFile h5 = new HdfFile(export.resolve(ScanLayout.hxnFile(sid, b.detector())))) {
                raw = (float[][][][]) h5.getDatasetByPath(ScanLayout.hxnFrames(b.detector())).getData();
            }
            float[][][] points = new float[ROWS * COLS][CHIP_ROWS][CHIP_COLS];
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLS; c++) {
                    float[][] chip = points[r * COLS + c];
                    for (float[] line : chip) java.util.Arrays.fill(line, 7777f);
                    for (int i = 0; i < DET; i++) System.arraycopy(raw[r][c][i], 0, chip[ROI_ROW + i], ROI_COL, DET);
                }
            }
            String name = "merlin1_" + sid + "_000000.h5";
            names.add(name);
            try (WritableHdfFile out = HdfFile.write(folder.resolve(name))) {
                out.putGroup("entry").putGroup("instrument").putGroup("detector").putDataset("data", points);
            }
            Path xrf = export.resolve(ScanLayout.xrfFile(sid));
            if (Files.exists(xrf)) Files.copy(xrf, folder.resolve(xrf.getFileName()));
        }
        new ScanManifest(ScanLayout.FORMAT_HXN_AD, "merlin1", b.angles(), geometry, scanShape, names,
                new int[] {ROI_ROW, ROI_COL, DET, DET}).write(folder);
        return folder;
    }

    @Test
    void areaDetectorFilesReadAsTheExportTheyCameFrom() throws IOException {
        Path export = dir.resolve("scan_export");
        SimulatedScan.write(SimulationSpec.of(ROWS, COLS, ANGLES, DET, DET, 8, 1.5), SimulatedScan.Format.HXN, export);
        Path folder = rewrite(export, ScanManifest.read(export).geometry(), new int[] {ROWS, COLS});
        assertTrue(reader.accepts(folder));
        // the detector's files carry no monitor: compare with the export read without its monitor
        Map<String, Object> p = Map.of("normaliseMonitor", false);
        try (ScanSource b = reader.open(export, params(p)); ScanSource b2 = reader.open(folder, params(p))) {
            assertEquals(ScanLayout.FORMAT_HXN_AD, b2.metadata().format());
            assertEquals(DET, b2.metadata().detRows());
            assertEquals(DET, b2.metadata().detCols());
            assertEquals(b.metadata().geometry(), b2.metadata().geometry());
            double[][] s1 = ((AlignedScan) b).shifts(), s2 = ((AlignedScan) b2).shifts();
            for (int a = 0; a < ANGLES; a++) assertArrayEquals(s1[a], s2[a], 1e-12, "drift at angle " + a);
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLS; c++) {
                    assertEquals(b.inMask(r, c), b2.inMask(r, c));
                    assertArrayEquals(b.volume(r, c).intensity(), b2.volume(r, c).intensity(), "position " + r + "," + c);
                }
            }
        }
    }

    /**
     * The simulator's own detector files (uint16, deflate after shuffle, or LZ4, one frame per
     * chunk, written by h5py: a writer independent of the reader) read as the export of the same
     * scan, volume for volume: the counts are integers, so nothing is lost to the uint16 store.
     */
    @Test
    void compressedDetectorFilesWrittenByH5pyReadAsTheExport() throws Exception {
        installH5py();
        SimulationSpec spec = SimulationSpec.of(ROWS, COLS, ANGLES, DET, DET, 8, 1.5).withMonitorNoise(0);
        Path export = dir.resolve("scan_export");
        SimulatedScan.write(spec, SimulatedScan.Format.HXN, export);
        Map<String, Object> p = Map.of("normaliseMonitor", false);
        for (AreaDetectorScanWriter.Compression packing : AreaDetectorScanWriter.Compression.values()) {
            Path folder = dir.resolve("scan_" + packing.cliName());
            SimulatedScan.write(spec, SimulatedScan.Format.AREADETECTOR, folder, -1, packing);
            ScanManifest m = ScanManifest.read(folder);
            assertEquals(ANGLES, m.files().size());
            try (HdfFile h5 = new HdfFile(folder.resolve(m.files().get(0)))) {
                io.jhdf.api.Dataset data = h5.getDatasetByPath("/entry/instrument/detector/data");
                assertArrayEquals(new int[] {ROWS * COLS, DET, DET}, data.getDimensions());
                io.jhdf.object.datatype.FixedPoint type = (io.jhdf.object.datatype.FixedPoint) data.getDataType();
                assertTrue(type.getSize() == 2 && !type.isSigned(), "uint16 counts");
                List<String> filters = data.getFilters().stream().map(f -> f.getName()).toList();
                assertEquals(switch (packing) {
                    case DEFLATE -> List.of("shuffle", "deflate");
                    case LZ4 -> List.of("lz4");
                    case NONE -> List.of();
                }, filters, packing.cliName());
            }
            try (ScanSource b = reader.open(export, params(p)); ScanSource b2 = reader.open(folder, params(p))) {
                assertEquals(ScanLayout.FORMAT_HXN_AD, b2.metadata().format());
                for (int r = 0; r < ROWS; r++) {
                    for (int c = 0; c < COLS; c++) {
                        assertArrayEquals(b.volume(r, c).intensity(), b2.volume(r, c).intensity(),
                                packing.cliName() + ", position " + r + "," + c);
                    }
                }
            }
        }
    }

    /** Debian's h5py and hdf5plugin, installed by the project's script when missing. */
    private static void installH5py() throws Exception {
        Path script = Path.of("../../scripts/install-h5py.sh").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), script + ": " + out);
    }

    @Test
    void geometryInTheBeamlinesConventionIsConverted() throws IOException {
        Path export = dir.resolve("scan_export");
        SimulatedScan.write(SimulationSpec.of(ROWS, COLS, ANGLES, DET, DET, 1, 0), SimulatedScan.Format.HXN, export);
        Path folder = rewrite(export, ScanManifest.read(export).geometry(), new int[] {ROWS, COLS});
        // what the beamline's records say: diff_delta 28.5 (out of plane) and diff_gamma -18.1 (in plane, negated)
        String manifest = Files.readString(folder.resolve("scan.json")).replaceAll("\"geometry\"\\s*:\\s*\\{[^}]*\\}",
                "\"geometry\": {\"convention\": \"hxn\", \"energy_kev\": 12.0, \"delta_deg\": 28.5, \"gamma_deg\": -18.1, "
                        + "\"detector_distance_m\": 0.5, \"pixel_size_um\": 55.0, \"step_size_nm\": 100.0}");
        Files.writeString(folder.resolve("scan.json"), manifest);
        try (ScanSource scan = reader.open(folder, params(Map.of()))) {
            Geometry g = scan.metadata().geometry();
            assertEquals(Geometry.Convention.HXN, g.convention());
            assertEquals(18.1, g.deltaDeg(), 1e-12, "our in-plane delta is the beamline's -gamma");
            assertEquals(28.5, g.gammaDeg(), 1e-12, "our out-of-plane gamma is the beamline's delta");
            assertTrue(g.rowFlip(), "raw Merlin rows run against our row direction");
        }
    }

    @Test
    void aFrameCountOrRegionThatDoesNotFitIsNamed() throws IOException {
        Path export = dir.resolve("scan_export");
        SimulatedScan.write(SimulationSpec.of(ROWS, COLS, ANGLES, DET, DET, 1, 0), SimulatedScan.Format.HXN, export);
        Path folder = rewrite(export, ScanManifest.read(export).geometry(), new int[] {ROWS, COLS + 1});
        String count = assertThrows(ScanFormatException.class, () -> reader.open(folder, params(Map.of()))).getMessage();
        assertTrue(count.contains("merlin1_") && count.contains("holds " + ROWS * COLS + " frames") && count.contains(ROWS * (COLS + 1) + ""), count);
        Path manifest = folder.resolve("scan.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"scan_shape\" : [ " + ROWS + ", " + (COLS + 1) + " ]",
                "\"scan_shape\" : [ " + ROWS + ", " + COLS + " ]").replaceAll("\"roi\"\\s*:\\s*\\[[^]]*\\]", "\"roi\": [10, 10, 16, 16]"));
        String roi = assertThrows(ScanFormatException.class, () -> reader.open(folder, params(Map.of()))).getMessage();
        assertTrue(roi.contains("scan.json") && roi.contains("reaches beyond the 20 x 24 detector frames"), roi);
    }
}
