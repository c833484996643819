package org.braggflow.launcher.camel;

/** Names of the exchange headers and properties the {@code stage:} component reads and writes. */
public final class StageConstants {

    /** Property (in): the ScanMetadata of the scan a volume or cloud belongs to. */
    public static final String SCAN = "braggflow.scan";
    /** Property (in): the EncoderModel an encoder stage encodes with; absent means train. */
    public static final String MODEL = "braggflow.model";
    /** Property (in): the Path of the output folder an exporter writes to. */
    public static final String OUTPUT_FOLDER = "braggflow.outputFolder";
    /** Property (out): List of maps, one per stage call: type, name, bundle, version, parameters. */
    public static final String STAGES_USED = "braggflow.stagesUsed";
    /** Header (out): symbolic name of the bundle that served the last stage call. */
    public static final String BUNDLE = "BraggflowStageBundle";
    /** Header (out): version of the bundle that served the last stage call. */
    public static final String BUNDLE_VERSION = "BraggflowStageBundleVersion";

    private StageConstants() {
    }
}
