package org.braggflow.api.stage;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** A trained encoder, as produced by {@link Encoder#train} or {@link Encoder#load}. */
@ConsumerType
public interface EncoderModel {

    /** Registry id of the model. */
    String id();

    /** Length of the feature vector (codeword) of one cloud. */
    int featureSize();

    /** Training loss per epoch, oldest first (empty for an imported model). */
    List<Double> lossHistory();
}
