package org.braggflow.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The runs the dashboard shows, read from what runs write: each {@code <results>/<workflow>/<scan>/run.json}
 * (running ones carry their progress, rewritten every two seconds) and each scan an inbox refused
 * ({@code .failed/<name>.error.txt}). Reading the files, not the engine, shows runs made by any
 * process on this home, {@code braggflow run} in a terminal included.
 */
public final class RunIndex {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Collection<Path>> resultRoots;
    private final Supplier<Collection<Path>> inboxes;

    public RunIndex(Supplier<Collection<Path>> resultRoots, Supplier<Collection<Path>> inboxes) {
        this.resultRoots = resultRoots;
        this.inboxes = inboxes;
    }

    /** A run's folder and record. */
    public record Run(String workflow, String scan, Path folder, JsonNode record) {
    }

    public List<Run> runs() {
        List<Run> out = new ArrayList<>();
        for (Path record : recordFiles()) {
            Path scan = record.getParent();
            try {
                out.add(new Run(scan.getParent().getFileName().toString(), scan.getFileName().toString(), scan, JSON.readTree(record.toFile())));
            } catch (IOException e) {
                // being rewritten at this moment: the next look reads it whole
            }
        }
        out.sort(Comparator.comparing((Run r) -> r.record().path("started").asText("")).reversed());
        return out;
    }

    /** Every {@code <root>/<workflow>/<scan>/run.json}, without reading them. */
    private List<Path> recordFiles() {
        List<Path> out = new ArrayList<>();
        for (Path root : new LinkedHashSet<>(resultRoots.get())) {
            for (Path wf : children(root)) {
                for (Path scan : children(wf)) {
                    Path record = scan.resolve("run.json");
                    if (Files.isRegularFile(record)) out.add(record);
                }
            }
        }
        return out;
    }

    public Optional<Run> run(String workflow, String scan) {
        return runs().stream().filter(r -> r.workflow().equals(workflow) && r.scan().equals(scan)).findFirst();
    }

    /** The list the runs page shows: one entry per run, newest first, then the refused inputs. */
    public ObjectNode summary() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode runs = out.putArray("runs");
        for (Run r : runs()) {
            JsonNode rec = r.record();
            ObjectNode n = runs.addObject();
            n.put("workflow", r.workflow());
            n.put("scan", r.scan());
            n.put("status", rec.path("status").asText("unknown"));
            n.put("started", rec.path("started").asText(""));
            if (rec.has("ended")) n.put("ended", rec.path("ended").asText());
            if (rec.has("seconds")) n.put("seconds", rec.path("seconds").asDouble());
            if (rec.has("error")) n.put("error", rec.path("error").asText());
            if (rec.has("progress")) n.set("progress", rec.get("progress"));
            if (rec.has("positions")) n.set("positions", rec.get("positions"));
            if (rec.has("clusters")) n.put("clusters", rec.path("clusters").asInt());
            if (rec.has("stage_seconds")) n.set("stage_seconds", rec.get("stage_seconds"));
        }
        ArrayNode refused = out.putArray("refused");
        for (Path inbox : new LinkedHashSet<>(inboxes.get())) {
            Path failed = inbox.resolve(".failed");
            try (DirectoryStream<Path> errors = Files.newDirectoryStream(failed, "*.error.txt")) {
                for (Path e : errors) {
                    ObjectNode n = refused.addObject();
                    String name = e.getFileName().toString();
                    n.put("inbox", inbox.getFileName().toString());
                    n.put("input", name.substring(0, name.length() - ".error.txt".length()));
                    n.put("error", Files.readString(e).strip());
                    n.put("time", Files.getLastModifiedTime(e).toInstant().toString());
                }
            } catch (IOException e) {
                // no .failed folder yet: nothing was refused
            }
        }
        return out;
    }

    private static List<Path> children(Path folder) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, Files::isDirectory)) {
            for (Path p : s) if (!p.getFileName().toString().startsWith(".")) out.add(p);
        } catch (IOException e) {
            // removed while listing
        }
        return out;
    }

    /** A fingerprint of everything the summary reads (names, sizes, times; no file is read), to push only changes. */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder();
        Set<Path> files = new LinkedHashSet<>(recordFiles());
        for (Path inbox : inboxes.get()) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(inbox.resolve(".failed"), "*.error.txt")) {
                for (Path p : s) files.add(p);
            } catch (IOException e) {
                // nothing refused
            }
        }
        for (Path f : files) {
            try {
                sb.append(f).append(Files.size(f)).append(Files.getLastModifiedTime(f).toMillis()).append('\n');
            } catch (IOException e) {
                sb.append(f).append("?\n");
            }
        }
        return sb.toString();
    }
}
