package org.braggflow.api.stage;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns a model trained outside Braggflow (for an encoder, a checkpoint of the reference
 * implementation) into a model of the stage that offers this service. An encoder stage that can
 * import registers this interface beside {@link Encoder} on the same component, so the platform finds
 * the importer by the same {@code stage.type} and {@code stage.name} properties; the model returned
 * is one that stage's {@link Encoder#encode} and {@link Encoder#save} accept.
 */
@ConsumerType
public interface CheckpointImporter {

    /**
     * Reads a checkpoint as data: nothing in the file is executed or deserialised as Java objects.
     *
     * @param checkpoint   the checkpoint file
     * @param config       the configuration the checkpoint was trained with
     * @param sourcePoints a data file the configuration refers to (for FoldingNet, the decoder's
     *                     source points), or null when the configuration needs none
     * @throws IOException when a file cannot be read, or a tensor of the checkpoint does not fit the
     *                     configuration (the message names the tensor and both shapes)
     */
    EncoderModel importCheckpoint(Path checkpoint, Path config, Path sourcePoints) throws IOException;
}
