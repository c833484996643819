package org.braggflow.read.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
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

class TiffScanReaderTest {

    @TempDir
    Path dir;

    private final TiffScanReader reader = new TiffScanReader();

    private Parameters params(Map<String, Object> values) {
        return Parameters.of(StageDescriptor.of("reader", "tiff", reader), values);
    }

    @Test
    void aSimulatedStackIsReadPageByPageAndAligned() throws IOException {
        Path folder = dir.resolve("stack");
        SimulationTruth truth = SimulatedScan.write(SimulationSpec.of(12, 14, 5, 16, 16, 8, 1.5), SimulatedScan.Format.TIFF, folder);
        assertTrue(reader.accepts(folder));
        try (ScanSource scan = reader.open(folder, params(Map.of()))) {
            double[][] shifts = ((AlignedScan) scan).shifts();
            for (int a = 0; a < 5; a++) {
                assertEquals(truth.driftPositions()[a][0], shifts[a][0], 0.15, "row drift at angle " + a);
                assertEquals(truth.driftPositions()[a][1], shifts[a][1], 0.15, "column drift at angle " + a);
            }
        }
        try (ScanSource scan = reader.open(folder, params(Map.of("alignment", "none", "removeHotPixels", false)));
             ImageInputStream in = ImageIO.createImageInputStream(folder.resolve("131483_diff_merlin1.tiff").toFile())) {
            PositionVolume v = scan.volume(3, 4);
            ImageReader tiff = ImageIO.getImageReaders(in).next();
            tiff.setInput(in);
            java.awt.image.Raster page = tiff.read(3 * 14 + 4).getRaster();
            for (int i = 0; i < 16; i++) {
                for (int j = 0; j < 16; j++) assertEquals(page.getSample(j, i, 0), v.at(2, i, j), 0f);
            }
        }
    }

    @Test
    void aPageCountThatDoesNotMatchTheScanShapeIsRejected() throws IOException {
        Path folder = dir.resolve("short");
        SimulatedScan.write(SimulationSpec.of(6, 6, 3, 8, 8, 1, 0), SimulatedScan.Format.TIFF, folder);
        String json = Files.readString(folder.resolve("scan.json")).replaceAll("\\[\\s*6,\\s*6\\s*\\]", "[ 6, 7 ]");
        Files.writeString(folder.resolve("scan.json"), json);
        String message = assertThrows(ScanFormatException.class, () -> reader.open(folder, params(Map.of()))).getMessage();
        assertTrue(message.contains("has 36 pages") && message.contains("needs 42"), message);
    }

    @Test
    void aCorruptTiffIsRejectedNamingIt() throws IOException {
        Path folder = dir.resolve("corrupt");
        SimulatedScan.write(SimulationSpec.of(6, 6, 3, 8, 8, 1, 0), SimulatedScan.Format.TIFF, folder);
        Path first = folder.resolve("131477_diff_merlin1.tiff");
        byte[] bytes = Files.readAllBytes(first);
        Files.write(first, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        String message = assertThrows(ScanFormatException.class, () -> reader.open(folder, params(Map.of()))).getMessage();
        assertTrue(message.contains(first.getFileName().toString()), message);
    }
}
