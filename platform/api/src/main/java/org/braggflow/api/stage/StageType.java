package org.braggflow.api.stage;

import java.util.Arrays;
import java.util.Optional;

/**
 * The stage types of the pipeline, in data-flow order, with the service interface of each. Maps come
 * before the encoder: they are computed in the same pass over the volumes as the clouds, and a
 * clusterer without an encoder clusters them. A features step joins codewords and maps into what the
 * clusterer groups; a refiner revisits the clusterer's labels with the volumes.
 */
public enum StageType {
    READER("reader", ScanReader.class),
    CLOUD("cloud", CloudBuilder.class),
    DENOISER("denoiser", Denoiser.class),
    MAPS("maps", MapCalculator.class),
    ENCODER("encoder", Encoder.class),
    FEATURES("features", FeatureBuilder.class),
    CLUSTERER("clusterer", Clusterer.class),
    REFINER("refiner", LabelRefiner.class),
    EXPORTER("exporter", Exporter.class);

    /** Service property naming the stage type. */
    public static final String TYPE_PROPERTY = "stage.type";
    /** Service property naming the implementation. */
    public static final String NAME_PROPERTY = "stage.name";

    private final String id;
    private final Class<? extends StageService> serviceInterface;

    StageType(String id, Class<? extends StageService> serviceInterface) {
        this.id = id;
        this.serviceInterface = serviceInterface;
    }

    public String id() {
        return id;
    }

    public Class<? extends StageService> serviceInterface() {
        return serviceInterface;
    }

    public static Optional<StageType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
