package org.braggflow.read.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.braggflow.api.scan.Geometry;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.scanio.GeometryFields;
import org.braggflow.scanio.ScanFormatException;
import org.braggflow.scanio.ScanLayout;
import org.braggflow.read.support.FrameSource;
import org.braggflow.read.support.NumericArrays;
import org.braggflow.read.support.hdf5.ChunkedFrames;

/**
 * Frames of a format A file ({@code /entry/data/frames [angles][rows][cols][det_rows][det_cols]}),
 * read as hyperslabs through jhdf. Structure is checked here at open; the survey pass of
 * {@code AlignedScan} then reads every frame once, so a truncated file is also rejected before any
 * analysis starts.
 */
final class Hdf5FrameSource implements FrameSource {

    private final Path file;
    private final HdfFile h5;
    private final Dataset frames;
    private final Dataset monitor;
    private final Dataset xrf;
    private final ScanMetadata metadata;
    private final ContiguousFrames direct;

    private Hdf5FrameSource(Path file, HdfFile h5, Dataset frames, Dataset monitor, Dataset xrf, ScanMetadata metadata,
                            ContiguousFrames direct) {
        this.file = file;
        this.direct = direct;
        this.h5 = h5;
        this.frames = frames;
        this.monitor = monitor;
        this.xrf = xrf;
        this.metadata = metadata;
    }

    static Hdf5FrameSource open(Path file) throws ScanFormatException {
        HdfFile h5 = org.braggflow.read.support.hdf5.HdfFiles.open(file);
        try {
            Dataset frames = dataset(h5, file, ScanLayout.A_FRAMES, true);
            int[] d = frames.getDimensions();
            if (d.length != 5) {
                throw new ScanFormatException(file, ScanLayout.A_FRAMES + " has rank " + d.length
                        + ", expected 5 [angles, scan_rows, scan_cols, det_rows, det_cols]");
            }
            for (int v : d) if (v < 1) throw new ScanFormatException(file, ScanLayout.A_FRAMES + " has an empty dimension");
            numeric(frames, file, ScanLayout.A_FRAMES);
            try {
                frames.getFilters();
            } catch (RuntimeException e) {
                // said at open, before any stage runs: the frames could not be decoded at all
                throw new ScanFormatException(file, ScanLayout.A_FRAMES + " is compressed with an HDF5 filter this reader cannot decode ("
                        + e.getMessage() + "); it decodes deflate (1), shuffle (2), Fletcher-32 (3), LZF (32000), LZ4 (32004) and bitshuffle (32008)", e);
            }
            long fileBytes = java.nio.file.Files.size(file);
            if (frames.getDataLayout() == io.jhdf.object.message.DataLayout.CONTIGUOUS && frames.getFilters().isEmpty()
                    && frames.getSizeInBytes() > fileBytes) {
                throw new ScanFormatException(file, ScanLayout.A_FRAMES + " declares " + frames.getSizeInBytes()
                        + " bytes of frames but the file has " + fileBytes + " (truncated, or dimensions beyond the data)");
            }
            Dataset anglesSet = dataset(h5, file, ScanLayout.A_ANGLES, true);
            double[] angles = NumericArrays.toDoubles(anglesSet.getData(), (int) anglesSet.getSize());
            if (anglesSet.getDimensions().length != 1 || angles.length != d[0]) {
                throw new ScanFormatException(file, ScanLayout.A_ANGLES + " lists " + angles.length + " angles, "
                        + ScanLayout.A_FRAMES + " has " + d[0]);
            }
            for (double a : angles) if (!Double.isFinite(a)) throw new ScanFormatException(file, ScanLayout.A_ANGLES + " holds a non-finite angle");
            Dataset monitor = dataset(h5, file, ScanLayout.A_MONITOR, false);
            Dataset xrf = dataset(h5, file, ScanLayout.A_XRF, false);
            for (Dataset map : new Dataset[] {monitor, xrf}) {
                if (map != null && !java.util.Arrays.equals(map.getDimensions(), new int[] {d[0], d[1], d[2]})) {
                    throw new ScanFormatException(file, map.getPath() + " has shape " + java.util.Arrays.toString(map.getDimensions())
                            + ", expected [" + d[0] + ", " + d[1] + ", " + d[2] + "]");
                }
            }
            Geometry geometry = geometry(h5, file);
            String name = org.braggflow.api.stage.ScanReader.scanId(file);
            ScanMetadata meta = new ScanMetadata(name, "braggflow-h5", d[1], d[2], d[3], d[4], angles, geometry, List.of(file));
            return new Hdf5FrameSource(file, h5, frames, monitor, xrf, meta, ContiguousFrames.of(file, frames));
        } catch (ScanFormatException e) {
            h5.close();
            throw e;
        } catch (RuntimeException | IOException e) {
            h5.close();
            throw new ScanFormatException(file, "cannot be read as a Braggflow HDF5 scan (" + e.getMessage() + ")", e);
        }
    }

    private static Dataset dataset(HdfFile h5, Path file, String path, boolean required) throws ScanFormatException {
        Node node;
        try {
            node = h5.getByPath(path);
        } catch (RuntimeException e) {
            node = null;
        }
        if (node == null) {
            if (required) throw new ScanFormatException(file, "has no " + path);
            return null;
        }
        if (!(node instanceof Dataset ds)) throw new ScanFormatException(file, path + " is not a dataset");
        return ds;
    }

    private static void numeric(Dataset ds, Path file, String path) throws ScanFormatException {
        Class<?> t = ds.getJavaType();
        if (!(t == float.class || t == double.class || t == int.class || t == short.class || t == long.class || t == byte.class)) {
            throw new ScanFormatException(file, path + " holds " + t.getSimpleName() + ", expected numbers");
        }
    }

    private static Geometry geometry(HdfFile h5, Path file) throws ScanFormatException {
        Node node = h5.getByPath(ScanLayout.A_INSTRUMENT);
        if (!(node instanceof Group instrument)) throw new ScanFormatException(file, "has no " + ScanLayout.A_INSTRUMENT + " group");
        return GeometryFields.read(new GeometryFields.Source() {
            @Override
            public Object value(String name) {
                Attribute a = instrument.getAttribute(name);
                if (a == null) return null;
                Object v = a.getData();
                // scalar attributes may come back as one-element arrays
                if (v != null && v.getClass().isArray() && java.lang.reflect.Array.getLength(v) == 1) {
                    v = java.lang.reflect.Array.get(v, 0);
                }
                return v instanceof Number || v instanceof String || v instanceof Boolean ? v : String.valueOf(v);
            }

            @Override
            public String describe(String name) {
                return ScanLayout.A_INSTRUMENT + " attribute " + name;
            }
        }, file);
    }

    @Override
    public ScanMetadata metadata() {
        return metadata;
    }

    @Override
    public void readFrames(int angle, int row, int firstCol, int count, float[][] out) throws IOException {
        if (direct != null) {
            try {
                direct.read(angle, metadata.scanRows(), row, firstCol, count, out);
                return;
            } catch (IOException e) {
                throw new ScanFormatException(file, e.getMessage(), e);
            }
        }
        int h = metadata.detRows(), w = metadata.detCols();
        if (ChunkedFrames.read(frames, new long[] {angle, row, firstCol, 0, 0}, new int[] {1, 1, count, h, w}, out)) return;
        Object data;
        try {
            data = frames.getData(new long[] {angle, row, firstCol, 0, 0}, new int[] {1, 1, count, h, w});
        } catch (RuntimeException e) {
            throw new ScanFormatException(file, "frames of angle " + angle + ", row " + row + " cannot be read (" + e.getMessage() + ")", e);
        }
        float[] flat = new float[count * h * w];
        NumericArrays.flatten(data, flat, 0);
        for (int k = 0; k < count; k++) System.arraycopy(flat, k * h * w, out[k], 0, h * w);
    }

    @Override
    public float[] monitor(int angle) throws IOException {
        return map(monitor, angle);
    }

    @Override
    public float[] xrf(int angle) throws IOException {
        return map(xrf, angle);
    }

    private float[] map(Dataset ds, int angle) throws ScanFormatException {
        if (ds == null) return null;
        int rows = metadata.scanRows(), cols = metadata.scanCols();
        try {
            float[][] one = {new float[rows * cols]};
            if (ChunkedFrames.read(ds, new long[] {angle, 0, 0}, new int[] {1, rows, cols}, one)) return one[0];
            NumericArrays.flatten(ds.getData(new long[] {angle, 0, 0}, new int[] {1, rows, cols}), one[0], 0);
            return one[0];
        } catch (RuntimeException e) {
            throw new ScanFormatException(file, ds.getPath() + " at angle " + angle + " cannot be read (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() throws IOException {
        h5.close();
        if (direct != null) direct.close();
    }
}
