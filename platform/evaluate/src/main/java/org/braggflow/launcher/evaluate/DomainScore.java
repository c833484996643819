package org.braggflow.launcher.evaluate;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a domain map compares with planted domains, over the positions both put in the particle:
 * <ul>
 * <li>the adjusted Rand index (Hubert and Arabie) of found clusters against planted labels;</li>
 * <li>each planted domain's recall: the share of its positions in the cluster that holds most of them;</li>
 * <li>whether a smooth gradient split a domain: a share of at least {@code SPLIT_SHARE} of a domain's
 *     positions sits outside its main cluster, and those positions' gradient values differ from the main
 *     cluster's by more than a quarter of the gradient's range over the particle (a split along the
 *     gradient, not stray positions at a boundary).</li>
 * </ul>
 *
 * @param ari          adjusted Rand index, 1 = identical partitions
 * @param found        clusters found among the compared positions
 * @param planted      planted domains among them
 * @param positions    positions compared
 * @param recall       per planted label, its recall
 * @param gradientSplit whether a planted domain was divided along the gradient
 * @param interiorAri   the ARI over the interior positions only: those whose 8 grid neighbours all lie in
 *                      their own planted domain (so their peak cannot be stitched from two); NaN when none
 * @param coverage      share of the particle's planted positions that the run clustered
 */
public record DomainScore(double ari, int found, int planted, int positions, Map<Integer, Double> recall, boolean gradientSplit,
                          double interiorAri, double coverage) {

    static final double SPLIT_SHARE = 0.15;

    /**
     * @param planted  planted label per position (-1 outside the particle)
     * @param found    found cluster per position (-1 where not analysed)
     * @param gradient the planted smooth component per position (e.g. the strain gradient), or null
     * @param cols     columns of the scan grid (positions are row-major)
     */
    public static DomainScore of(int[] planted, int[] found, double[] gradient, int cols) {
        int particle = 0;
        for (int p : planted) if (p >= 0) particle++;
        int[] interior = interior(planted, cols);
        DomainScore all = ari(planted, found, gradient), inside = ari(interior, found, null);
        return new DomainScore(all.ari, all.found, all.planted, all.positions, all.recall, all.gradientSplit,
                inside.positions > 0 ? inside.ari : Double.NaN, particle == 0 ? 0 : all.positions / (double) particle);
    }

    /**
     * The planted labels of the interior positions, those whose 8 grid neighbours all share their planted
     * domain (so drift cannot stitch their peak from two domains); -1 elsewhere.
     */
    public static int[] interior(int[] planted, int cols) {
        int[] interior = planted.clone();
        for (int i = 0; i < planted.length; i++) {
            if (planted[i] < 0) continue;
            int r = i / cols, c = i % cols;
            for (int dr = -1; dr <= 1; dr++) {
                for (int dc = -1; dc <= 1; dc++) {
                    int rr = r + dr, cc = c + dc, j = rr * cols + cc;
                    if (cc < 0 || cc >= cols || rr < 0 || j >= planted.length || planted[j] != planted[i]) interior[i] = -1;
                }
            }
        }
        return interior;
    }

    private static DomainScore ari(int[] planted, int[] found, double[] gradient) {
        Map<Long, Integer> pairs = new HashMap<>();
        Map<Integer, Integer> a = new HashMap<>(), b = new HashMap<>();
        int n = 0;
        for (int i = 0; i < planted.length; i++) {
            if (planted[i] < 0 || found[i] < 0) continue;
            pairs.merge(((long) planted[i] << 32) | found[i], 1, Integer::sum);
            a.merge(planted[i], 1, Integer::sum);
            b.merge(found[i], 1, Integer::sum);
            n++;
        }
        double index = pairs.values().stream().mapToDouble(DomainScore::choose2).sum();
        double sa = a.values().stream().mapToDouble(DomainScore::choose2).sum(), sb = b.values().stream().mapToDouble(DomainScore::choose2).sum();
        double expected = n < 2 ? 0 : sa * sb / choose2(n), max = (sa + sb) / 2;
        double ari = max == expected ? 1 : (index - expected) / (max - expected);
        Map<Integer, Integer> mainCluster = new HashMap<>();
        Map<Integer, Double> recall = new LinkedHashMap<>();
        for (int label : a.keySet().stream().sorted().toList()) {
            int best = -1, bestCount = -1;
            for (Map.Entry<Long, Integer> e : pairs.entrySet()) {
                if ((int) (e.getKey() >> 32) != label) continue;
                int cluster = (int) (long) e.getKey();
                if (e.getValue() > bestCount || (e.getValue() == bestCount && cluster < best)) {
                    best = cluster;
                    bestCount = e.getValue();
                }
            }
            mainCluster.put(label, best);
            recall.put(label, bestCount / (double) a.get(label));
        }
        return new DomainScore(ari, b.size(), a.size(), n, recall, gradient != null && splitAlongGradient(planted, found, gradient, mainCluster),
                Double.NaN, Double.NaN);
    }

    private static boolean splitAlongGradient(int[] planted, int[] found, double[] gradient, Map<Integer, Integer> mainCluster) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int i = 0; i < planted.length; i++) {
            if (planted[i] < 0) continue;
            lo = Math.min(lo, gradient[i]);
            hi = Math.max(hi, gradient[i]);
        }
        if (!(hi > lo)) return false;
        for (Map.Entry<Integer, Integer> m : mainCluster.entrySet()) {
            double inSum = 0, outSum = 0;
            int in = 0, out = 0;
            for (int i = 0; i < planted.length; i++) {
                if (planted[i] != m.getKey() || found[i] < 0) continue;
                if (found[i] == m.getValue()) {
                    inSum += gradient[i];
                    in++;
                } else {
                    outSum += gradient[i];
                    out++;
                }
            }
            if (out >= SPLIT_SHARE * (in + out) && in > 0 && Math.abs(outSum / out - inSum / in) > 0.25 * (hi - lo)) return true;
        }
        return false;
    }

    /** The smallest recall of any planted domain. */
    public double minRecall() {
        return recall.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double choose2(int v) {
        return v * (v - 1) / 2.0;
    }
}
