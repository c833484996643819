package org.braggflow.launcher.serve;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.braggflow.launcher.run.RunRecord;
import org.braggflow.launcher.run.ScanRunner;
import org.braggflow.launcher.workflow.Workflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How each workflow's triggers reach the engine (docs/formats.md, section 3). The route templates
 * {@code braggflow-inbox} and {@code braggflow-schedule} (routes/templates/braggflow-triggers.yaml)
 * hold the consumer options; each workflow gets an instance of one of them: with an inbox only, a file
 * consumer takes each {@code *.h5} file once its size and modification time have been stable, and each
 * folder once its {@code scan.json} exists, oldest first, one at a time; with an inbox and a cron, the
 * inbox is processed on the schedule instead. Both hand over to the routes here, which run each input
 * with the workflow version current when it is taken, then move it to {@code .done/} or {@code .failed/}.
 */
final class TriggerRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerRoutes.class);
    static final String WORKFLOW = "BraggflowWorkflow";
    static final String INBOX = "BraggflowInbox";

    private final WorkflowService service;
    private final ScanRunner runner;
    /** Live scans given up as incomplete, left in their inbox: the newest modification time of their files then. */
    private final Map<Path, Incomplete> incomplete = new ConcurrentHashMap<>();

    private record Incomplete(String workflowId, Path inbox, long newest) {
    }

    TriggerRoutes(WorkflowService service, ScanRunner runner) {
        this.service = service;
        this.runner = runner;
    }

    static List<String> routeIds(String workflowId) {
        return List.of("inbox-" + workflowId, "cron-" + workflowId);
    }

    /** The Quartz component of workflow crons: the cluster's shared one when serve installed it ({@link ClusteredSchedules}). */
    private static String scheduler(CamelContext camel) {
        return camel.hasComponent(ClusteredSchedules.COMPONENT) != null ? ClusteredSchedules.COMPONENT : "quartz";
    }

    /** Instantiates the trigger template of a workflow. */
    static void start(CamelContext camel, Workflow w) throws Exception {
        if (w.training().isPresent() && w.cron().isPresent()) {
            TemplatedRouteBuilder.builder(camel, "braggflow-retrain").routeId("cron-" + w.id())
                    .parameter("workflow", w.id()).parameter("cron", w.cron().get().trim()).parameter("scheduler", scheduler(camel)).add();
            return;
        }
        if (w.inbox().isEmpty()) return;
        Path inbox = Files.createDirectories(w.inbox().get());
        if (w.cron().isPresent()) {
            TemplatedRouteBuilder.builder(camel, "braggflow-schedule").routeId("cron-" + w.id())
                    .parameter("workflow", w.id()).parameter("cron", w.cron().get().trim()).parameter("inbox", inbox.toString())
                    .parameter("scheduler", scheduler(camel)).add();
        } else {
            TemplatedRouteBuilder.builder(camel, "braggflow-inbox").routeId("inbox-" + w.id())
                    .parameter("workflow", w.id()).parameter("inbox", inbox.toString()).add();
        }
    }

    @Override
    public void configure() {
        from("direct:braggflow-inbox").routeId("braggflow-inbox-handler")
                .process(e -> {
                    Path inbox = Path.of(e.getIn().getHeader(INBOX, String.class));
                    Path input = input(e);
                    Path top = inbox.resolve(inbox.relativize(input).getName(0));
                    if (!top.equals(input)) {
                        // a scan.json deeper than one folder down: the drop is not a scan folder as docs/formats.md defines it
                        reject(e.getIn().getHeader(WORKFLOW, String.class), inbox, top, top + ": scan.json must be directly inside the dropped folder, found "
                                + input.resolve("scan.json") + "; nested folders are not read");
                        return;
                    }
                    process(e.getIn().getHeader(WORKFLOW, String.class), inbox, input);
                });
        // a live scan given up as incomplete stays in the inbox; a file written into it since restarts it
        from("quartz://braggflow/live-restart?trigger.repeatInterval=2000&trigger.repeatCount=-1&stateful=true").routeId("braggflow-live-restart")
                .process(e -> {
                    for (Map.Entry<Path, Incomplete> i : incomplete.entrySet()) {
                        Incomplete was = i.getValue();
                        if (newestChange(i.getKey()) > was.newest() && incomplete.remove(i.getKey(), was)) {
                            LOG.info("workflow {}: {} has a new file; restarting the live scan", was.workflowId(), i.getKey().getFileName());
                            process(was.workflowId(), was.inbox(), i.getKey());
                        }
                    }
                });
        from("direct:braggflow-schedule").routeId("braggflow-schedule-handler")
                .process(e -> {
                    String id = e.getIn().getHeader(WORKFLOW, String.class);
                    Path inbox = Path.of(e.getIn().getHeader(INBOX, String.class));
                    List<Path> ready = ready(inbox);
                    LOG.info("workflow {}: scheduled run over {} input(s) in {}", id, ready.size(), inbox);
                    for (Path input : ready) process(id, inbox, input);
                });
        from("direct:braggflow-retrain").routeId("braggflow-retrain-handler")
                .process(e -> {
                    String id = e.getIn().getHeader(WORKFLOW, String.class);
                    Workflow current = service.current(id).orElse(null);
                    if (current == null || current.training().isEmpty()) {
                        LOG.warn("workflow {} is gone or no longer trains; scheduled retraining skipped", id);
                        return;
                    }
                    LOG.info("workflow {}: scheduled retraining on the clouds of {}", id, current.training().get().cloudsOf());
                    ScanRunner.RunOutcome outcome = runner.retrain(current);
                    if (outcome.succeeded()) {
                        LOG.info("workflow {}: retrained, model {} ({})", id, outcome.record().modelId(), outcome.folder().resolve("run.json"));
                    } else {
                        LOG.error("workflow {}: retraining failed: {} ({})", id, outcome.error(), outcome.folder().resolve("run.json"));
                    }
                });
    }

    private static boolean live(Workflow w, Path input) {
        return w.live().isPresent() && Files.isDirectory(input);
    }

    /** The newest modification time of the files in a scan folder (milliseconds), 0 when it is gone. */
    static long newestChange(Path folder) {
        try (java.util.stream.Stream<Path> s = Files.list(folder)) {
            return s.mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The scan a consumed file stands for: the .h5 file itself, or the folder of a scan.json. */
    private static Path input(Exchange e) {
        Path file = Path.of(e.getIn().getHeader(Exchange.FILE_PATH, String.class));
        return file.getFileName().toString().equals("scan.json") ? file.getParent() : file;
    }

    private static void reject(String workflowId, Path inbox, Path input, String error) {
        try {
            Path moved = InboxMover.failed(inbox, input, error);
            LOG.error("workflow {}: {} rejected ({}), moved to {}", workflowId, input.getFileName(), error, moved);
        } catch (IOException ex) {
            LOG.error("workflow {}: cannot move {} out of the inbox: {}", workflowId, input, ex.getMessage());
        }
    }

    /**
     * Inputs waiting in an inbox, oldest first: every file and every folder holding scan.json, hidden
     * names excepted (partial copies, .done, .failed). Which format a file is, is not decided here: the
     * run asks the deployed readers, so a reader deployed for a new format takes its files from the next
     * scan on, and a file no reader accepts is moved to .failed with a message naming the readers.
     */
    static List<Path> ready(Path inbox) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) continue;
                if (Files.isDirectory(p) ? Files.exists(p.resolve("scan.json")) : Files.isRegularFile(p)) out.add(p);
            }
        }
        out.sort(Comparator.comparing(p -> p.toFile().lastModified()));
        return out;
    }

    private void process(String workflowId, Path inbox, Path input) {
        if (!Files.exists(input)) return;
        Workflow current = service.current(workflowId).orElse(null);
        if (current == null) {
            LOG.warn("workflow {} is gone; {} stays in the inbox", workflowId, input);
            return;
        }
        String error;
        try {
            Path real = input.toRealPath();
            if (Files.isSymbolicLink(input) || !real.startsWith(inbox.toRealPath())) {
                error = input + ": is a link leading outside the inbox (to " + real + "); not read";
            } else {
                LOG.info("workflow {}: analysing {}{}", current.id(), input, live(current, input) ? " live, angle by angle" : "");
                ScanRunner.RunOutcome outcome = live(current, input)
                        ? runner.runLive(current, input, WorkflowService.logProgress(input.getFileName().toString()))
                        : runner.run(current, input, WorkflowService.logProgress(input.getFileName().toString()));
                if (outcome.record() != null && outcome.record().status() == RunRecord.Status.INCOMPLETE) {
                    // kept in the inbox with its partial outputs: the beamline may still write the rest
                    incomplete.put(input, new Incomplete(current.id(), inbox, newestChange(input)));
                    return;
                }
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
