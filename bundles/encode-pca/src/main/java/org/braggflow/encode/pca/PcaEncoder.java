package org.braggflow.encode.pca;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Encoder;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code encoder/pca} stage: principal components of a fixed-length shape descriptor of each
 * cloud. A cheap, deterministic baseline for {@code encoder/foldingnet}: a workflow switches with
 * {@code use: pca}.
 *
 * <h2>Descriptor</h2>
 * Each cloud is centred on its centroid and described by the occupancy histogram of its points on a
 * fixed {@code bins}^3 grid ({@link CloudDescriptor}), plus by default its 6 second moments. Why this
 * descriptor:
 * <ul>
 * <li>It does not depend on the order of the points (a cloud is a set), nor on their number: each
 * point counts 1/n. Trilinear spreading (cloud-in-cell) makes it a smoothed density estimate that
 * moves continuously with the points, so nearby shapes get nearby descriptors.</li>
 * <li>The cell edge is fixed once, at training time, per axis as {@code cellSigmas} times the pooled
 * within-cloud standard deviation of the training clouds; it is never rescaled per cloud. So size
 * shows as well as shape: a broadened Bragg peak spreads its mass over more, outer cells than a sharp
 * one. The axes (detector row, column, angle) have different units and meanings, so each gets its
 * own edge, and the descriptor is deliberately not rotation invariant.</li>
 * <li>Centring removes the peak's position (strain and tilt shift it), which the conventional maps
 * already show; {@code positionWeight} adds it back as a block when wanted.</li>
 * <li>The moments measure size and orientation exactly where the histogram is coarse. Blocks are
 * weighted so that, with weight 1, each has the same total variance over the training clouds as the
 * histogram (block scaling, as in multi-block PCA): otherwise the 6 moments (order 1) would swamp the
 * histogram (values summing to 1) or vanish beside it, depending on units.</li>
 * </ul>
 *
 * <h2>PCA</h2>
 * The descriptors of the training clouds are mean-centred and their sample covariance decomposed by
 * ND4J's symmetric eigensolver (LAPACK). The {@code featureSize} leading eigenvectors are kept, fewer
 * when the data supports fewer: with n clouds the covariance has rank at most n - 1, and eigenvalues
 * below 1e-10 of the largest are rounding noise with arbitrary directions, so {@code featureSize} is
 * capped, never an error; {@link EncoderModel#featureSize()} and the provenance
 * ({@code featureSizeRequested}) say what was kept. Each eigenvector's sign is fixed (largest |entry|
 * positive). {@code encode} projects a cloud's descriptor minus the mean onto the components and, with
 * {@code whiten}, divides by each component's standard deviation.
 *
 * <h2>Determinism</h2>
 * The same clouds and parameters give the same model and id on the same machine: the covariance is
 * summed in Java in a fixed order whatever the thread count, and only the eigensolver is native.
 *
 * <h2>Loss history</h2>
 * One entry: the share of the training descriptors' variance that the kept components do not explain,
 * {@code 1 - sum(kept eigenvalues) / trace(covariance)}, the reconstruction error of the descriptors
 * relative to their variance.
 */
@Component(service = Encoder.class)
@Stage(type = "encoder", name = "pca")
public final class PcaEncoder implements Encoder {

    /** Clouds per batch of parallel descriptor work between progress reports. */
    private static final int PROGRESS_BATCH = 256;

    @Activate
    public PcaEncoder() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return PcaParameters.class;
    }

    @Override
    public String description() {
        return "PCA of a centred 3-D occupancy histogram (and second moments) of each cloud: a fast, deterministic baseline";
    }

    /** Reports progress in clouds described; the eigen-decomposition at the end takes under a second at the default size. */
    @Override
    public EncoderModel train(List<PointCloud> clouds, Parameters parameters, ProgressListener progress) throws IOException {
        PcaParameters p = parameters.as(PcaParameters.class);
        if (clouds.size() < 2) throw new IllegalArgumentException("PCA training needs at least 2 clouds, got " + clouds.size());
        PcaConfig config = PcaConfig.of(p);
        float[] cell = CloudDescriptor.cellEdges(clouds, config.cellSigmas());

        // block scales from the unscaled blocks, then the descriptors exactly as encode will compute them
        double[][] raw = describe(new CloudDescriptor(config, cell, 1f, 1f), clouds, ProgressListener.NONE);
        int h = config.histogramLength();
        double histogramVariance = blockVariance(raw, 0, h);
        int at = h;
        float momentScale = 0, positionScale = 0;
        if (config.hasMoments()) {
            momentScale = blockScale(config.momentWeight(), histogramVariance, blockVariance(raw, at, PcaConfig.MOMENTS));
            at += PcaConfig.MOMENTS;
        }
        if (config.hasPosition()) {
            positionScale = blockScale(config.positionWeight(), histogramVariance, blockVariance(raw, at, PcaConfig.POSITION));
        }
        CloudDescriptor descriptor = new CloudDescriptor(config, cell, momentScale, positionScale);
        double[][] rows = describe(descriptor, clouds, progress);

        PrincipalComponents pca = withNd4j(() -> PrincipalComponents.fit(rows, p.featureSize()));
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("trainingClouds", clouds.size());
        provenance.put("trainingDataSha256", org.braggflow.api.files.Sha256.ofClouds(clouds));
        provenance.put("parameters", parameters.values());
        provenance.put("featureSizeRequested", p.featureSize());
        provenance.put("explainedVariance", 1 - pca.unexplainedVariance());
        String id = ModelFiles.id(config, ModelFiles.weights(descriptor, pca));
        progress.progress(clouds.size(), clouds.size());
        return new PcaModel(id, descriptor, pca, List.of(pca.unexplainedVariance()), provenance);
    }

    @Override
    public float[][] encode(EncoderModel model, List<PointCloud> clouds) {
        PcaModel m = pca(model);
        float[][] out = new float[clouds.size()][];
        // each codeword is computed by one thread alone, so the result does not depend on the threads
        IntStream.range(0, clouds.size()).parallel().forEach(i -> out[i] = m.encode(clouds.get(i)));
        return out;
    }

    @Override
    public void save(EncoderModel model, Path folder) throws IOException {
        ModelFiles.save(pca(model), folder);
    }

    @Override
    public EncoderModel load(Path folder) throws IOException {
        return ModelFiles.load(folder);
    }

    private static PcaModel pca(EncoderModel model) {
        if (!(model instanceof PcaModel m)) throw new IllegalArgumentException("not a PCA model: " + model);
        return m;
    }

    private static double[][] describe(CloudDescriptor descriptor, List<PointCloud> clouds, ProgressListener progress) {
        double[][] rows = new double[clouds.size()][];
        for (int from = 0; from < clouds.size(); from += PROGRESS_BATCH) {
            IntStream.range(from, Math.min(clouds.size(), from + PROGRESS_BATCH)).parallel()
                    .forEach(i -> rows[i] = descriptor.of(clouds.get(i)));
            progress.progress(Math.min(clouds.size(), from + PROGRESS_BATCH), clouds.size());
        }
        return rows;
    }

    /** Sum over the block's columns of their variance over the rows. */
    private static double blockVariance(double[][] rows, int from, int length) {
        double total = 0;
        for (int j = from; j < from + length; j++) {
            double mean = 0, square = 0;
            for (double[] r : rows) mean += r[j];
            mean /= rows.length;
            for (double[] r : rows) square += (r[j] - mean) * (r[j] - mean);
            total += square / (rows.length - 1);
        }
        return total;
    }

    /** {@code weight} x the scale giving a block the histogram's total variance (weight alone when either is 0). */
    private static float blockScale(double weight, double histogramVariance, double variance) {
        if (!(histogramVariance > 0) || !(variance > 0)) return (float) weight;
        return (float) (weight * Math.sqrt(histogramVariance / variance));
    }

    private interface Nd4jWork<T> {
        T run();
    }

    /**
     * Runs ND4J with its own class loader as the thread's context loader: ND4J finds its CPU backend
     * through that loader on first use, and inside OSGi the caller's loader may not see it.
     */
    private static <T> T withNd4j(Nd4jWork<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(org.nd4j.linalg.factory.Nd4j.class.getClassLoader());
        try {
            return work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
