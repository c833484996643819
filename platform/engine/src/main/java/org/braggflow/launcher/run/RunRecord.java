package org.braggflow.launcher.run;

import org.braggflow.api.files.AtomicFiles;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code run.json} says of one run (docs/formats.md, "run.json"), as one typed object: the scan
 * runner and the retrainer fill it, {@code braggflow runs}, evaluate and serve read it back. Fields
 * that do not apply to a run stay null and are not written. Every change and every write holds the
 * record's lock: position threads report progress while the runner fills in the rest.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({"workflow_id", "scan_id", "status", "error", "started", "ended", "progress", "seconds", "live", "positions", "resumed", "cluster",
    "workflow_file", "workflow_sha256", "scan_path", "scan_format", "reader", "stages", "training", "training_scans", "model_id",
    "model", "clusters", "stage_seconds", "inputs", "reader_details", "workflow_text"})
public final class RunRecord {

    /** The file name of the record in a run's output folder. */
    public static final String FILE = "run.json";

    // one naming rule for the record and every part of it; keys of the free-form maps are written as they are
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Where a run stands; written in lower case. */
    public enum Status {
        RUNNING, SUCCEEDED, FAILED,
        /** A live run whose partial maps cover the angles acquired so far; the final run follows the last angle. */
        PARTIAL,
        /** A live run given up: no new angle came within the workflow's abandonSeconds; its partial outputs stay. */
        INCOMPLETE;

        @JsonValue
        public String written() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A live run's angles: how many the scan plans, and for each angle read so far which file it came from,
     * when that file counted as complete (its marker's time, or its last modification), when it was read,
     * when the partial outputs with it were in place, and the seconds from complete to partial outputs.
     */
    public record Live(int plannedAngles, List<LiveAngle> angles) {
        public Live {
            angles = List.copyOf(angles);
        }
    }

    /** One angle of a live run (see {@link Live}). */
    public record LiveAngle(int angle, String file, String completeAt, String readAt, String partialWrittenAt, double secondsToPartial) {
    }

    /** Positions analysed so far, while a run is in flight. */
    public record Progress(long positionsDone, long positionsTotal) {
    }

    /** Positions of the scan: all, inside the particle mask, and analysed (a cloud reached the features). */
    public record Positions(long total, long inMask, long analysed) {
    }

    /** What an interrupted earlier run of the same workflow version had finished and this run took over. */
    public record Resumed(int chunks, int clouds, int positionsPerChunk) {
    }

    /** One input file of the run, with the size and SHA-256 it had when the run read it. */
    public record InputFile(String path, long size, String sha256) {
    }

    /** Wall time spent in one stage's calls and how many calls; per-position calls overlap across threads. */
    public record StageTime(double seconds, long calls) {
    }

    /** The retraining section of a retraining run: whose clouds, how many of its last scans. */
    public record Training(String cloudsOf, int lastScans) {
    }

    /** One scan whose clouds a retraining run used. */
    public record TrainingScan(String scanId, int clouds) {
    }

    /**
     * The model an encoder ran with or a retraining made: registry id, SHA-256 of the whole model and
     * of each file, where it came from, the encoder bundle, and what it did to its inputs. Fields that do
     * not apply (a model without a registry has only an id) are left null.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ModelUse(String id, Boolean registered, String sha256, String source, Map<String, String> files, String encoder,
            String bundle, String bundleVersion, Integer featureSize, Integer clouds, Double lossFirstEpoch, Double lossLastEpoch,
            Integer epochs, Map<String, Object> inputs) {

        /** What {@link #source} says of a model trained on the run's own scan. */
        public static final String TRAINED_ON_THIS_SCAN = "trained on this scan";

        public boolean trainedOnThisScan() {
            return TRAINED_ON_THIS_SCAN.equals(source);
        }
    }

    private String workflowId;
    private String scanId;
    private Status status;
    private String error;
    private String started;
    private String ended;
    private Progress progress;
    private Double seconds;
    private Live live;
    private Positions positions;
    private Resumed resumed;
    /** The cluster's part when per-position stages ran on workers: broker, workers and the chunks each did (docs/cluster.md). */
    private Map<String, Object> cluster;
    private String workflowFile;
    private String workflowSha256;
    private String scanPath;
    private String scanFormat;
    private String reader;
    private List<Map<String, Object>> stages;
    private Training training;
    private List<TrainingScan> trainingScans;
    private String modelId;
    private ModelUse model;
    private Integer clusters;
    private Map<String, StageTime> stageSeconds;
    private List<InputFile> inputs;
    private Map<String, Object> readerDetails;
    private String workflowText;

    /** A new record of a run of {@code workflowId} that starts now. */
    static RunRecord starting(String workflowId, String workflowFile, String workflowSha256, Instant started) {
        RunRecord r = new RunRecord();
        r.workflowId = workflowId;
        r.workflowFile = workflowFile;
        r.workflowSha256 = workflowSha256;
        r.started = started.toString();
        r.status = Status.RUNNING;
        return r;
    }

    /** Reads a record; fields this version does not know are skipped (records outlive versions). */
    public static RunRecord read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), RunRecord.class);
    }

    /** Writes the record as {@code folder/run.json} atomically: readers never see half a file. */
    synchronized void write(Path folder) throws IOException {
        AtomicFiles.write(folder.resolve(FILE), JSON.writeValueAsBytes(this));
    }

    /**
     * The record as plain maps and lists in file order, without the progress: the provenance exporters
     * write into the report and results.nxs.
     */
    synchronized Map<String, Object> provenance() {
        Map<String, Object> out = JSON.convertValue(this, new TypeReference<LinkedHashMap<String, Object>>() { });
        out.remove("progress");
        return out;
    }

    /** Ends the run: its end time, duration, status and (when it failed) the error; progress is dropped. */
    synchronized void finish(Instant ended, String error) {
        this.ended = ended.toString();
        this.seconds = Duration.between(Instant.parse(started), ended).toMillis() / 1000.0;
        this.status = error == null ? Status.SUCCEEDED : Status.FAILED;
        this.error = error;
        this.progress = null;
    }

    /** Marks a live run as partial (maps of the angles seen so far) with its angles. */
    synchronized void partial(Live live) {
        this.live = live;
        this.status = Status.PARTIAL;
    }

    /** Keeps a live run's angles in the record of its final run. */
    synchronized void live(Live live) {
        this.live = live;
    }

    /** Ends a live run that was given up: partial outputs stay, the reason is the error. */
    synchronized void incomplete(Instant ended, String reason) {
        finish(ended, reason);
        this.status = Status.INCOMPLETE;
    }

    public synchronized Live live() {
        return live;
    }

    synchronized void progress(long done, long total) {
        progress = new Progress(done, total);
    }

    synchronized void scan(String scanId, String scanPath) {
        this.scanId = scanId;
        this.scanPath = scanPath;
    }

    synchronized void reader(String scanId, String scanFormat, String reader, Map<String, Object> details) {
        this.scanId = scanId;
        this.scanFormat = scanFormat;
        this.reader = reader;
        this.readerDetails = details;
    }

    synchronized boolean hasInputs() {
        return inputs != null;
    }

    synchronized void inputs(List<InputFile> inputs) {
        this.inputs = List.copyOf(inputs);
    }

    synchronized void positions(Positions positions) {
        this.positions = positions;
    }

    synchronized void cluster(Map<String, Object> cluster) {
        this.cluster = cluster;
    }

    public synchronized Map<String, Object> cluster() {
        return cluster;
    }

    synchronized void resumed(Resumed resumed) {
        this.resumed = resumed;
    }

    synchronized void stages(List<Map<String, Object>> stages) {
        this.stages = List.copyOf(stages);
    }

    synchronized void model(ModelUse model) {
        this.model = model;
    }

    synchronized void clusters(int k) {
        this.clusters = k;
    }

    synchronized void stageSeconds(Map<String, StageTime> times) {
        this.stageSeconds = new java.util.TreeMap<>(times);
    }

    synchronized void workflowText(String text) {
        this.workflowText = text;
    }

    synchronized void training(Training training) {
        this.training = training;
    }

    synchronized void trainingScans(List<TrainingScan> scans) {
        this.trainingScans = List.copyOf(scans);
    }

    synchronized void modelId(String id) {
        this.modelId = id;
    }

    public synchronized String workflowId() {
        return workflowId;
    }

    public synchronized String scanId() {
        return scanId;
    }

    public synchronized Status status() {
        return status;
    }

    public synchronized String error() {
        return error;
    }

    public synchronized Instant started() {
        return started == null ? null : Instant.parse(started);
    }

    public synchronized Instant ended() {
        return ended == null ? null : Instant.parse(ended);
    }

    public synchronized Progress progress() {
        return progress;
    }

    public synchronized Double seconds() {
        return seconds;
    }

    public synchronized Positions positions() {
        return positions;
    }

    public synchronized Resumed resumed() {
        return resumed;
    }

    public synchronized String reader() {
        return reader;
    }

    public synchronized List<Map<String, Object>> stages() {
        return stages == null ? List.of() : stages;
    }

    public synchronized String modelId() {
        return modelId;
    }

    public synchronized ModelUse model() {
        return model;
    }

    public synchronized Integer clusters() {
        return clusters;
    }

    /** One line: the run's wall time and each stage's time and calls (per-position stages summed over the position threads); null before the run ends. */
    public synchronized String stageTimesLine() {
        if (stageSeconds == null || stageSeconds.isEmpty() || seconds == null) return null;
        StringBuilder sb = new StringBuilder(String.format("run %.1f s; in stage calls:", seconds));
        stageSeconds.forEach((stage, t) -> sb.append(String.format(" %s %.1f s (%d calls);", stage.replaceFirst("@.*", ""), t.seconds(), t.calls())));
        return sb.substring(0, sb.length() - 1);
    }

    public synchronized Map<String, StageTime> stageSeconds() {
        return stageSeconds == null ? Map.of() : stageSeconds;
    }

    public synchronized List<InputFile> inputs() {
        return inputs == null ? List.of() : inputs;
    }
}
