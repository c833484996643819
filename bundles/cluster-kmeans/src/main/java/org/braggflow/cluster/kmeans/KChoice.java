package org.braggflow.cluster.kmeans;

/**
 * Chooses k by one criterion and returns the partition of all positions for it.
 *
 * <p>Every k-means run is seeded by (seed, k, repeat). Silhouette and gap are measured on the core
 * positions ({@link CorePositions}), a seeded sample of them when there are many
 * ({@link CriterionSample}). When that is every position, the sweep's partition for the chosen k is
 * used as it is; with a smaller core, every position goes to its nearest centre of the core's
 * partition; with a sample of all positions, k-means runs once more on all of them.
 */
final class KChoice {

    /**
     * What was chosen and why: the criterion's values at k = ks, the chosen k, the elbow curve
     * (empty unless the elbow rule chose) and the partition of all positions.
     */
    record Outcome(KSelection criterion, int[] ks, double[] values, int chosenK, double[] elbowCurve, KMeans.Partition partition) {
    }

    private final ScaledFeatures x;
    private final KMeansParameters p;
    private final int threads;
    /** Positions silhouette and gap choose k on ({@link CorePositions}); all of them when the core is the whole table. */
    private final int[] core;

    KChoice(ScaledFeatures x, KMeansParameters p, int threads, int[] core) {
        this.x = x;
        this.p = p;
        this.threads = threads;
        this.core = core;
    }

    /** The core positions, or a seeded sample of them when there are more than {@code sample}. */
    private int[] criterionRows() {
        int[] picked = CriterionSample.indices(core.length, p.sample(), p.seed());
        int[] rows = new int[picked.length];
        for (int i = 0; i < picked.length; i++) rows[i] = core[picked[i]];
        return rows;
    }

    Outcome choose(KSelection criterion) {
        return switch (criterion) {
            case FIXED -> fixed();
            case ELBOW -> elbow();
            case SILHOUETTE, AUTO -> silhouette();
            case GAP -> gap();
        };
    }

    private KMeans.Partition[] sweep(ScaledFeatures points, int[] ks) {
        return BestOfRepeats.best(points, ks, p.repeats(), p.seed(), p.maxIterations(), threads);
    }

    private static int[] range(int from, int to) {
        int[] ks = new int[Math.max(0, to - from + 1)];
        for (int i = 0; i < ks.length; i++) ks[i] = from + i;
        return ks;
    }

    private Outcome fixed() {
        int k = Math.min(p.k(), x.n);
        return new Outcome(KSelection.FIXED, new int[0], new double[0], k, new double[0], sweep(x, new int[] {k})[0]);
    }

    private Outcome elbow() {
        int maxK = ElbowRule.maxK(p.maxK(), x.n);
        int[] ks = range(1, maxK);
        KMeans.Partition[] best = sweep(x, ks);
        double[] curve = new double[maxK];
        for (int i = 0; i < maxK; i++) curve[i] = best[i].withinSumOfSquares();
        int k = ElbowRule.choose(curve, p.cutoff());
        return new Outcome(KSelection.ELBOW, ks, curve, k, curve, best[k - 1]);
    }

    private Outcome silhouette() {
        int[] rows = criterionRows();
        ScaledFeatures s = x.rows(rows);
        int maxK = Math.min(ElbowRule.maxK(p.maxK(), x.n), s.n);
        if (maxK < 2) return oneCluster(KSelection.SILHOUETTE, new int[0], new double[0]);
        int[] ks = range(2, maxK);
        KMeans.Partition[] best = sweep(s, ks);
        Silhouette measure = new Silhouette(s);
        double[] values = new double[ks.length];
        int chosen = 0;
        for (int i = 0; i < ks.length; i++) {
            values[i] = measure.mean(best[i].labels(), best[i].k());
            if (values[i] > values[chosen]) chosen = i;
        }
        if (unimodal(s, best[chosen])) return oneCluster(KSelection.SILHOUETTE, ks, values);
        return finish(KSelection.SILHOUETTE, ks, values, ks[chosen], rows, best[chosen]);
    }

    private Outcome gap() {
        int[] rows = criterionRows();
        ScaledFeatures s = x.rows(rows);
        int maxK = Math.min(ElbowRule.maxK(p.maxK(), x.n), s.n);
        int[] ks = range(1, maxK);
        KMeans.Partition[] best = sweep(s, ks);
        double[] within = new double[maxK];
        for (int i = 0; i < maxK; i++) within[i] = best[i].withinSumOfSquares();
        // all sampled positions alike (or a single one): nothing to compare with a reference
        if (maxK < 2 || !(within[0] > 0)) return oneCluster(KSelection.GAP, ks, new double[maxK]);
        GapStatistic.Curve c = GapStatistic.curve(s, within, p.references(), 1, p.seed(), p.maxIterations(), threads);
        int k = GapStatistic.choose(c);
        if (k > 1 && unimodal(s, best[k - 1])) return oneCluster(KSelection.GAP, ks, c.gap());
        return finish(KSelection.GAP, ks, c.gap(), k, rows, best[k - 1]);
    }

    /**
     * Whether no two clusters of the chosen partition are separated by a density valley
     * ({@link SplitValley#smallestPairRatio}), when that test is on: then the positions are one cloud.
     */
    private boolean unimodal(ScaledFeatures s, KMeans.Partition chosen) {
        return p.splitValley() > 0 && chosen.k() >= 2 && SplitValley.smallestPairRatio(s, chosen.labels(), chosen.k()) >= p.splitValley();
    }

    private Outcome oneCluster(KSelection criterion, int[] ks, double[] values) {
        return new Outcome(criterion, ks, values, 1, new double[0], sweep(x, new int[] {1})[0]);
    }

    /**
     * The sweep's partition when it saw every position; with a core smaller than the table, every
     * position's nearest centre of the core's partition; else a run of the chosen k on all positions.
     */
    private Outcome finish(KSelection criterion, int[] ks, double[] values, int k, int[] rows, KMeans.Partition onSample) {
        KMeans.Partition all = rows.length == x.n ? onSample
                : core.length < x.n ? CorePositions.assignAll(x, rows, onSample) : sweep(x, new int[] {k})[0];
        return new Outcome(criterion, ks, values, k, new double[0], all);
    }
}
