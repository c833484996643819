package org.braggflow.read.hxn;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.read.support.FrameSource;
import org.braggflow.read.support.NumericArrays;
import org.braggflow.read.support.hdf5.ChunkedFrames;
import org.braggflow.scanio.SafeFiles;
import org.braggflow.scanio.ScanFormatException;
import org.braggflow.scanio.ScanLayout;
import org.braggflow.scanio.ScanManifest;

/**
 * Frames of the beamline's own areaDetector files (format B2, docs/formats.md): one HDF5 file per
 * angle as the detector wrote it, {@code /entry/instrument/detector/data [points][det_rows][det_cols]}
 * in acquisition order (row-major over the scan grid that scan.json gives), often compressed; only the
 * region of interest scan.json names is read. The geometry in scan.json may be written in the
 * beamline's own convention ({@code "convention": "hxn"}), which the manifest converts.
 */
final class AreaDetectorFrameSource implements FrameSource {

    private final List<HdfFile> files;
    private final List<Path> paths;
    private final List<Dataset> frames;
    private final List<Path> xrfFiles;
    private final ScanMetadata metadata;
    private final int[] roi;

    private AreaDetectorFrameSource(List<HdfFile> files, List<Path> paths, List<Dataset> frames, List<Path> xrfFiles,
                                    ScanMetadata metadata, int[] roi) {
        this.files = files;
        this.paths = paths;
        this.frames = frames;
        this.xrfFiles = xrfFiles;
        this.metadata = metadata;
        this.roi = roi;
    }

    /** Opens the files of the angles in {@code which} and checks them against scan.json and each other. */
    static AreaDetectorFrameSource open(Path folder, ScanManifest manifest, BitSet which) throws ScanFormatException {
        Path manifestFile = folder.resolve(ScanLayout.MANIFEST);
        int rows = manifest.scanShape()[0], cols = manifest.scanShape()[1];
        List<HdfFile> files = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        List<Dataset> frames = new ArrayList<>();
        int[] detector = null;
        try {
            for (int a = 0; a < manifest.angles().size(); a++) {
                if (!which.get(a)) {
                    paths.add(folder.resolve(manifest.angleFile(a)));
                    files.add(null);
                    frames.add(null);
                    continue;
                }
                Path path = SafeFiles.inside(folder, manifest.angleFile(a), manifestFile);
                paths.add(path);
                HdfFile h5 = AngleHdfFiles.open(path);
                files.add(h5);
                Dataset ds = AngleHdfFiles.dataset(h5, path, ScanLayout.AD_FRAMES);
                if (ds == null) throw new ScanFormatException(path, "has no dataset " + ScanLayout.AD_FRAMES);
                int[] d = ds.getDimensions();
                if (d.length != 3) {
                    throw new ScanFormatException(path, ScanLayout.AD_FRAMES + " has rank " + d.length + ", expected 3 [points, det_rows, det_cols]");
                }
                if (d[0] != rows * cols) {
                    throw new ScanFormatException(path, ScanLayout.AD_FRAMES + " holds " + d[0] + " frames, scan.json's scan_shape "
                            + rows + " x " + cols + " needs " + rows * cols);
                }
                if (detector == null) detector = new int[] {d[1], d[2]};
                else if (detector[0] != d[1] || detector[1] != d[2]) {
                    throw new ScanFormatException(path, "has " + d[1] + " x " + d[2] + " frames, the first angle's file has "
                            + detector[0] + " x " + detector[1]);
                }
                frames.add(ds);
            }
            if (detector == null) throw new ScanFormatException(manifestFile, "plans no angles");
            int[] roi = manifest.roi() != null ? manifest.roi() : new int[] {0, 0, detector[0], detector[1]};
            if (roi[0] + roi[2] > detector[0] || roi[1] + roi[3] > detector[1]) {
                throw new ScanFormatException(manifestFile, "roi " + Arrays.toString(roi) + " reaches beyond the " + detector[0] + " x "
                        + detector[1] + " detector frames");
            }
            List<Path> xrf = AngleHdfFiles.xrfFiles(folder, manifest, which.cardinality() == manifest.angles().size());
            ScanMetadata meta = new ScanMetadata(folder.getFileName().toString(), ScanLayout.FORMAT_HXN_AD, rows, cols, roi[2], roi[3],
                    manifest.anglesDeg(), manifest.geometry(), paths);
            return new AreaDetectorFrameSource(files, paths, frames, xrf, meta, roi);
        } catch (ScanFormatException e) {
            AngleHdfFiles.closeAll(files);
            throw e;
        } catch (RuntimeException e) {
            AngleHdfFiles.closeAll(files);
            throw new ScanFormatException(folder, "cannot be read as beamline areaDetector files (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public ScanMetadata metadata() {
        return metadata;
    }

    @Override
    public void readFrames(int angle, int row, int firstCol, int count, float[][] out) throws IOException {
        Dataset ds = frames.get(angle);
        if (ds == null) throw new IllegalArgumentException("angle " + angle + " was not opened");
        int h = roi[2], w = roi[3];
        long point = (long) row * metadata.scanCols() + firstCol;
        if (ChunkedFrames.read(ds, new long[] {point, roi[0], roi[1]}, new int[] {count, h, w}, out)) return;
        float[] flat = new float[count * h * w];
        try {
            // a row segment is consecutive points; only the region of interest is read (one hyperslab, chunk by chunk)
            NumericArrays.flatten(ds.getData(new long[] {point, roi[0], roi[1]}, new int[] {count, h, w}), flat, 0);
        } catch (RuntimeException e) {
            throw new ScanFormatException(paths.get(angle), "frames of points " + point + "-" + (point + count - 1) + " cannot be read ("
                    + e.getMessage() + ")", e);
        }
        for (int k = 0; k < count; k++) System.arraycopy(flat, k * h * w, out[k], 0, h * w);
    }

    /** Each angle has its own file, opened as its own jHDF file object. */
    @Override
    public boolean anglesReadConcurrently() {
        return true;
    }

    @Override
    public float[] monitor(int angle) {
        // the detector's file has no incident-flux monitor; frames are used as counted
        return null;
    }

    @Override
    public float[] xrf(int angle) throws IOException {
        return AngleHdfFiles.xrf(xrfFiles, angle, metadata.scanRows(), metadata.scanCols());
    }

    @Override
    public void close() {
        AngleHdfFiles.closeAll(files);
    }
}
