package org.braggflow.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.support.DefaultExchange;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.launcher.camel.StageConstants;
import org.braggflow.launcher.run.RemotePositions;
import org.braggflow.launcher.stage.DeployedStage;
import org.braggflow.launcher.stage.StageRegistry;
import org.braggflow.launcher.stage.StageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker ({@code braggflow worker}): consumes the chunks of every workflow's work queue, one chunk
 * at a time, and runs their per-position stages with this home's deployed bundles through the same
 * {@code stage:} endpoints as {@code serve}, positions in parallel on its threads. Consumption is
 * transacted: the chunk is acknowledged with the send of its result, so a worker that dies mid-chunk
 * leaves it to another. A chunk whose stages this worker has at other bundle versions than the
 * coordinator is refused (passed back to the queue marked with this worker's id, which its selector
 * then skips), because a cloud must be made by the versions run.json names. Every two seconds the
 * worker looks for new work queues and publishes its status.
 */
final class ClusterWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NOTES = "jmsnotes";

    private final CamelContext camel;
    private final StageRegistry stages;
    private final ClusterSettings settings;
    private final String id;
    private final int threads;
    private final ExecutorService positionThreads;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "braggflow-worker-status");
        t.setDaemon(true);
        return t;
    });
    private final ProducerTemplate producer;
    private final Set<String> consumed = ConcurrentHashMap.newKeySet();
    private final AtomicLong chunksDone = new AtomicLong(), positionsDone = new AtomicLong(), refused = new AtomicLong(), failed = new AtomicLong();
    private final Instant started = Instant.now();
    private volatile String busyWith;
    private volatile String brokerProblem;
    /** Where models fetched from coordinators are kept, one registry per SHA-256. */
    private final java.nio.file.Path modelCache;
    /** Models loaded for encoding, by SHA-256 and the encoder service that read them (a redeployed encoder reads again). */
    private final Map<String, org.braggflow.api.stage.EncoderModel> loadedModels = new ConcurrentHashMap<>();

    ClusterWorker(CamelContext camel, StageRegistry stages, ClusterSettings settings, String id, int threads, java.nio.file.Path modelCache) {
        this.modelCache = modelCache;
        this.camel = camel;
        this.stages = stages;
        this.settings = settings;
        this.id = id;
        this.threads = threads;
        this.positionThreads = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "braggflow-worker-positions");
            t.setDaemon(true);
            return t;
        });
        // the consuming component: transacted, no prefetch; results sent through it join the chunk's transaction
        JmsComponent jms = JmsComponent.jmsComponent(settings.connectionFactory(false));
        jms.setRecoveryInterval(1000);
        camel.addComponent(JmsRemotePositions.COMPONENT, jms);
        // notes (errors, status) on their own connection, outside any chunk's transaction: an error note must survive the rollback
        camel.addComponent(NOTES, JmsComponent.jmsComponent(new org.springframework.jms.connection.CachingConnectionFactory(settings.connectionFactory(true))));
        this.producer = camel.createProducerTemplate();
    }

    String id() {
        return id;
    }

    void start() {
        ticker.scheduleWithFixedDelay(this::tick, 0, 2, TimeUnit.SECONDS);
    }

    private void tick() {
        try (BrokerQueries broker = new BrokerQueries(settings.connectionFactory(true))) {
            for (String q : broker.queueNames()) {
                if (q.startsWith(Queues.WORK_PREFIX) && consumed.add(q)) consume(q);
            }
            if (brokerProblem != null) LOG.info("broker {} reachable again", settings.describe());
            brokerProblem = null;
        } catch (Exception e) {
            String problem = JmsRemoteRun.rootMessage(e);
            if (!problem.equals(brokerProblem)) LOG.warn("broker {}: {}", settings.describe(), problem);
            brokerProblem = problem;
            return;
        }
        try {
            producer.sendBodyAndHeader(NOTES + ":queue:" + Queues.WORKERS + "?deliveryPersistent=false&timeToLive=60000",
                    JSON.writeValueAsString(status()), Queues.LAST_VALUE_KEY, id);
        } catch (Exception e) {
            LOG.debug("status not published: {}", e.toString());
        }
    }

    private void consume(String queue) throws Exception {
        String selector = Queues.REFUSED + " IS NULL OR " + Queues.REFUSED + " NOT LIKE '%," + id + ",%'";
        String uri = JmsRemotePositions.COMPONENT + ":queue:" + queue + "?transacted=true&concurrentConsumers=1&cacheLevelName=CACHE_CONSUMER"
                + "&selector=" + java.net.URLEncoder.encode(selector, java.nio.charset.StandardCharsets.UTF_8);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("work-" + queue).process(e -> handle(e, queue));
            }
        });
        LOG.info("worker {} takes chunks from {}", id, queue);
    }

    /** Status for {@code braggflow cluster}: who, where, which stages at which versions, what it has done. */
    Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", id);
        s.put("host", host());
        s.put("pid", ProcessHandle.current().pid());
        s.put("threads", threads);
        s.put("started", started.toString());
        s.put("last_seen", Instant.now().toString());
        s.put("chunks_done", chunksDone.get());
        s.put("positions_done", positionsDone.get());
        s.put("chunks_refused", refused.get());
        s.put("chunks_failed", failed.get());
        s.put("busy_with", busyWith);
        s.put("queues", new ArrayList<>(new java.util.TreeSet<>(consumed)));
        Map<String, String> versions = new TreeMap<>();
        for (DeployedStage d : stages.list()) versions.put(d.key(), d.bundleSymbolicName() + " " + d.bundleVersion());
        s.put("stages", versions);
        return s;
    }

    static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    private void handle(Exchange e, String queue) throws Exception {
        Integer chunk = e.getIn().getHeader(Queues.CHUNK, Integer.class);
        String results = e.getIn().getHeader(Queues.RESULTS, String.class);
        try {
            ChunkCodec.Work work = ChunkCodec.decodeWork(e.getIn().getBody(byte[].class));
            String refusal = refusal(work.plan());
            if (refusal != null) {
                refuse(e, queue, results, chunk, refusal);
                return;
            }
            busyWith = work.plan().runId() + " chunk " + chunk;
            RemotePositions.ChunkResult result = run(work);
            byte[] body = ChunkCodec.encodeResult(result, !"false".equalsIgnoreCase(settings.all().getOrDefault("compress", "true")));
            Map<String, Object> headers = Map.of(Queues.KIND, Queues.KIND_RESULT, Queues.WORKER, id, Queues.CHUNK, work.chunk(), Queues.RUN, work.plan().runId());
            producer.sendBodyAndHeaders(JmsRemotePositions.COMPONENT + ":queue:" + results, body, headers);
            chunksDone.incrementAndGet();
            positionsDone.addAndGet(work.volumes().size());
            LOG.info("chunk {} of {} done: {} positions", chunk, work.plan().runId(), work.volumes().size());
        } catch (Exception ex) {
            failed.incrementAndGet();
            String reason = JmsRemoteRun.rootMessage(ex);
            LOG.error("chunk {} from {} failed: {}", chunk, queue, reason);
            if (results != null) {
                try {
                    producer.sendBodyAndHeaders(NOTES + ":queue:" + results, "", Map.of(Queues.KIND, Queues.KIND_ERROR, Queues.WORKER, id,
                            Queues.CHUNK, chunk == null ? -1 : chunk, Queues.REASON, reason));
                } catch (Exception noteFailed) {
                    LOG.warn("error note not sent: {}", noteFailed.toString());
                }
            }
            // rolls the chunk back to the queue: another try, or the dead-letter queue after the broker's maximum
            throw ex;
        } finally {
            busyWith = null;
        }
    }

    /** Why this worker must not run the plan's steps (a stage missing, or deployed at another bundle version); null when it may. */
    private String refusal(RemotePositions.Plan plan) throws InterruptedException {
        for (RemotePositions.Step s : plan.steps()) {
            DeployedStage here;
            try {
                here = stages.await(s.type(), s.use(), Duration.ofSeconds(2));
            } catch (StageUnavailableException missing) {
                return s.type() + "/" + s.use() + " is not deployed on worker " + id;
            }
            if (!here.bundleSymbolicName().equals(s.bundle()) || !here.bundleVersion().equals(s.bundleVersion())) {
                return s.type() + "/" + s.use() + " is " + here.bundleSymbolicName() + " " + here.bundleVersion() + " on worker " + id
                        + ", the run needs " + s.bundle() + " " + s.bundleVersion();
            }
        }
        return null;
    }

    /** Puts the chunk back for the other workers, marked as refused by this one, and tells the coordinator why. */
    private void refuse(Exchange e, String queue, String results, Integer chunk, String reason) {
        refused.incrementAndGet();
        LOG.warn("chunk {} refused: {}", chunk, reason);
        String already = e.getIn().getHeader(Queues.REFUSED, ",", String.class);
        Map<String, Object> headers = new LinkedHashMap<>();
        for (String h : List.of(Queues.RUN, Queues.CHUNK, Queues.WORKFLOW, Queues.WORKFLOW_SHA, Queues.RESULTS)) {
            headers.put(h, e.getIn().getHeader(h));
        }
        headers.put(Queues.REFUSED, already + id + ",");
        producer.sendBodyAndHeaders(JmsRemotePositions.COMPONENT + ":queue:" + queue, e.getIn().getBody(byte[].class), headers);
        producer.sendBodyAndHeaders(JmsRemotePositions.COMPONENT + ":queue:" + results, "", Map.of(Queues.KIND, Queues.KIND_REFUSED,
                Queues.WORKER, id, Queues.CHUNK, chunk == null ? -1 : chunk, Queues.REASON, reason));
    }

    /** Runs the chunk's positions through the plan's steps, in parallel, and gathers clouds, provenance and stage times. */
    private RemotePositions.ChunkResult run(ChunkCodec.Work work) throws Exception {
        RemotePositions.Plan plan = work.plan();
        List<String> uris = new ArrayList<>();
        RemotePositions.Step encoderStep = null;
        String encoderUri = null;
        for (RemotePositions.Step s : plan.steps()) {
            String bean = "chunk." + plan.workflowSha256().substring(0, 12) + "." + s.index();
            camel.getRegistry().bind(bean, Map.class, s.parameters());
            String uri = "stage:" + s.type() + ":" + s.use() + "?parameters=#" + bean + "&step=" + s.index();
            if (s.type().equals("encoder")) {
                encoderStep = s;
                encoderUri = uri;
            } else {
                uris.add(uri);
            }
        }
        List<Map<String, Object>> used = Collections.synchronizedList(new ArrayList<>());
        Map<String, LongAdder[]> times = new ConcurrentHashMap<>();
        List<Future<RemotePositions.PositionResult>> futures = new ArrayList<>();
        for (PositionVolume v : work.volumes()) {
            futures.add(positionThreads.submit(() -> {
                Exchange x = new DefaultExchange(camel);
                x.setProperty(StageConstants.SCAN, plan.scan());
                x.setProperty(StageConstants.STAGES_USED, used);
                x.setProperty(StageConstants.STAGE_TIMES, times);
                x.getIn().setBody(v);
                for (String uri : uris) {
                    producer.send(uri, x);
                    if (x.getException() != null) throw x.getException();
                    if (x.getIn().getBody() == null) break;
                }
                return new RemotePositions.PositionResult(v.row(), v.col(), x.getIn().getBody(PointCloud.class));
            }));
        }
        List<RemotePositions.PositionResult> positions = new ArrayList<>();
        try {
            for (Future<RemotePositions.PositionResult> f : futures) positions.add(f.get());
        } catch (java.util.concurrent.ExecutionException ex) {
            futures.forEach(f -> f.cancel(true));
            throw ex.getCause() instanceof Exception cause ? cause : ex;
        }
        if (encoderStep != null) positions = encode(plan, encoderStep, encoderUri, positions, used, times);
        Map<String, double[]> seconds = new TreeMap<>();
        times.forEach((k, t) -> seconds.put(k, new double[] {t[0].sum() / 1e9, t[1].sum()}));
        List<Map<String, Object>> provenance;
        synchronized (used) {
            provenance = new ArrayList<>(used);
        }
        return new RemotePositions.ChunkResult(work.chunk(), id, positions, provenance, seconds);
    }

    /** Encodes the chunk's clouds (in row-major order) with the run's registered model, through the encoder's stage endpoint. */
    private List<RemotePositions.PositionResult> encode(RemotePositions.Plan plan, RemotePositions.Step step, String uri,
                                                        List<RemotePositions.PositionResult> positions, List<Map<String, Object>> used,
                                                        Map<String, LongAdder[]> times) throws Exception {
        List<PointCloud> clouds = new ArrayList<>();
        for (RemotePositions.PositionResult p : positions) if (p.cloud() != null) clouds.add(p.cloud());
        if (clouds.isEmpty()) return positions;
        Exchange x = new DefaultExchange(camel);
        x.setProperty(StageConstants.STAGES_USED, used);
        x.setProperty(StageConstants.STAGE_TIMES, times);
        x.setProperty(StageConstants.MODEL, model(plan, step));
        x.getIn().setBody(clouds);
        producer.send(uri, x);
        if (x.getException() != null) throw x.getException();
        float[][] codes = x.getIn().getBody(float[][].class);
        if (codes == null || codes.length != clouds.size()) throw new java.io.IOException("encoder " + step.use() + " gave no codeword per cloud");
        List<RemotePositions.PositionResult> out = new ArrayList<>();
        int i = 0;
        for (RemotePositions.PositionResult p : positions) {
            out.add(p.cloud() == null ? p : new RemotePositions.PositionResult(p.row(), p.col(), p.cloud(), codes[i++]));
        }
        return out;
    }

    /** The run's model, fetched from its coordinator by id and SHA-256 the first time, verified, and read by this worker's encoder. */
    private org.braggflow.api.stage.EncoderModel model(RemotePositions.Plan plan, RemotePositions.Step step) throws Exception {
        org.braggflow.api.stage.Encoder encoder = (org.braggflow.api.stage.Encoder) stages.await(step.type(), step.use(), Duration.ofSeconds(30)).service();
        String key = step.modelSha256() + "@" + System.identityHashCode(encoder);
        org.braggflow.api.stage.EncoderModel loaded = loadedModels.get(key);
        if (loaded != null) return loaded;
        if (plan.modelQueue() == null) throw new java.io.IOException("the run names model '" + step.model() + "' but no coordinator to fetch it from");
        org.braggflow.launcher.models.ModelRegistry cache = ModelFiles.cached(modelCache, step.model(), step.modelSha256(), () -> {
            Exchange reply = producer.request(NOTES + ":queue:" + plan.modelQueue() + "?requestTimeout=120000", r -> {
                r.getIn().setHeader(Queues.MODEL, step.model());
                r.getIn().setHeader(Queues.MODEL_SHA, step.modelSha256());
                r.getIn().setBody("");
            });
            if (reply.getException() != null) {
                return Map.entry(new byte[0], "no answer from " + plan.modelQueue() + ": " + JmsRemoteRun.rootMessage(reply.getException()));
            }
            String error = reply.getMessage().getHeader(Queues.ERROR, String.class);
            byte[] body = reply.getMessage().getBody(byte[].class);
            return Map.entry(body == null ? new byte[0] : body, error == null ? "" : error);
        });
        LOG.info("model {} ({}) fetched and verified", step.model(), step.modelSha256());
        loaded = cache.load(step.model(), encoder).model();
        loadedModels.put(key, loaded);
        return loaded;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        positionThreads.shutdownNow();
        try {
            producer.close();
        } catch (java.io.IOException e) {
            LOG.warn("producer did not close: {}", e.getMessage());
        }
    }
}
