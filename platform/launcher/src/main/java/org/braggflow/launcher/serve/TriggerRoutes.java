package org.braggflow.launcher.serve;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.braggflow.launcher.run.ScanRunner;
import org.braggflow.launcher.workflow.Workflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trigger routes of one workflow (contracts.md section 4). With an inbox only: a file consumer
 * takes each {@code *.h5} file once its size and modification time have been stable for two seconds,
 * and each folder once its {@code scan.json} exists (written last), oldest first, one at a time. With
 * an inbox and a cron: the inbox is processed on the schedule instead (e.g. a nightly batch); runs do
 * not overlap (a fire during a run waits), and fire times missed while Braggflow was down are not
 * replayed: what arrived meanwhile waits for the next fire. Each input runs with the workflow
 * version current when it is taken, then moves to {@code .done/} or {@code .failed/}.
 */
final class TriggerRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerRoutes.class);

    private final Workflow workflow;
    private final WorkflowService service;
    private final ScanRunner runner;

    TriggerRoutes(Workflow workflow, WorkflowService service, ScanRunner runner) {
        this.workflow = workflow;
        this.service = service;
        this.runner = runner;
    }

    static List<String> routeIds(String workflowId) {
        return List.of("inbox-" + workflowId, "cron-" + workflowId);
    }

    @Override
    public void configure() throws IOException {
        if (workflow.inbox().isEmpty()) return;
        Path inbox = Files.createDirectories(workflow.inbox().get());
        if (workflow.cron().isPresent()) {
            from("quartz://braggflow/" + workflow.id() + "?cron=" + workflow.cron().get().trim().replace(' ', '+')
                    + "&stateful=true&trigger.misfireInstruction=2")
                    .routeId("cron-" + workflow.id())
                    .process(e -> {
                        List<Path> ready = ready(inbox);
                        LOG.info("workflow {}: scheduled run over {} input(s) in {}", workflow.id(), ready.size(), inbox);
                        for (Path input : ready) process(inbox, input);
                    });
            return;
        }
        fromF("file:%s?recursive=true&maxDepth=2&noop=true&idempotent=true&idempotentKey=${file:absolute.path}-${file:modified}"
                + "&readLock=changed&readLockCheckInterval=1000&readLockMinAge=2000&antInclude=*.h5,*.hdf5,*.nxs,*/scan.json"
                + "&antExclude=.done/**,.failed/**&delay=1000&sortBy=file:modified", inbox.toString())
                .routeId("inbox-" + workflow.id())
                .process(e -> process(inbox, input(e)));
    }

    /** The scan a consumed file stands for: the .h5 file itself, or the folder of a scan.json. */
    private static Path input(Exchange e) {
        Path file = Path.of(e.getIn().getHeader(Exchange.FILE_PATH, String.class));
        return file.getFileName().toString().equals("scan.json") ? file.getParent() : file;
    }

    /** Inputs waiting in an inbox, oldest first: .h5 files and folders holding scan.json. */
    static List<Path> ready(Path inbox) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) continue;
                if (Files.isDirectory(p) ? Files.exists(p.resolve("scan.json")) : name.matches(".*\\.(h5|hdf5|nxs)$")) out.add(p);
            }
        }
        out.sort(Comparator.comparing(p -> p.toFile().lastModified()));
        return out;
    }

    private void process(Path inbox, Path input) {
        if (!Files.exists(input)) return;
        Workflow current = service.current(workflow.id()).orElse(workflow);
        String error;
        try {
            Path real = input.toRealPath();
            if (Files.isSymbolicLink(input) || !real.startsWith(inbox.toRealPath())) {
                error = input + ": is a link leading outside the inbox (to " + real + "); not read";
            } else {
                LOG.info("workflow {}: analysing {}", current.id(), input);
                ScanRunner.RunOutcome outcome = runner.run(current, input, WorkflowService.logProgress(input.getFileName().toString()));
                error = outcome.succeeded() ? null : outcome.error() + "\n(run record: " + outcome.folder().resolve("run.json") + ")";
            }
        } catch (Exception ex) {
            error = input + ": " + (ex.getMessage() == null ? ex.toString() : ex.getMessage());
        }
        try {
            if (error == null) {
                Path moved = InboxMover.done(inbox, input);
                LOG.info("workflow {}: {} done, moved to {}", current.id(), input.getFileName(), moved);
            } else {
                Path moved = InboxMover.failed(inbox, input, error);
                LOG.error("workflow {}: {} failed ({}), moved to {}", current.id(), input.getFileName(), error.lines().findFirst().orElse(""), moved);
            }
        } catch (IOException ex) {
            LOG.error("workflow {}: cannot move {} out of the inbox: {}", current.id(), input, ex.getMessage());
        }
    }
}
