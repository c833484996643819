package org.braggflow.api.stage;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/** A trained encoder, as produced by {@link Encoder#train} or {@link Encoder#load}. */
@ConsumerType
public interface EncoderModel {

    /**
     * The model's own id, as its encoder names it and saves it; the platform's model registry may file
     * the model under another id (given at import, or made from the workflow and scan it was trained on).
     */
    String id();

    /** Length of the feature vector (codeword) of one cloud. */
    int featureSize();

    /** Training loss per epoch, oldest first (empty for an imported model). */
    List<Double> lossHistory();

    /** Loss per epoch on clouds held out of training, aligned with the last epochs of {@link #lossHistory()}; empty when none were. */
    default List<Double> heldOutLossHistory() {
        return List.of();
    }

    /**
     * What the model did to its inputs, as plain values for run.json (e.g. how clouds were centred
     * and scaled, how many were padded to the network's point count); empty when there is nothing to say.
     */
    default Map<String, Object> report() {
        return Map.of();
    }
}
