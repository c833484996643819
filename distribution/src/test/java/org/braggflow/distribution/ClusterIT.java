package org.braggflow.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.braggflow.launcher.osgi.BundleJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One workflow across processes, as users start them (docs/cluster.md): {@code braggflow broker},
 * {@code serve --broker} as the coordinator, {@code worker --broker} with one thread each, all on
 * loopback. The outputs must be the single-process run's, byte for byte (same clouds, so the same
 * PCA features and k-means labels with the workflow's fixed seed), whatever happens to workers and
 * broker meanwhile.
 */
class ClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORKFLOW = "pca-defects";

    @TempDir
    static Path shared;
    static Path scan;
    static Path reference;

    @TempDir
    Path work;
    private final List<Process> processes = new ArrayList<>();

    /** The scan and its single-process outputs, the reference every cluster run must reproduce. */
    @BeforeAll
    static void referenceRun() throws Exception {
        scan = shared.resolve("scan.h5");
        Path home = shared.resolve("single");
        Braggflow.Outcome sim = Braggflow.run(home, "simulate", "--out", scan.toString(), "--rows", "16", "--cols", "20", "--seed", "3");
        assertEquals(0, sim.code(), sim.output());
        Braggflow.Outcome run = Braggflow.run(home, "run", WORKFLOW, scan.toString());
        assertEquals(0, run.code(), run.output());
        reference = home.resolve("results/" + WORKFLOW + "/scan");
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    /**
     * A free port below Linux's ephemeral range (32768 up): while a broker is down, the workers'
     * reconnection attempts take ephemeral ports, and one of them could take the broker's own port
     * (or connect to itself on it) if the port were in that range.
     */
    private static int freePort() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int tries = 0; tries < 200; tries++) {
            int port = 20000 + random.nextInt(12000);
            try (ServerSocket s = new ServerSocket(port)) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // another port
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process start(Path home, String marker, StringBuffer out, String... args) throws Exception {
        ProcessBuilder b = Braggflow.builder(home, args);
        // four JVMs share the machine with the test: a smaller heap than the default 2 GB is plenty here
        b.environment().put("BRAGGFLOW_JAVA_OPTS", "-Xmx768m");
        Process p = Braggflow.started(b, marker, out);
        processes.add(p);
        return p;
    }

    private Process broker(int port, Path data, StringBuffer out) throws Exception {
        return start(work.resolve("broker-home"), "listening on", out, "broker", "--port", String.valueOf(port), "--data", data.toString());
    }

    private record Worker(Process process, String id, Path home, StringBuffer out) {
    }

    private Worker worker(String name, String url) throws Exception {
        Path home = work.resolve(name);
        StringBuffer out = new StringBuffer();
        Process p = start(home, "ready in", out, "worker", "--broker", url, "--threads", "1");
        Matcher m = Pattern.compile("Braggflow worker (\\S+) on").matcher(out);
        assertTrue(m.find(), out.toString());
        return new Worker(p, m.group(1), home, out);
    }

    private static long chunksDone(Worker w) throws IOException {
        Path log = w.home().resolve("logs/worker.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("ClusterWorker - chunk") && l.contains(" done: ")).count() : 0;
    }

    private Path coordinator(String url) throws Exception {
        Path home = work.resolve("coordinator");
        start(home, "ready in", new StringBuffer(), "serve", "--broker", url);
        return home;
    }

    private static void drop(Path home, String name) throws IOException {
        Path inbox = Files.createDirectories(home.resolve("inbox/" + WORKFLOW));
        Path staged = home.resolve(name + ".part");
        Files.copy(scan, staged);
        Files.move(staged, inbox.resolve(name + ".h5"), StandardCopyOption.ATOMIC_MOVE);
    }

    private JsonNode awaitRun(Path home, String scanId, int seconds) throws Exception {
        return awaitRun(home, WORKFLOW, scanId, seconds);
    }

    private JsonNode awaitRun(Path home, String workflow, String scanId, int seconds) throws Exception {
        Path record = home.resolve("results/" + workflow + "/" + scanId + "/run.json");
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(record)) {
                try {
                    JsonNode r = JSON.readTree(record.toFile());
                    String status = r.path("status").asText();
                    if (status.equals("succeeded") || status.equals("failed")) return r;
                } catch (IOException halfWritten) {
                    // written atomically, but a read may race the rename: read again
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no finished " + record + " within " + seconds + " s\n" + logTails());
    }

    /** The chunks a running cluster run has had back, as its run.json says (written every two seconds). */
    private static int chunksAnswered(Path record) {
        try {
            return JSON.readTree(record.toFile()).path("cluster").path("chunks_answered").asInt(0);
        } catch (IOException notYet) {
            return 0;
        }
    }

    /** The last lines of every process's log under this test's folder, so a failure on a CI machine says what each was doing. */
    private String logTails() throws IOException {
        StringBuilder out = new StringBuilder();
        try (var logs = Files.walk(work)) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log") && f.getParent().getFileName().toString().equals("logs")).sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                out.append("--- ").append(work.relativize(log)).append(" (last 40 of ").append(lines.size()).append(" lines)\n");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> out.append(l).append('\n'));
            }
        }
        return out.toString();
    }

    /** The outputs that depend on every cloud: codeword features and cluster labels, and the maps. */
    private static void assertSameOutputs(Path home, String scanId) throws IOException {
        Path folder = home.resolve("results/" + WORKFLOW + "/" + scanId);
        for (String f : List.of("features.csv", "clusters.csv", "maps.csv")) {
            assertEquals(Files.readString(reference.resolve(f)), Files.readString(folder.resolve(f)), f + " as in the single-process run");
        }
    }

    /** Every chunk answered once, by one worker; returns the chunks each worker is credited with. */
    private static JsonNode assertEachChunkOnce(JsonNode run) {
        JsonNode cluster = run.path("cluster");
        assertTrue(cluster.isObject(), "run.json has a cluster block: " + run);
        int chunks = cluster.path("chunks").asInt();
        assertTrue(chunks >= 4, "the scan went out in several chunks: " + cluster);
        assertEquals(chunks, cluster.path("chunks_answered").asInt());
        Set<Integer> seen = new HashSet<>();
        int credited = 0;
        for (JsonNode list : cluster.path("workers")) {
            for (JsonNode c : list) {
                assertTrue(seen.add(c.asInt()), "chunk " + c + " credited once: " + cluster);
                credited++;
            }
        }
        assertEquals(chunks, credited, "every chunk credited to exactly one worker: " + cluster);
        return cluster;
    }

    @Test
    void twoWorkersGiveTheSingleProcessOutputsEvenWhenOneIsKilled() throws Exception {
        int port = freePort();
        String url = "tcp://localhost:" + port;
        broker(port, work.resolve("journal"), new StringBuffer());
        Worker first = worker("worker-1", url);
        Worker second = worker("worker-2", url);
        Path home = coordinator(url);
        drop(home, "scan");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (chunksDone(first) < 1 && System.nanoTime() < deadline) Thread.sleep(100);
        assertTrue(chunksDone(first) >= 1, "worker 1 finished a chunk: " + first.out());
        // kill -9 while it holds its next chunk: the broker gives that chunk to worker 2
        first.process().destroyForcibly();
        JsonNode run = awaitRun(home, "scan", 240);
        assertEquals("succeeded", run.path("status").asText(), run.toString());
        assertSameOutputs(home, "scan");
        JsonNode cluster = assertEachChunkOnce(run);
        assertTrue(cluster.path("workers").has(second.id()), "worker 2 did chunks: " + cluster);
        assertTrue(cluster.path("workers").path(second.id()).size() > cluster.path("chunks").asInt() / 2,
                "worker 2 did the chunks worker 1 left: " + cluster);
        assertTrue(run.path("stages").toString().contains("lpa-ici"), "the workers' stages are in the provenance: " + run.path("stages"));
        Braggflow.Outcome runs = Braggflow.run(home, "runs");
        assertTrue(runs.output().contains("workers: ") && runs.output().contains(second.id()), runs.output());
    }

    @Test
    void aBrokerRestartedMidRunLosesNoChunk() throws Exception {
        int port = freePort();
        String url = "tcp://localhost:" + port;
        Path journal = work.resolve("journal");
        Process broker = broker(port, journal, new StringBuffer());
        Worker worker = worker("worker-1", url);
        worker("worker-2", url);
        Path home = coordinator(url);
        drop(home, "scan");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (chunksDone(worker) < 1 && System.nanoTime() < deadline) Thread.sleep(100);
        broker.destroyForcibly();
        broker.waitFor();
        processes.remove(broker);
        Thread.sleep(2000);
        broker(port, journal, new StringBuffer());
        JsonNode run = awaitRun(home, "scan", 300);
        assertEquals("succeeded", run.path("status").asText(), run.toString());
        assertSameOutputs(home, "scan");
        assertEachChunkOnce(run);
    }

    @Test
    void aWorkerWithAnotherDenoiserVersionRefusesAndPoisonGoesToTheDeadLetterQueue() throws Exception {
        int port = freePort();
        String url = "tcp://localhost:" + port;
        broker(port, work.resolve("journal"), new StringBuffer());
        Worker good = worker("worker-good", url);
        // a home whose outlier-removal bundle is another version: prepared, then the bundle replaced
        Path other = work.resolve("worker-other");
        assertEquals(0, Braggflow.run(other, "stages").code());
        Path sor = other.resolve("deploy/denoise-sor.jar");
        BundleJars.withVersion(Braggflow.DIST.resolve("bundles/denoise-sor.jar"), work.resolve("sor.jar"), "0.1.1");
        Files.move(work.resolve("sor.jar"), sor, StandardCopyOption.REPLACE_EXISTING);
        Worker refusing = worker("worker-other", url);
        Path home = coordinator(url);
        drop(home, "scan");
        JsonNode run = awaitRun(home, "scan", 300);
        assertEquals("succeeded", run.path("status").asText(), run.toString());
        assertSameOutputs(home, "scan");
        JsonNode cluster = assertEachChunkOnce(run);
        assertFalse(cluster.path("workers").has(refusing.id()), "the other version did no chunk: " + cluster);
        assertTrue(cluster.path("workers").has(good.id()), cluster.toString());
        assertTrue(cluster.path("refused").size() >= 1, "refusals recorded: " + cluster);
        JsonNode refusal = cluster.path("refused").get(0);
        assertEquals(refusing.id(), refusal.path("worker").asText());
        assertTrue(refusal.path("reason").asText().contains("0.1.1"), refusal.toString());
        for (JsonNode s : run.path("stages")) {
            if (s.path("stage.name").asText().equals("sor")) assertEquals("0.1.0", s.path("bundle_version").asText(), "provenance names the version used");
        }

        // a chunk no worker can read: tried --max-tries times (5), then dead-lettered; the workers carry on
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url);
        try (Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage poison = s.createBytesMessage();
            poison.writeBytes(new byte[] {1, 2, 3, 4, 5});
            poison.setStringProperty("bfRun", "poison-1");
            poison.setIntProperty("bfChunk", 0);
            poison.setStringProperty("bfResults", "braggflow.results.poison-1");
            s.createProducer(s.createQueue("braggflow.work." + WORKFLOW)).send(poison);
            c.start();
            boolean dead = false;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!dead && System.nanoTime() < deadline) {
                try (var browser = s.createBrowser(s.createQueue("DLQ"), "bfRun = 'poison-1'")) {
                    Enumeration<?> e = browser.getEnumeration();
                    dead = e.hasMoreElements();
                }
                if (!dead) Thread.sleep(500);
            }
            assertTrue(dead, "the unreadable chunk reached the dead-letter queue");
            var notes = s.createConsumer(s.createQueue("braggflow.results.poison-1"));
            Message note = notes.receive(5000);
            assertTrue(note != null && "error".equals(note.getStringProperty("bfKind")), "a worker reported why: " + note);
        }
        assertTrue(good.process().isAlive(), "the worker survived the poison chunk");
        Braggflow.Outcome status = Braggflow.run(home, "cluster", "--broker", url);
        assertEquals(0, status.code(), status.output());
        assertTrue(status.output().contains(good.id()) && status.output().contains(refusing.id()), status.output());
        assertTrue(status.output().contains("braggflow.work." + WORKFLOW), status.output());
    }

    @Test
    void workersEncodeWithARegisteredModelFetchedByItsSha256AndAResumedRunEncodesItsStoredClouds() throws Exception {
        // pca-defects with the shipped FoldingNet named under model: (each cloud encoded on its own, so on the workers)
        String text = Files.readString(Braggflow.DIST.resolve("workflows/" + WORKFLOW + ".yaml"))
                .replace("id: " + WORKFLOW, "id: shipped-model").replace("inbox: inbox/" + WORKFLOW, "inbox: inbox/shipped-model")
                .replace("  - type: encoder\n    use: pca\n", "  - type: encoder\n    use: foldingnet\n    model: foldingnet-hard-v1\n");
        assertTrue(text.contains("model: foldingnet-hard-v1"), text);
        Path single = work.resolve("single");
        Files.createDirectories(single.resolve("workflows"));
        Files.writeString(single.resolve("workflows/shipped-model.yaml"), text);
        Braggflow.Outcome alone = Braggflow.run(single, "run", "shipped-model", scan.toString());
        assertEquals(0, alone.code(), alone.output());

        int port = freePort();
        String url = "tcp://localhost:" + port;
        broker(port, work.resolve("journal"), new StringBuffer());
        Worker worker = worker("worker-1", url);
        Path home = work.resolve("coordinator");
        Files.createDirectories(home.resolve("workflows"));
        Files.writeString(home.resolve("workflows/shipped-model.yaml"), text);
        Process first = start(home, "ready in", new StringBuffer(), "serve", "--broker", url);
        Path inbox = Files.createDirectories(home.resolve("inbox/shipped-model"));
        Files.copy(scan, home.resolve("scan.part"));
        Files.move(home.resolve("scan.part"), inbox.resolve("scan.h5"), StandardCopyOption.ATOMIC_MOVE);
        // the coordinator is killed once a chunk's clouds are in its resume store; restarted, it resumes
        // the scan: the stored clouds, which no worker will encode again, are encoded by the coordinator
        Path record = home.resolve("results/shipped-model/scan/run.json");
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline && chunksAnswered(record) < 1) Thread.sleep(100);
        assertTrue(chunksAnswered(record) >= 1, "a chunk came back from the worker before the kill: " + logTails());
        first.destroyForcibly();
        assertTrue(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        processes.remove(first);
        start(home, "ready in", new StringBuffer(), "serve", "--broker", url);
        JsonNode run = awaitRun(home, "shipped-model", "scan", 300);
        assertEquals("succeeded", run.path("status").asText(), run.toString());
        assertTrue(run.path("resumed").path("clouds").asInt(0) > 0, "the run resumed from stored clouds: " + run.path("resumed"));
        Path reference = single.resolve("results/shipped-model/scan");
        Path folder = home.resolve("results/shipped-model/scan");
        // codewords made chunk by chunk on the worker against the whole scan at once here: float tolerance
        List<String> expected = Files.readAllLines(reference.resolve("features.csv"));
        List<String> got = Files.readAllLines(folder.resolve("features.csv"));
        assertEquals(expected.size(), got.size());
        assertEquals(expected.get(0), got.get(0));
        double worst = 0;
        for (int i = 1; i < expected.size(); i++) {
            String[] a = expected.get(i).split(","), b = got.get(i).split(",");
            assertEquals(a.length, b.length);
            assertEquals(a[0] + a[1], b[0] + b[1], "same positions in the same order");
            for (int j = 2; j < a.length; j++) worst = Math.max(worst, Math.abs(Double.parseDouble(a[j]) - Double.parseDouble(b[j])));
        }
        assertTrue(worst < 1e-4, "codewords equal within float tolerance, worst difference " + worst);
        assertEquals(Files.readString(reference.resolve("clusters.csv")), Files.readString(folder.resolve("clusters.csv")), "same labels");
        String sha = run.path("model").path("sha256").asText();
        assertTrue(Files.isDirectory(worker.home().resolve("run/cluster-models/" + sha + "/foldingnet-hard-v1")),
                "the worker keeps the model under its SHA-256 " + sha);
        assertTrue(run.path("stage_seconds").toString().contains("encoder/foldingnet"), "the workers' encoding is timed: " + run.path("stage_seconds"));
    }
}
