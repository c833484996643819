package org.braggflow.launcher.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
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
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Runs a workflow on one scan through its Camel route and writes {@code run.json} whatever happens:
 * outputs go to {@code <results>/<workflow-id>/<scan-id>/}. A workflow's route is (re)built when the
 * workflow file's content changes; a run already in flight keeps the route version it started on.
 */
public final class ScanRunner implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CamelContext camel;
    private final StageRegistry registry;
    private final ExecutorService positionThreads;
    private final Map<String, String> routeVersions = new ConcurrentHashMap<>();

    public ScanRunner(CamelContext camel, StageRegistry registry) {
        this.camel = camel;
        this.registry = registry;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.positionThreads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "braggflow-positions");
            t.setDaemon(true);
            return t;
        });
    }

    /** The outcome of one run: where its outputs are and whether it succeeded. */
    public record RunOutcome(Path folder, boolean succeeded, String error, Map<String, Object> record) {
    }

    public RunOutcome run(Workflow workflow, Path scan, ProgressListener progress) throws Exception {
        ensureRoute(workflow);
        Instant started = Instant.now();
        String scanId = scan.getFileName().toString().replaceFirst("\\.(h5|hdf5|nxs)$", "");
        Path folder = workflow.results().resolve(workflow.id()).resolve(scanId);
        clear(folder);
        Files.createDirectories(folder);
        if (workflow.clouds()) Files.createDirectories(folder.resolve("clouds"));
        Map<String, Object> record = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
        RunState state = new RunState(scan, folder, workflow.clouds(), recording(progress, record, folder));
        ResumeStore resume = ResumeStore.open(folder, workflow.sha256(), scan);
        Map<Integer, List<PointCloud>> finished = resume.finished();
        state.resume = resume;
        state.resumedChunks = java.util.Set.copyOf(finished.keySet());
        int resumedPositions = 0;
        for (List<PointCloud> chunk : finished.values()) {
            state.clouds.addAll(chunk);
            resumedPositions += chunk.size();
            if (workflow.clouds()) for (PointCloud c : chunk) WorkflowRoute.writeCloud(state, c);
        }
        record.put("workflow_id", workflow.id());
        record.put("workflow_file", workflow.file().toString());
        record.put("workflow_sha256", workflow.sha256());
        record.put("workflow_text", workflow.text());
        record.put("scan_path", scan.toAbsolutePath().toString());
        record.put("started", started.toString());
        record.put("status", "running");
        if (!finished.isEmpty()) {
            // an interrupted run of this workflow version on this scan had finished these
            record.put("resumed", Map.of("chunks", finished.size(), "clouds", resumedPositions, "positions_per_chunk", ResumeStore.CHUNK));
        }
        writeRecord(folder, record);
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
            if (state.scan != null) state.scan.close();
        }
        Throwable failure = done.getException();
        fill(record, state, stagesUsed);
        record.put("stage_seconds", stageSeconds(stageTimes));
        record.put("seconds", (java.time.Duration.between(started, Instant.now()).toMillis()) / 1000.0);
        record.put("ended", Instant.now().toString());
        record.put("status", failure == null ? "succeeded" : "failed");
        if (failure != null) record.put("error", message(failure));
        record.remove("progress");
        writeRecord(folder, record);
        resume.discard();
        return new RunOutcome(folder, failure == null, failure == null ? null : message(failure), record);
    }

    /**
     * Seconds spent in each stage's calls, by "type/name@version", with the number of calls. Calls made
     * per position run on several threads at once, so their sum can exceed the run's wall time.
     */
    private static Map<String, Object> stageSeconds(Map<String, java.util.concurrent.atomic.LongAdder[]> times) {
        Map<String, Object> out = new java.util.TreeMap<>();
        times.forEach((k, t) -> out.put(k, Map.of("seconds", Math.round(t[0].sum() / 1e6) / 1000.0, "calls", t[1].sum())));
        return out;
    }

    /** Runs a retraining workflow once (its cron fired): see {@link Retrainer}. */
    public RunOutcome retrain(Workflow workflow) throws IOException {
        return new Retrainer(registry).run(workflow);
    }

    /** Field order of run.json, so the file reads top-down; fields not listed follow. */
    private static final List<String> ORDER = List.of("workflow_id", "scan_id", "status", "error", "started", "ended", "progress",
            "seconds", "positions", "resumed", "workflow_file", "workflow_sha256", "scan_path", "scan_format", "reader", "stages", "model", "clusters",
            "stage_seconds", "inputs", "reader_details", "workflow_text");

    /** Writes run.json atomically: readers (braggflow runs, watchers) never see half a file. */
    static synchronized void writeRecord(Path folder, Map<String, Object> record) throws IOException {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String k : ORDER) if (record.containsKey(k)) ordered.put(k, record.get(k));
        record.forEach(ordered::putIfAbsent);
        Path tmp = folder.resolve(".run.json.tmp");
        Files.writeString(tmp, JSON.writeValueAsString(ordered));
        Files.move(tmp, folder.resolve("run.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Passes progress on and, every two seconds, records it in run.json so a running scan's progress is visible. */
    private static ProgressListener recording(ProgressListener progress, Map<String, Object> record, Path folder) {
        long[] last = {0};
        return (done, total) -> {
            progress.progress(done, total);
            long now = System.nanoTime();
            synchronized (last) {
                if (now - last[0] < 2_000_000_000L && done < total) return;
                last[0] = now;
            }
            record.put("progress", Map.of("positions_done", done, "positions_total", total));
            try {
                writeRecord(folder, record);
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
        @SuppressWarnings("unchecked")
        Map<String, Object> record = e.getProperty(RECORD, Map.class);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> used = e.getProperty(StageConstants.STAGES_USED, List.class);
        fill(record, st, used);
        ScanMetadata meta = st.scan.metadata();
        boolean[] mask = st.mask();
        // features.csv holds the codewords when an encoder ran (the clustered blocks have the same positions, in order)
        return new AnalysisResult(meta, mask, st.maps, st.features != null ? st.features : st.clustered, st.clusters,
                st.model == null ? List.of() : st.model.lossHistory(), provenance(record));
    }

    /** The record in run.json's order, without the workflow text (the report shows the file name and hash). */
    private static Map<String, Object> provenance(Map<String, Object> record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String k : ORDER) if (record.containsKey(k) && !k.equals("workflow_text") && !k.equals("progress")) out.put(k, record.get(k));
        return out;
    }

    private static void fill(Map<String, Object> record, RunState st, List<Map<String, Object>> used) throws IOException {
        if (st.scan != null) {
            ScanMetadata meta = st.scan.metadata();
            record.put("scan_id", meta.scanId());
            record.put("scan_format", meta.format());
            record.put("reader", st.readerName);
            record.put("reader_details", st.scan.details());
            if (!record.containsKey("inputs")) record.put("inputs", inputs(st.scanPath, meta));
            Map<String, Object> positions = new LinkedHashMap<>();
            positions.put("total", meta.positionCount());
            positions.put("in_mask", st.positionsInMask.get());
            positions.put("analysed", st.clouds.size());
            record.put("positions", positions);
        }
        synchronized (used) {
            record.put("stages", new ArrayList<>(used));
        }
        if (st.model != null) record.put("model", model(st));
        if (st.clusters != null) record.put("clusters", st.clusters.k());
    }

    /**
     * The model an encoder ran with: its registry id, the SHA-256 of the whole model (of its file list
     * in sha256sum format) and of each file, whether it was trained on this scan, and the encoder bundle
     * that made it. A model trained without a registry to keep it (a workflow made without a home) has
     * only its own id.
     */
    private static Map<String, Object> model(RunState st) {
        Map<String, Object> model = new LinkedHashMap<>();
        ModelRecord r = st.modelRecord;
        if (r == null) {
            model.put("id", st.model.id());
            model.put("registered", false);
            if (!st.model.report().isEmpty()) model.put("inputs", st.model.report());
            return model;
        }
        model.put("id", r.id());
        model.put("sha256", r.sha256());
        model.put("source", st.modelTrained ? "trained on this scan" : "registry");
        Map<String, Object> files = new LinkedHashMap<>();
        r.files().forEach((name, d) -> files.put(name, d.sha256()));
        model.put("files", files);
        model.put("encoder", r.encoder().key());
        model.put("bundle", r.encoder().bundle());
        model.put("bundle_version", r.encoder().bundleVersion());
        model.put("feature_size", r.featureSize());
        if (st.model != null && !st.model.report().isEmpty()) model.put("inputs", st.model.report());
        return model;
    }

    /** Input files with sizes and SHA-256 (the scan's data files and, for folders, scan.json and XRF maps). */
    private static List<Map<String, Object>> inputs(Path scan, ScanMetadata meta) throws IOException {
        List<Path> files = new ArrayList<>(meta.inputFiles());
        if (Files.isDirectory(scan)) {
            try (Stream<Path> s = Files.list(scan)) {
                s.filter(p -> !files.contains(p) && Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."))
                        .sorted().forEach(files::add);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Path f : files) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.toString());
            m.put("size", Files.size(f));
            m.put("sha256", sha256(f));
            out.add(m);
        }
        return out;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String message(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root
                && (root instanceof org.apache.camel.CamelExecutionException || root instanceof org.apache.camel.RuntimeCamelException
                || root instanceof java.io.UncheckedIOException)) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private synchronized void ensureRoute(Workflow workflow) throws Exception {
        if (workflow.sha256().equals(routeVersions.get(workflow.id()))) return;
        String routeId = "workflow-" + workflow.id();
        if (camel.getRoute(routeId) != null) {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
        camel.addRoutes(new WorkflowRoute(workflow, registry, positionThreads));
        routeVersions.put(workflow.id(), workflow.sha256());
    }

    /**
     * Removes earlier outputs of the same workflow and scan (never inputs: the folder is under
     * results/), except the finished chunks an interrupted run left for resuming ({@link ResumeStore}).
     */
    private static void clear(Path folder) throws IOException {
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
