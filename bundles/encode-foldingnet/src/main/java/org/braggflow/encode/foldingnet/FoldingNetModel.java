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
    private final List<Double> heldOutLossHistory;
    private final Map<String, Object> provenance;
    final Adam optimizer;
    final InputFrame frame;
    /** Padding of every cloud this model encoded since it was made or loaded (not saved). */
    final PaddingTally encodePadding = new PaddingTally();

    /** A model that sees raw coordinates, as every model did before the input frame existed. */
    FoldingNetModel(String id, FoldingNet net, List<Double> lossHistory, Map<String, Object> provenance, Adam optimizer) {
        this(id, net, lossHistory, provenance, optimizer, InputFrame.LEGACY);
    }

    /**
     * @param provenance what the model came from (training data counts and fingerprint, stop reason,
     *                   imported file...), saved with it as plain values
     * @param optimizer  Adam state to resume from, or null
     * @param frame      centring, scale and padding applied to every cloud before the network
     */
    FoldingNetModel(String id, FoldingNet net, List<Double> lossHistory, Map<String, Object> provenance, Adam optimizer,
                    InputFrame frame) {
        this(id, net, lossHistory, List.of(), provenance, optimizer, frame);
    }

    /**
     * @param heldOutLossHistory mean Chamfer loss per cloud on the held-out clouds after each of the last
     *                           {@code heldOutLossHistory.size()} epochs of {@code lossHistory}; empty when
     *                           none were held out
     */
    FoldingNetModel(String id, FoldingNet net, List<Double> lossHistory, List<Double> heldOutLossHistory,
                    Map<String, Object> provenance, Adam optimizer, InputFrame frame) {
        if (heldOutLossHistory.size() > lossHistory.size()) {
            throw new IllegalArgumentException(heldOutLossHistory.size() + " held-out losses for " + lossHistory.size() + " epochs");
        }
        this.frame = frame;
        this.id = id;
        this.net = net;
        this.lossHistory = List.copyOf(lossHistory);
        this.heldOutLossHistory = List.copyOf(heldOutLossHistory);
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

    /**
     * Mean Chamfer loss per cloud on the clouds held out of training (the {@code validationShare}),
     * measured after each epoch without augmentation; it covers the last {@code size()} epochs of
     * {@link #lossHistory()} (all of them unless training resumed a model that had no such curve), and the
     * model holds the weights of the epoch where it is lowest. Empty when no clouds were held out.
     */
    @Override
    public List<Double> heldOutLossHistory() {
        return heldOutLossHistory;
    }

    Map<String, Object> provenance() {
        return provenance;
    }

    /**
     * What a run should record of this model's input (for run.json): the centring and scale it applies,
     * the padding of its training clouds when it was trained here, and the padding of every cloud it has
     * encoded since it was made or loaded.
     */
    @Override
    public Map<String, Object> report() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("centre", frame.legacy() ? "none (model predates centring)" : kebab(frame.centre()));
        out.put("scale", frame.scale());
        out.put("padding", kebab(frame.padding()));
        Object training = provenance.get("trainingPadding");
        if (training != null) out.put("trainingPadding", training);
        out.put("encodePadding", encodePadding.toMap());
        return out;
    }

    private static String kebab(Enum<?> e) {
        return e.name().toLowerCase().replace('_', '-');
    }

    FoldingNetConfig config() {
        return net.config;
    }

    @Override
    public String toString() {
        return "FoldingNetModel[" + id + ", " + net.config + ", " + lossHistory.size() + " epochs]";
    }
}
