package org.braggflow.launcher.serve;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.models.RegistryModelLookup;
import org.braggflow.launcher.run.ScanRunner;
import org.braggflow.launcher.stage.StageRegistry;
import org.braggflow.launcher.workflow.ParameterMigrations;
import org.braggflow.launcher.workflow.Workflow;
import org.braggflow.launcher.workflow.WorkflowException;
import org.braggflow.launcher.workflow.WorkflowParser;
import org.braggflow.launcher.workflow.WorkflowValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflows {@code serve} runs. Watches {@code <home>/workflows/} (every second) and the deployed
 * stages: a new or saved workflow file is parsed and validated, and if it is good its triggers (inbox
 * route, cron route) are (re)started with the new version; a bad edit is logged and the previous
 * version keeps running. A workflow waiting for a stage that is not deployed has its triggers stopped,
 * so its scans wait in the inbox, and started as soon as the stage arrives.
 */
public final class WorkflowService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowService.class);

    private final Path folder;
    private final Path home;
    private final CamelContext camel;
    private final StageRegistry registry;
    private final ScanRunner runner;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "braggflow-workflows");
        t.setDaemon(true);
        return t;
    });
    /** Current good version of each workflow by file. */
    private final Map<Path, Workflow> active = new ConcurrentHashMap<>();
    /** Last content hash seen per file, good or bad, so a bad edit is reported once. */
    private final Map<Path, String> seen = new HashMap<>();
    /** The problems of each file's last rejected version, until a good version replaces it. */
    private final Map<Path, String> rejected = new ConcurrentHashMap<>();
    /** Triggers started per workflow id, with the version they run. */
    private final Map<String, String> started = new ConcurrentHashMap<>();

    public WorkflowService(Path home, CamelContext camel, StageRegistry registry, ScanRunner runner) {
        this.home = home;
        this.folder = home.resolve("workflows");
        this.camel = camel;
        this.registry = registry;
        this.runner = runner;
    }

    public void start() throws Exception {
        camel.addRoutes(new TriggerRoutes(this, runner));
        scan();
        watcher.scheduleWithFixedDelay(this::scanSafely, 1, 1, TimeUnit.SECONDS);
        registry.addListener(() -> watcher.execute(this::refreshSafely));
    }

    /** The good version of a workflow now, by id: what the next scan of its inbox runs. */
    public Optional<Workflow> current(String id) {
        return active.values().stream().filter(w -> w.id().equals(id)).findFirst();
    }

    /** Where the active workflows write results, and the home's results folder. */
    public java.util.Collection<Path> resultFolders() {
        java.util.Set<Path> out = new java.util.LinkedHashSet<>();
        out.add(new BraggflowHome(home).results());
        for (Workflow w : active.values()) out.add(w.results());
        return out;
    }

    /** The inboxes of the active workflows. */
    public java.util.Collection<Path> inboxFolders() {
        java.util.Set<Path> out = new java.util.LinkedHashSet<>();
        for (Workflow w : active.values()) w.inbox().ifPresent(out::add);
        return out;
    }

    /** One workflow file's state: running (triggers started), waiting for stages, or rejected with its problems. */
    public record Status(String file, String id, String state, List<String> waitingFor, String problems, String inbox) {
    }

    /** Every workflow file's state, by file name. */
    public synchronized List<Status> status() {
        WorkflowValidator validator = validator();
        java.util.TreeMap<String, Status> out = new java.util.TreeMap<>();
        for (Map.Entry<Path, Workflow> e : active.entrySet()) {
            Workflow w = e.getValue();
            List<String> waiting = validator.validate(w).waitingFor();
            String state = started.containsKey(w.id()) ? "running" : waiting.isEmpty() ? "starting" : "waiting";
            out.put(e.getKey().getFileName().toString(), new Status(e.getKey().toString(), w.id(), state, waiting,
                    rejected.get(e.getKey()), w.inbox().map(Path::toString).orElse(null)));
        }
        for (Map.Entry<Path, String> e : rejected.entrySet()) {
            out.putIfAbsent(e.getKey().getFileName().toString(), new Status(e.getKey().toString(), null, "rejected", List.of(), e.getValue(), null));
        }
        return List.copyOf(out.values());
    }

    private void scanSafely() {
        try {
            scan();
        } catch (RuntimeException e) {
            LOG.error("workflow watcher: {}", e.toString());
        }
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.error("workflow refresh: {}", e.toString());
        }
    }

    synchronized void scan() {
        Map<Path, String> now = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.yaml")) {
            for (Path f : files) now.put(f, Files.readString(f));
        } catch (IOException e) {
            LOG.error("cannot read {}: {}", folder, e.getMessage());
            return;
        }
        for (Map.Entry<Path, String> e : now.entrySet()) {
            String text = e.getValue();
            String hash = Integer.toHexString(text.hashCode()) + text.length();
            if (hash.equals(seen.get(e.getKey()))) continue;
            seen.put(e.getKey(), hash);
            try {
                Workflow w = new WorkflowParser(home).parse(e.getKey(), text);
                WorkflowValidator.Result r = validator().validate(w);
                if (!r.valid()) throw new WorkflowException(r.problems());
                Workflow previous = active.put(e.getKey(), w);
                rejected.remove(e.getKey());
                LOG.info("workflow {} {} ({})", w.id(), previous == null ? "loaded" : "reloaded", e.getKey());
            } catch (WorkflowException ex) {
                rejected.put(e.getKey(), ex.getMessage());
                LOG.error("workflow file {} rejected{}:\n{}", e.getKey(),
                        active.containsKey(e.getKey()) ? ", the previous version keeps running" : "", ex.getMessage());
            }
        }
        for (Path gone : List.copyOf(active.keySet())) {
            if (!now.containsKey(gone)) {
                rejected.remove(gone);
                Workflow w = active.remove(gone);
                seen.remove(gone);
                LOG.info("workflow {} removed ({} deleted)", w.id(), gone);
            }
        }
        refresh();
    }

    /** Starts, restarts or stops triggers so they match the active workflows and deployed stages. */
    synchronized void refresh() {
        WorkflowValidator validator = validator();
        Map<String, Workflow> byId = new HashMap<>();
        for (Workflow w : active.values()) byId.put(w.id(), w);
        for (String id : List.copyOf(started.keySet())) {
            Workflow w = byId.get(id);
            if (w == null || !w.sha256().equals(started.get(id)) || !validator.validate(w).waitingFor().isEmpty()) {
                stopTriggers(id);
            }
        }
        for (Workflow w : byId.values()) {
            if (started.containsKey(w.id())) continue;
            List<String> waiting = validator.validate(w).waitingFor();
            if (!waiting.isEmpty()) {
                LOG.info("workflow {} waits for stage {}; its scans wait in {}", w.id(), String.join(", ", waiting),
                        w.inbox().map(Path::toString).orElse("(no inbox)"));
                continue;
            }
            startTriggers(w);
        }
    }

    private WorkflowValidator validator() {
        return new WorkflowValidator(null, registry::descriptor, ParameterMigrations.SHIPPED, new RegistryModelLookup());
    }

    private void startTriggers(Workflow w) {
        try {
            TriggerRoutes.start(camel, w);
            started.put(w.id(), w.sha256());
            LOG.info("workflow {} running: {}{}", w.id(), w.inbox().map(i -> "inbox " + i).orElse(""),
                    w.cron().map(c -> " cron '" + c + "'").orElse(""));
        } catch (Exception e) {
            LOG.error("workflow {} could not start its triggers: {}", w.id(), e.getMessage());
        }
    }

    private void stopTriggers(String id) {
        for (String routeId : TriggerRoutes.routeIds(id)) {
            try {
                if (camel.getRoute(routeId) != null) {
                    // graceful: a scan being analysed finishes with the version it started with
                    camel.getRouteController().stopRoute(routeId);
                    camel.removeRoute(routeId);
                }
            } catch (Exception e) {
                LOG.error("cannot stop route {}: {}", routeId, e.getMessage());
            }
        }
        started.remove(id);
    }

    /** Progress lines for logs: each tenth of a scan. */
    static ProgressListener logProgress(String scan) {
        long[] last = {-1};
        return (done, total) -> {
            long tenth = total > 0 ? 10 * done / total : 0;
            synchronized (last) {
                if (tenth == last[0]) return;
                last[0] = tenth;
            }
            LOG.info("{}: {}/{} positions", scan, done, total);
        };
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
