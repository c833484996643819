package org.braggflow.cluster.kmeans;

import java.lang.annotation.Annotation;
import java.util.Arrays;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.stage.Clusterer;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code clusterer/kmeans} stage (docs/method.md, section 7; the authors' kmeans_opt is
 * {@code selection: elbow}): scaled (by default min-max) features, k-means++ seeded k-means, best of
 * {@code repeats} runs, k chosen by the mean silhouette (default), the gap statistic, the elbow rule
 * or fixed ({@link KChoice}); silhouette and gap choose on the core positions ({@link CorePositions})
 * and every position goes to its nearest core centre; a spatial clean-up pass ({@link SpatialCleanup})
 * then relabels positions their neighbours do not support (for every selection).
 *
 * <p>With elbow and fixed (and with silhouette or gap when the core is every position), the labels of
 * the chosen k are those of the sweep's best run for that k; kmeans_opt reruns k-means once more with
 * the chosen k, but every run here is seeded by (seed, k, repeat), so a rerun would repeat it exactly. The within-cluster sums of squares are in
 * scaled units (with minmax scaling, squared distances between vectors whose every component lies in [0, 1]). The result's k
 * is the number of clusters the labels use: the chosen (or fixed) k, fewer only when there are
 * fewer distinct feature vectors or a run hit {@code maxIterations} with a cluster emptied.
 */
@Component(service = Clusterer.class)
@Stage(type = "clusterer", name = "kmeans")
public final class KMeansClusterer implements Clusterer {

    @Activate
    public KMeansClusterer() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return KMeansParameters.class;
    }

    @Override
    public String description() {
        return "k-means++ on scaled features (min-max by default), k chosen by the gap statistic, silhouette, the elbow rule of kmeans_opt or fixed";
    }

    @Override
    public ClusterResult cluster(FeatureTable features, Parameters parameters) {
        KMeansParameters p = parameters.as(KMeansParameters.class);
        KSelection criterion = KSelection.resolve(p.selection(), p.mode());
        ScaledFeatures x = ScaledFeatures.of(features, p.scaling());
        if (x.n == 0) return new ClusterResult(new int[0], 0, new double[0], criterion.label(), new int[0], new double[0], 0);
        int threads = p.threads() > 0 ? p.threads() : Runtime.getRuntime().availableProcessors();
        // only silhouette and gap choose on the core; elbow and fixed use every position
        boolean onCore = criterion != KSelection.ELBOW && criterion != KSelection.FIXED;
        int[] core = CorePositions.indices(features, x, onCore ? p.coreShare() : 1);
        KChoice.Outcome o = new KChoice(x, p, threads, core).choose(criterion);
        int[] raw = o.partition().labels();
        // a table smaller than a 5 x 5 patch is no map to clean
        if (p.cleanupPasses() > 0 && o.partition().k() > 1 && x.n >= 25) {
            raw = SpatialCleanup.apply(features, x, raw, o.partition().k(), p.cleanupSupport(), p.cleanupPasses());
        }
        // numbered in scan order, so two runs' maps are comparable by eye whatever the seeding numbered first
        int[] labels = ClusterResult.inScanOrder(raw, features.rows());
        return new ClusterResult(labels, Arrays.stream(labels).max().orElse(-1) + 1, o.elbowCurve(), criterion.label(), o.ks(), o.values(), o.chosenK());
    }
}
