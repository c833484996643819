package org.braggflow.read.hxn;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.scanio.SafeFiles;
import org.braggflow.scanio.ScanFormatException;
import org.braggflow.scanio.ScanLayout;
import org.braggflow.scanio.ScanManifest;
import org.braggflow.read.support.FrameSource;
import org.braggflow.read.support.NumericArrays;
import org.braggflow.read.support.hdf5.ChunkedFrames;

/**
 * Frames of an HXN export folder (format B): one HDF5 file per angle, named from scan.json, each
 * with {@code /diff_data/<det>/raw_data [rows][cols][det_rows][det_cols]} and optionally {@code Io}.
 * All files are opened and checked against each other at open.
 */
final class HxnFrameSource implements FrameSource {

    private final List<HdfFile> files;
    private final List<Path> paths;
    private final List<Dataset> frames;
    private final List<Dataset> monitors;
    private final List<Path> xrfFiles;
    private final ScanMetadata metadata;

    private HxnFrameSource(List<HdfFile> files, List<Path> paths, List<Dataset> frames, List<Dataset> monitors,
                           List<Path> xrfFiles, ScanMetadata metadata) {
        this.files = files;
        this.paths = paths;
        this.frames = frames;
        this.monitors = monitors;
        this.xrfFiles = xrfFiles;
        this.metadata = metadata;
    }

    /** The HDF5 file of one planned angle, checked to exist inside the folder. */
    static Path angleFile(Path folder, ScanManifest manifest, int angle) throws ScanFormatException {
        return SafeFiles.inside(folder, manifest.angleFile(angle), folder.resolve(ScanLayout.MANIFEST));
    }

    /**
     * Opens the files of the angles in {@code which} (all of them for an offline read, one for a live
     * read) and checks them against each other; the metadata lists every planned angle and file.
     */
    static HxnFrameSource open(Path folder, ScanManifest manifest, java.util.BitSet which) throws ScanFormatException {
        int planned = manifest.angles().size();
        List<HdfFile> files = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        List<Dataset> frames = new ArrayList<>();
        List<Dataset> monitors = new ArrayList<>();
        int[] shape = null;
        try {
            for (int a = 0; a < planned; a++) {
                if (!which.get(a)) {
                    // an angle a live read is not at yet: named, not checked (its file may not exist yet)
                    paths.add(folder.resolve(manifest.angleFile(a)));
                    files.add(null);
                    frames.add(null);
                    monitors.add(null);
                    continue;
                }
                Path path = angleFile(folder, manifest, a);
                paths.add(path);
                HdfFile h5 = AngleHdfFiles.open(path);
                files.add(h5);
                String framesPath = ScanLayout.hxnFrames(manifest.detector());
                Dataset ds = AngleHdfFiles.dataset(h5, path, framesPath);
                if (ds == null) throw new ScanFormatException(path, "has no " + framesPath);
                int[] d = ds.getDimensions();
                if (d.length != 4) throw new ScanFormatException(path, framesPath + " has rank " + d.length + ", expected 4 [scan_rows, scan_cols, det_rows, det_cols]");
                if (shape == null) shape = d;
                else if (!Arrays.equals(shape, d)) {
                    throw new ScanFormatException(path, framesPath + " has shape " + Arrays.toString(d) + ", the first angle's file has " + Arrays.toString(shape));
                }
                if (manifest.scanShape() != null && (manifest.scanShape()[0] != d[0] || manifest.scanShape()[1] != d[1])) {
                    throw new ScanFormatException(path, "holds " + d[0] + " x " + d[1] + " positions, scan.json declares "
                            + manifest.scanShape()[0] + " x " + manifest.scanShape()[1]);
                }
                frames.add(ds);
                Dataset io = AngleHdfFiles.dataset(h5, path, ScanLayout.hxnMonitor(manifest.detector()));
                if (io != null && !Arrays.equals(io.getDimensions(), new int[] {d[0], d[1]})) {
                    throw new ScanFormatException(path, "Io has shape " + Arrays.toString(io.getDimensions()) + ", expected [" + d[0] + ", " + d[1] + "]");
                }
                monitors.add(io);
            }
            if (shape == null) throw new ScanFormatException(folder.resolve(ScanLayout.MANIFEST), "plans no angles");
            // a live read opens one angle while later angles' maps are still to come: each angle's own map, where it is
            List<Path> xrf = AngleHdfFiles.xrfFiles(folder, manifest, which.cardinality() == planned);
            ScanMetadata meta = new ScanMetadata(folder.getFileName().toString(), ScanLayout.FORMAT_HXN, shape[0], shape[1], shape[2], shape[3],
                    manifest.anglesDeg(), manifest.geometry(), paths);
            return new HxnFrameSource(files, paths, frames, monitors, xrf, meta);
        } catch (ScanFormatException e) {
            AngleHdfFiles.closeAll(files);
            throw e;
        } catch (RuntimeException e) {
            AngleHdfFiles.closeAll(files);
            throw new ScanFormatException(folder, "cannot be read as an HXN scan (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public ScanMetadata metadata() {
        return metadata;
    }

    @Override
    public void readFrames(int angle, int row, int firstCol, int count, float[][] out) throws IOException {
        int h = metadata.detRows(), w = metadata.detCols();
        if (frames.get(angle) == null) throw new IllegalArgumentException("angle " + angle + " was not opened");
        if (ChunkedFrames.read(frames.get(angle), new long[] {row, firstCol, 0, 0}, new int[] {1, count, h, w}, out)) return;
        float[] flat = new float[count * h * w];
        try {
            NumericArrays.flatten(frames.get(angle).getData(new long[] {row, firstCol, 0, 0}, new int[] {1, count, h, w}), flat, 0);
        } catch (RuntimeException e) {
            throw new ScanFormatException(paths.get(angle), "frames of row " + row + " cannot be read (" + e.getMessage() + ")", e);
        }
        for (int k = 0; k < count; k++) System.arraycopy(flat, k * h * w, out[k], 0, h * w);
    }

    /** Each angle has its own file, opened as its own jHDF file object. */
    @Override
    public boolean anglesReadConcurrently() {
        return true;
    }

    @Override
    public float[] monitor(int angle) throws IOException {
        Dataset io = monitors.get(angle);
        if (io == null) return null;
        float[] out = new float[metadata.positionCount()];
        try {
            NumericArrays.flatten(io.getData(), out, 0);
        } catch (RuntimeException e) {
            throw new ScanFormatException(paths.get(angle), "Io cannot be read (" + e.getMessage() + ")", e);
        }
        return out;
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
