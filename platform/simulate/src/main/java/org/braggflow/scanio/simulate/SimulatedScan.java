package org.braggflow.scanio.simulate;

import java.io.IOException;
import java.nio.file.Path;
import org.braggflow.scanio.write.AreaDetectorScanWriter;
import org.braggflow.scanio.write.Hdf5ScanWriter;
import org.braggflow.scanio.write.HxnScanWriter;
import org.braggflow.scanio.write.ScanTarget;
import org.braggflow.scanio.write.ScanWriter;
import org.braggflow.scanio.write.TiffScanWriter;

/** Writes a simulated scan in one of the three input formats; what {@code braggflow simulate} runs. */
public final class SimulatedScan {

    /**
     * The input formats of docs/formats.md, section 2, as named on the command line: AREADETECTOR is
     * format B2, the detector's own compressed uint16 files.
     */
    public enum Format { H5, HXN, TIFF, AREADETECTOR }

    /** HXN detector name and first scan id written, as in the paper's scan. */
    static final String DETECTOR = "merlin1";
    static final long FIRST_SCAN_ID = 131477;

    private SimulatedScan() {
    }

    /**
     * Simulates and writes the scan ({@code out} is the .h5 file for H5, the folder otherwise) and
     * returns its truth. TIFF stacks and the detector's own files carry no monitor, so they are simulated
     * with a steady beam.
     */
    public static SimulationTruth write(SimulationSpec spec, Format format, Path out) throws IOException {
        return write(spec, format, out, -1);
    }

    /**
     * As {@link #write(SimulationSpec, Format, Path)}; with {@code liveDelaySeconds >= 0} (HXN only) the folder is
     * written as a beamline acquires it: scan.json first, then each angle's file in place after the delay,
     * followed by its {@code .done} marker (docs/formats.md, section 7).
     */
    public static SimulationTruth write(SimulationSpec spec, Format format, Path out, double liveDelaySeconds) throws IOException {
        return write(spec, format, out, liveDelaySeconds, AreaDetectorScanWriter.Compression.DEFLATE);
    }

    /**
     * As {@link #write(SimulationSpec, Format, Path, double)}, with the compression of the detector's
     * files (AREADETECTOR only; the other formats are written uncompressed).
     */
    public static SimulationTruth write(SimulationSpec spec, Format format, Path out, double liveDelaySeconds,
                                        AreaDetectorScanWriter.Compression compression) throws IOException {
        if (liveDelaySeconds >= 0 && format != Format.HXN) throw new IllegalArgumentException("a live scan is written in the hxn format only");
        // TIFF stacks and the detector's own files carry no monitor: a steady beam
        SimulationSpec s = format == Format.TIFF || format == Format.AREADETECTOR ? spec.withMonitorNoise(0) : spec;
        ScanSimulator simulator = new ScanSimulator(s);
        String name = out.getFileName().toString().replaceFirst("\\.h5$", "");
        ScanTarget target = new ScanTarget(name, s.rows(), s.cols(), s.detRows(), s.detCols(), s.anglesDeg(), s.geometry(),
                DETECTOR, FIRST_SCAN_ID);
        try (ScanWriter writer = switch (format) {
            case H5 -> new Hdf5ScanWriter(out, target);
            case HXN -> liveDelaySeconds >= 0 ? HxnScanWriter.live(out, target, liveDelaySeconds) : new HxnScanWriter(out, target);
            case TIFF -> new TiffScanWriter(out, target);
            case AREADETECTOR -> new AreaDetectorScanWriter(out, target, compression);
        }) {
            simulator.write(writer);
        }
        return simulator.truth();
    }
}
