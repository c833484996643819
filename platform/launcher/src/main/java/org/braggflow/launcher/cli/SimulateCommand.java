package org.braggflow.launcher.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.braggflow.scanio.simulate.SimulatedScan;
import org.braggflow.scanio.simulate.SimulationSpec;
import org.braggflow.scanio.simulate.SimulationTruth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes a simulated scan with planted domains, in any input format, and its ground truth beside it. */
@Command(name = "simulate", description = "Write a simulated scan with planted domains (and its truth) in any input format.")
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    ScanSizeOptions size;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "The .h5 file (h5) or folder (hxn, tiff) to write")
    Path out;

    @Option(names = "--format", defaultValue = "h5", paramLabel = "h5|hxn|tiff",
            description = "Input format: h5 (one HDF5 file), hxn (HDF5 per angle), tiff (multi-page TIFF per angle); default ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--det", arity = "2", paramLabel = "H W", description = "Detector rows and columns (default 64 64)")
    int[] det = {64, 64};

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--drift", defaultValue = "1.0", description = "Typical sample drift over the rocking series, in positions (default ${DEFAULT-VALUE})")
    double drift;

    @Option(names = "--truth", paramLabel = "FILE", description = "Where the ground truth JSON goes (default: <out>.truth.json beside the scan)")
    Path truth;

    @Override
    public Integer call() throws Exception {
        SimulatedScan.Format f;
        try {
            f = SimulatedScan.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("braggflow simulate: --format must be h5, hxn or tiff, not '" + format + "'");
            return 2;
        }
        SimulationSpec spec;
        try {
            spec = SimulationSpec.of(size.rows, size.cols, size.angles, det[0], det[1], seed, drift);
        } catch (IllegalArgumentException e) {
            System.err.println("braggflow simulate: " + e.getMessage());
            return 2;
        }
        if (out.getParent() != null) Files.createDirectories(out.toAbsolutePath().getParent());
        Path truthFile = truth != null ? truth : out.resolveSibling(out.getFileName().toString().replaceFirst("\\.h5$", "") + ".truth.json");
        long t0 = System.nanoTime();
        SimulationTruth t = SimulatedScan.write(spec, f, out);
        t.write(truthFile);
        System.out.printf("wrote %s (%s, %d x %d positions, %d angles, %d x %d detector) in %.1f s; truth in %s%n",
                out, format, size.rows, size.cols, size.angles, det[0], det[1], (System.nanoTime() - t0) / 1e9, truthFile);
        return 0;
    }
}
