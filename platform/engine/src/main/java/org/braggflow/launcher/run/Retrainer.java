package org.braggflow.launcher.run;

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
        RunRecord record = RunRecord.starting(w.id(), w.file().toString(), w.sha256(), started);
        record.training(new RunRecord.Training(t.cloudsOf(), t.lastScans()));
        record.workflowText(w.text());
        record.write(folder);
        String error = null;
        try {
            train(w, t, stamp, record);
        } catch (Exception e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        record.finish(Instant.now(), error);
        record.write(folder);
        return new ScanRunner.RunOutcome(folder, error == null, error, record);
    }

    private void train(Workflow w, Workflow.Training t, String stamp, RunRecord record) throws Exception {
        if (w.home() == null) throw new IOException("workflow " + w.id() + " was not read against a Braggflow home: no model registry");
        Path source = w.results().resolve(t.cloudsOf());
        List<Path> runs = lastSucceededRunsWithClouds(source, t.lastScans());
        if (runs.isEmpty()) {
            throw new IOException("no succeeded run of workflow " + t.cloudsOf() + " under " + source
                    + " kept its clouds (its workflow needs the stage `- type: exporter  use: clouds`)");
        }
        List<PointCloud> clouds = new ArrayList<>();
        List<ModelRecord.ScanCount> scans = new ArrayList<>();
        List<RunRecord.TrainingScan> used = new ArrayList<>();
        for (Path run : runs) {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(run.resolve("clouds"), "*.ply")) {
                s.forEach(files::add);
            }
            files.sort(null);
            for (Path f : files) clouds.add(CloudFiles.read(f));
            scans.add(new ModelRecord.ScanCount(run.getFileName().toString(), files.size()));
            used.add(new RunRecord.TrainingScan(run.getFileName().toString(), files.size()));
        }
        record.trainingScans(used);
        StageStep step = w.stages().get(0);
        DeployedStage stage = registry.await(step.type(), step.use(), STAGE_WAIT);
        Parameters parameters = Parameters.of(stage.descriptor(), step.with());
        Encoder encoder = (Encoder) stage.service();
        EncoderModel model = encoder.train(clouds, parameters, ProgressListener.NONE);
        record.stages(List.of(org.braggflow.launcher.camel.StageProducer.provenance(stage, parameters, 0)));
        ModelRegistry models = new ModelRegistry(new BraggflowHome(w.home()).models());
        ModelRecord registered = models.register(models.freeId(ModelId.from(t.model() + "-" + stamp)), model, encoder,
                new ModelRecord.Origin(stage.type(), stage.name(), stage.bundleSymbolicName(), stage.bundleVersion()),
                ModelRecord.Training.of(scans, model.lossHistory()), Optional.empty());
        record.modelId(registered.id());
        List<Double> loss = model.lossHistory();
        record.model(new RunRecord.ModelUse(registered.id(), null, registered.sha256(), null, null, registered.encoder().key(), null,
                registered.encoder().bundleVersion(), null, clouds.size(), loss.isEmpty() ? null : loss.get(0),
                loss.isEmpty() ? null : loss.get(loss.size() - 1), loss.isEmpty() ? null : loss.size(), null));
    }

    /** Run folders of a workflow whose run.json says succeeded and which hold a clouds folder, newest first. */
    private static List<Path> lastSucceededRunsWithClouds(Path workflowResults, int n) throws IOException {
        if (!Files.isDirectory(workflowResults)) return List.of();
        List<Map.Entry<Path, Instant>> found = new ArrayList<>();
        try (DirectoryStream<Path> runs = Files.newDirectoryStream(workflowResults)) {
            for (Path run : runs) {
                Path json = run.resolve("run.json");
                if (!Files.isRegularFile(json) || !Files.isDirectory(run.resolve("clouds"))) continue;
                try {
                    RunRecord r = RunRecord.read(json);
                    if (r.status() == RunRecord.Status.SUCCEEDED && r.ended() != null) found.add(Map.entry(run, r.ended()));
                } catch (IOException e) {
                    // an unreadable record is not a finished run
                }
            }
        }
        found.sort(Map.Entry.<Path, Instant>comparingByValue().reversed());
        return found.stream().limit(n).map(Map.Entry::getKey).toList();
    }
}
