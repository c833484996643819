package org.braggflow.encode.pca;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.EncoderModel;

/** A trained PCA encoder: the descriptor's grid and block scales, and the principal components. */
final class PcaModel implements EncoderModel {

    private final String id;
    final CloudDescriptor descriptor;
    final PrincipalComponents pca;
    private final List<Double> lossHistory;
    private final Map<String, Object> provenance;

    PcaModel(String id, CloudDescriptor descriptor, PrincipalComponents pca, List<Double> lossHistory,
            Map<String, Object> provenance) {
        int d = descriptor.config.descriptorLength();
        if (pca.mean().length != d) throw new IllegalArgumentException("mean has " + pca.mean().length + " values, descriptor " + d);
        for (float[] c : pca.components()) {
            if (c.length != d) throw new IllegalArgumentException("component has " + c.length + " values, descriptor " + d);
        }
        this.id = id;
        this.descriptor = descriptor;
        this.pca = pca;
        this.lossHistory = List.copyOf(lossHistory);
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int featureSize() {
        return pca.eigenvalues().length;
    }

    /** One entry: the share of the training descriptors' variance the kept components leave out. */
    @Override
    public List<Double> lossHistory() {
        return lossHistory;
    }

    Map<String, Object> provenance() {
        return provenance;
    }

    PcaConfig config() {
        return descriptor.config;
    }

    /** The codeword of one cloud: its descriptor minus the mean, projected on each component (and whitened). */
    float[] encode(PointCloud cloud) {
        double[] x = descriptor.of(cloud);
        float[] mean = pca.mean();
        float[][] components = pca.components();
        float[] out = new float[components.length];
        for (int c = 0; c < components.length; c++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) s += components[c][j] * (x[j] - mean[j]);
            if (config().whiten()) s /= Math.sqrt(pca.eigenvalues()[c]);
            out[c] = (float) s;
        }
        return out;
    }

    @Override
    public String toString() {
        return "PcaModel[" + id + ", " + descriptor.config + ", " + featureSize() + " components]";
    }
}
