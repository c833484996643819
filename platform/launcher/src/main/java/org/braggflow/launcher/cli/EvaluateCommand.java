package org.braggflow.launcher.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.evaluate.Evaluation;
import org.braggflow.launcher.evaluate.EvaluationRow;
import org.braggflow.launcher.evaluate.EvaluationSummary;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.run.ScanRunner;
import org.braggflow.launcher.workflow.Workflow;
import org.braggflow.launcher.workflow.WorkflowException;
import org.braggflow.launcher.workflow.WorkflowValidator;
import org.braggflow.scanio.simulate.SimulatedScan;
import org.braggflow.scanio.simulate.SimulationSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Scores workflows, and the baselines beside them, on simulated scans with planted domains. */
@Command(name = "evaluate", description = "Simulate scans with planted domains (seeds x formats), run the workflows asked for and the "
        + "baselines (conventional-maps, pca-defects, foldingnet-untrained, lattice-defects) through the serve engine, print ARI, "
        + "per-domain recall, gradient splits, strain error and time per workflow, and write evaluate.csv.")
final class EvaluateCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--seeds", defaultValue = "2", description = "Number of simulated scans per format, seeds 1..N (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "1", description = "First seed (default ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--formats", defaultValue = "h5", split = ",", description = "Formats to write each scan in: h5, hxn, tiff (default ${DEFAULT-VALUE})")
    List<String> formats;

    @Option(names = "--workflows", split = ",", description = "Workflow ids or files to score beside the baselines (default: none more)")
    List<String> workflows = new ArrayList<>();

    @Option(names = "--preset", defaultValue = "hard", description = "Simulated scans: hard (irregular domains of 5-40 %%, split peaks with the "
            + "reference's centre of mass, a strain gradient) or default (the demo's) (default ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--rows", description = "Scan rows (default: the preset's)")
    Integer rows;

    @Option(names = "--cols", description = "Scan columns (default: the preset's)")
    Integer cols;

    @Option(names = "--angles", description = "Rocking angles (default: the preset's)")
    Integer angles;

    @Option(names = "--det", description = "Detector rows and columns (default: the preset's)")
    Integer det;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default <home>/evaluate/<UTC time>)")
    Path out;

    @Option(names = "--fixed-geometry", description = "Hard preset: keep the paper's geometry for every seed instead of drawing one per seed")
    boolean fixedGeometry;

    @Option(names = "--keep-scans", description = "Keep the simulated scans (default: removed after their runs)")
    boolean keepScans;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) return usage("--seeds must be at least 1");
        List<SimulatedScan.Format> fs = new ArrayList<>();
        for (String f : formats) {
            try {
                fs.add(SimulatedScan.Format.valueOf(f.trim().toUpperCase()));
            } catch (IllegalArgumentException e) {
                return usage("unknown format '" + f + "' (formats: h5, hxn, tiff)");
            }
        }
        if (!preset.equals("hard") && !preset.equals("default")) return usage("unknown preset '" + preset + "' (presets: hard, default)");
        BraggflowHome home = main.home();
        Path folder = (out != null ? out : home.root().resolve("evaluate")
                .resolve(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath().normalize();
        try {
            InputPaths.writable(folder);
        } catch (BadInputException e) {
            return usage(e.getMessage());
        }
        Files.createDirectories(folder);
        try (Platform platform = Platform.start(home, Distribution.fromSystemProperty())) {
            List<Workflow> plan = new ArrayList<>();
            LinkedHashSet<String> ids = new LinkedHashSet<>(Evaluation.BASELINES);
            ids.addAll(workflows);
            WorkflowValidator validator = WorkflowFiles.validator(platform.stages());
            for (String id : ids) {
                Workflow w;
                try {
                    w = id.equals(Evaluation.UNTRAINED)
                            ? Evaluation.untrained(WorkflowFiles.parse(home, WorkflowFiles.locate(home, "lattice-defects")))
                            : WorkflowFiles.parse(home, WorkflowFiles.locate(home, id));
                } catch (WorkflowException | java.io.IOException e) {
                    return usage(e.getMessage());
                }
                w = Evaluation.evaluationCopy(w, w.id(), w.stages());
                WorkflowValidator.Result check = validator.validate(w);
                if (!check.valid() || !check.waitingFor().isEmpty()) {
                    check.problems().forEach(p -> System.err.println(p));
                    if (!check.waitingFor().isEmpty()) System.err.println("braggflow evaluate: " + w.id() + " needs stages not deployed: " + check.waitingFor());
                    return 2;
                }
                plan.add(w);
            }
            List<Long> seedList = LongStream.range(firstSeed, firstSeed + seeds).boxed().toList();
            try (ScanRunner runner = new ScanRunner(platform.startCamel(), platform.stages())) {
                List<EvaluationRow> rows = new Evaluation(runner, System.out).run(preset, this::spec, seedList, fs, plan, folder, keepScans);
                EvaluationSummary summary = new EvaluationSummary(rows);
                summary.writeCsv(folder.resolve("evaluate.csv"));
                System.out.println();
                System.out.printf("preset %s, seeds %s, formats %s%n", preset, seedList, formats);
                System.out.print(summary.table());
                List<String> order = List.of("lattice-defects", "pca-defects", "conventional-maps");
                System.out.println(summary.ordering(order));
                System.out.print(summary.pairedLines(order));
                System.out.println("per run: " + folder.resolve("evaluate.csv"));
                return rows.stream().allMatch(EvaluationRow::succeeded) ? 0 : 1;
            }
        }
    }

    /**
     * The simulated scan of one seed. The hard preset also draws the geometry per seed (energy 9-15 keV,
     * detector in-plane 10-30 and out-of-plane 15-35 deg, 0.4-1.0 m, 55 or 75 um pixels, rocking step
     * 0.05-0.15 deg), so a workflow is never scored on the one geometry it may have been tuned on.
     */
    private SimulationSpec spec(long seed) {
        boolean hard = preset.equals("hard");
        int r = rows != null ? rows : hard ? SimulateCommand.HARD_ROWS : ScanSizeOptions.ROWS, c = cols != null ? cols : hard ? SimulateCommand.HARD_COLS : ScanSizeOptions.COLS;
        int a = angles != null ? angles : hard ? SimulateCommand.HARD_ANGLES : ScanSizeOptions.ANGLES, d = det != null ? det : ScanSizeOptions.DETECTOR;
        if (!hard) return SimulationSpec.of(r, c, a, d, d, seed, 1.0);
        SimulationSpec spec = SimulationSpec.hard(r, c, a, d, d, seed);
        if (fixedGeometry) return spec;
        java.util.SplittableRandom g = new java.util.SplittableRandom(seed * 7919 + 11);
        return spec.withGeometry(org.braggflow.api.scan.Geometry.of(9 + 6 * g.nextDouble(), 10 + 20 * g.nextDouble(), 15 + 20 * g.nextDouble(),
                        0.4 + 0.6 * g.nextDouble(), g.nextBoolean() ? 55 : 75, 100))
                .withAngles(-38.7, 0.05 + 0.1 * g.nextDouble());
    }

    private static int usage(String message) {
        System.err.println("braggflow evaluate: " + message);
        return 2;
    }
}
