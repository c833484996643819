package org.braggflow.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.impl.DefaultCamelContext;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Encoder;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.launcher.models.ModelRecord;
import org.braggflow.launcher.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registered model handed from a coordinator's registry to a worker's cache by id and SHA-256, over
 * a real broker: the files arrive verified, a wrong SHA-256 or a changed file is refused, and file
 * names that would leave the model's folder are refused.
 */
class ModelFilesTest {

    @TempDir
    Path dir;

    /** A model of two data files, saved and read as bytes (the registry only needs save and load). */
    private record TableModel(byte[] weights) implements EncoderModel {
        @Override
        public String id() {
            return "table";
        }

        @Override
        public int featureSize() {
            return weights.length;
        }

        @Override
        public List<Double> lossHistory() {
            return List.of();
        }
    }

    private static final class TableEncoder implements Encoder {
        @Override
        public Class<? extends java.lang.annotation.Annotation> parameterType() {
            return Deprecated.class;
        }

        @Override
        public String description() {
            return "bytes as a model, for moving registry folders";
        }

        @Override
        public EncoderModel train(List<PointCloud> clouds, Parameters parameters, ProgressListener progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public float[][] encode(EncoderModel model, List<PointCloud> clouds) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(EncoderModel model, Path folder) throws IOException {
            Files.write(folder.resolve("weights.bin"), ((TableModel) model).weights());
            Files.createDirectories(folder.resolve("meta"));
            Files.writeString(folder.resolve("meta/config.json"), "{\"size\": " + ((TableModel) model).weights().length + "}");
        }

        @Override
        public EncoderModel load(Path folder) throws IOException {
            return new TableModel(Files.readAllBytes(folder.resolve("weights.bin")));
        }
    }

    private ModelRecord register(ModelRegistry registry, byte[] weights) throws IOException {
        return registry.register("m-1", new TableModel(weights), new TableEncoder(), new ModelRecord.Origin("encoder", "table", "b", "1.0.0"),
                ModelRecord.Training.of(List.of(), List.of()), Optional.empty());
    }

    @Test
    void aModelTravelsByIdAndSha256AndIsVerifiedOnArrival() throws Exception {
        ModelRegistry coordinator = new ModelRegistry(dir.resolve("coordinator/models"));
        byte[] weights = {1, 2, 3, 4, 5};
        ModelRecord record = register(coordinator, weights);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("broker"), "tcp://localhost:" + port, 3, null, null);
             DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ClusterSettings settings = ClusterSettings.fromMap(Map.of("broker", "tcp://localhost:" + port));
            camel.addComponent("jms", org.apache.camel.component.jms.JmsComponent.jmsComponent(settings.connectionFactory(true)));
            new ModelFiles(coordinator.root()).serve(camel, "jms:queue:braggflow.models.test");
            var producer = camel.createProducerTemplate();
            java.util.function.Supplier<Map.Entry<byte[], String>> ask = () -> {
                var reply = producer.request("jms:queue:braggflow.models.test?requestTimeout=20000", r -> {
                    r.getIn().setHeader(Queues.MODEL, "m-1");
                    r.getIn().setHeader(Queues.MODEL_SHA, record.sha256());
                    r.getIn().setBody("");
                });
                String error = reply.getMessage().getHeader(Queues.ERROR, String.class);
                return Map.entry(reply.getMessage().getBody(byte[].class), error == null ? "" : error);
            };
            Path cache = dir.resolve("worker/run/cluster-models");
            ModelRegistry got = ModelFiles.cached(cache, "m-1", record.sha256(), ask);
            assertEquals(record.sha256(), got.verify("m-1").sha256());
            assertArrayEquals(weights, ((TableModel) got.load("m-1", new TableEncoder()).model()).weights());
            assertTrue(Files.exists(cache.resolve(record.sha256()).resolve("m-1/meta/config.json")), "nested files arrive too");
            // a second call finds the verified copy and does not ask again
            ModelFiles.cached(cache, "m-1", record.sha256(), () -> {
                throw new AssertionError("asked again for a model already here");
            });
            // a run naming another SHA-256 for the same id is refused by the coordinator
            String other = "0".repeat(64);
            IOException refused = assertThrows(IOException.class, () -> ModelFiles.cached(cache, "m-1", other, () -> {
                var reply = producer.request("jms:queue:braggflow.models.test?requestTimeout=20000", r -> {
                    r.getIn().setHeader(Queues.MODEL, "m-1");
                    r.getIn().setHeader(Queues.MODEL_SHA, other);
                    r.getIn().setBody("");
                });
                return Map.entry(new byte[0], reply.getMessage().getHeader(Queues.ERROR, "", String.class));
            }));
            assertTrue(refused.getMessage().contains("the run asked for " + other), refused.getMessage());
            assertFalse(Files.exists(cache.resolve(other).resolve("m-1")), "nothing kept of a refused model");
        }
    }

    @Test
    void filesThatWouldLeaveTheModelFolderAreRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(0x42464d44);
            out.writeInt(1);
            out.writeUTF("../../escape.txt");
            out.writeInt(1);
            out.write(7);
        }
        Path cache = dir.resolve("cache");
        String sha = "a".repeat(64);
        IOException e = assertThrows(IOException.class, () -> ModelFiles.cached(cache, "m-2", sha, () -> Map.entry(bytes.toByteArray(), "")));
        assertTrue(e.getMessage().contains("refused model file name"), e.getMessage());
        assertFalse(Files.exists(cache.resolve("escape.txt")));
        assertFalse(Files.exists(dir.resolve("escape.txt")));
    }
}
