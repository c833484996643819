package org.braggflow.launcher.camel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.result.AnalysisResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.CloudBuilder;
import org.braggflow.api.stage.Clusterer;
import org.braggflow.api.stage.Denoiser;
import org.braggflow.api.stage.Encoder;
import org.braggflow.api.stage.FeatureBuilder;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.Exporter;
import org.braggflow.api.stage.MapAccumulator;
import org.braggflow.api.stage.MapCalculator;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.PositionSummary;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.api.stage.ScanReader;
import org.braggflow.launcher.stage.DeployedStage;

/**
 * Calls the stage deployed now (looked up per exchange, so a hot-deployed bundle serves the next
 * exchange) with the body as input and sets the result as the new body.
 */
public final class StageProducer extends DefaultProducer {

    private final StageEndpoint endpoint;

    StageProducer(StageEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        DeployedStage stage = endpoint.stageComponent().registry()
                .await(endpoint.type().id(), endpoint.name(), Duration.ofMillis(endpoint.getTimeoutMillis()));
        Parameters parameters = Parameters.of(stage.descriptor(), endpoint.getParameters());
        Message in = exchange.getIn();
        long t0 = System.nanoTime();
        Object result = guarded(stage, () -> invoke(stage, parameters, exchange, in.getBody()));
        long nanos = System.nanoTime() - t0;
        in.setBody(timedWhenCalledBack(exchange, stage, result));
        in.setHeader(StageConstants.BUNDLE, stage.bundleSymbolicName());
        in.setHeader(StageConstants.BUNDLE_VERSION, stage.bundleVersion());
        record(exchange, stage, parameters, endpoint.getStep());
        time(exchange, stage, nanos);
    }

    /** Adds a call's duration to the exchange's per-stage totals (shared by the split's position exchanges). */
    private static void time(Exchange exchange, DeployedStage stage, long nanos) {
        time(times(exchange), stage, nanos);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, LongAdder[]> times(Exchange exchange) {
        return exchange.getProperty(StageConstants.STAGE_TIMES, Map.class);
    }

    /**
     * What a stage hands back for the engine to call position by position (the maps stage's accumulator, a
     * refiner's summary) is timed as the stage's own calls are, each position a call: the passes over every voxel
     * of a scan run there, and were missing from a run's stage seconds.
     */
    private static Object timedWhenCalledBack(Exchange exchange, DeployedStage stage, Object result) {
        Map<String, LongAdder[]> times = times(exchange);
        if (times == null) return result;
        if (result instanceof MapAccumulator maps) {
            return new MapAccumulator() {
                @Override
                public void add(PositionVolume volume, boolean inMask) {
                    long t0 = System.nanoTime();
                    maps.add(volume, inMask);
                    time(times, stage, System.nanoTime() - t0);
                }

                @Override
                public ScanMaps finish() {
                    long t0 = System.nanoTime();
                    ScanMaps done = maps.finish();
                    time(times, stage, System.nanoTime() - t0);
                    return done;
                }
            };
        }
        if (result instanceof PositionSummary summary) {
            return new PositionSummary() {
                @Override
                public String kind() {
                    return summary.kind();
                }

                @Override
                public float[] of(PositionVolume volume) {
                    long t0 = System.nanoTime();
                    float[] out = summary.of(volume);
                    time(times, stage, System.nanoTime() - t0);
                    return out;
                }
            };
        }
        return result;
    }

    private static void time(Map<String, LongAdder[]> times, DeployedStage stage, long nanos) {
        if (times == null) return;
        LongAdder[] t = times.computeIfAbsent(stage.key() + "@" + stage.bundleVersion(),
                k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        t[0].add(nanos);
        t[1].increment();
    }

    /**
     * Calls a stage, turning an {@link Error} it raises (a class missing from its bundle or the class
     * path, a failed static initialiser) into an exception naming the stage and bundle: Camel completes
     * an exchange that failed with an exception, but one whose processor threw an Error on a split
     * thread is never completed, and the run waiting for it would wait for ever.
     */
    static Object guarded(DeployedStage stage, java.util.concurrent.Callable<Object> call) throws Exception {
        try {
            return call.call();
        } catch (Error e) {
            throw new StageErrorException(stage.key() + " (bundle " + stage.bundleSymbolicName() + " " + stage.bundleVersion()
                    + ") failed: " + e, e);
        }
    }

    /** An {@link Error} raised inside a stage, carried as an exception so Camel fails the exchange. */
    static final class StageErrorException extends RuntimeException {
        StageErrorException(String message, Error cause) {
            super(message, cause);
        }
    }

    private Object invoke(DeployedStage stage, Parameters p, Exchange exchange, Object body) throws Exception {
        return switch (endpoint.type()) {
            case READER -> endpoint.isLive() ? openLive((ScanReader) stage.service(), stage, exchange.getIn().getBody(Path.class), p)
                    : ((ScanReader) stage.service()).open(exchange.getIn().getBody(Path.class), p);
            case CLOUD -> ((CloudBuilder) stage.service()).build(cast(body, PositionVolume.class), 
                    exchange.getProperty(StageConstants.SCAN, ScanMetadata.class), p);
            case DENOISER -> ((Denoiser) stage.service()).denoise(cast(body, PointCloud.class), p);
            case ENCODER -> encode((Encoder) stage.service(), p, exchange, body);
            case FEATURES -> {
                StageConstants.FeatureInputs in = cast(body, StageConstants.FeatureInputs.class);
                yield ((FeatureBuilder) stage.service()).build(in.scan(), in.mask(), in.maps(), in.codewords(), p);
            }
            case CLUSTERER -> ((Clusterer) stage.service()).cluster(cast(body, FeatureTable.class), p);
            case REFINER -> {
                org.braggflow.api.stage.LabelRefiner refiner = (org.braggflow.api.stage.LabelRefiner) stage.service();
                if (body instanceof ScanSource scan) yield refiner.summary(scan, p);
                StageConstants.RefinerInputs in = cast(body, StageConstants.RefinerInputs.class);
                yield in.summaries() == null ? refiner.refine(in.scan(), in.positions(), in.clusters(), p)
                        : refiner.refine(in.scan(), in.positions(), in.clusters(), in.summaries(), p);
            }
            case MAPS -> endpoint.isLive() ? startLive((MapCalculator) stage.service(), stage, cast(body, ScanMetadata.class), p)
                    : ((MapCalculator) stage.service()).start(cast(body, ScanMetadata.class), p);
            case EXPORTER -> {
                ((Exporter) stage.service()).export(cast(body, AnalysisResult.class),
                        exchange.getProperty(StageConstants.OUTPUT_FOLDER, Path.class), p);
                yield body;
            }
        };
    }

    private static Object openLive(ScanReader reader, DeployedStage stage, Path input, Parameters p) throws Exception {
        Object live = reader.openLive(input, p);
        if (live == null) throw new java.io.IOException(input + ": " + stage.key() + " cannot read a scan while it is acquired (no live reading)");
        return live;
    }

    private static Object startLive(MapCalculator maps, DeployedStage stage, ScanMetadata scan, Parameters p) throws Exception {
        Object live = maps.startLive(scan, p);
        if (live == null) throw new java.io.IOException(stage.key() + " has no live maps; a live workflow needs a maps stage that has");
        return live;
    }

    @SuppressWarnings("unchecked")
    private static Object encode(Encoder encoder, Parameters p, Exchange exchange, Object body) throws Exception {
        List<PointCloud> clouds = (List<PointCloud>) cast(body, List.class);
        EncoderModel model = exchange.getProperty(StageConstants.MODEL, EncoderModel.class);
        if (model == null) {
            EncoderModel trained = encoder.train(clouds, p, ProgressListener.NONE);
            exchange.setProperty(StageConstants.TRAINED_BY, encoder);
            return trained;
        }
        StageConstants.ModelReload reload = exchange.getProperty(StageConstants.MODEL_RELOAD, StageConstants.ModelReload.class);
        if (reload != null && model.getClass().getClassLoader() != encoder.getClass().getClassLoader()) {
            // the encoder bundle was replaced since the model was made: its classes are the old revision's
            model = reload.reload(encoder);
            exchange.setProperty(StageConstants.MODEL, model);
        }
        return encoder.encode(model, clouds);
    }

    private static <T> T cast(Object body, Class<T> type) {
        if (!type.isInstance(body)) {
            throw new IllegalArgumentException("stage expects a " + type.getSimpleName() + " body, got "
                    + (body == null ? "null" : body.getClass().getSimpleName()));
        }
        return type.cast(body);
    }

    @SuppressWarnings("unchecked")
    private static void record(Exchange exchange, DeployedStage stage, Parameters p, int step) {
        List<Map<String, Object>> used = exchange.getProperty(StageConstants.STAGES_USED, List.class);
        if (used == null) {
            used = java.util.Collections.synchronizedList(new ArrayList<>());
            exchange.setProperty(StageConstants.STAGES_USED, used);
        }
        Map<String, Object> entry = provenance(stage, p, step);
        // split sub-exchanges share the parent's list and add from several threads
        synchronized (used) {
            if (!used.contains(entry)) used.add(entry);
        }
    }

    /**
     * What run.json says of one stage call (docs/formats.md, section 5): type, name, bundle, bundle version and the
     * parameter values as a workflow writes them (enums in kebab-case), with the step's position in its
     * workflow when it has one (-1: none).
     */
    public static Map<String, Object> provenance(DeployedStage stage, Parameters p, int step) {
        Map<String, Object> entry = new LinkedHashMap<>();
        if (step >= 0) entry.put("step", step);
        entry.put("stage.type", stage.type());
        entry.put("stage.name", stage.name());
        entry.put("bundle", stage.bundleSymbolicName());
        entry.put("bundle_version", stage.bundleVersion());
        entry.put("parameters", org.braggflow.launcher.stage.ParameterValues.asWritten(stage.descriptor(), p));
        return entry;
    }
}
