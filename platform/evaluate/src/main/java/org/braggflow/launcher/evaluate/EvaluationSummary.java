package org.braggflow.launcher.evaluate;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The figures {@code evaluate} prints per workflow: median and minimum ARI, the share of runs in
 * which every planted domain was recalled at {@link #RECALL}, median recall per domain kind, runs in
 * which the gradient split a domain, median strain RMS error and median time; and evaluate.csv
 * with one line per run.
 */
public final class EvaluationSummary {

    /** A planted domain counts as found when this share of its positions sits in one cluster. */
    public static final double RECALL = 0.9;

    private final List<EvaluationRow> rows;

    public EvaluationSummary(List<EvaluationRow> rows) {
        this.rows = List.copyOf(rows);
    }

    /** Workflows in the order of their first run. */
    public List<String> workflows() {
        return rows.stream().map(EvaluationRow::workflow).distinct().toList();
    }

    public List<EvaluationRow> of(String workflow) {
        return rows.stream().filter(r -> r.workflow().equals(workflow)).toList();
    }

    /** Median ARI of a workflow's runs (a failed run scores 0). */
    public double medianAri(String workflow) {
        return median(of(workflow).stream().mapToDouble(r -> r.succeeded() ? r.ari() : 0).toArray());
    }

    public double minAri(String workflow) {
        return of(workflow).stream().mapToDouble(r -> r.succeeded() ? r.ari() : 0).min().orElse(Double.NaN);
    }

    /** Share of runs in which every planted domain's recall reached {@link #RECALL}. */
    public double allRecalledShare(String workflow) {
        List<EvaluationRow> r = of(workflow);
        return r.isEmpty() ? Double.NaN : r.stream().filter(x -> x.succeeded() && x.minRecall() >= RECALL).count() / (double) r.size();
    }

    public long gradientSplits(String workflow) {
        return of(workflow).stream().filter(EvaluationRow::gradientSplit).count();
    }

    public String table() {
        TreeSet<String> kinds = new TreeSet<>();
        rows.forEach(r -> kinds.addAll(r.recallByKind().keySet()));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-22s %5s %8s %8s %8s %9s %9s %11s %9s %8s  %s%n", "workflow", "runs", "ARI med", "ARI min", "interior",
                "recall>=" + RECALL, "grad.split", "strain RMS", "interior", "seconds", "median recall by domain kind"));
        for (String w : workflows()) {
            List<EvaluationRow> r = of(w);
            long failed = r.stream().filter(x -> !x.succeeded()).count();
            StringBuilder recall = new StringBuilder();
            for (String k : kinds) {
                double[] v = r.stream().filter(x -> x.recallByKind().containsKey(k)).mapToDouble(x -> x.recallByKind().get(k)).toArray();
                if (v.length > 0) recall.append(String.format("%s %.2f  ", k, median(v)));
            }
            sb.append(String.format("%-22s %5s %8.3f %8.3f %8.3f %8.0f%% %6d/%-3d %11.1e %9.1e %8.1f  %s%n", w,
                    r.size() + (failed > 0 ? "(" + failed + " failed)" : ""), medianAri(w), minAri(w),
                    median(r.stream().filter(EvaluationRow::succeeded).mapToDouble(EvaluationRow::interiorAri).filter(Double::isFinite).toArray()),
                    100 * allRecalledShare(w),
                    gradientSplits(w), r.size(), median(r.stream().filter(EvaluationRow::succeeded).mapToDouble(EvaluationRow::strainRms)
                            .filter(Double::isFinite).toArray()),
                    median(r.stream().filter(EvaluationRow::succeeded).mapToDouble(EvaluationRow::interiorStrainRms)
                            .filter(Double::isFinite).toArray()),
                    median(r.stream().filter(EvaluationRow::succeeded).mapToDouble(EvaluationRow::seconds).toArray()), recall.toString().trim()));
        }
        return sb.toString();
    }

    /** "a 0.95 >= b 0.90 >= c 0.80: holds" for the median ARIs of workflows in the order given (absent ones skipped). */
    public String ordering(List<String> order) {
        List<String> present = present(order);
        StringBuilder sb = new StringBuilder("median ARI ordering: ");
        boolean holds = true;
        for (int i = 0; i < present.size(); i++) {
            if (i > 0) {
                sb.append(" >= ");
                holds &= medianAri(present.get(i - 1)) >= medianAri(present.get(i));
            }
            sb.append(String.format("%s %.3f", present.get(i), medianAri(present.get(i))));
        }
        return sb.append(holds ? ": holds" : ": does NOT hold").toString();
    }

    /**
     * Two workflows compared scan by scan, for the medians alone cannot say whether a difference is more
     * than a position or two: on how many scans (seed and format) that both ran the first scored a higher ARI,
     * the same, or a lower one, and the two-sided sign test's p-value over the scans that differ (the chance
     * of a split at least this uneven if neither workflow were better). The formats of one seed are one
     * simulated sample written differently, so their runs are not independent and p is a lower bound.
     */
    public Paired paired(String first, String second) {
        java.util.Map<String, Double> theirs = new java.util.HashMap<>();
        for (EvaluationRow r : of(second)) if (r.succeeded()) theirs.put(scanKey(r), r.ari());
        int higher = 0, equal = 0, lower = 0;
        for (EvaluationRow r : of(first)) {
            Double other = r.succeeded() ? theirs.get(scanKey(r)) : null;
            if (other == null) continue;
            double d = r.ari() - other;
            // one map scores the same ARI to the bit; the tolerance lets rows read back from evaluate.csv (6 digits) compare too
            if (Math.abs(d) <= SAME_ARI) equal++;
            else if (d > 0) higher++;
            else lower++;
        }
        return new Paired(first, second, higher, equal, lower, signTest(higher, lower));
    }

    /** ARIs closer than this count as equal in {@link #paired}. */
    static final double SAME_ARI = 1e-6;

    /** One workflow against another, scan by scan ({@link #paired}). */
    public record Paired(String first, String second, int higher, int equal, int lower, double signTestP) {
        @Override
        public String toString() {
            return String.format("%s vs %s: higher on %d, equal on %d, lower on %d of %d scans (sign test p %.2f)", first, second, higher,
                    equal, lower, higher + equal + lower, signTestP);
        }
    }

    /** The lines {@code evaluate} prints under the ordering: each workflow against the next in {@code order}. */
    public String pairedLines(List<String> order) {
        List<String> present = present(order);
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < present.size(); i++) sb.append("paired by scan: ").append(paired(present.get(i - 1), present.get(i))).append('\n');
        return sb.toString();
    }

    /**
     * Two-sided exact sign test: 2 P(X <= min(a, b)) for X binomial(a + b, 1/2), at most 1. Written out
     * rather than taken from commons-math3 (on the class path): its 3.6.1 BinomialTest counts the middle
     * term twice when a = b and returns p 1.5 for one win against one loss.
     */
    static double signTest(int a, int b) {
        int n = a + b, k = Math.min(a, b);
        if (n == 0) return 1;
        double term = Math.pow(0.5, n), tail = 0;   // P(X = 0), then each next term from the last
        for (int i = 0; i <= k; i++) {
            tail += term;
            term = term * (n - i) / (i + 1);
        }
        return Math.min(1, 2 * tail);
    }

    /** The workflows of {@code order} that ran, in that order. */
    private List<String> present(List<String> order) {
        return order.stream().filter(workflows()::contains).toList();
    }

    private static String scanKey(EvaluationRow r) {
        return r.preset() + "/" + r.seed() + "/" + r.format();
    }

    public void writeCsv(Path file) throws IOException {
        TreeSet<String> kinds = new TreeSet<>();
        rows.forEach(r -> kinds.addAll(r.recallByKind().keySet()));
        List<String> header = new ArrayList<>(List.of("preset", "seed", "format", "workflow", "ari", "ari_interior", "coverage",
                "clusters_found", "domains_planted", "min_recall"));
        kinds.forEach(k -> header.add("recall_" + k));
        header.addAll(List.of("gradient_split", "strain_rms", "strain_rms_interior", "seconds", "error"));
        try (Writer out = Files.newBufferedWriter(file);
             CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get().print(out)) {
            for (EvaluationRow r : rows) {
                List<Object> line = new ArrayList<>(List.of(r.preset(), r.seed(), r.format(), r.workflow(), number(r.ari()),
                        number(r.interiorAri()), number(r.coverage()), r.found(), r.planted(), number(r.minRecall())));
                for (String k : kinds) line.add(r.recallByKind().containsKey(k) ? number(r.recallByKind().get(k)) : "");
                line.addAll(List.of(r.gradientSplit(), number(r.strainRms()), number(r.interiorStrainRms()), String.format("%.2f", r.seconds()),
                        r.error() == null ? "" : r.error()));
                csv.printRecord(line);
            }
        }
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format("%.6g", v) : "";
    }

    static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
