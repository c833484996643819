package org.braggflow.launcher.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Encoder;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.launcher.clouds.CloudFiles;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.models.ModelId;
import org.braggflow.launcher.models.ModelRecord;
import org.braggflow.launcher.models.ModelRegistry;
import org.braggflow.launcher.stage.DeployedStage;
import org.braggflow.launcher.stage.StageRegistry;
import org.braggflow.launcher.workflow.StageStep;
import org.braggflow.launcher.workflow.Workflow;

/**
 * One scheduled retraining (a workflow with a {@code training} section): the point clouds kept by the
 * last N succeeded runs of the named workflow ({@code <results>/<workflow>/<scan>/clouds/*.ply}, newest
 * runs first) train the workflow's encoder; the model is registered as {@code <model>-<UTC time>} with
 * those scans as its training data. The run is recorded in
 * {@code <results>/<training-workflow>/<UTC time>/run.json} like a scan's run.
 */
final class Retrainer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STAGE_WAIT = Duration.ofSeconds(30);

    private final StageRegistry registry;

    Retrainer(StageRegistry registry) {
        this.registry = registry;
    }

    ScanRunner.RunOutcome run(Workflow w) throws IOException {
        Workflow.Training t = w.training().orElseThrow(() -> new IllegalArgumentException(w.id() + " has no training section"));
        Instant started = Instant.now();
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path folder = Files.createDirectories(w.results().resolve(w.id()).resolve(stamp));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("workflow_id", w.id());
        record.put("workflow_file", w.file().toString());
        record.put("workflow_sha256", w.sha256());
        record.put("started", started.toString());
        record.put("status", "running");
        record.put("training", Map.of("clouds_of", t.cloudsOf(), "last_scans", t.lastScans()));
        ScanRunner.writeRecord(folder, record);
        String error = null;
        try {
            train(w, t, stamp, record);
        } catch (Exception e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        record.put("ended", Instant.now().toString());
        record.put("seconds", Duration.between(started, Instant.now()).toMillis() / 1000.0);
        record.put("status", error == null ? "succeeded" : "failed");
        if (error != null) record.put("error", error);
        record.put("workflow_text", w.text());
        ScanRunner.writeRecord(folder, record);
        return new ScanRunner.RunOutcome(folder, error == null, error, record);
    }

    private void train(Workflow w, Workflow.Training t, String stamp, Map<String, Object> record) throws Exception {
        if (w.home() == null) throw new IOException("workflow " + w.id() + " was not read against a Braggflow home: no model registry");
        Path source = w.results().resolve(t.cloudsOf());
        List<Path> runs = lastSucceededRunsWithClouds(source, t.lastScans());
        if (runs.isEmpty()) {
            throw new IOException("no succeeded run of workflow " + t.cloudsOf() + " under " + source
                    + " kept its clouds (its workflow file needs outputs: clouds: true)");
        }
        List<PointCloud> clouds = new ArrayList<>();
        List<ModelRecord.ScanCount> scans = new ArrayList<>();
        List<Map<String, Object>> used = new ArrayList<>();
        for (Path run : runs) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(run.resolve("clouds"), "*.ply")) {
                s.forEach(files::add);
            }
            files.sort(null);
            for (Path f : files) clouds.add(CloudFiles.read(f));
            scans.add(new ModelRecord.ScanCount(run.getFileName().toString(), files.size()));
            used.add(Map.of("scan_id", run.getFileName().toString(), "clouds", files.size()));
        }
        record.put("training_scans", used);
        StageStep step = w.stages().get(0);
        DeployedStage stage = registry.await(step.type(), step.use(), STAGE_WAIT);
        Parameters parameters = Parameters.of(stage.descriptor(), step.with());
        Encoder encoder = (Encoder) stage.service();
        EncoderModel model = encoder.train(clouds, parameters, ProgressListener.NONE);
        record.put("stages", List.of(org.braggflow.launcher.camel.StageProducer.provenance(stage, parameters, 0)));
        ModelRegistry models = new ModelRegistry(new BraggflowHome(w.home()).models());
        ModelRecord registered = models.register(models.freeId(ModelId.from(t.model() + "-" + stamp)), model, encoder,
                new ModelRecord.Origin(stage.type(), stage.name(), stage.bundleSymbolicName(), stage.bundleVersion()),
                ModelRecord.Training.of(scans, model.lossHistory()), Optional.empty());
        record.put("model_id", registered.id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", registered.id());
        m.put("sha256", registered.sha256());
        m.put("encoder", registered.encoder().key());
        m.put("bundle_version", registered.encoder().bundleVersion());
        m.put("clouds", clouds.size());
        if (!model.lossHistory().isEmpty()) {
            m.put("loss_first_epoch", model.lossHistory().get(0));
            m.put("loss_last_epoch", model.lossHistory().get(model.lossHistory().size() - 1));
            m.put("epochs", model.lossHistory().size());
        }
        record.put("model", m);
    }

    /** Run folders of a workflow whose run.json says succeeded and which hold a clouds folder, newest first. */
    private static List<Path> lastSucceededRunsWithClouds(Path workflowResults, int n) throws IOException {
        if (!Files.isDirectory(workflowResults)) return List.of();
        List<Map.Entry<Path, String>> found = new ArrayList<>();
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(workflowResults)) {
            for (Path run : runs) {
                Path json = run.resolve("run.json");
                if (!Files.isRegularFile(json) || !Files.isDirectory(run.resolve("clouds"))) continue;
                try {
                    JsonNode r = JSON.readTree(json.toFile());
                    if ("succeeded".equals(r.path("status").asText()) && r.hasNonNull("ended")) found.add(Map.entry(run, r.get("ended").asText()));
                } catch (IOException e) {
                    // an unreadable record is not a finished run
                }
            }
        }
        found.sort(Map.Entry.<Path, String>comparingByValue(Comparator.comparing(Instant::parse)).reversed());
        return found.stream().limit(n).map(Map.Entry::getKey).toList();
    }
}
