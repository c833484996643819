package org.braggflow.launcher.camel;

/** Names of the exchange headers and properties the {@code stage:} component reads and writes. */
public final class StageConstants {

    /** Property (in): the ScanMetadata of the scan a volume or cloud belongs to. */
    public static final String SCAN = "braggflow.scan";
    /** Property (in): the EncoderModel an encoder stage encodes with; absent means train. */
    public static final String MODEL = "braggflow.model";
    /**
     * Property (in, optional): a {@link ModelReload} that reads the model of {@link #MODEL} again through
     * another encoder service, used when the encoder bundle was replaced after the model was loaded or
     * trained (the model's classes belong to the bundle revision that made it).
     */
    public static final String MODEL_RELOAD = "braggflow.modelReload";
    /** Property (out): the Encoder service that trained the model just returned (the one that can save it). */
    public static final String TRAINED_BY = "braggflow.trainedBy";
    /** Property (in): the Path of the output folder an exporter writes to. */
    public static final String OUTPUT_FOLDER = "braggflow.outputFolder";
    /** Property (out): List of maps, one per stage call: type, name, bundle, version, parameters. */
    public static final String STAGES_USED = "braggflow.stagesUsed";
    /**
     * Property (in, optional): a concurrent Map from "type/name@version" to two LongAdders, the
     * nanoseconds spent in that stage's calls and the number of calls; the producer adds to it.
     */
    public static final String STAGE_TIMES = "braggflow.stageTimes";
    /** Header (out): symbolic name of the bundle that served the last stage call. */
    public static final String BUNDLE = "BraggflowStageBundle";
    /** Header (out): version of the bundle that served the last stage call. */
    public static final String BUNDLE_VERSION = "BraggflowStageBundleVersion";

    private StageConstants() {
    }

    /**
     * Body of a {@code stage:features:...} call: what a feature builder joins. {@code maps} is null
     * without a maps stage, {@code codewords} null without an encoder.
     */
    public record FeatureInputs(org.braggflow.api.scan.ScanMetadata scan, boolean[] mask, org.braggflow.api.result.ScanMaps maps,
                                org.braggflow.api.result.FeatureTable codewords) {
    }

    /**
     * Body of a {@code stage:refiner:...} call: the open scan, the clustered table, the clusterer's labels for it and
     * what the refiner's summary kept of each position as the scan was read (null: nothing). A call with the open
     * {@link org.braggflow.api.scan.ScanSource} as its body asks for that summary instead (null body back: none).
     */
    public record RefinerInputs(org.braggflow.api.scan.ScanSource scan, org.braggflow.api.result.FeatureTable positions,
                                org.braggflow.api.result.ClusterResult clusters, org.braggflow.api.stage.PositionSummaries summaries) {
    }

    /** Reads a model again through the encoder service deployed now. */
    @FunctionalInterface
    public interface ModelReload {
        org.braggflow.api.stage.EncoderModel reload(org.braggflow.api.stage.Encoder current) throws java.io.IOException;
    }
}
