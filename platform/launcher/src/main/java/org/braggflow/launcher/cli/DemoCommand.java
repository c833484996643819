package org.braggflow.launcher.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.run.ScanRunner;
import org.braggflow.launcher.serve.WorkflowService;
import org.braggflow.launcher.workflow.Workflow;
import org.braggflow.scanio.simulate.SimulatedScan;
import org.braggflow.scanio.simulate.SimulationSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Simulates a scan with planted domains and drops it into a workflow's watched inbox, where the same
 * engine as {@code serve} (workflow service, inbox route, scan runner) picks it up; then prints the
 * report's path and how the domain map compares with the planted truth. When {@code serve} already
 * runs on the home, the scan is dropped for it and the demo only waits.
 */
@Command(name = "demo", description = "Simulate a scan with planted domains, drop it into a workflow's inbox, let the serve engine "
        + "analyse it, print the report's path and the ARI of the domain map against the truth.")
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Mixin
    ScanSizeOptions size;

    @Option(names = "--workflow", defaultValue = "lattice-defects", description = "Id of the workflow whose inbox gets the scan (default ${DEFAULT-VALUE})")
    String workflow;

    @Option(names = "--timeout", defaultValue = "1800", description = "Seconds to wait for the analysis (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        BraggflowHome home = main.home();
        Files.createDirectories(home.logs());
        System.setProperty("org.slf4j.simpleLogger.logFile", home.logs().resolve("braggflow.log").toString());
        Path folder = Files.createDirectories(home.root().resolve("demo"));
        String name = "demo-" + size.rows + "x" + size.cols + "x" + size.angles;
        Path master = folder.resolve(name + ".h5");
        Path truth = folder.resolve(name + ".truth.json");
        if (!Files.exists(master) || !Files.exists(truth)) {
            System.out.println("simulating " + size.rows + " x " + size.cols + " positions, " + size.angles + " angles, 64 x 64 detector -> " + master);
            SimulatedScan.write(SimulationSpec.of(size.rows, size.cols, size.angles, ScanSizeOptions.DETECTOR, ScanSizeOptions.DETECTOR, 1, 1.0), SimulatedScan.Format.H5, master)
                    .write(truth);
        }
        ServeState served = ServeState.of(home);
        if (served.isServing()) {
            System.out.println("serve already runs on " + home.root() + ": the scan goes to its inbox");
            return dropAndWait(home, null, master, truth, name);
        }
        try (Platform platform = Platform.start(home, Distribution.fromSystemProperty())) {
            org.apache.camel.CamelContext camel = platform.startCamel();
            ScanRunner runner = new ScanRunner(camel, platform.stages());
            WorkflowService workflows = new WorkflowService(home.root(), camel, platform.stages(), runner);
            platform.onClose(workflows);
            platform.onClose(runner);
            workflows.start();
            return dropAndWait(home, workflows, master, truth, name);
        }
    }

    /** The run's wall time and the time in each stage (summed over the position threads for per-position stages). */
    static void printStageTimes(Path record) throws java.io.IOException {
        String line = org.braggflow.launcher.run.RunRecord.read(record).stageTimesLine();
        if (line != null) System.out.println(line);
    }

    private int dropAndWait(BraggflowHome home, WorkflowService workflows, Path master, Path truth, String name) throws Exception {
        Workflow w = WorkflowFiles.parse(home, WorkflowFiles.locate(home, workflow));
        if (w.inbox().isEmpty()) {
            System.err.println("braggflow demo: workflow " + w.id() + " watches no inbox (" + w.file() + ")");
            return 2;
        }
        Path inbox = Files.createDirectories(w.inbox().get());
        Path dropped = inbox.resolve(master.getFileName());
        Path done = inbox.resolve(".done").resolve(master.getFileName()), failed = inbox.resolve(".failed").resolve(master.getFileName());
        Files.deleteIfExists(done);
        Files.deleteIfExists(failed);
        org.braggflow.api.files.AtomicFiles.copy(master, dropped);  // the watcher never sees half a scan
        System.out.println("dropped " + dropped + " into the inbox of workflow " + w.id());
        Path results = w.results().resolve(w.id()).resolve(name);
        Path record = results.resolve("run.json");
        long t0 = System.nanoTime(), lastLine = 0;
        while (!Files.exists(done) && !Files.exists(failed)) {
            if (System.nanoTime() - t0 > timeoutSeconds * 1_000_000_000L) {
                System.err.println("braggflow demo: no result after " + timeoutSeconds + " s; see " + home.logs().resolve("braggflow.log"));
                return 1;
            }
            Thread.sleep(250);
            if (System.nanoTime() - lastLine > 10_000_000_000L && Files.exists(record)) {
                lastLine = System.nanoTime();
                System.out.printf("  %s, %.0f s%n", java.util.Objects.requireNonNullElse(RunsCommand.summary(record).positions(), "starting"), (lastLine - t0) / 1e9);
            }
        }
        if (Files.exists(failed)) {
            System.err.println("braggflow demo: the scan failed; see " + inbox.resolve(".failed").resolve(master.getFileName() + ".error.txt"));
            return 1;
        }
        System.out.printf("analysed in %.0f s (from the drop); report: %s%n", (System.nanoTime() - t0) / 1e9, results.resolve("report.html"));
        printStageTimes(record);
        System.out.print(DemoScore.of(results, truth));
        return 0;
    }
}
