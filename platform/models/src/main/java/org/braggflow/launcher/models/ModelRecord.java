package org.braggflow.launcher.models;

import org.braggflow.api.files.Sha256;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code registry.json} says about one registered model: where it came from (the encoder stage
 * and bundle that made it, the scans it was trained on, or the checkpoint it was imported from) and
 * the size and SHA-256 of every other file in its folder. Written and read as a plain JSON tree, field
 * by field: nothing in the file picks a class to instantiate.
 *
 * @param files relative file name ('/' separated) to its digest, sorted by name
 */
public record ModelRecord(String id, Origin encoder, Instant created, int featureSize, Map<String, FileDigest> files,
                          Training training, Optional<ImportSource> imported) {

    static final String FORMAT = "braggflow-model";
    static final int FORMAT_VERSION = 1;

    public ModelRecord {
        files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** The encoder stage a model belongs to, and the bundle that wrote it. */
    public record Origin(String stageType, String stageName, String bundle, String bundleVersion) {
        /** "type/name", as in messages. */
        public String key() {
            return stageType + "/" + stageName;
        }
    }

    public record FileDigest(String sha256, long size) {
    }

    /** One scan a model was trained on, with the number of its clouds used. */
    public record ScanCount(String scanId, int clouds) {
    }

    /** What the model was trained on, and how long: epochs of its loss history and the last loss (NaN if none). */
    public record Training(List<ScanCount> scans, int lossEpochs, double finalLoss) {
        public Training {
            scans = List.copyOf(scans);
        }

        public static Training of(List<ScanCount> scans, List<Double> lossHistory) {
            return new Training(scans, lossHistory.size(), lossHistory.isEmpty() ? Double.NaN : lossHistory.get(lossHistory.size() - 1));
        }

        public int clouds() {
            return scans.stream().mapToInt(ScanCount::clouds).sum();
        }
    }

    /** The files an imported model came from, each with its SHA-256 (the source points file is optional). */
    public record ImportSource(Path checkpoint, String checkpointSha256, Path config, String configSha256,
                               Optional<Path> sourcePoints, Optional<String> sourcePointsSha256) {
    }

    /**
     * One digest of the whole model: the SHA-256 of its file list in {@code sha256sum} format (one
     * "hash  name" line per file, sorted by name), so {@code sha256sum -c} can check a copy.
     */
    public String sha256() {
        return Sha256.of(manifest());
    }

    /** The file list in {@code sha256sum} format. */
    public String manifest() {
        StringBuilder sb = new StringBuilder();
        files.forEach((name, d) -> sb.append(d.sha256()).append("  ").append(name).append('\n'));
        return sb.toString();
    }

    /** The tree written as registry.json. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT).put("format_version", FORMAT_VERSION).put("id", id);
        root.putObject("encoder").put("stage.type", encoder.stageType()).put("stage.name", encoder.stageName())
                .put("bundle", encoder.bundle()).put("bundle_version", encoder.bundleVersion());
        root.put("created", created.toString()).put("feature_size", featureSize);
        ObjectNode f = root.putObject("files");
        files.forEach((name, d) -> f.putObject(name).put("sha256", d.sha256()).put("size", d.size()));
        ObjectNode t = root.putObject("training");
        var scans = t.putArray("scans");
        for (ScanCount s : training.scans()) scans.addObject().put("scan_id", s.scanId()).put("clouds", s.clouds());
        t.put("loss_epochs", training.lossEpochs());
        if (Double.isNaN(training.finalLoss())) t.putNull("final_loss");
        else t.put("final_loss", training.finalLoss());
        imported.ifPresent(i -> {
            ObjectNode n = root.putObject("import");
            n.put("checkpoint", i.checkpoint().toString()).put("checkpoint_sha256", i.checkpointSha256());
            n.put("config", i.config().toString()).put("config_sha256", i.configSha256());
            i.sourcePoints().ifPresent(p -> n.put("source_points", p.toString()));
            i.sourcePointsSha256().ifPresent(s -> n.put("source_points_sha256", s));
        });
        return root;
    }

    /** Reads the tree of a registry.json; a missing or mistyped field is an IOException naming the file. */
    static ModelRecord fromJson(JsonNode root, Path file) throws IOException {
        if (!FORMAT.equals(root.path("format").asText()) || root.path("format_version").asInt() != FORMAT_VERSION) {
            throw new IOException(file + " is not a " + FORMAT + " record of format version " + FORMAT_VERSION);
        }
        JsonNode e = root.path("encoder");
        Origin origin = new Origin(text(e, "stage.type", file), text(e, "stage.name", file), text(e, "bundle", file),
                text(e, "bundle_version", file));
        Instant created;
        try {
            created = Instant.parse(text(root, "created", file));
        } catch (DateTimeParseException ex) {
            throw new IOException(file + ": 'created' is not an ISO-8601 instant");
        }
        Map<String, FileDigest> files = new LinkedHashMap<>();
        var it = root.path("files").fields();
        while (it.hasNext()) {
            var f = it.next();
            String sha = text(f.getValue(), "sha256", file);
            if (!sha.matches("[0-9a-f]{64}") || !f.getValue().path("size").canConvertToLong()) {
                throw new IOException(file + ": the digest of '" + f.getKey() + "' is not a SHA-256 with a size");
            }
            files.put(f.getKey(), new FileDigest(sha, f.getValue().path("size").asLong()));
        }
        if (files.isEmpty()) throw new IOException(file + " lists no files");
        JsonNode t = root.path("training");
        List<ScanCount> scans = new ArrayList<>();
        for (JsonNode s : t.path("scans")) scans.add(new ScanCount(text(s, "scan_id", file), s.path("clouds").asInt()));
        Training training = new Training(scans, t.path("loss_epochs").asInt(),
                t.path("final_loss").isNumber() ? t.path("final_loss").asDouble() : Double.NaN);
        Optional<ImportSource> imported = Optional.empty();
        JsonNode i = root.path("import");
        if (i.isObject()) {
            imported = Optional.of(new ImportSource(Path.of(text(i, "checkpoint", file)), text(i, "checkpoint_sha256", file),
                    Path.of(text(i, "config", file)), text(i, "config_sha256", file),
                    i.hasNonNull("source_points") ? Optional.of(Path.of(i.get("source_points").asText())) : Optional.empty(),
                    i.hasNonNull("source_points_sha256") ? Optional.of(i.get("source_points_sha256").asText()) : Optional.empty()));
        }
        return new ModelRecord(text(root, "id", file), origin, created, root.path("feature_size").asInt(), files, training, imported);
    }

    private static String text(JsonNode node, String field, Path file) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) throw new IOException(file + ": '" + field + "' is missing");
        return v.asText();
    }

}
