package org.braggflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import org.braggflow.launcher.run.RemotePositions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's side of a run against a real Artemis broker, with the test in the worker's place:
 * a chunk's result counted once however often it arrives, and a chunk that fails on every try
 * dead-lettered by the broker and failing the run with the worker's error.
 */
@org.junit.jupiter.api.Timeout(180)
class JmsRemoteRunTest {

    @TempDir
    Path dir;
    EmbeddedBroker broker;
    DefaultCamelContext camel;
    RemotePositions remote;
    ClusterSettings settings;
    Connection connection;

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        broker = EmbeddedBroker.start(dir.resolve("broker"), "tcp://localhost:" + port, 3, null, null);
        settings = ClusterSettings.fromMap(Map.of("broker", "tcp://localhost:" + port));
        camel = new DefaultCamelContext();
        camel.start();
        remote = new JmsRemotePositions.Factory().connect(camel, settings.brokerUrl(), Map.of(), dir.resolve("models"));
        connection = settings.connectionFactory(false).createConnection();
        connection.start();
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        remote.close();
        camel.close();
        broker.close();
    }

    private byte[] body(Message m) throws Exception {
        BytesMessage b = (BytesMessage) m;
        byte[] out = new byte[(int) b.getBodyLength()];
        b.readBytes(out);
        return out;
    }

    @Test
    void aBrokerThatCannotListenDoesNotStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            String url = "tcp://localhost:" + taken.getLocalPort();
            IOException e = assertThrows(IOException.class, () -> EmbeddedBroker.start(dir.resolve("second"), url, 3, null, null));
            assertTrue(e.getMessage().contains("cannot listen on " + url), e.getMessage());
        }
    }

    @Test
    void aChunkAnsweredTwiceCountsOnce() throws Exception {
        RemotePositions.Plan plan = ChunkCodecTest.plan("wf.s.1", "wf");
        try (RemotePositions.Run run = remote.start(plan)) {
            run.submit(0, ChunkCodecTest.volumes(3, 5));
            Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer work = s.createConsumer(s.createQueue(Queues.work("wf")));
            Message m = work.receive(10_000);
            assertNotNull(m, "the chunk reached the workflow's work queue");
            ChunkCodec.Work w = ChunkCodec.decodeWork(body(m));
            assertEquals(3, w.volumes().size());
            assertEquals(plan.workflowSha256(), m.getStringProperty(Queues.WORKFLOW_SHA));
            String results = m.getStringProperty(Queues.RESULTS);
            MessageProducer p = s.createProducer(s.createQueue(results));
            for (String worker : List.of("w-1", "w-2")) {
                List<RemotePositions.PositionResult> positions = new ArrayList<>();
                for (var v : w.volumes()) positions.add(new RemotePositions.PositionResult(v.row(), v.col(), null));
                BytesMessage answer = s.createBytesMessage();
                answer.writeBytes(ChunkCodec.encodeResult(new RemotePositions.ChunkResult(0, worker, positions, List.of(), Map.of()), false));
                answer.setStringProperty(Queues.KIND, Queues.KIND_RESULT);
                p.send(answer);
            }
            List<RemotePositions.ChunkResult> got = new ArrayList<>();
            run.awaitAll(got::add);
            assertEquals(1, got.size());
            long deadline = System.currentTimeMillis() + 10_000;
            while (((Number) run.summary().get("duplicate_results_dropped")).intValue() < 1 && System.currentTimeMillis() < deadline) Thread.sleep(50);
            assertEquals(1, run.summary().get("duplicate_results_dropped"));
            assertEquals(Map.of(got.get(0).worker(), List.of(0)), run.summary().get("workers"), "one worker credited with the chunk");
        }
    }

    /**
     * A chunk taken off the work queue and never answered (its message lost with a worker) is sent
     * again once no result has come for resend_after_seconds, and the run completes with it.
     */
    @Test
    @org.junit.jupiter.api.Timeout(90)
    void aChunkWhoseMessageIsLostIsSentAgainAfterAQuietSpell() throws Exception {
        DefaultCamelContext quickCamel = new DefaultCamelContext();
        quickCamel.start();
        RemotePositions quick = new JmsRemotePositions.Factory().connect(quickCamel, settings.brokerUrl(), Map.of("resend_after_seconds", "1"),
                dir.resolve("models-quick"));
        try (RemotePositions.Run run = quick.start(ChunkCodecTest.plan("wf.s.4", "wf"))) {
            run.submit(0, ChunkCodecTest.volumes(2, 4));
            Session s = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer work = s.createConsumer(s.createQueue(Queues.work("wf")));
            assertNotNull(work.receive(10_000), "the chunk was delivered (and is now lost: acknowledged, never answered)");
            Throwable[] answerFailed = new Throwable[1];
            Thread worker = new Thread(() -> {
                try {
                    Message again = work.receive(30_000);
                    assertNotNull(again, "the chunk came again");
                    ChunkCodec.Work w = ChunkCodec.decodeWork(body(again));
                    List<RemotePositions.PositionResult> positions = new ArrayList<>();
                    for (var v : w.volumes()) positions.add(new RemotePositions.PositionResult(v.row(), v.col(), null));
                    BytesMessage answer = s.createBytesMessage();
                    answer.writeBytes(ChunkCodec.encodeResult(new RemotePositions.ChunkResult(0, "w-3", positions, List.of(), Map.of()), false));
                    answer.setStringProperty(Queues.KIND, Queues.KIND_RESULT);
                    s.createProducer(s.createQueue(again.getStringProperty(Queues.RESULTS))).send(answer);
                } catch (Throwable t) {
                    answerFailed[0] = t;
                }
            });
            worker.start();
            List<RemotePositions.ChunkResult> got = new ArrayList<>();
            run.awaitAll(got::add);
            worker.join(30_000);
            assertEquals(null, answerFailed[0]);
            assertEquals(1, got.size());
            assertTrue(((Number) run.summary().get("chunks_sent_again")).intValue() >= 1, run.summary().toString());
        } finally {
            quick.close();
            quickCamel.close();
        }
    }

    @Test
    void aChunkFailingOnEveryTryFailsTheRunWithTheWorkersErrorAndTheRestIsTakenOffTheBroker() throws Exception {
        RemotePositions.Plan plan = ChunkCodecTest.plan("wf.s.2", "wf");
        RemotePositions.Run closed;
        try (RemotePositions.Run run = remote.start(plan)) {
            closed = run;
            run.submit(5, ChunkCodecTest.volumes(2, 6));
            run.submit(6, ChunkCodecTest.volumes(2, 7));
            Session tx = connection.createSession(true, Session.SESSION_TRANSACTED);
            Session notes = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer work = tx.createConsumer(tx.createQueue(Queues.work("wf")), Queues.CHUNK + " = 5");
            for (int attempt = 1; attempt <= 3; attempt++) {
                Message m = work.receive(10_000);
                assertNotNull(m, "try " + attempt + " delivered");
                Message note = notes.createMessage();
                note.setStringProperty(Queues.KIND, Queues.KIND_ERROR);
                note.setStringProperty(Queues.WORKER, "w-9");
                note.setIntProperty(Queues.CHUNK, m.getIntProperty(Queues.CHUNK));
                note.setStringProperty(Queues.REASON, "denoiser exploded on try " + attempt);
                notes.createProducer(notes.createQueue(m.getStringProperty(Queues.RESULTS))).send(note);
                tx.rollback();
            }
            IOException e = assertThrows(IOException.class, () -> run.awaitAll(r -> { }));
            assertTrue(e.getMessage().contains("chunk 5"), e.getMessage());
            assertTrue(e.getMessage().contains("dead-letter"), e.getMessage());
            assertTrue(e.getMessage().contains("w-9: denoiser exploded on try 3"), e.getMessage());
            @SuppressWarnings("unchecked")
            List<Object> tries = (List<Object>) run.summary().get("failed_tries");
            assertEquals(3, tries.size());
        }
        try (BrokerQueries broker = new BrokerQueries(settings.connectionFactory(true))) {
            assertEquals(0, broker.messageCount(Queues.work("wf")), "chunk 6, never taken, went with the failed run " + closed.summary());
            assertTrue(broker.queueNames().stream().noneMatch(q -> q.equals("braggflow.results.wf.s.2")), broker.queueNames().toString());
        }
    }

    @Test
    void aBrokerWithAUserRefusesOtherCredentials() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (EmbeddedBroker secured = EmbeddedBroker.start(dir.resolve("secured"), "tcp://localhost:" + port, 3, "beamline", "s3cret")) {
            String url = "tcp://localhost:" + port;
            ClusterSettings wrong = ClusterSettings.fromMap(Map.of("broker", url, "user", "beamline", "password", "guess"));
            assertThrows(jakarta.jms.JMSSecurityException.class, () -> wrong.connectionFactory(true).createConnection().close());
            ClusterSettings none = ClusterSettings.fromMap(Map.of("broker", url));
            assertThrows(jakarta.jms.JMSSecurityException.class, () -> none.connectionFactory(true).createConnection().close());
            ClusterSettings right = ClusterSettings.fromMap(Map.of("broker", url, "user", "beamline", "password", "s3cret"));
            try (BrokerQueries q = new BrokerQueries(right.connectionFactory(true))) {
                assertTrue(q.queueNames().contains(Queues.DEAD_LETTERS), "management answers the configured user");
            }
            assertEquals("tcp://localhost:" + port + "?password=***", ClusterSettings.fromMap(Map.of("broker", url + "?password=x")).describe());
        }
    }

    private void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "keytool " + String.join(" ", args) + ": " + out);
    }

    @Test
    void aTlsBrokerTalksOnlyTls() throws Exception {
        Path keys = dir.resolve("keys");
        java.nio.file.Files.createDirectories(keys);
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keys.resolve("broker.p12").toString(), "-storepass", "changeit", "-keypass", "changeit",
                "-ext", "SAN=dns:localhost");
        keytool("-exportcert", "-alias", "broker", "-keystore", keys.resolve("broker.p12").toString(), "-storepass", "changeit",
                "-file", keys.resolve("broker.cer").toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", keys.resolve("broker.cer").toString(), "-storetype", "PKCS12",
                "-keystore", keys.resolve("trust.p12").toString(), "-storepass", "changeit");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String acceptor = EmbeddedBroker.acceptorUrl("localhost", port, keys.resolve("broker.p12"), "changeit");
        try (EmbeddedBroker tls = EmbeddedBroker.start(dir.resolve("tls"), acceptor, 3, null, null)) {
            String url = "tcp://localhost:" + port + "?sslEnabled=true&trustStorePath=" + keys.resolve("trust.p12") + "&trustStorePassword=changeit"
                    + "&trustStoreType=PKCS12";
            try (BrokerQueries q = new BrokerQueries(ClusterSettings.fromMap(Map.of("broker", url)).connectionFactory(true))) {
                assertTrue(q.queueNames().contains(Queues.DEAD_LETTERS), "a TLS client is answered");
            }
            ClusterSettings plain = ClusterSettings.fromMap(Map.of("broker", "tcp://localhost:" + port + "?callTimeout=3000&connectionTTL=3000"));
            assertThrows(jakarta.jms.JMSException.class, () -> plain.connectionFactory(true).createConnection().close(), "a plain client is not");
        }
    }
}
