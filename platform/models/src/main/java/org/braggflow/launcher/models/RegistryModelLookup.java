package org.braggflow.launcher.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.braggflow.launcher.workflow.ModelLookup;

/**
 * The workflow validator's view of the model registry: which encoder made a model in a home's
 * {@code models/} folder ({@link ModelRegistry#ofHome}). Reads the record only; files are not hashed
 * (validation runs every second while serving, and each run verifies the model it loads).
 */
public final class RegistryModelLookup implements ModelLookup {

    @Override
    public Optional<Maker> maker(Path home, String id) throws IOException {
        try {
            ModelRecord r = ModelRegistry.ofHome(home).read(id);
            return Optional.of(new Maker(r.encoder().stageType(), r.encoder().stageName()));
        } catch (UnknownModelException e) {
            return Optional.empty();
        }
    }
}
