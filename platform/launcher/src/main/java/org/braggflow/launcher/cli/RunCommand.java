package org.braggflow.launcher.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.run.ScanRunner;
import org.braggflow.launcher.workflow.Workflow;
import org.braggflow.launcher.workflow.WorkflowException;
import org.braggflow.launcher.workflow.WorkflowValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** One-shot analysis of one scan with one workflow, in this process. */
@Command(name = "run", description = "Analyse one scan with a workflow and write its outputs; prints where they are.")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "Workflow file, or the id of one in <home>/workflows")
    String workflow;

    @Parameters(index = "1", paramLabel = "SCAN", description = "A Braggflow .h5 scan, or a folder with scan.json (HXN or TIFF stack)")
    Path scan;

    @Option(names = "--results", paramLabel = "DIR", description = "Results root (default: the workflow's, <home>/results)")
    Path results;

    @Override
    public Integer call() throws Exception {
        BraggflowHome home = main.home();
        // named before the platform starts: a mistyped path is reported at once, and no results folder is made for it
        Path workflowFile = WorkflowFiles.locate(home, workflow);
        InputPaths.existing(scan);
        if (results != null) InputPaths.writable(results);
        try (Platform platform = Platform.start(home, Distribution.fromSystemProperty())) {
            return run(platform, home, workflowFile, scan, results);
        }
    }

    /** Shared with {@code demo}: validates, runs, reports; returns the exit code. */
    static int run(Platform platform, BraggflowHome home, Path workflowFile, Path scan, Path results) throws Exception {
        Workflow wf;
        try {
            wf = WorkflowFiles.parse(home, workflowFile);
        } catch (WorkflowException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (results != null) {
            wf = wf.withResults(results.toAbsolutePath().normalize());
        }
        WorkflowValidator.Result check = WorkflowFiles.validator(platform.stages()).validate(wf);
        if (!check.valid()) {
            check.problems().forEach(p -> System.err.println(p));
            return 2;
        }
        if (!check.waitingFor().isEmpty()) {
            System.err.println("braggflow: workflow " + wf.id() + " needs stages that are not deployed: " + String.join(", ", check.waitingFor()));
            return 1;
        }
        try (ScanRunner runner = new ScanRunner(platform.startCamel(), platform.stages())) {
            long t0 = System.nanoTime();
            ScanRunner.RunOutcome outcome = runner.run(wf, scan.toAbsolutePath(), ProgressBar.forConsole("positions"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!outcome.succeeded()) {
                System.err.println("braggflow: " + scan + " failed: " + outcome.error());
                System.err.println("record: " + outcome.folder().resolve("run.json"));
                return 1;
            }
            System.out.printf("analysed %s with workflow %s in %.1f s%n", scan, wf.id(), seconds);
            java.nio.file.Path report = outcome.folder().resolve("report.html");
            System.out.println(java.nio.file.Files.exists(report) ? report : outcome.folder());
            return 0;
        }
    }
}
