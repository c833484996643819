package org.braggflow.scanio.write;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.braggflow.scanio.simulate.SimulationSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the detector files cannot be written (no interpreter, or one that stops), the error names the
 * file and what to install, and the folder holds no scan.json nor half-written file: a watched folder
 * never takes the scan. Writing itself is checked by read-hxn's AreaDetectorFilesTest, which reads
 * what h5py wrote.
 */
class AreaDetectorScanWriterTest {

    @TempDir
    Path dir;

    private final ScanTarget target = new ScanTarget("s", 2, 3, 4, 4, new double[] {-38.8, -38.7}, SimulationSpec.paperGeometry(),
            "merlin1", 100);

    @Test
    void aMissingInterpreterIsNamedWithWhatToInstall() throws IOException {
        Path folder = dir.resolve("scan");
        IOException e;
        try (AreaDetectorScanWriter w = new AreaDetectorScanWriter(folder, target, AreaDetectorScanWriter.Compression.DEFLATE,
                dir.resolve("no-python3").toString())) {
            e = assertThrows(IOException.class, () -> w.frame(0, 0, 0, new float[16]));
        }
        assertTrue(e.getMessage().contains(folder.resolve("merlin1_100_000000.h5").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/install-h5py.sh"), e.getMessage());
        assertNothingLeft(folder);
    }

    @Test
    void aWriterThatStopsFailsTheAngleAndLeavesNoScan() throws IOException {
        Path folder = dir.resolve("scan");
        IOException e;
        try (AreaDetectorScanWriter w = new AreaDetectorScanWriter(folder, target, AreaDetectorScanWriter.Compression.DEFLATE, "/bin/false")) {
            e = assertThrows(IOException.class, () -> {
                for (int r = 0; r < 2; r++) for (int c = 0; c < 3; c++) w.frame(0, r, c, new float[16]);
                w.endAngle(0, null, null);
            });
        }
        assertTrue(e.getMessage().contains(".merlin1_100_000000.h5.part"), e.getMessage());
        assertNothingLeft(folder);
    }

    private static void assertNothingLeft(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            assertFalse(files.findAny().isPresent(), "files left in " + folder);
        }
    }
}
