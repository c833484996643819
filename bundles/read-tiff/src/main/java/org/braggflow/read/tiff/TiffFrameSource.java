package org.braggflow.read.tiff;

import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageReader;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.scanio.SafeFiles;
import org.braggflow.scanio.ScanFormatException;
import org.braggflow.scanio.ScanLayout;
import org.braggflow.scanio.ScanManifest;
import org.braggflow.scanio.TiffImages;
import org.braggflow.read.support.FrameSource;

/**
 * Frames of a TIFF stack folder (format C): one multi-page TIFF per angle whose pages are the
 * positions in row-major order. Page counts and frame sizes are checked at open; each page read is
 * checked again, so an unreadable page is reported with its file and index.
 */
final class TiffFrameSource implements FrameSource {

    private final List<ImageReader> readers;
    private final List<Path> paths;
    private final List<Path> xrfFiles;
    private final ScanMetadata metadata;

    private TiffFrameSource(List<ImageReader> readers, List<Path> paths, List<Path> xrfFiles, ScanMetadata metadata) {
        this.readers = readers;
        this.paths = paths;
        this.xrfFiles = xrfFiles;
        this.metadata = metadata;
    }

    static TiffFrameSource open(Path folder) throws ScanFormatException {
        ScanManifest manifest = ScanManifest.read(folder);
        Path manifestFile = folder.resolve(ScanLayout.MANIFEST);
        if (!manifest.format().equals(ScanLayout.FORMAT_TIFF)) {
            throw new ScanFormatException(manifestFile, "format is '" + manifest.format() + "', this reader takes '" + ScanLayout.FORMAT_TIFF + "'");
        }
        int rows = manifest.scanShape()[0], cols = manifest.scanShape()[1];
        List<ImageReader> readers = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        int detRows = -1, detCols = -1;
        try {
            for (ScanManifest.Angle angle : manifest.angles()) {
                Path path = SafeFiles.inside(folder, ScanLayout.tiffFile(angle.scanId(), manifest.detector()), manifestFile);
                ImageReader reader;
                int pages;
                try {
                    reader = TiffImages.reader(path);
                    readers.add(reader);
                    pages = reader.getNumImages(true);
                } catch (IOException | RuntimeException e) {
                    throw new ScanFormatException(path, "is not a readable TIFF (" + e.getMessage() + ")", e);
                }
                paths.add(path);
                if ((long) pages != (long) rows * cols) {
                    throw new ScanFormatException(path, "has " + pages + " pages, scan.json's scan_shape " + rows + " x " + cols
                            + " needs " + (long) rows * cols);
                }
                int h, w;
                try {
                    h = reader.getHeight(0);
                    w = reader.getWidth(0);
                } catch (IOException | RuntimeException e) {
                    throw new ScanFormatException(path, "page 0 cannot be read (" + e.getMessage() + ")", e);
                }
                if (detRows < 0) {
                    detRows = h;
                    detCols = w;
                } else if (h != detRows || w != detCols) {
                    throw new ScanFormatException(path, "frames are " + h + " x " + w + ", the first angle's are " + detRows + " x " + detCols);
                }
            }
            List<Path> xrf = manifest.xrfFiles(folder);
            ScanMetadata meta = new ScanMetadata(folder.getFileName().toString(), ScanLayout.FORMAT_TIFF, rows, cols, detRows, detCols,
                    manifest.anglesDeg(), manifest.geometry(), paths);
            return new TiffFrameSource(readers, paths, xrf, meta);
        } catch (ScanFormatException e) {
            readers.forEach(TiffImages::close);
            throw e;
        }
    }

    @Override
    public ScanMetadata metadata() {
        return metadata;
    }

    @Override
    public void readFrames(int angle, int row, int firstCol, int count, float[][] out) throws IOException {
        ImageReader reader = readers.get(angle);
        for (int k = 0; k < count; k++) {
            int page = row * metadata.scanCols() + firstCol + k;
            Raster raster;
            try {
                raster = reader.read(page).getRaster();
            } catch (IOException | RuntimeException e) {
                throw new ScanFormatException(paths.get(angle), "page " + page + " cannot be read (" + e.getMessage() + ")", e);
            }
            if (raster.getHeight() != metadata.detRows() || raster.getWidth() != metadata.detCols()) {
                throw new ScanFormatException(paths.get(angle), "page " + page + " is " + raster.getHeight() + " x " + raster.getWidth()
                        + ", expected " + metadata.detRows() + " x " + metadata.detCols());
            }
            raster.getSamples(0, 0, metadata.detCols(), metadata.detRows(), 0, out[k]);
        }
    }

    @Override
    public float[] monitor(int angle) {
        return null;
    }

    @Override
    public float[] xrf(int angle) throws IOException {
        return xrfFiles == null ? null : TiffImages.readMap(xrfFiles.get(angle), metadata.scanRows(), metadata.scanCols());
    }

    @Override
    public void close() {
        readers.forEach(TiffImages::close);
    }
}
