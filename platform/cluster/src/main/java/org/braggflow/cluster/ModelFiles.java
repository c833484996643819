package org.braggflow.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.braggflow.launcher.home.Folders;
import org.braggflow.launcher.models.ModelRecord;
import org.braggflow.launcher.models.ModelRegistry;

/**
 * Registered models handed from a coordinator to its workers by id and SHA-256: the coordinator
 * answers a request with the model's files as bytes (its record included), after verifying them; the
 * worker writes them into a registry of its own, one per SHA-256 (under {@code <home>/run/cluster-models}),
 * verifies every file against the record and the record against the SHA-256 the run names, and only
 * then lets its encoder read them. Nothing is deserialised as a Java object: the encoder reads its
 * own data files, as it does from any registry.
 */
final class ModelFiles {

    private static final int MAGIC = 0x42464d44; // "BFMD"
    private final ModelRegistry registry;

    ModelFiles(Path models) {
        this.registry = new ModelRegistry(models);
    }

    /** The coordinator's side: a route answering model requests on {@code uri}. */
    void serve(CamelContext camel, String uri) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("models-" + uri).process(ModelFiles.this::answer);
            }
        });
    }

    private void answer(Exchange e) {
        String id = e.getIn().getHeader(Queues.MODEL, String.class);
        String sha = e.getIn().getHeader(Queues.MODEL_SHA, String.class);
        e.getMessage().removeHeaders("*");
        try {
            ModelRecord record = registry.verify(id);
            if (!record.sha256().equals(sha)) {
                throw new IOException("model '" + id + "' here has SHA-256 " + record.sha256() + ", the run asked for " + sha);
            }
            e.getMessage().setBody(pack(registry.folder(id), record));
        } catch (IOException | RuntimeException ex) {
            e.getMessage().setBody(new byte[0]);
            e.getMessage().setHeader(Queues.ERROR, ex.getMessage());
        }
    }

    private static byte[] pack(Path folder, ModelRecord record) throws IOException {
        List<String> names = new ArrayList<>(record.files().keySet());
        names.add(ModelRegistry.RECORD);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(names.size());
            for (String name : names) {
                byte[] content = Files.readAllBytes(folder.resolve(name));
                out.writeUTF(name);
                out.writeInt(content.length);
                out.write(content);
            }
        }
        return bytes.toByteArray();
    }

    /**
     * The worker's side: the folder of model {@code id} with SHA-256 {@code sha} in the worker's cache
     * registry {@code cacheRoot/<sha>}, fetched with {@code request} when it is not there yet
     * ({@code request} gives the packed files and an error, empty when there is none).
     */
    static ModelRegistry cached(Path cacheRoot, String id, String sha, java.util.function.Supplier<Map.Entry<byte[], String>> request) throws IOException {
        if (!sha.matches("[0-9a-f]{64}")) throw new IOException("not a SHA-256: " + sha);
        ModelRegistry cache = new ModelRegistry(cacheRoot.resolve(sha));
        if (cache.contains(id) && cache.verify(id).sha256().equals(sha)) return cache;
        Map.Entry<byte[], String> reply = request.get();
        if (!reply.getValue().isEmpty()) throw new IOException("the coordinator did not send model '" + id + "': " + reply.getValue());
        Path incoming = Files.createDirectories(cache.root()).resolve(".incoming-" + java.util.UUID.randomUUID());
        Path target = cache.folder(id);
        try {
            unpack(reply.getKey(), incoming);
            Folders.deleteTree(target);
            Files.move(incoming, target);
            ModelRecord record = cache.verify(id);
            if (!record.sha256().equals(sha)) throw new IOException("model '" + id + "' arrived with SHA-256 " + record.sha256() + ", the run names " + sha);
            return cache;
        } catch (IOException | RuntimeException e) {
            Folders.deleteTree(incoming);
            Folders.deleteTree(target);
            throw e;
        }
    }

    private static void unpack(byte[] packed, Path folder) throws IOException {
        Files.createDirectories(folder);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(packed))) {
            if (in.readInt() != MAGIC) throw new IOException("not a model from a Braggflow coordinator");
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                Path file = folder.resolve(name).normalize();
                // names come from another machine: a file may only land inside the model's folder
                if (name.startsWith("/") || name.contains("\\") || !file.startsWith(folder) || file.equals(folder)) {
                    throw new IOException("refused model file name '" + name + "'");
                }
                int length = in.readInt();
                if (length < 0 || length > packed.length) throw new IOException("implausible length " + length + " of model file " + name);
                Files.createDirectories(file.getParent());
                Files.write(file, in.readNBytes(length));
            }
        }
    }
}
