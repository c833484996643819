package org.braggflow.scanio.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.braggflow.scanio.ScanLayout;
import org.braggflow.scanio.ScanManifest;
import org.braggflow.scanio.TiffImages;

/**
 * Format C: a folder with one multi-page uint16 TIFF per angle (pages = positions in row-major
 * order), optional XRF TIFFs, and {@code scan.json} (with {@code scan_shape}) written last. Streams:
 * each frame goes to disk as it arrives. The format has no monitor, so frames are written as given.
 */
public final class TiffScanWriter implements ScanWriter {

    private final Path folder;
    private final ScanTarget t;
    private TiffImages.Sequence pages;

    public TiffScanWriter(Path folder, ScanTarget target) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.t = target;
    }

    @Override
    public void frame(int angle, int row, int col, float[] frame) throws IOException {
        if (pages == null) pages = TiffImages.Sequence.open(folder.resolve(ScanLayout.tiffFile(t.scanId(angle), t.detector())));
        pages.append(TiffImages.uint16(frame, t.detRows(), t.detCols()));
    }

    @Override
    public void endAngle(int angle, float[] monitor, float[] xrf) throws IOException {
        if (pages != null) pages.close();
        pages = null;
        if (xrf != null) {
            TiffImages.writeFloat32(folder.resolve(ScanLayout.xrfFile(t.scanId(angle))), xrf, t.scanRows(), t.scanCols());
        }
    }

    @Override
    public void close() throws IOException {
        List<ScanManifest.Angle> angles = new ArrayList<>();
        for (int i = 0; i < t.nAngles(); i++) angles.add(new ScanManifest.Angle(t.scanId(i), t.anglesDeg()[i]));
        new ScanManifest(ScanLayout.FORMAT_TIFF, t.detector(), angles, t.geometry(), new int[] {t.scanRows(), t.scanCols()})
                .write(folder);
    }
}
