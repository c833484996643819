package org.braggflow.cluster;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.launcher.run.RemotePositions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's chunks in the cluster. Chunks go to the workflow's work queue as persistent messages (at
 * most {@code max_in_flight} unanswered at a time, so a large scan never piles up in the broker); the
 * run's result queue brings each chunk's clouds back. Delivery is at least once (a chunk whose worker
 * died is delivered again), so results are kept by chunk number and a second result for a chunk is
 * dropped and counted: each chunk counts exactly once. A chunk the broker dead-letters (it failed on
 * every try) fails the run with the last error a worker reported for it. When no result has come for
 * {@code resend_after_seconds} (60) while chunks are unanswered, those chunks are sent again: a chunk
 * whose work or result was lost in the broker (seen in tests where a worker was killed just after
 * finishing one) would otherwise hold the run forever; a second result is dropped as above. The
 * unanswered chunks' messages are kept for that, at most {@code max_in_flight} of them.
 */
final class JmsRemoteRun implements RemotePositions.Run {

    private static final Logger LOG = LoggerFactory.getLogger(JmsRemoteRun.class);
    static final String SEND_COMPONENT = "jmssend";
    /** How long a send keeps trying while the broker is away (restarting). */
    private static final long SEND_PATIENCE_MS = 300_000;

    private final CamelContext camel;
    private final RemotePositions.Plan plan;
    private final ClusterSettings settings;
    private final String resultQueue;
    private final int maxInFlight;
    private final boolean compress;
    private final ProducerTemplate producer;
    private final List<String> routeIds = new ArrayList<>();

    private final Set<Integer> submitted = ConcurrentHashMap.newKeySet();
    private final Set<Integer> answered = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<RemotePositions.ChunkResult> arrived = new LinkedBlockingQueue<>();
    private final Map<String, Set<Integer>> chunksByWorker = new TreeMap<>();
    private final List<Map<String, Object>> refusals = new ArrayList<>();
    private final List<Map<String, Object>> failedTries = new ArrayList<>();
    private final Map<Integer, String> lastError = new ConcurrentHashMap<>();
    /** The message of every chunk not answered yet, to send again if its result never comes. */
    private final Map<Integer, Unanswered> unanswered = new ConcurrentHashMap<>();
    private final long resendAfterNanos;
    private int resent;
    private volatile long lastResend = System.nanoTime();
    private volatile String deadLetter;
    private int duplicates;
    private long bytesSent;
    /** When the first chunk went out and the last new result came in (System.nanoTime; 0: not yet). */
    private long firstSent, lastAnswer;
    private int positionsAnswered;

    JmsRemoteRun(CamelContext camel, ClusterSettings settings, RemotePositions.Plan plan) throws Exception {
        this.camel = camel;
        this.plan = plan;
        this.settings = settings;
        this.resultQueue = Queues.RESULTS_PREFIX + plan.runId();
        this.maxInFlight = settings.intSetting("max_in_flight", 16);
        this.compress = !"false".equalsIgnoreCase(settings.all().getOrDefault("compress", "true"));
        this.resendAfterNanos = settings.intSetting("resend_after_seconds", 60) * 1_000_000_000L;
        this.producer = camel.createProducerTemplate();
        String results = "results-" + plan.runId(), dead = "dead-" + plan.runId();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(JmsRemotePositions.COMPONENT + ":queue:" + resultQueue + "?concurrentConsumers=1").routeId(results)
                        .process(JmsRemoteRun.this::onMessage);
                from(JmsRemotePositions.COMPONENT + ":queue:" + Queues.DEAD_LETTERS + "?selector=" + Queues.RUN + "='" + plan.runId() + "'")
                        .routeId(dead).process(JmsRemoteRun.this::onDeadLetter);
            }
        });
        routeIds.add(results);
        routeIds.add(dead);
    }

    @Override
    public void submit(int chunk, List<PositionVolume> volumes) throws Exception {
        while (true) {
            boolean quiet;
            synchronized (this) {
                if (submitted.size() - answered.size() < maxInFlight || deadLetter != null) break;
                wait(1000);
                quiet = System.nanoTime() - Math.max(lastAnswer, lastResend) > resendAfterNanos;
            }
            // a lost chunk would otherwise hold every later one back
            if (quiet) resendUnanswered();
        }
        if (deadLetter != null) throw new IOException(deadLetter);
        byte[] body = ChunkCodec.encodeWork(plan, chunk, volumes, compress);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(Queues.RUN, plan.runId());
        headers.put(Queues.CHUNK, chunk);
        headers.put(Queues.WORKFLOW, plan.workflowId());
        headers.put(Queues.WORKFLOW_SHA, plan.workflowSha256());
        headers.put(Queues.RESULTS, resultQueue);
        submitted.add(chunk);
        unanswered.put(chunk, new Unanswered(body, headers));
        send(chunk, body, headers);
        synchronized (this) {
            bytesSent += body.length;
            if (firstSent == 0) firstSent = System.nanoTime();
        }
    }

    private record Unanswered(byte[] body, Map<String, Object> headers) {
    }

    /** Sends one chunk's message to the work queue, retrying while the broker is away (restarting). */
    private void send(int chunk, byte[] body, Map<String, Object> headers) throws Exception {
        long deadline = System.currentTimeMillis() + SEND_PATIENCE_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                producer.sendBodyAndHeaders(SEND_COMPONENT + ":queue:" + Queues.work(plan.workflowId()), body, headers);
                break;
            } catch (RuntimeException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("cannot send chunk " + chunk + " to the broker " + settings.describe() + ": " + rootMessage(e), e);
                }
                if (attempt == 1) LOG.warn("run {}: broker {} unreachable ({}); retrying", plan.runId(), settings.describe(), rootMessage(e));
                Thread.sleep(1000);
            }
        }
    }

    /** Sends again every chunk still unanswered (see the class comment); returns how many. */
    private int resendUnanswered() throws Exception {
        List<Integer> chunks = new ArrayList<>(new TreeSet<>(unanswered.keySet()));
        chunks.removeIf(answered::contains);
        for (int chunk : chunks) {
            Unanswered u = unanswered.get(chunk);
            if (u != null) send(chunk, u.body(), u.headers());
        }
        lastResend = System.nanoTime();
        if (!chunks.isEmpty()) {
            synchronized (this) {
                resent += chunks.size();
            }
            LOG.warn("run {}: no result for {} s; chunks {} sent again", plan.runId(), resendAfterNanos / 1_000_000_000L, chunks);
        }
        return chunks.size();
    }

    private void onMessage(Exchange e) throws IOException {
        String kind = e.getIn().getHeader(Queues.KIND, Queues.KIND_RESULT, String.class);
        String worker = e.getIn().getHeader(Queues.WORKER, "?", String.class);
        Integer chunk = e.getIn().getHeader(Queues.CHUNK, Integer.class);
        switch (kind) {
            case Queues.KIND_REFUSED -> {
                String reason = e.getIn().getHeader(Queues.REASON, String.class);
                LOG.warn("run {}: worker {} refused chunk {}: {}", plan.runId(), worker, chunk, reason);
                synchronized (this) {
                    refusals.add(entry(worker, chunk, reason));
                }
            }
            case Queues.KIND_ERROR -> {
                String reason = e.getIn().getHeader(Queues.REASON, String.class);
                LOG.warn("run {}: chunk {} failed on worker {}: {}", plan.runId(), chunk, worker, reason);
                if (chunk != null) lastError.put(chunk, worker + ": " + reason);
                synchronized (this) {
                    failedTries.add(entry(worker, chunk, reason));
                }
            }
            default -> {
                RemotePositions.ChunkResult r = ChunkCodec.decodeResult(e.getIn().getBody(byte[].class));
                synchronized (this) {
                    if (!answered.add(r.chunk())) {
                        // a redelivered chunk done twice (its first worker died after sending): counted once
                        duplicates++;
                        return;
                    }
                    unanswered.remove(r.chunk());
                    chunksByWorker.computeIfAbsent(r.worker(), w -> new TreeSet<>()).add(r.chunk());
                    positionsAnswered += r.positions().size();
                    lastAnswer = System.nanoTime();
                    notifyAll();
                }
                arrived.add(r);
            }
        }
    }

    private static Map<String, Object> entry(String worker, Integer chunk, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("worker", worker);
        m.put("chunk", chunk);
        m.put("reason", reason);
        return m;
    }

    private void onDeadLetter(Exchange e) {
        Integer chunk = e.getIn().getHeader(Queues.CHUNK, Integer.class);
        if (chunk != null && answered.contains(chunk)) return;
        String error = chunk == null ? null : lastError.get(chunk);
        deadLetter = "chunk " + chunk + " of run " + plan.runId() + " failed on every try and went to the broker's dead-letter queue "
                + Queues.DEAD_LETTERS + (error == null ? "" : "; last error from worker " + error);
        synchronized (this) {
            notifyAll();
        }
    }

    @Override
    public void awaitAll(Consumer<RemotePositions.ChunkResult> sink) throws Exception {
        int handed = 0;
        long quietSince = System.nanoTime();
        while (true) {
            if (deadLetter != null) throw new IOException(deadLetter);
            if (handed == submitted.size()) return;
            RemotePositions.ChunkResult r = arrived.poll(500, TimeUnit.MILLISECONDS);
            if (r != null) {
                sink.accept(r);
                handed++;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > resendAfterNanos) {
                LOG.info("run {}: waiting for workers, {} of {} chunks answered (is a worker running? braggflow cluster)",
                        plan.runId(), handed, submitted.size());
                resendUnanswered();
                quietSince = System.nanoTime();
            }
        }
    }

    @Override
    public synchronized Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("broker", settings.describe());
        out.put("run", plan.runId());
        out.put("work_queue", Queues.work(plan.workflowId()));
        out.put("chunks", submitted.size());
        out.put("chunks_answered", answered.size());
        out.put("positions", positionsAnswered);
        out.put("bytes_sent", bytesSent);
        if (firstSent != 0 && lastAnswer != 0) {
            // the per-position phase as the cluster ran it: first chunk out to last chunk back
            out.put("seconds_first_sent_to_last_answer", Math.round((lastAnswer - firstSent) / 1e6) / 1000.0);
        }
        out.put("compressed", compress);
        Map<String, Object> workers = new LinkedHashMap<>();
        chunksByWorker.forEach((w, chunks) -> workers.put(w, new ArrayList<>(chunks)));
        out.put("workers", workers);
        out.put("duplicate_results_dropped", duplicates);
        out.put("chunks_sent_again", resent);
        if (!refusals.isEmpty()) out.put("refused", new ArrayList<>(refusals));
        if (!failedTries.isEmpty()) out.put("failed_tries", new ArrayList<>(failedTries));
        return out;
    }

    /**
     * Stops reading results, then takes what is left of this run off the broker: chunks of a failed run
     * still waiting in the work queue (no worker should spend time on them) and the run's result queue.
     */
    @Override
    public void close() {
        for (String id : routeIds) {
            try {
                camel.getRouteController().stopRoute(id, 5, TimeUnit.SECONDS);
                camel.removeRoute(id);
            } catch (Exception e) {
                LOG.warn("cannot remove route {}: {}", id, e.getMessage());
            }
        }
        try {
            producer.close();
        } catch (IOException e) {
            LOG.warn("producer did not close: {}", e.getMessage());
        }
        try (BrokerQueries broker = new BrokerQueries(settings.connectionFactory(true))) {
            long left = broker.removeMessages(Queues.work(plan.workflowId()), Queues.RUN + " = '" + plan.runId() + "'");
            if (left > 0) LOG.info("run {}: {} chunk(s) it no longer needs taken off {}", plan.runId(), left, Queues.work(plan.workflowId()));
            if (broker.queueNames().contains(resultQueue)) broker.destroyQueue(resultQueue);
        } catch (Exception e) {
            LOG.warn("run {}: its queues were not cleaned up on the broker: {}", plan.runId(), rootMessage(e));
        }
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
