package org.braggflow.launcher.run;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.Encoder;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.MapAccumulator;
import org.braggflow.api.stage.ParameterSpec;
import org.braggflow.api.stage.PositionSummaries;
import org.braggflow.api.stage.PositionSummary;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.launcher.camel.StageConstants;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.models.ModelId;
import org.braggflow.launcher.models.ModelRecord;
import org.braggflow.launcher.models.ModelRegistry;
import org.braggflow.launcher.stage.DeployedStage;
import org.braggflow.launcher.stage.StageRegistry;
import org.braggflow.launcher.stage.StageUnavailableException;
import org.braggflow.launcher.workflow.StageStep;
import org.braggflow.launcher.workflow.Workflow;
import org.braggflow.launcher.workflow.WorkflowValidator;

/**
 * The Camel route of one workflow: the scan path comes in; the reader stage opens it; every position
 * volume is split out (streaming, in parallel) to the maps accumulator and, inside the mask, through
 * the cloud and denoiser stages; then encoder, clusterer and exporters run on what was gathered. An
 * encoder step with a {@code model} encodes with that registered model; one without trains a model on
 * the scan's clouds, registers it in the home's model registry, and encodes with it.
 * Every stage is a {@code stage:} endpoint, looked up per exchange, with the workflow's parameter
 * values bound in the registry under {@code wf.<id>.<index>}.
 */
final class WorkflowRoute extends RouteBuilder {

    static final String STATE = "braggflow.run";
    /** Property naming the reader chosen for this scan ({@code use: auto}). */
    static final String READER = "braggflowReader";

    /** How long a step waits for its stage while the route is built or a model is loaded or saved (as stage calls do). */
    private static final Duration STAGE_WAIT = Duration.ofSeconds(30);

    private final Workflow workflow;
    private final StageRegistry registry;
    private final ExecutorService positionThreads;
    /** The home's model registry; null for a workflow made without a home, which can only train. */
    private final ModelRegistry models;
    /** Where per-position stages run when not here (a cluster's workers); null: in this process. */
    private final RemotePositions remote;

    WorkflowRoute(Workflow workflow, StageRegistry registry, ExecutorService positionThreads, RemotePositions remote) {
        this.workflow = workflow;
        this.registry = registry;
        this.positionThreads = positionThreads;
        this.remote = remote;
        this.models = workflow.home() == null ? null : new ModelRegistry(new BraggflowHome(workflow.home()).models());
    }

    static String endpoint(Workflow w) {
        return "direct:workflow-" + w.id();
    }

    private String uri(int index, StageStep step, String name) {
        String bean = "wf." + workflow.id() + "." + index;
        getContext().getRegistry().bind(bean, Map.class, withPathsResolved(step));
        return "stage:" + step.type() + ":" + name + "?parameters=#" + bean + "&step=" + index;
    }

    /**
     * The step's values with every path parameter resolved against the home, so a stage never
     * resolves a workflow's relative path against the process's working folder. Which parameters are
     * paths is the deployed stage's declaration; the validator has already kept them inside the home,
     * and a path that leaves it anyway (the home changed since) stops the route from being built.
     */
    private Map<String, Object> withPathsResolved(StageStep step) {
        if (workflow.home() == null || step.with().values().stream().noneMatch(v -> v instanceof String)) return step.with();
        Optional<StageDescriptor> declared = declaration(step);
        if (declared.isEmpty()) return step.with();
        Map<String, Object> out = new LinkedHashMap<>(step.with());
        for (ParameterSpec p : declared.get().parameters()) {
            Object v = out.get(p.name());
            if (!p.path() || v == null || String.valueOf(v).isBlank()) continue;
            Path resolved = WorkflowValidator.resolve(workflow.home(), String.valueOf(v)).orElseThrow(() -> new IllegalArgumentException(
                    workflow.file() + ": " + step.key() + " " + p.name() + " '" + v + "' is outside the Braggflow home " + workflow.home()));
            out.put(p.name(), resolved.toString());
        }
        return out;
    }

    /** The parameter declaration of a step's stage, waiting for a stage being redeployed as a stage call would. */
    private Optional<StageDescriptor> declaration(StageStep step) {
        if (step.use().equals(StageStep.AUTO)) {
            // readers share one declaration
            return registry.list().stream().filter(d -> d.type().equals(step.type())).map(DeployedStage::descriptor).findFirst();
        }
        try {
            return Optional.of(registry.await(step.type(), step.use(), STAGE_WAIT).descriptor());
        } catch (StageUnavailableException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void configure() {
        // a failed run is reported once, by the scan runner: run.json, the .error.txt of a dropped scan and
        // one line on the console; Camel's own dump of the exchange and stack trace would bury that line
        errorHandler(noErrorHandler());
        List<StageStep> steps = workflow.stages();
        if (workflow.live().isPresent()) liveRoutes();
        RouteDefinition route = from(endpoint(workflow)).routeId("workflow-" + workflow.id());
        for (int i = 0; i < steps.size(); i++) {
            StageStep s = steps.get(i);
            if (!s.type().equals("reader")) continue;
            if (s.use().equals(StageStep.AUTO)) {
                route.process(this::chooseReader);
                route.toD(uri(i, s, "${exchangeProperty." + READER + "}"));
            } else {
                route.process(e -> {
                    state(e).readerName = s.use();
                    e.setProperty(READER, s.use());
                });
                route.to(uri(i, s, s.use()));
            }
            break;
        }
        boolean offload = remote != null && steps.stream().anyMatch(WorkflowRoute::perPosition);
        route.process(e -> {
            RunState st = state(e);
            st.scan = e.getIn().getBody(ScanSource.class);
            st.startChunks(st.scan.metadata().positionCount());
            if (offload) st.remote = new RemoteChunks(remote.start(plan(st)), st.scan.metadata().positionCount());
        });
        for (int i = 0; i < steps.size(); i++) {
            StageStep s = steps.get(i);
            if (!s.type().equals("maps")) continue;
            route.process(e -> e.getIn().setBody(state(e).scan.metadata()));
            route.to(uri(i, s, s.use()));
            route.process(e -> state(e).mapAccumulator = e.getIn().getBody(MapAccumulator.class));
        }
        for (int i = 0; i < steps.size(); i++) {
            StageStep s = steps.get(i);
            if (!s.type().equals("refiner")) continue;
            // what the refiner keeps of each position as the scan is read, so that it need not read the scan again
            route.process(e -> e.getIn().setBody(state(e).scan));
            route.to(uri(i, s, s.use()));
            route.process(e -> {
                RunState st = state(e);
                st.refinerSummary = e.getIn().getBody(PositionSummary.class);
                if (st.refinerSummary != null) {
                    var meta = st.scan.metadata();
                    st.refinerSummaries = new PositionSummaries(st.refinerSummary.kind(), meta.scanRows(), meta.scanCols());
                }
            });
            break;
        }
        ProcessorDefinition<?> split = route
                .split(new PositionIterators()).streaming().parallelProcessing()
                .executorService(positionThreads).stopOnException()
                .process(this::countAndMap)
                .filter(exchangeProperty("braggflow.analyse").isEqualTo(true));
        for (int i = 0; i < steps.size(); i++) {
            StageStep s = steps.get(i);
            if (perPosition(s) && !offload) split = split.to(uri(i, s, s.use()));
        }
        split.process(this::collectCloud).end().end();
        if (offload) route.process(this::gatherRemote);
        route.process(e -> {
            RunState st = state(e);
            if (st.mapAccumulator != null) st.maps = st.mapAccumulator.finish();
        });
        for (int i = 0; i < steps.size(); i++) {
            StageStep s = steps.get(i);
            switch (s.type()) {
                case "encoder" -> {
                    route.process(e -> e.getIn().setBody(state(e).cloudsInOrder()));
                    if (remotelyEncoded(s) && offload) {
                        // the workers encoded each cloud with the registered model (checked by its SHA-256 there);
                        // it is loaded here too, for its feature size and run.json's record of it
                        route.process(e -> loadModel(e, s));
                        String localEncoder = uri(i, s, s.use());
                        route.process(e -> remoteCodewords(e, localEncoder));
                        route.process(this::features);
                        continue;
                    }
                    if (s.model().isPresent()) {
                        // encode with the registered model, verified and loaded once per run
                        route.process(e -> loadModel(e, s));
                    } else {
                        // train on this scan's clouds and register the model, then encode them with it
                        route.process(e -> e.removeProperty(StageConstants.MODEL));
                        route.to(uri(i, s, s.use()));
                        route.process(e -> registerTrained(e, s));
                    }
                    route.to(uri(i, s, s.use()));
                    route.process(this::features);
                }
                case "features" -> {
                    route.process(e -> {
                        RunState st = state(e);
                        e.getIn().setBody(new StageConstants.FeatureInputs(st.scan.metadata(), st.mask(), st.maps, st.features));
                    });
                    route.to(uri(i, s, s.use()));
                    route.process(e -> state(e).clustered = e.getIn().getBody(FeatureTable.class));
                }
                case "clusterer" -> {
                    route.process(e -> {
                        RunState st = state(e);
                        // a features step's table; else the codewords; without an encoder, the conventional peak descriptors
                        if (st.clustered == null && st.features == null) st.features = MapFeatures.of(st.maps, st.scan);
                        e.getIn().setBody(st.clustered != null ? st.clustered : st.features);
                    });
                    route.to(uri(i, s, s.use()));
                    route.process(e -> state(e).clusters = e.getIn().getBody(ClusterResult.class));
                }
                case "refiner" -> {
                    route.process(e -> {
                        RunState st = state(e);
                        e.getIn().setBody(new StageConstants.RefinerInputs(st.scan, st.clustered != null ? st.clustered : st.features, st.clusters,
                                st.refinerSummaries));
                    });
                    route.to(uri(i, s, s.use()));
                    route.process(e -> state(e).clusters = e.getIn().getBody(ClusterResult.class));
                }
                case "exporter" -> {
                    // consecutive exporters write files of their own from the same result: they run side by side, on
                    // the position threads (idle once the positions are done)
                    List<String> group = new ArrayList<>();
                    for (int j = i; j < steps.size() && steps.get(j).type().equals("exporter"); j++) group.add(uri(j, steps.get(j), steps.get(j).use()));
                    i += group.size() - 1;
                    route.process(e -> e.getIn().setBody(ScanRunner.result(e)));
                    if (group.size() == 1) {
                        route.to(group.get(0));
                    } else {
                        route.multicast().parallelProcessing().executorService(positionThreads).stopOnException()
                                .to(group.toArray(new String[0])).end();
                    }
                }
                default -> { }
            }
        }
    }

    /**
     * A live workflow's routes (docs/formats.md, section 7): {@code live-open} opens the scan through the reader's live read,
     * {@code live-maps} starts the maps stage's live maps, {@code live-partial} runs the exporters on partial
     * maps; {@link LiveRunner} drives them angle by angle.
     */
    private void liveRoutes() {
        List<StageStep> steps = workflow.stages();
        String id = workflow.id();
        RouteDefinition open = from(LIVE_OPEN + id).routeId("live-open-" + id);
        RouteDefinition maps = from(LIVE_MAPS + id).routeId("live-maps-" + id);
        RouteDefinition partial = from(LIVE_PARTIAL + id).routeId("live-partial-" + id);
        for (int i = 0; i < steps.size(); i++) {
            StageStep s = steps.get(i);
            switch (s.type()) {
                case "reader" -> {
                    if (s.use().equals(StageStep.AUTO)) {
                        open.process(this::chooseReader);
                        open.toD(uri(i, s, "${exchangeProperty." + READER + "}") + "&live=true");
                    } else {
                        open.process(e -> {
                            state(e).readerName = s.use();
                            e.setProperty(READER, s.use());
                        });
                        open.to(uri(i, s, s.use()) + "&live=true");
                    }
                }
                case "maps" -> maps.to(uri(i, s, s.use()) + "&live=true");
                // partial outputs: the maps, tables, pictures and report of the angles so far; no clouds exist yet
                case "exporter" -> {
                    if (!s.use().equals("clouds")) partial.to(uri(i, s, s.use()));
                }
                default -> { }
            }
        }
        open.process(e -> state(e).liveScan = e.getIn().getBody(org.braggflow.api.scan.LiveScan.class));
    }

    static final String LIVE_OPEN = "direct:live-open-", LIVE_MAPS = "direct:live-maps-", LIVE_PARTIAL = "direct:live-partial-";

    /** Loads the step's registered model, after checking every file's SHA-256, for the encoder call that follows. */
    private void loadModel(Exchange e, StageStep step) throws Exception {
        String id = step.model().orElseThrow().id();
        if (models == null) {
            throw new IOException("model '" + id + "' cannot be found: workflow " + workflow.id() + " was not read against a Braggflow home");
        }
        ModelRecord.Origin origin = models.read(id).encoder();
        if (!origin.key().equals(step.key())) {
            // the model was replaced since the workflow was validated
            throw new IOException("model '" + id + "' was made by " + origin.key() + ", not by " + step.key());
        }
        Encoder encoder = (Encoder) registry.await(step.type(), step.use(), STAGE_WAIT).service();
        ModelRegistry.Loaded loaded = models.load(id, encoder);
        RunState st = state(e);
        st.model = loaded.model();
        st.modelRecord = loaded.record();
        st.modelTrained = false;
        e.setProperty(StageConstants.MODEL, loaded.model());
        e.setProperty(StageConstants.MODEL_RELOAD, reloader(st));
    }

    /** Reads the run's registered model again through another encoder service (after a bundle replacement). */
    private StageConstants.ModelReload reloader(RunState st) {
        return current -> {
            ModelRegistry.Loaded again = models.load(st.modelRecord.id(), current);
            st.model = again.model();
            return again.model();
        };
    }

    /**
     * Keeps the model just trained on this scan: registered as {@code <workflow>-<scan>-<UTC time>}
     * with the scan as its training data, saved by the stage that trained it.
     */
    private void registerTrained(Exchange e, StageStep step) throws Exception {
        RunState st = state(e);
        EncoderModel model = e.getIn().getBody(EncoderModel.class);
        st.model = model;
        st.modelTrained = true;
        if (models != null) {
            DeployedStage stage = registry.await(step.type(), step.use(), STAGE_WAIT);
            String bundle = e.getIn().getHeader(StageConstants.BUNDLE, stage.bundleSymbolicName(), String.class);
            String version = e.getIn().getHeader(StageConstants.BUNDLE_VERSION, stage.bundleVersion(), String.class);
            String scanId = st.scan.metadata().scanId();
            ModelRecord.Training training = ModelRecord.Training.of(List.of(new ModelRecord.ScanCount(scanId, st.clouds.size())),
                    model.lossHistory());
            String base = ModelId.from(workflow.id() + "-" + scanId + "-"
                    + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            // saved by the service that trained it: a bundle replaced meanwhile cannot save the old revision's model
            Encoder trainer = e.getProperty(StageConstants.TRAINED_BY, (Encoder) stage.service(), Encoder.class);
            for (int attempt = 0; st.modelRecord == null; attempt++) {
                try {
                    st.modelRecord = models.register(models.freeId(base), model, trainer,
                            new ModelRecord.Origin(step.type(), step.use(), bundle, version), training, Optional.empty());
                } catch (FileAlreadyExistsException taken) {
                    // another run took the same id between freeId and the rename; try the next free one
                    if (attempt == 2) throw taken;
                }
            }
        }
        e.setProperty(StageConstants.MODEL, model);
        if (st.modelRecord != null) e.setProperty(StageConstants.MODEL_RELOAD, reloader(st));
        e.getIn().setBody(st.cloudsInOrder());
    }

    /** Split expression: the position volumes of the scan opened by the reader. */
    static final class PositionIterators extends org.apache.camel.support.ExpressionAdapter {
        @Override
        public Object evaluate(Exchange e) {
            return new PositionIterator(state(e).scan);
        }
    }

    static RunState state(Exchange e) {
        return e.getProperty(STATE, RunState.class);
    }

    private void chooseReader(Exchange e) throws Exception {
        RunState st = state(e);
        st.readerName = registry.readerFor(st.scanPath).name();
        e.setProperty(READER, st.readerName);
    }

    static boolean perPosition(StageStep s) {
        return s.type().equals("cloud") || s.type().equals("denoiser");
    }

    /**
     * Whether workers encode this step's clouds: an encoder with a registered model encodes each cloud on
     * its own, so it travels with the cloud stages (the workers fetch the model from this home by id and
     * SHA-256); an encoder that trains on the scan needs every cloud and runs here.
     */
    private boolean remotelyEncoded(StageStep s) {
        return remote != null && models != null && s.type().equals("encoder") && s.model().isPresent();
    }

    /** What workers need for this run's chunks: the per-position steps with resolved values and the bundle versions deployed here. */
    private RemotePositions.Plan plan(RunState st) throws Exception {
        List<RemotePositions.Step> out = new ArrayList<>();
        List<StageStep> steps = workflow.stages();
        for (int i = 0; i < steps.size(); i++) {
            StageStep s = steps.get(i);
            if (!perPosition(s) && !remotelyEncoded(s)) continue;
            DeployedStage stage = registry.await(s.type(), s.use(), STAGE_WAIT);
            String model = null, modelSha = null;
            if (remotelyEncoded(s)) {
                model = s.model().orElseThrow().id();
                modelSha = models.read(model).sha256();
            }
            out.add(new RemotePositions.Step(i, s.type(), s.use(), withPathsResolved(s), stage.bundleSymbolicName(), stage.bundleVersion(),
                    model, modelSha));
        }
        String runId = (workflow.id() + "." + st.scan.metadata().scanId() + "." + System.currentTimeMillis()).replaceAll("[^A-Za-z0-9._-]", "_");
        return new RemotePositions.Plan(runId, workflow.id(), workflow.sha256(), out, st.scan.metadata(), null);
    }

    /**
     * Waits for the workers' chunks: each chunk's clouds join the run once (a redelivered chunk's second
     * result is dropped by the remote run), with the provenance and stage times the workers recorded.
     */
    @SuppressWarnings("unchecked")
    private void gatherRemote(Exchange e) throws Exception {
        RunState st = state(e);
        List<java.util.Map<String, Object>> used = e.getProperty(StageConstants.STAGES_USED, List.class);
        java.util.Map<String, java.util.concurrent.atomic.LongAdder[]> times = e.getProperty(StageConstants.STAGE_TIMES, java.util.Map.class);
        RunRecord record = e.getProperty(ScanRunner.RECORD, RunRecord.class);
        try {
            st.remote.run().awaitAll(r -> {
                // run.json (written with progress every two seconds) shows which worker did what while the run goes on
                if (record != null) record.cluster(st.remote.run().summary());
                try {
                    for (RemotePositions.PositionResult p : r.positions()) {
                        if (p.cloud() != null) st.clouds.add(p.cloud());
                        if (p.codeword() != null) st.remoteCodewords.put(p.row() * st.scan.metadata().scanCols() + p.col(), p.codeword());
                        st.positionDone(r.chunk(), p.cloud());
                    }
                    st.progress.progress(st.positionsDone.addAndGet(r.positions().size()), st.scan.metadata().positionCount());
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
                if (used != null) {
                    synchronized (used) {
                        for (java.util.Map<String, Object> m : r.stagesUsed()) if (!used.contains(m)) used.add(m);
                    }
                }
                if (times != null) {
                    r.stageTimes().forEach((k, t) -> {
                        java.util.concurrent.atomic.LongAdder[] sum = times.computeIfAbsent(k, x -> new java.util.concurrent.atomic.LongAdder[] {
                            new java.util.concurrent.atomic.LongAdder(), new java.util.concurrent.atomic.LongAdder()});
                        sum[0].add(Math.round(t[0] * 1e9));
                        sum[1].add(Math.round(t[1]));
                    });
                }
            });
        } finally {
            if (record != null) record.cluster(st.remote.run().summary());
        }
    }

    private void countAndMap(Exchange e) throws IOException {
        RunState st = state(e);
        PositionVolume v = e.getIn().getBody(PositionVolume.class);
        boolean inMask = st.scan.inMask(v.row(), v.col());
        if (st.mapAccumulator != null) st.mapAccumulator.add(v, inMask);
        if (st.refinerSummary != null && inMask) st.refinerSummaries.put(v.row(), v.col(), st.refinerSummary.of(v));
        int chunk = ResumeStore.chunkOf(v.row(), v.col(), st.scan.metadata().scanCols());
        // positions of a chunk finished before a crash already have their clouds (loaded at the start)
        boolean analyse = inMask && !st.resumedChunks.contains(chunk);
        if (st.remote != null) {
            // the chunk goes to a worker once all its positions are seen; its clouds come back in gatherRemote
            try {
                st.remote.seen(chunk, analyse ? v : null);
            } catch (IOException | RuntimeException ex) {
                throw ex;
            } catch (Exception ex) {
                throw new IOException(ex.getMessage(), ex);
            }
        }
        boolean remoteAnalyses = analyse && st.remote != null;
        e.setProperty("braggflow.analyse", analyse && !remoteAnalyses);
        e.setProperty("braggflow.chunk", chunk);
        if (inMask) st.positionsInMask.incrementAndGet();
        // a position a worker analyses is done when its chunk comes back (gatherRemote), not when it is read
        if (!remoteAnalyses) {
            long done = st.positionsDone.incrementAndGet();
            st.progress.progress(done, st.scan.metadata().positionCount());
        }
        if (!analyse) st.positionDone(chunk, null);
    }

    private void collectCloud(Exchange e) throws Exception {
        RunState st = state(e);
        PointCloud c = e.getIn().getBody(PointCloud.class);
        if (c != null) {
            st.clouds.add(c);
        }
        st.positionDone(e.getProperty("braggflow.chunk", Integer.class), c);
    }

    /**
     * The workers' codewords in the clouds' order, as the encoder stage would have returned them. Clouds
     * no worker encoded, those a resumed run took from its resume store, are encoded here with the same
     * model through the local encoder endpoint.
     */
    private void remoteCodewords(Exchange e, String localEncoder) throws Exception {
        RunState st = state(e);
        List<PointCloud> clouds = st.cloudsInOrder();
        float[][] codes = new float[clouds.size()][];
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            PointCloud c = clouds.get(i);
            codes[i] = st.remoteCodewords.get(c.row() * st.scan.metadata().scanCols() + c.col());
            if (codes[i] == null) missing.add(i);
        }
        if (!missing.isEmpty()) {
            Exchange local = e.copy();
            List<PointCloud> toEncode = new ArrayList<>();
            for (int i : missing) toEncode.add(clouds.get(i));
            local.getIn().setBody(toEncode);
            try (org.apache.camel.ProducerTemplate producer = e.getContext().createProducerTemplate()) {
                producer.send(localEncoder, local);
            }
            if (local.getException() != null) throw local.getException();
            float[][] made = local.getIn().getBody(float[][].class);
            if (made == null || made.length != missing.size()) throw new IOException("the encoder gave no codeword for the clouds no worker encoded");
            for (int k = 0; k < made.length; k++) codes[missing.get(k)] = made[k];
        }
        e.getIn().setBody(codes);
    }

    private void features(Exchange e) {
        RunState st = state(e);
        float[][] codes = e.getIn().getBody(float[][].class);
        List<PointCloud> clouds = st.cloudsInOrder();
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < clouds.size(); i++) rows.add(new FeatureTable.Row(clouds.get(i).row(), clouds.get(i).col(), codes[i]));
        st.features = new FeatureTable(st.model.featureSize(), rows);
    }
}
