package org.braggflow.launcher.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.result.AnalysisResult;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.launcher.camel.StageConstants;
import org.braggflow.launcher.models.ModelRecord;
import org.braggflow.launcher.stage.StageRegistry;
import org.braggflow.launcher.workflow.Workflow;

/**
 * Runs a workflow on one scan through its Camel route and writes {@code run.json} whatever happens:
 * outputs go to {@code <results>/<workflow-id>/<scan-id>/}. A workflow's route is (re)built when the
 * workflow file's content changes; a run already in flight keeps the route version it started on.
 */
public final class ScanRunner implements AutoCloseable {

    private final CamelContext camel;
    private final StageRegistry registry;
    private final ExecutorService positionThreads;
    private final Map<String, String> routeVersions = new ConcurrentHashMap<>();

    /** Where per-position stages run when this runner coordinates a cluster; null: here. */
    private final RemotePositions remote;

    public ScanRunner(CamelContext camel, StageRegistry registry) {
        this(camel, registry, null);
    }

    /** A runner whose per-position stages run on a cluster's workers through {@code remote} (null: in this process). */
    public ScanRunner(CamelContext camel, StageRegistry registry, RemotePositions remote) {
        this.camel = camel;
        this.registry = registry;
        this.remote = remote;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.positionThreads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "braggflow-positions");
            t.setDaemon(true);
            return t;
        });
    }

    /** The outcome of one run: where its outputs are, whether it succeeded, and its record. */
    public record RunOutcome(Path folder, boolean succeeded, String error, RunRecord record) {
    }

    public RunOutcome run(Workflow workflow, Path scan, ProgressListener progress) throws Exception {
        return run(workflow, scan, progress, null);
    }

    /**
     * Runs a live workflow on a scan folder while it is acquired ({@link LiveRunner}): partial maps after each
     * angle, then, once the last planned angle is in, the full run whose outputs replace them. A scan given
     * up (no new angle for the workflow's abandonSeconds) ends as incomplete, its partial outputs kept.
     */
    public RunOutcome runLive(Workflow workflow, Path scan, ProgressListener progress) throws Exception {
        ensureRoute(workflow);
        return new LiveRunner(this, camel).run(workflow, scan, progress);
    }

    /** A run; a live run's final run passes the angles it saw ({@code live}), kept in the final record. */
    RunOutcome run(Workflow workflow, Path scan, ProgressListener progress, RunRecord.Live live) throws Exception {
        ensureRoute(workflow);
        Instant started = Instant.now();
        String scanId = org.braggflow.api.stage.ScanReader.scanId(scan);
        Path folder = workflow.results().resolve(workflow.id()).resolve(scanId);
        // a live run's partial outputs stay until the final ones are written over them (its own start cleared the folder)
        if (live == null) clear(folder);
        Files.createDirectories(folder);
        RunRecord record = RunRecord.starting(workflow.id(), workflow.file().toString(), workflow.sha256(), started);
        record.scan(scanId, scan.toAbsolutePath().toString());
        record.workflowText(workflow.text());
        if (live != null) record.live(live);
        RunState state = new RunState(scan, folder, recording(progress, record, folder));
        ResumeStore resume = ResumeStore.open(folder, workflow.sha256(), scan);
        Map<Integer, List<PointCloud>> finished = resume.finished();
        state.resume = resume;
        state.resumedChunks = java.util.Set.copyOf(finished.keySet());
        int resumedPositions = 0;
        for (List<PointCloud> chunk : finished.values()) {
            state.clouds.addAll(chunk);
            resumedPositions += chunk.size();
        }
        if (!finished.isEmpty()) {
            // an interrupted run of this workflow version on this scan had finished these
            record.resumed(new RunRecord.Resumed(finished.size(), resumedPositions, ResumeStore.CHUNK));
        }
        record.write(folder);
        List<Map<String, Object>> stagesUsed = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, java.util.concurrent.atomic.LongAdder[]> stageTimes = new ConcurrentHashMap<>();
        ProducerTemplate producer = camel.createProducerTemplate();
        Exchange done;
        try {
            done = producer.send(WorkflowRoute.endpoint(workflow), e -> {
                e.setProperty(WorkflowRoute.STATE, state);
                e.setProperty(StageConstants.STAGES_USED, stagesUsed);
                e.setProperty(StageConstants.STAGE_TIMES, stageTimes);
                e.setProperty(StageConstants.OUTPUT_FOLDER, folder);
                e.setProperty(RECORD, record);
                e.getIn().setBody(scan);
            });
        } finally {
            producer.close();
            if (state.remote != null) state.remote.close();
            if (state.scan != null) state.scan.close();
        }
        Throwable failure = done.getException();
        fill(record, state, stagesUsed);
        record.stageSeconds(stageSeconds(stageTimes));
        record.finish(Instant.now(), failure == null ? null : message(failure));
        record.write(folder);
        resume.discard();
        return new RunOutcome(folder, failure == null, record.error(), record);
    }

    /**
     * Seconds spent in each stage's calls, by "type/name@version", with the number of calls. Calls made
     * per position run on several threads at once, so their sum can exceed the run's wall time.
     */
    private static Map<String, RunRecord.StageTime> stageSeconds(Map<String, java.util.concurrent.atomic.LongAdder[]> times) {
        Map<String, RunRecord.StageTime> out = new java.util.TreeMap<>();
        times.forEach((k, t) -> out.put(k, new RunRecord.StageTime(Math.round(t[0].sum() / 1e6) / 1000.0, t[1].sum())));
        return out;
    }

    /** Runs a retraining workflow once (its cron fired): see {@link Retrainer}. */
    public RunOutcome retrain(Workflow workflow) throws IOException {
        return new Retrainer(registry).run(workflow);
    }

    /** Passes progress on and, every two seconds, records it in run.json so a running scan's progress is visible. */
    private static ProgressListener recording(ProgressListener progress, RunRecord record, Path folder) {
        long[] last = {0};
        return (done, total) -> {
            progress.progress(done, total);
            long now = System.nanoTime();
            synchronized (last) {
                if (now - last[0] < 2_000_000_000L && done < total) return;
                last[0] = now;
            }
            record.progress(done, total);
            try {
                record.write(folder);
            } catch (IOException e) {
                // progress is informative; the final record is written (and its failure reported) at the end
            }
        };
    }

    /** Exchange property holding the run record being assembled (exporters see it as provenance). */
    static final String RECORD = "braggflow.record";

    /** The analysis result handed to exporters, with the provenance known so far. */
    static AnalysisResult result(Exchange e) throws IOException {
        RunState st = WorkflowRoute.state(e);
        RunRecord record = e.getProperty(RECORD, RunRecord.class);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> used = e.getProperty(StageConstants.STAGES_USED, List.class);
        fill(record, st, used);
        ScanMetadata meta = st.scan.metadata();
        boolean[] mask = st.mask();
        // features.csv holds the codewords when an encoder ran (the clustered blocks have the same positions, in order)
        return new AnalysisResult(meta, mask, st.maps, st.features != null ? st.features : st.clustered, st.clusters,
                st.model == null ? List.of() : st.model.lossHistory(), record.provenance(), st.cloudsInOrder());
    }

    private static void fill(RunRecord record, RunState st, List<Map<String, Object>> used) throws IOException {
        if (st.scan != null) {
            ScanMetadata meta = st.scan.metadata();
            record.reader(meta.scanId(), meta.format(), st.readerName, st.scan.details());
            if (!record.hasInputs()) record.inputs(inputs(st.scanPath, meta));
            record.positions(new RunRecord.Positions(meta.positionCount(), st.positionsInMask.get(), st.clouds.size()));
        }
        synchronized (used) {
            record.stages(used);
        }
        if (st.model != null) record.model(model(st));
        if (st.clusters != null) record.clusters(st.clusters.k());
    }

    /**
     * The model an encoder ran with: its registry id, the SHA-256 of the whole model (of its file list
     * in sha256sum format) and of each file, whether it was trained on this scan, and the encoder bundle
     * that made it. A model trained without a registry to keep it (a workflow made without a home) has
     * only its own id.
     */
    private static RunRecord.ModelUse model(RunState st) {
        ModelRecord r = st.modelRecord;
        Map<String, Object> inputs = st.model.report().isEmpty() ? null : st.model.report();
        if (r == null) {
            return new RunRecord.ModelUse(st.model.id(), false, null, null, null, null, null, null, null, null, null, null, null, inputs);
        }
        Map<String, String> files = new LinkedHashMap<>();
        r.files().forEach((name, d) -> files.put(name, d.sha256()));
        return new RunRecord.ModelUse(r.id(), null, r.sha256(), st.modelTrained ? RunRecord.ModelUse.TRAINED_ON_THIS_SCAN : "registry",
                files, r.encoder().key(), r.encoder().bundle(), r.encoder().bundleVersion(), r.featureSize(), null, null, null, null, inputs);
    }

    /** Input files with sizes and SHA-256 (the scan's data files and, for folders, scan.json and XRF maps). */
    static List<RunRecord.InputFile> inputs(Path scan, ScanMetadata meta) throws IOException {
        List<Path> files = new ArrayList<>(meta.inputFiles());
        if (Files.isDirectory(scan)) {
            try (Stream<Path> s = Files.list(scan)) {
                s.filter(p -> !files.contains(p) && Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."))
                        .sorted().forEach(files::add);
            }
        }
        List<RunRecord.InputFile> out = new ArrayList<>();
        for (Path f : files) out.add(new RunRecord.InputFile(f.toString(), Files.size(f), org.braggflow.api.files.Sha256.of(f)));
        return out;
    }

    static String message(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root
                && (root instanceof org.apache.camel.CamelExecutionException || root instanceof org.apache.camel.RuntimeCamelException
                || root instanceof java.io.UncheckedIOException)) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    synchronized void ensureRoute(Workflow workflow) throws Exception {
        if (workflow.sha256().equals(routeVersions.get(workflow.id()))) return;
        for (String prefix : List.of("workflow-", "live-open-", "live-maps-", "live-partial-")) {
            String routeId = prefix + workflow.id();
            if (camel.getRoute(routeId) != null) {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
        }
        camel.addRoutes(new WorkflowRoute(workflow, registry, positionThreads, remote));
        routeVersions.put(workflow.id(), workflow.sha256());
    }

    /**
     * Removes earlier outputs of the same workflow and scan (never inputs: the folder is under
     * results/), except the finished chunks an interrupted run left for resuming ({@link ResumeStore}).
     */
    static void clear(Path folder) throws IOException {
        if (!Files.exists(folder)) return;
        Path keep = folder.resolve(ResumeStore.FOLDER);
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.startsWith(keep) && !p.equals(folder)) Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        positionThreads.shutdownNow();
    }
}
