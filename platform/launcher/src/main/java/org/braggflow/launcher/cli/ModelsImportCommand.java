package org.braggflow.launcher.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.braggflow.api.stage.CheckpointImporter;
import org.braggflow.api.stage.Encoder;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.models.ModelId;
import org.braggflow.launcher.models.ModelRecord;
import org.braggflow.launcher.models.ModelRegistry;
import org.braggflow.launcher.stage.DeployedStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Imports a checkpoint trained outside Braggflow through the deployed encoder stage that offers a
 * {@link CheckpointImporter}, and registers the model with the SHA-256 of the files it came from.
 */
@Command(name = "import", description = "Import a reference checkpoint (e.g. a PyTorch FoldingNet state dict) as a registered model.")
final class ModelsImportCommand implements Callable<Integer> {

    private static final String COMMAND = "models import";

    @ParentCommand
    ModelsCommand parent;

    @Parameters(paramLabel = "CHECKPOINT", description = "The checkpoint file (read as data; nothing in it is run)")
    Path checkpoint;

    @Option(names = "--config", required = true, paramLabel = "CONFIG.json", description = "The configuration it was trained with")
    Path config;

    @Option(names = "--source-points", paramLabel = "CSV", description = "The decoder's source points, for configurations that need them")
    Path sourcePoints;

    @Option(names = "--id", paramLabel = "ID", description = "Model id (default: the encoder's name for the import)")
    String id;

    @Option(names = "--use", paramLabel = "NAME", description = "The encoder stage that imports it (default: the only one that can)")
    String use;

    @Override
    public Integer call() throws Exception {
        ModelRegistry registry = parent.registry();
        try {
            for (Path p : sourcePoints == null ? List.of(checkpoint, config) : List.of(checkpoint, config, sourcePoints)) {
                InputPaths.file(p);
            }
            if (id != null && registry.contains(ModelId.check(id))) {
                throw new FileAlreadyExistsException("model '" + id + "' exists in " + registry.root());
            }
        } catch (IOException | IllegalArgumentException e) {
            return ModelsCommand.fail(COMMAND, e);
        }
        try (Platform platform = Platform.start(parent.main.home(), Distribution.fromSystemProperty())) {
            DeployedStage stage;
            try {
                stage = importer(platform);
            } catch (IllegalArgumentException e) {
                return ModelsCommand.fail(COMMAND, e);
            }
            EncoderModel model;
            try {
                model = ((CheckpointImporter) stage.service()).importCheckpoint(checkpoint, config, sourcePoints);
            } catch (IOException e) {
                // a checkpoint that does not fit its configuration is bad input, named by the importer
                System.err.println("braggflow " + COMMAND + ": " + e.getMessage());
                return 2;
            }
            String modelId = id != null ? id : ModelId.from(model.id());
            try {
                ModelRecord r = registry.register(modelId, model, (Encoder) stage.service(),
                        new ModelRecord.Origin(stage.type(), stage.name(), stage.bundleSymbolicName(), stage.bundleVersion()),
                        ModelRecord.Training.of(List.of(), model.lossHistory()), Optional.of(source()));
                System.out.printf("imported %s as model %s (%s, %d features), SHA-256 %s%n", checkpoint, r.id(), stage.key(),
                        r.featureSize(), r.sha256());
                return 0;
            } catch (FileAlreadyExistsException e) {
                return ModelsCommand.fail(COMMAND, new FileAlreadyExistsException("model '" + modelId + "' exists in " + registry.root()
                        + " (the same checkpoint imported before?); choose another with --id"));
            }
        }
    }

    /** The deployed encoder that imports checkpoints: the one named by --use, else the only one. */
    private DeployedStage importer(Platform platform) {
        List<DeployedStage> importers = platform.stages().list().stream()
                .filter(s -> s.type().equals("encoder") && s.service() instanceof CheckpointImporter)
                .filter(s -> use == null || s.name().equals(use)).toList();
        if (importers.isEmpty()) {
            throw new IllegalArgumentException(use == null ? "no deployed encoder stage imports checkpoints"
                    : "encoder/" + use + " is not deployed or does not import checkpoints");
        }
        List<String> names = importers.stream().map(DeployedStage::name).distinct().toList();
        if (names.size() > 1) throw new IllegalArgumentException("several encoders import checkpoints (" + names + "); choose one with --use");
        // list() sorts by version: the last one of a name is the highest, as stage calls pick
        return importers.get(importers.size() - 1);
    }

    private ModelRecord.ImportSource source() throws IOException {
        return new ModelRecord.ImportSource(checkpoint.toAbsolutePath().normalize(), org.braggflow.api.files.Sha256.of(checkpoint),
                config.toAbsolutePath().normalize(), org.braggflow.api.files.Sha256.of(config),
                Optional.ofNullable(sourcePoints).map(p -> p.toAbsolutePath().normalize()),
                sourcePoints == null ? Optional.empty() : Optional.of(org.braggflow.api.files.Sha256.of(sourcePoints)));
    }
}
