package org.braggflow.launcher.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.CloudBuilder;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ScanReader;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.clouds.CloudFiles;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.stage.DeployedStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The point cloud of one scan position (or of every position in the particle mask), as a workflow's cloud stage would build it. */
@Command(name = "cloud", description = "Build the point cloud of one scan position and write it (.ply or .csv), "
        + "or with --all those of every position in the particle mask into a folder.")
final class CloudCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--position", paramLabel = "ROW,COL", description = "The scan position")
        String position;

        @Option(names = "--all", description = "Every position in the particle mask: OUT is a folder, one r<ROW>-c<COL>.csv each")
        boolean all;
    }

    @Option(names = "--use", defaultValue = "threshold", paramLabel = "NAME", description = "The cloud builder (default ${DEFAULT-VALUE})")
    String use;

    @Mixin
    StageOptions stage;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "SCAN", description = "A Braggflow .h5 scan, or a folder with scan.json")
    Path scan;

    @picocli.CommandLine.Parameters(index = "1", paramLabel = "OUT", description = "Output cloud, .ply or .csv (a folder with --all)")
    Path out;

    @Override
    public Integer call() throws Exception {
        int row = -1, col = -1;
        if (!which.all) {
            String[] rc = which.position.split(",");
            try {
                row = Integer.parseInt(rc[0].trim());
                col = Integer.parseInt(rc[1].trim());
            } catch (RuntimeException e) {
                System.err.println("braggflow cloud: --position needs ROW,COL, got '" + which.position + "'");
                return 2;
            }
        }
        try (Platform platform = Platform.start(main.home(), Distribution.fromSystemProperty())) {
            StageOptions.Bound b;
            try {
                b = stage.bind(platform.stages(), "cloud", use);
                InputPaths.existing(scan);
                InputPaths.writable(out);
            } catch (IllegalArgumentException e) {
                System.err.println("braggflow cloud: " + e.getMessage());
                return 2;
            }
            DeployedStage readerStage;
            try {
                readerStage = platform.stages().readerFor(scan);
            } catch (org.braggflow.scanio.ScanFormatException e) {
                System.err.println("braggflow cloud: " + e.getMessage());
                return 2;
            }
            ScanReader reader = (ScanReader) readerStage.service();
            try (ScanSource source = reader.open(scan, Parameters.of(readerStage.descriptor(), java.util.Map.of()))) {
                if (which.all) return all(source, (CloudBuilder) b.stage().service(), b.parameters());
                if (row < 0 || col < 0 || row >= source.metadata().scanRows() || col >= source.metadata().scanCols()) {
                    System.err.printf("braggflow cloud: position %d,%d is outside the %d x %d scan%n", row, col,
                            source.metadata().scanRows(), source.metadata().scanCols());
                    return 2;
                }
                PositionVolume v = source.volume(row, col);
                PointCloud cloud = ((CloudBuilder) b.stage().service()).build(v, source.metadata(), b.parameters());
                CloudFiles.write(cloud, out);
                System.out.printf("%s position %d,%d (%s): %d points -> %s%n", scan, row, col,
                        source.inMask(row, col) ? "in the particle mask" : "outside the particle mask", cloud.size(), out);
            }
            return 0;
        }
    }

    /** Streams the scan position by position; each cloud goes through a temporary file so the folder never holds half a cloud. */
    private int all(ScanSource source, CloudBuilder builder, Parameters parameters) throws java.io.IOException {
        java.nio.file.Files.createDirectories(out);
        int[] written = {0};
        long[] points = {0};
        var m = source.metadata();
        java.io.IOException[] failure = {null};
        source.forEachPosition(0, m.positionCount(), v -> {
            if (failure[0] != null || !source.inMask(v.row(), v.col())) return;
            PointCloud cloud = builder.build(v, m, parameters);
            String name = String.format(java.util.Locale.ROOT, "r%03d-c%03d.csv", v.row(), v.col());
            try {
                CloudFiles.write(cloud, out.resolve(name));  // whole or not at all: encode and train never read half a cloud
            } catch (java.io.IOException e) {
                failure[0] = e;
                return;
            }
            written[0]++;
            points[0] += cloud.size();
        });
        if (failure[0] != null) throw failure[0];
        System.out.printf("%s: %d clouds of the positions in the particle mask (%d points on average) -> %s%n", scan, written[0],
                written[0] == 0 ? 0 : points[0] / written[0], out);
        return 0;
    }
}
