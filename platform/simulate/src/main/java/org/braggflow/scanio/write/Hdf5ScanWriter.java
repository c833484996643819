package org.braggflow.scanio.write;

import org.braggflow.api.files.AtomicFiles;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.braggflow.api.scan.Geometry;
import org.braggflow.scanio.GeometryFields;


/**
 * Format A (one self-contained HDF5 file), float32 frames. The HDF5 library writes whole datasets
 * from memory, so this writer holds the scan's frames until {@link #close()}: it is meant for
 * simulated and converted scans of moderate size (a 32 x 40 x 15 x 64 x 64 scan is 157 MB), not
 * for beamline-size data, which arrives already written.
 */
public final class Hdf5ScanWriter implements ScanWriter {

    private final Path file;
    private final ScanTarget t;
    private final float[][][][][] frames;
    private final float[][][] monitor;
    private final float[][][] xrf;
    private boolean hasMonitor;
    private boolean hasXrf;

    public Hdf5ScanWriter(Path file, ScanTarget target) {
        this.file = file;
        this.t = target;
        this.frames = new float[t.nAngles()][t.scanRows()][t.scanCols()][][];
        this.monitor = new float[t.nAngles()][t.scanRows()][t.scanCols()];
        this.xrf = new float[t.nAngles()][t.scanRows()][t.scanCols()];
    }

    @Override
    public void frame(int angle, int row, int col, float[] frame) {
        float[][] f = new float[t.detRows()][t.detCols()];
        for (int r = 0; r < t.detRows(); r++) System.arraycopy(frame, r * t.detCols(), f[r], 0, t.detCols());
        frames[angle][row][col] = f;
    }

    @Override
    public void endAngle(int angle, float[] monitorMap, float[] xrfMap) {
        if (monitorMap != null) {
            hasMonitor = true;
            unflatten(monitorMap, monitor[angle]);
        }
        if (xrfMap != null) {
            hasXrf = true;
            unflatten(xrfMap, xrf[angle]);
        }
    }

    private void unflatten(float[] flat, float[][] out) {
        for (int r = 0; r < t.scanRows(); r++) System.arraycopy(flat, r * t.scanCols(), out[r], 0, t.scanCols());
    }

    @Override
    public void close() throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".part");
        try (WritableHdfFile h5 = HdfFile.write(tmp)) {
            WritableGroup entry = h5.putGroup("entry");
            entry.putAttribute("NX_class", "NXentry");
            WritableGroup data = entry.putGroup("data");
            data.putDataset("frames", frames);
            data.putDataset("angles_deg", t.anglesDeg());
            if (hasMonitor) data.putDataset("monitor", monitor);
            if (hasXrf) data.putDataset("xrf", xrf);
            WritableGroup instrument = entry.putGroup("instrument");
            // jhdf 0.10.0 writes a broken file when a group holds attributes but no child beside a sibling
            // group with children; a small descriptive dataset in each such group avoids it
            instrument.putDataset("name", "Braggflow scan writer");
            Geometry g = t.geometry();
            // HDF5 has no boolean attribute: flags are written as 0 / 1, which the reader accepts
            for (Map.Entry<String, Object> f : GeometryFields.write(g).entrySet()) {
                instrument.putAttribute(f.getKey(), f.getValue() instanceof Boolean b ? (b ? 1 : 0) : f.getValue());
            }
            WritableGroup sample = entry.putGroup("sample");
            sample.putDataset("description", t.sampleName());
            sample.putAttribute("name", t.sampleName());
        }
        AtomicFiles.moveOver(tmp, file);
    }

}
