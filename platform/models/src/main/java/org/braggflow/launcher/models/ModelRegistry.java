package org.braggflow.launcher.models;

import org.braggflow.api.files.Sha256;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.braggflow.api.stage.Encoder;
import org.braggflow.api.stage.EncoderModel;

/**
 * The trained and imported encoder models of a home, one folder each under {@code <home>/models/<id>/}:
 * the encoder's own files ({@link Encoder#save}) plus {@code registry.json} ({@link ModelRecord}).
 * Before any model is handed to an encoder, every file's size and SHA-256 are checked against the
 * record, so a truncated or tampered model is rejected with the file named; models are read by their
 * encoder's loader as data, never by Java deserialisation. A model appears in the registry complete or
 * not at all: it is written into a hidden folder which is then renamed to its id.
 *
 * <p>The record itself is not signed: whoever can rewrite {@code registry.json} can re-hash a model.
 * The hashes catch damage and edits of the model files, not a deliberate re-registration.
 */
public final class ModelRegistry {

    public static final String RECORD = "registry.json";
    /** The registry's folder in a Braggflow home (the home's {@code models()}). */
    public static final String FOLDER = "models";
    private static final String INCOMING = ".incoming-";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    /** @param root the models folder, {@code <home>/models} */
    public ModelRegistry(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The registry of a Braggflow home: its {@value #FOLDER} folder. */
    public static ModelRegistry ofHome(Path home) {
        return new ModelRegistry(home.resolve(FOLDER));
    }

    public Path root() {
        return root;
    }

    /** A model loaded for encoding, with its record. */
    public record Loaded(ModelRecord record, EncoderModel model) {
    }

    /** Ids of the folders that hold a record, sorted (hidden folders of unfinished registrations are not models). */
    public List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(root)) return ids;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
            for (Path f : folders) {
                String name = f.getFileName().toString();
                if (ModelId.isValid(name) && Files.isRegularFile(f.resolve(RECORD))) ids.add(name);
            }
        }
        ids.sort(null);
        return ids;
    }

    public boolean contains(String id) {
        return ModelId.isValid(id) && Files.isRegularFile(root.resolve(id).resolve(RECORD));
    }

    /** The folder of a model; the id is checked, so the folder is always directly under the root. */
    public Path folder(String id) {
        return root.resolve(ModelId.check(id));
    }

    /** The record alone (no file is hashed): cheap enough for validating workflows every second. */
    public ModelRecord read(String id) throws IOException {
        Path folder = folder(id);
        Path file = folder.resolve(RECORD);
        if (!Files.isRegularFile(file)) throw new UnknownModelException("no model '" + id + "' in " + root);
        // a link could lead out of the home; the registry only reads folders it holds
        if (Files.isSymbolicLink(folder) || Files.isSymbolicLink(file)) {
            throw new IOException(Files.isSymbolicLink(folder) ? folder + " is a link; a model folder must be a plain folder"
                    : file + " is a link; a model holds plain files only");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        ModelRecord record = ModelRecord.fromJson(tree, file);
        if (!record.id().equals(id)) throw new IOException(file + " records id '" + record.id() + "' but lies in folder '" + id + "'");
        return record;
    }

    /**
     * The record, after checking that the folder holds exactly the recorded files, each with its
     * recorded size and SHA-256.
     *
     * @throws IOException whose message names the first file that is missing, extra, truncated or changed
     */
    public ModelRecord verify(String id) throws IOException {
        ModelRecord record = read(id);
        Path folder = folder(id);
        Map<String, Path> present = files(folder);
        for (String name : present.keySet()) {
            if (!record.files().containsKey(name)) throw new IOException(present.get(name) + " is not one of the files recorded in " + RECORD);
        }
        for (Map.Entry<String, ModelRecord.FileDigest> e : record.files().entrySet()) {
            Path file = present.get(e.getKey());
            if (file == null) throw new IOException(folder.resolve(e.getKey()) + " is missing: " + RECORD + " records it");
            long size = Files.size(file);
            if (size != e.getValue().size()) {
                throw new IOException(file + " has " + size + " bytes but " + RECORD + " records " + e.getValue().size()
                        + " (truncated or replaced)");
            }
            String sha = Sha256.of(file);
            if (!sha.equals(e.getValue().sha256())) {
                throw new IOException(file + " has SHA-256 " + sha + " but " + RECORD + " records " + e.getValue().sha256()
                        + " (the file was changed)");
            }
        }
        return record;
    }

    /** Verifies a model, then has the encoder read it. */
    public Loaded load(String id, Encoder encoder) throws IOException {
        ModelRecord record = verify(id);
        return new Loaded(record, encoder.load(folder(id)));
    }

    /**
     * Registers a model under {@code id}: the encoder saves it into a hidden folder, every file is
     * hashed into the record, and the folder is renamed to the id.
     *
     * @throws FileAlreadyExistsException if the id is taken
     */
    public ModelRecord register(String id, EncoderModel model, Encoder encoder, ModelRecord.Origin origin,
                                ModelRecord.Training training, Optional<ModelRecord.ImportSource> imported) throws IOException {
        Path target = folder(id);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(target.toString(), null, "model '" + id + "' exists");
        Files.createDirectories(root);
        // a plain folder (not createTempDirectory's owner-only one) so the model keeps the home's permissions
        Path incoming = Files.createDirectory(root.resolve(INCOMING + id + "-" + java.util.UUID.randomUUID()));
        try {
            encoder.save(model, incoming);
            Map<String, ModelRecord.FileDigest> digests = new TreeMap<>();
            for (Map.Entry<String, Path> f : files(incoming).entrySet()) {
                digests.put(f.getKey(), new ModelRecord.FileDigest(Sha256.of(f.getValue()), Files.size(f.getValue())));
            }
            if (digests.isEmpty()) throw new IOException("encoder " + origin.key() + " saved no files for model '" + id + "'");
            shareIdenticalFiles(incoming, digests);
            ModelRecord record = new ModelRecord(id, origin, Instant.now().truncatedTo(ChronoUnit.MILLIS), model.featureSize(),
                    digests, training, imported);
            JSON.writeValue(incoming.resolve(RECORD).toFile(), record.toJson(JSON));
            // a rename: readers see no model or the whole model, and a taken id fails here rather than being overwritten
            Files.move(incoming, target);
            return record;
        } catch (IOException | RuntimeException e) {
            deleteTree(incoming);
            throw e;
        }
    }

    /**
     * Makes each new file that a registered model already holds (the same size and SHA-256) a hard link to
     * that model's file. A run that encodes with a shipped model unchanged registers it again with the scan's
     * own input frame: only the small description differs, and without this every such run kept another copy
     * of the weights (7.8 MB for foldingnet-hard-v1). Registered files are never written again (verify checks
     * each against its record), removing either model's folder leaves the other's file whole, and where the
     * file system has no hard links, or the other file no longer matches its record, the copy stays.
     */
    private void shareIdenticalFiles(Path incoming, Map<String, ModelRecord.FileDigest> digests) throws IOException {
        Map<String, Path> held = new HashMap<>();
        for (String other : ids()) {
            ModelRecord record;
            try {
                record = read(other);
            } catch (IOException e) {
                continue; // a damaged model lends nothing
            }
            record.files().forEach((name, d) -> held.putIfAbsent(d.sha256() + ":" + d.size(), folder(other).resolve(name)));
        }
        for (Map.Entry<String, ModelRecord.FileDigest> e : digests.entrySet()) {
            ModelRecord.FileDigest d = e.getValue();
            Path existing = held.get(d.sha256() + ":" + d.size());
            if (existing == null || !Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS) || Files.size(existing) != d.size()
                    || !Sha256.of(existing).equals(d.sha256())) continue;
            Path file = incoming.resolve(e.getKey()), link = file.resolveSibling(file.getFileName() + ".link");
            try {
                Files.createLink(link, existing);
                Files.move(link, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | UnsupportedOperationException | SecurityException notShared) {
                Files.deleteIfExists(link);
            }
        }
    }

    /** Removes an unfinished copy the registry made; quiet when a file cannot be removed (a hidden folder is never read). */
    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) return;
        try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // left for the next registration to ignore
        }
    }

    /** The id itself if free, else the id with the first free suffix -2, -3, ... */
    public String freeId(String id) {
        ModelId.check(id);
        String candidate = id;
        for (int n = 2; Files.exists(root.resolve(candidate), LinkOption.NOFOLLOW_LINKS); n++) candidate = id + "-" + n;
        return candidate;
    }

    /** Copies a verified model's folder (record included) into {@code target}, which must not exist or be empty. */
    public ModelRecord export(String id, Path target) throws IOException {
        ModelRecord record = verify(id);
        if (Files.exists(target)) {
            try (Stream<Path> s = Files.list(target)) {
                if (s.findAny().isPresent()) throw new FileAlreadyExistsException(target.toString(), null, "not empty");
            }
        }
        Path folder = folder(id);
        Files.createDirectories(target);
        List<String> names = new ArrayList<>(record.files().keySet());
        names.add(RECORD);
        for (String name : names) {
            Path to = target.resolve(name);
            Files.createDirectories(to.getParent());
            Files.copy(folder.resolve(name), to, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return record;
    }

    /** Regular files under a model folder by '/'-separated relative name, the record excluded; links are refused. */
    private static Map<String, Path> files(Path folder) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.toList()) {
                if (p.equals(folder) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) throw new IOException(p + " is not a plain file; a model holds plain files only");
                String name = folder.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                if (!name.equals(RECORD)) out.put(name, p);
            }
        }
        return out;
    }
}
