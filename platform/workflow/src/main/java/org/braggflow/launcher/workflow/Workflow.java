package org.braggflow.launcher.workflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A parsed workflow file: what a beamline scientist declares (id, description, triggers, the stage
 * chain, outputs), plus the file's text and SHA-256 for provenance. Paths are resolved against the
 * home and confined to it.
 *
 * @param inbox   the watched folder, if the workflow watches one
 * @param cron    the Quartz cron expression of a scheduled trigger, if any
 * @param results folder under which {@code <workflow-id>/<scan-id>/} outputs are written
 * @param clouds  whether the stages include the clouds exporter (clouds/r<row>_c<col>.ply); {@code outputs:
 *                clouds: true} in a file adds it
 * @param home    the Braggflow home the file was read against: path parameters resolve in it and
 *                models are found in its registry; null only for a workflow made by the constructor
 *                without a home
 * @param training for a scheduled retraining workflow (no inbox): what its encoder step trains on
 * @param live    for a workflow whose inbox takes scans while they are acquired ({@code live} trigger): when an
 *                angle counts as complete and when a scan counts as abandoned
 */
public record Workflow(Path file, String id, String description, Optional<Path> inbox, Optional<String> cron,
                       List<StageStep> stages, Path results, boolean clouds, String text, String sha256, Path home,
                       Optional<Training> training, Optional<Live> live) {

    /**
     * How a live inbox takes a scan being acquired (docs/formats.md, section 7): an angle's file is complete
     * when its {@code <file>.done} marker exists ({@code marker}), or when its size and modification time
     * have not changed for {@code stableSeconds} ({@code stable}); a scan with no new complete angle for
     * {@code abandonSeconds} ends as incomplete.
     */
    public record Live(Completion complete, double stableSeconds, double abandonSeconds) {

        /** What says an angle's file is complete. */
        public enum Completion { STABLE, MARKER }

        public static final Live DEFAULT = new Live(Completion.STABLE, 2, 600);
    }

    public Workflow(Path file, String id, String description, Optional<Path> inbox, Optional<String> cron,
                    List<StageStep> stages, Path results, boolean clouds, String text, String sha256, Path home,
                    Optional<Training> training) {
        this(file, id, description, inbox, cron, stages, results, clouds, text, sha256, home, training, Optional.empty());
    }

    /**
     * What a retraining workflow trains on at each cron fire: the point clouds kept by the last
     * {@code lastScans} succeeded runs of workflow {@code cloudsOf} (it must keep them: an
     * {@code exporter/clouds} stage); the model is registered as {@code <model>-<UTC time>}.
     */
    public record Training(String cloudsOf, int lastScans, String model) {
    }

    public Workflow {
        stages = List.copyOf(stages);
    }

    public Workflow(Path file, String id, String description, Optional<Path> inbox, Optional<String> cron,
                    List<StageStep> stages, Path results, boolean clouds, String text, String sha256, Path home) {
        this(file, id, description, inbox, cron, stages, results, clouds, text, sha256, home, Optional.empty());
    }

    /**
     * A workflow that does not know its home: it cannot name models or path parameters. Prefer
     * {@link #withResults} to change where a parsed workflow writes.
     */
    public Workflow(Path file, String id, String description, Optional<Path> inbox, Optional<String> cron,
                    List<StageStep> stages, Path results, boolean clouds, String text, String sha256) {
        this(file, id, description, inbox, cron, stages, results, clouds, text, sha256, null);
    }

    /** The same workflow writing its outputs under another results root. */
    public Workflow withResults(Path results) {
        return new Workflow(file, id, description, inbox, cron, stages, results, clouds, text, sha256, home, training, live);
    }

    public List<StageStep> stagesOfType(String type) {
        return stages.stream().filter(s -> s.type().equals(type)).toList();
    }

    public Optional<StageStep> stage(String type) {
        return stages.stream().filter(s -> s.type().equals(type)).findFirst();
    }
}
