package org.braggflow.launcher.evaluate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.launcher.run.ScanRunner;
import org.braggflow.launcher.workflow.Workflow;
import org.braggflow.scanio.simulate.PlantedDomain;
import org.braggflow.scanio.simulate.SimulatedScan;
import org.braggflow.scanio.simulate.SimulationSpec;
import org.braggflow.scanio.simulate.SimulationTruth;

/**
 * Simulates scans with planted domains, one per seed and format, runs every workflow on each through
 * the scan runner that {@code serve} uses, and scores the outputs against the planted truth.
 * Scans are written under {@code <out>/scans/} and removed after their runs unless kept; outputs go
 * to {@code <out>/results/<preset>-s<seed>-<format>/<workflow>/<scan>/}.
 */
public final class Evaluation {

    private final ScanRunner runner;
    private final PrintStream log;

    public Evaluation(ScanRunner runner, PrintStream log) {
        this.runner = runner;
        this.log = log;
    }

    /**
     * @param specs the simulated scan of a seed
     */
    public List<EvaluationRow> run(String preset, LongFunction<SimulationSpec> specs, List<Long> seeds, List<SimulatedScan.Format> formats,
                                   List<Workflow> workflows, Path out, boolean keepScans) throws Exception {
        List<EvaluationRow> rows = new ArrayList<>();
        for (long seed : seeds) {
            SimulationSpec spec = specs.apply(seed);
            for (SimulatedScan.Format format : formats) {
                String f = format.name().toLowerCase();
                String name = preset + "-s" + seed + "-" + f;
                Path scan = out.resolve("scans").resolve(format == SimulatedScan.Format.H5 ? name + ".h5" : name);
                Files.createDirectories(scan.getParent());
                log.printf("simulating %s: %d x %d positions, %d angles, %d x %d detector%n", name, spec.rows(), spec.cols(), spec.angles(),
                        spec.detRows(), spec.detCols());
                SimulationTruth truth = SimulatedScan.write(spec, format, scan);
                truth.write(out.resolve("scans").resolve(name + ".truth.json"));
                for (Workflow w : workflows) {
                    EvaluationRow row = runOne(preset, seed, f, w.withResults(out.resolve("results").resolve(name)), scan, truth);
                    rows.add(row);
                    log.printf("  %-22s %s%n", w.id(), row.succeeded()
                            ? String.format("ARI %.3f (interior %.3f), %d clusters for %d domains, min recall %.2f%s, strain RMS %.1e (interior %.1e), %.1f s",
                                    row.ari(), row.interiorAri(), row.found(), row.planted(), row.minRecall(),
                                    row.gradientSplit() ? ", GRADIENT SPLIT" : "", row.strainRms(), row.interiorStrainRms(), row.seconds())
                            : "FAILED: " + row.error());
                }
                // only this evaluation's own simulated scans are removed, never a user's file
                if (!keepScans) org.braggflow.launcher.home.Folders.deleteTree(scan);
            }
        }
        return rows;
    }

    private EvaluationRow runOne(String preset, long seed, String format, Workflow w, Path scan, SimulationTruth truth) throws Exception {
        long t0 = System.nanoTime();
        ScanRunner.RunOutcome outcome = runner.run(w, scan, ProgressListener.NONE);
        double seconds = (System.nanoTime() - t0) / 1e9;
        forgetTrainedModel(w, outcome);
        if (!outcome.succeeded()) {
            return new EvaluationRow(preset, seed, format, w.id(), Double.NaN, 0, truth.domains().size(), 0, Map.of(), false, Double.NaN,
                    seconds, outcome.error(), Double.NaN, 0, Double.NaN);
        }
        int rows = truth.rows(), cols = truth.cols();
        int[] planted = new int[rows * cols];
        double[] strain = new double[rows * cols], gradient = new double[rows * cols];
        boolean[] mask = new boolean[rows * cols];
        Map<Integer, PlantedDomain> byLabel = new LinkedHashMap<>();
        truth.domains().forEach(d -> byLabel.put(d.label(), d));
        for (int i = 0; i < planted.length; i++) {
            int label = truth.labels()[i / cols][i % cols];
            planted[i] = label;
            mask[i] = label >= 0;
            strain[i] = truth.strain()[i / cols][i % cols];
            gradient[i] = truth.gradientStrain()[i / cols][i % cols];
        }
        DomainScore score = DomainScore.of(planted, RunOutputs.clusters(outcome.folder(), rows, cols), gradient, cols);
        Map<String, Double> byKind = new LinkedHashMap<>();
        score.recall().forEach((label, recall) -> byKind.merge(byLabel.get(label).kind().name().toLowerCase(), recall, Math::min));
        double[] strainMap = RunOutputs.map(outcome.folder(), "strain", rows, cols);
        double strainRms = RunOutputs.rmsAfterOffset(strainMap, strain, mask);
        int[] interior = DomainScore.interior(planted, cols);
        boolean[] interiorMask = new boolean[mask.length];
        for (int i = 0; i < mask.length; i++) interiorMask[i] = interior[i] >= 0;
        double interiorStrainRms = RunOutputs.rmsAfterOffset(strainMap, strain, interiorMask);
        return new EvaluationRow(preset, seed, format, w.id(), score.ari(), score.found(), score.planted(), score.minRecall(), byKind,
                score.gradientSplit(), strainRms, seconds, null, score.interiorAri(), score.coverage(), interiorStrainRms);
    }


    /**
     * A model a workflow trained on one of evaluate's own simulated scans is evaluate's scratch, not a
     * model for users: it leaves the home's registry again once its run is scored.
     */
    private static void forgetTrainedModel(Workflow w, ScanRunner.RunOutcome outcome) {
        if (w.home() == null || outcome.record() == null) return;
        org.braggflow.launcher.run.RunRecord.ModelUse model = outcome.record().model();
        if (model == null || !model.trainedOnThisScan() || model.id() == null) return;
        org.braggflow.launcher.home.Folders.deleteTree(new org.braggflow.launcher.home.BraggflowHome(w.home()).models()
                .resolve(model.id()));
    }

    /** Id of the derived baseline: lattice-defects with its encoder left at its seeded initial weights. */
    public static final String UNTRAINED = "foldingnet-untrained";

    /** The baseline workflow ids, weakest expected first, as the ordering line compares them. */
    public static final List<String> BASELINES = List.of("conventional-maps", "pca-defects", UNTRAINED, "lattice-defects");

    /**
     * The lattice-defects workflow with its encoder untrained: no registered model, zero epochs, so
     * the codeword comes from the network's seeded initial weights. What training adds is the
     * difference between this baseline and lattice-defects.
     */
    public static Workflow untrained(Workflow lattice) {
        List<org.braggflow.launcher.workflow.StageStep> steps = lattice.stages().stream().map(s -> {
            if (!s.type().equals("encoder")) return s;
            Map<String, Object> with = new LinkedHashMap<>(s.with());
            with.keySet().removeAll(List.of("maxSteps", "timeBudgetSeconds", "epochs", "resumeFrom"));
            with.put("epochs", 0);
            return new org.braggflow.launcher.workflow.StageStep(s.type(), s.use(), java.util.Optional.empty(), with, s.places(), s.line(), s.column());
        }).toList();
        return evaluationCopy(lattice, UNTRAINED, steps);
    }

    /** A workflow as evaluate runs it: no trigger, no clouds written, under the given id. */
    public static Workflow evaluationCopy(Workflow w, String id, List<org.braggflow.launcher.workflow.StageStep> steps) {
        String text = id.equals(w.id()) ? w.text() : w.text() + "\n# run by evaluate as " + id + ": the encoder left untrained (epochs 0, no model)\n";
        return new Workflow(w.file(), id, w.description(), java.util.Optional.empty(), java.util.Optional.empty(), steps, w.results(), false,
                text, w.sha256(), w.home());
    }
}
