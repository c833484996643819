package org.braggflow.launcher.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Encoder;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.clouds.CloudFiles;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.models.ModelId;
import org.braggflow.launcher.models.ModelRecord;
import org.braggflow.launcher.models.ModelRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Trains an encoder on point cloud files, outside any workflow, and registers the model under the id
 * given: the same training a workflow's encoder step runs, with the same parameters
 * ({@code --set}, see {@code braggflow stages}).
 */
@Command(name = "train", description = "Train an encoder on point clouds (.ply, .csv) and register the model in <home>/models/<ID>/.")
final class TrainCommand implements Callable<Integer> {

    private static final String COMMAND = "train";

    @ParentCommand
    Main main;

    @Option(names = "--input", required = true, paramLabel = "DIR",
            description = "A folder of clouds (*.ply ASCII, *.csv with x,y,z or det_row,det_col,angle_x10), or one cloud file")
    Path input;

    @Option(names = "--model-out", required = true, paramLabel = "ID", description = "Id of the new model (letters, digits, . _ -); must be free")
    String modelOut;

    @Option(names = "--use", defaultValue = "foldingnet", paramLabel = "NAME", description = "The encoder (default ${DEFAULT-VALUE})")
    String use;

    @Mixin
    StageOptions stage;

    @Override
    public Integer call() throws Exception {
        ModelRegistry registry = new ModelRegistry(main.home().models());
        List<Path> files;
        List<PointCloud> clouds = new ArrayList<>();
        try {
            ModelId.check(modelOut);
            if (registry.contains(modelOut)) {
                throw new FileAlreadyExistsException("model '" + modelOut + "' exists; pick another id, e.g. " + registry.freeId(modelOut));
            }
        } catch (IOException | IllegalArgumentException e) {
            return ModelsCommand.fail(COMMAND, e);
        }
        try (Platform platform = Platform.start(main.home(), Distribution.fromSystemProperty())) {
            StageOptions.Bound b;
            try {
                // the encoder and its parameters first, as denoise does: the clouds are read only for a stage that exists
                b = stage.bind(platform.stages(), "encoder", use);
                files = EncodeCommand.inputs(input);
                for (Path f : files) clouds.add(CloudFiles.read(f));
            } catch (IOException | IllegalArgumentException e) {
                return ModelsCommand.fail(COMMAND, e);
            }
            Encoder encoder = (Encoder) b.stage().service();
            System.out.printf("training %s (%s) on %d clouds from %s%n", b.stage().key(),
                    org.braggflow.launcher.stage.ParameterValues.asWritten(b.stage().descriptor(), b.parameters()), clouds.size(), input);
            long t0 = System.nanoTime();
            long[] lastLine = {0};
            EncoderModel model = encoder.train(clouds, b.parameters(), (done, total) -> {
                long now = System.nanoTime();
                // a line at most every 2 s, and the last one
                if (done == total || now - lastLine[0] > 2_000_000_000L) {
                    lastLine[0] = now;
                    System.out.printf("  epoch %d of %d, %.0f s%n", done, total, (now - t0) / 1e9);
                }
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<Double> loss = model.lossHistory();
            ModelRecord record;
            try {
                record = registry.register(modelOut, model, encoder,
                        new ModelRecord.Origin(b.stage().type(), b.stage().name(), b.stage().bundleSymbolicName(), b.stage().bundleVersion()),
                        ModelRecord.Training.of(List.of(new ModelRecord.ScanCount(input.getFileName().toString(), clouds.size())), loss),
                        Optional.empty());
            } catch (IOException e) {
                return ModelsCommand.fail(COMMAND, e);
            }
            if (loss.isEmpty()) {
                System.out.printf("trained in %.1f s%n", seconds);
            } else {
                System.out.printf("trained %d epochs in %.1f s: loss %.6g (first epoch) -> %.6g (last), %.1fx lower%n", loss.size(), seconds,
                        loss.get(0), loss.get(loss.size() - 1), loss.get(0) / loss.get(loss.size() - 1));
            }
            System.out.printf("model %s registered in %s (%d features per cloud)%n", record.id(), registry.folder(record.id()), record.featureSize());
            return 0;
        }
    }
}
