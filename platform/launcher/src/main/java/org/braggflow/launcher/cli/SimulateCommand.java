package org.braggflow.launcher.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.braggflow.api.scan.Geometry;
import org.braggflow.scanio.simulate.SimulatedScan;
import org.braggflow.scanio.simulate.SimulationPreset;
import org.braggflow.scanio.simulate.SimulationSpec;
import org.braggflow.scanio.simulate.SimulationTruth;
import org.braggflow.scanio.write.AreaDetectorScanWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Writes a simulated scan with planted domains, in any input format, and its ground truth beside it.
 * The preset picks the sample and the scan size of unspecified options; every geometry value can be
 * set, and peak widths and domain contrasts follow it (see {@code HardSampleModel}).
 */
@Command(name = "simulate", description = "Write a simulated scan with planted domains (and its truth) in any input format.")
final class SimulateCommand implements Callable<Integer> {

    /** Scan size of the hard preset when not given: small enough for CPU tests, large enough for five domains. */
    static final int HARD_ROWS = 24, HARD_COLS = 30, HARD_ANGLES = 15;

    @Spec
    CommandSpec command;

    @Mixin
    ScanSizeOptions size;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "The .h5 file (h5) or folder (hxn, tiff, areadetector) to write")
    Path out;

    @Option(names = "--format", defaultValue = "h5", paramLabel = "h5|hxn|tiff|areadetector",
            description = "Input format: h5 (one HDF5 file), hxn (HDF5 per angle), tiff (multi-page TIFF per angle), areadetector "
                    + "(the detector's own compressed uint16 HDF5 per angle, written by Debian's python3-h5py); default ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--compression", defaultValue = "deflate", paramLabel = "deflate|lz4|none",
            description = "Compression of the areadetector files: deflate (with shuffle), lz4 (needs python3-hdf5plugin) or none; "
                    + "default ${DEFAULT-VALUE}")
    String compression;

    @Option(names = "--preset", defaultValue = "default", paramLabel = "default|hard",
            description = "Sample: default (five Voronoi domains, the scan tests were tuned on) or hard (curved domains of 5-40 %%, "
                    + "a split peak with the reference's centre of mass, a broadened peak, a strain gradient); hard also changes "
                    + "the default size to " + HARD_ROWS + " x " + HARD_COLS + " positions, " + HARD_ANGLES + " angles; default ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--det", arity = "2", paramLabel = "H W", description = "Detector rows and columns (default 64 64)")
    int[] det = {64, 64};

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--drift", defaultValue = "1.0", description = "Typical sample drift over the rocking series, in positions (default ${DEFAULT-VALUE})")
    double drift;

    @Option(names = "--energy", paramLabel = "KEV", description = "X-ray energy in keV (default 12)")
    Double energyKev;

    @Option(names = "--distance", paramLabel = "M", description = "Sample-detector distance in m (default 0.5)")
    Double distanceM;

    @Option(names = "--pixel", paramLabel = "UM", description = "Detector pixel size in um (default 55)")
    Double pixelUm;

    @Option(names = "--delta", paramLabel = "DEG", description = "Detector in-plane angle delta in degrees (default 18.1)")
    Double deltaDeg;

    @Option(names = "--gamma", paramLabel = "DEG", description = "Detector out-of-plane angle gamma in degrees (default 28.5)")
    Double gammaDeg;

    @Option(names = "--angle-step", paramLabel = "DEG", description = "Rocking step in degrees (default 0.1; not with --angle-range)")
    Double angleStepDeg;

    @Option(names = "--angle-range", paramLabel = "DEG", description = "First to last rocking angle in degrees; the step is range / (angles - 1)")
    Double angleRangeDeg;

    @Option(names = "--angle-centre", paramLabel = "DEG", description = "Rocking angle at the middle of the series in degrees (default -38.7)")
    Double angleCentreDeg;

    @Option(names = "--live-delay", paramLabel = "S",
            description = "Write the scan as a beamline acquires it (hxn only): scan.json first, then each angle's file after S seconds, "
                    + "followed by its .done marker; for trying a live workflow")
    Double liveDelay;

    @Option(names = "--truth", paramLabel = "FILE", description = "Where the ground truth JSON goes (default: <out>.truth.json beside the scan)")
    Path truth;

    @Override
    public Integer call() throws Exception {
        SimulatedScan.Format f;
        try {
            f = SimulatedScan.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("braggflow simulate: --format must be h5, hxn, tiff or areadetector, not '" + format + "'");
            return 2;
        }
        AreaDetectorScanWriter.Compression packing;
        try {
            packing = AreaDetectorScanWriter.Compression.valueOf(compression.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("braggflow simulate: --compression must be deflate, lz4 or none, not '" + compression + "'");
            return 2;
        }
        if (liveDelay != null && (f != SimulatedScan.Format.HXN || liveDelay < 0)) {
            System.err.println("braggflow simulate: --live-delay needs --format hxn and a delay of 0 seconds or more");
            return 2;
        }
        SimulationSpec spec;
        try {
            spec = spec();
        } catch (IllegalArgumentException e) {
            System.err.println("braggflow simulate: " + e.getMessage());
            return 2;
        }
        Path truthFile = truth != null ? truth : out.resolveSibling(out.getFileName().toString().replaceFirst("\\.h5$", "") + ".truth.json");
        try {
            InputPaths.writable(out);
            InputPaths.writable(truthFile);
        } catch (BadInputException e) {
            System.err.println("braggflow simulate: " + e.getMessage());
            return 2;
        }
        if (out.getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        if (truthFile.toAbsolutePath().getParent() != null) Files.createDirectories(truthFile.toAbsolutePath().getParent());
        long t0 = System.nanoTime();
        SimulationTruth t = SimulatedScan.write(spec, f, out, liveDelay != null ? liveDelay : -1, packing);
        t.write(truthFile);
        System.out.printf("wrote %s (%s, %s preset, %d x %d positions, %d angles, %d x %d detector) in %.1f s; truth in %s%n",
                out, format, spec.preset().cliName(), spec.rows(), spec.cols(), spec.angles(), spec.detRows(), spec.detCols(),
                (System.nanoTime() - t0) / 1e9, truthFile);
        return 0;
    }

    /** The scan the options ask for: the preset's size where none was given, the paper's geometry where a value is missing. */
    SimulationSpec spec() {
        SimulationPreset p = SimulationPreset.parse(preset);
        boolean hard = p == SimulationPreset.HARD;
        int rows = given("--rows") || !hard ? size.rows : HARD_ROWS;
        int cols = given("--cols") || !hard ? size.cols : HARD_COLS;
        int angles = given("--angles") || !hard ? size.angles : HARD_ANGLES;
        if (angleStepDeg != null && angleRangeDeg != null) throw new IllegalArgumentException("give --angle-step or --angle-range, not both");
        if (angleRangeDeg != null && angles < 2) throw new IllegalArgumentException("--angle-range needs at least 2 angles");
        Geometry paper = SimulationSpec.paperGeometry();
        Geometry g = Geometry.of(or(energyKev, paper.energyKev()), or(deltaDeg, paper.deltaDeg()), or(gammaDeg, paper.gammaDeg()),
                or(distanceM, paper.detectorDistanceM()), or(pixelUm, paper.pixelSizeUm()), paper.stepSizeNm());
        double step = angleRangeDeg != null ? angleRangeDeg / (angles - 1) : or(angleStepDeg, SimulationSpec.PAPER_ANGLE_STEP_DEG);
        return SimulationSpec.of(rows, cols, angles, det[0], det[1], seed, drift).withPreset(p).withGeometry(g)
                .withAngles(or(angleCentreDeg, SimulationSpec.PAPER_ANGLE_CENTRE_DEG), step);
    }

    private boolean given(String option) {
        ParseResult parsed = command == null ? null : command.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption(option);
    }

    private static double or(Double value, double fallback) {
        return value != null ? value : fallback;
    }
}
