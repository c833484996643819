package org.braggflow.encode.foldingnet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.stage.EncoderModel;

/**
 * A FoldingNet ready to encode: the network, its training history and what it was trained on, and
 * (after training or when a checkpoint is loaded) the optimiser state that lets training resume.
 */
final class FoldingNetModel implements EncoderModel {

    private final String id;
    final FoldingNet net;
    private final List<Double> lossHistory;
    private final Map<String, Object> provenance;
    final Adam optimizer;

    /**
     * @param provenance what the model came from (training data counts and fingerprint, stop reason,
     *                   imported file...), saved with it as plain values
     * @param optimizer  Adam state to resume from, or null
     */
    FoldingNetModel(String id, FoldingNet net, List<Double> lossHistory, Map<String, Object> provenance, Adam optimizer) {
        this.id = id;
        this.net = net;
        this.lossHistory = List.copyOf(lossHistory);
        this.provenance = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        this.optimizer = optimizer;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int featureSize() {
        return net.config.featureSize();
    }

    @Override
    public List<Double> lossHistory() {
        return lossHistory;
    }

    Map<String, Object> provenance() {
        return provenance;
    }

    FoldingNetConfig config() {
        return net.config;
    }

    @Override
    public String toString() {
        return "FoldingNetModel[" + id + ", " + net.config + ", " + lossHistory.size() + " epochs]";
    }
}
