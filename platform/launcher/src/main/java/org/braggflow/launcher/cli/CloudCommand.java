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

/** The point cloud of one scan position, as a workflow's cloud stage would build it. */
@Command(name = "cloud", description = "Build the point cloud of one scan position and write it (.ply or .csv).")
final class CloudCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--position", required = true, paramLabel = "ROW,COL", description = "The scan position")
    String position;

    @Option(names = "--use", defaultValue = "threshold", paramLabel = "NAME", description = "The cloud builder (default ${DEFAULT-VALUE})")
    String use;

    @Mixin
    StageOptions stage;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "SCAN", description = "A Braggflow .h5 scan, or a folder with scan.json")
    Path scan;

    @picocli.CommandLine.Parameters(index = "1", paramLabel = "OUT", description = "Output cloud, .ply or .csv")
    Path out;

    @Override
    public Integer call() throws Exception {
        String[] rc = position.split(",");
        int row, col;
        try {
            row = Integer.parseInt(rc[0].trim());
            col = Integer.parseInt(rc[1].trim());
        } catch (RuntimeException e) {
            System.err.println("braggflow cloud: --position needs ROW,COL, got '" + position + "'");
            return 2;
        }
        try (Platform platform = Platform.start(main.home(), Distribution.fromSystemProperty())) {
            StageOptions.Bound b;
            try {
                b = stage.bind(platform.stages(), "cloud", use);
            } catch (IllegalArgumentException e) {
                System.err.println("braggflow cloud: " + e.getMessage());
                return 2;
            }
            ScanReader reader = null;
            DeployedStage readerStage = null;
            for (DeployedStage s : platform.stages().list()) {
                if (s.type().equals("reader") && ((ScanReader) s.service()).accepts(scan)) {
                    reader = (ScanReader) s.service();
                    readerStage = s;
                    break;
                }
            }
            if (reader == null) {
                System.err.println("braggflow cloud: " + scan + ": no deployed reader recognises it");
                return 2;
            }
            try (ScanSource source = reader.open(scan, Parameters.of(readerStage.descriptor(), java.util.Map.of()))) {
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
}
