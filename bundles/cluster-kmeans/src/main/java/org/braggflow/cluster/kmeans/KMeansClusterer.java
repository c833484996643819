package org.braggflow.cluster.kmeans;

import java.lang.annotation.Annotation;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.stage.Clusterer;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code clusterer/kmeans} stage (science.md step 6, the authors' kmeans_opt): min-max scaled
 * features, k-means++ seeded k-means, best of {@code repeats} runs, k by the elbow rule or fixed.
 *
 * <p>The labels of the chosen k are those of the elbow sweep's best run for that k. kmeans_opt
 * reruns k-means once more with the chosen k; here every run is seeded by (seed, k, repeat), so a
 * rerun would repeat the sweep's runs exactly and is skipped. The elbow curve is in scaled units:
 * squared distances between feature vectors whose every component lies in [0, 1]. The result's k
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
        return "k-means++ on min-max scaled features, k chosen by the elbow rule of kmeans_opt or fixed";
    }

    @Override
    public ClusterResult cluster(FeatureTable features, Parameters parameters) {
        KMeansParameters p = parameters.as(KMeansParameters.class);
        ScaledFeatures x = ScaledFeatures.minMax(features);
        if (x.n == 0) return new ClusterResult(new int[0], 0, new double[0]);
        int threads = p.threads() > 0 ? p.threads() : Runtime.getRuntime().availableProcessors();
        KMeans.Partition chosen;
        double[] curve;
        if (p.mode() == KMeansMode.FIXED) {
            int k = Math.min(p.k(), x.n);
            chosen = BestOfRepeats.best(x, new int[] {k}, p.repeats(), p.seed(), p.maxIterations(), threads)[0];
            curve = new double[0];
        } else {
            int maxK = ElbowRule.maxK(p.maxK(), x.n);
            int[] ks = new int[maxK];
            for (int i = 0; i < maxK; i++) ks[i] = i + 1;
            KMeans.Partition[] best = BestOfRepeats.best(x, ks, p.repeats(), p.seed(), p.maxIterations(), threads);
            curve = new double[maxK];
            for (int i = 0; i < maxK; i++) curve[i] = best[i].withinSumOfSquares();
            chosen = best[ElbowRule.choose(curve, p.cutoff()) - 1];
        }
        int[] labels = CanonicalLabels.renumber(chosen.labels(), features.rows());
        return new ClusterResult(labels, CanonicalLabels.count(labels), curve);
    }
}
