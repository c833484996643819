package org.braggflow.launcher.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Denoiser;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.clouds.CloudFiles;
import org.braggflow.launcher.home.Distribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Runs one deployed denoiser on one cloud file. */
@Command(name = "denoise", description = "Denoise one point cloud (.ply or .csv) with a deployed denoiser stage.")
final class DenoiseCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--use", required = true, paramLabel = "NAME", description = "The denoiser: sor, lpa-ici, ...")
    String use;

    @Mixin
    StageOptions stage;

    @Parameters(index = "0", paramLabel = "IN", description = "Input cloud, .ply (ASCII) or .csv with a header")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output cloud, .ply or .csv")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (Platform platform = Platform.start(main.home(), Distribution.fromSystemProperty())) {
            StageOptions.Bound b;
            PointCloud cloud;
            try {
                // the denoiser first: with an unknown one, what the files are does not matter yet
                b = stage.bind(platform.stages(), "denoiser", use);
                cloud = CloudFiles.read(InputPaths.file(in));
                if (!CloudFiles.hasCloudFormat(InputPaths.writable(out))) throw new BadInputException(out + ": unknown cloud format (use .ply or .csv)");
            } catch (IllegalArgumentException | java.io.IOException e) {
                // IOException: the input file is not a cloud (format, header, numbers), as CloudFiles says
                System.err.println("braggflow denoise: " + e.getMessage());
                return 2;
            }
            long t0 = System.nanoTime();
            PointCloud result = ((Denoiser) b.stage().service()).denoise(cloud, b.parameters());
            CloudFiles.write(result, out);
            System.out.printf("%s: %d points -> %s: %d points (%s %s, %.2f s)%n", in, cloud.size(), out, result.size(), b.stage().key(),
                    org.braggflow.launcher.stage.ParameterValues.asWritten(b.stage().descriptor(), b.parameters()), (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }
}

