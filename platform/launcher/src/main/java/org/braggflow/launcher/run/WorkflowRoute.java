package org.braggflow.launcher.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.MapAccumulator;
import org.braggflow.launcher.camel.StageConstants;
import org.braggflow.launcher.stage.DeployedStage;
import org.braggflow.launcher.stage.StageRegistry;
import org.braggflow.launcher.workflow.StageStep;
import org.braggflow.launcher.workflow.Workflow;

/**
 * The Camel route of one workflow: the scan path comes in; the reader stage opens it; every position
 * volume is split out (streaming, in parallel) to the maps accumulator and, inside the mask, through
 * the cloud and denoiser stages; then encoder, clusterer and exporters run on what was gathered.
 * Every stage is a {@code stage:} endpoint, looked up per exchange, with the workflow's parameter
 * values bound in the registry under {@code wf.<id>.<index>}.
 */
final class WorkflowRoute extends RouteBuilder {

    static final String STATE = "braggflow.run";
    /** Property naming the reader chosen for this scan ({@code use: auto}). */
    static final String READER = "braggflowReader";

    private final Workflow workflow;
    private final StageRegistry registry;
    private final ExecutorService positionThreads;

    WorkflowRoute(Workflow workflow, StageRegistry registry, ExecutorService positionThreads) {
        this.workflow = workflow;
        this.registry = registry;
        this.positionThreads = positionThreads;
    }

    static String endpoint(Workflow w) {
        return "direct:workflow-" + w.id();
    }

    private String uri(int index, StageStep step, String name) {
        String bean = "wf." + workflow.id() + "." + index;
        getContext().getRegistry().bind(bean, Map.class, step.with());
        return "stage:" + step.type() + ":" + name + "?parameters=#" + bean;
    }

    @Override
    public void configure() {
        List<StageStep> steps = workflow.stages();
        RouteDefinition route = from(endpoint(workflow)).routeId("workflow-" + workflow.id());
        for (int i = 0; i < steps.size(); i++) {
            StageStep s = steps.get(i);
            if (!s.type().equals("reader")) continue;
            if (s.use().equals(StageStep.AUTO)) {
                route.process(this::chooseReader);
                route.toD(uri(i, s, "${exchangeProperty." + READER + "}"));
            } else {
                route.process(e -> {
                    state(e).readerName = s.use();
                    e.setProperty(READER, s.use());
                });
                route.to(uri(i, s, s.use()));
            }
            break;
        }
        route.process(e -> state(e).scan = e.getIn().getBody(ScanSource.class));
        for (int i = 0; i < steps.size(); i++) {
            StageStep s = steps.get(i);
            if (!s.type().equals("maps")) continue;
            route.process(e -> e.getIn().setBody(state(e).scan.metadata()));
            route.to(uri(i, s, s.use()));
            route.process(e -> state(e).mapAccumulator = e.getIn().getBody(MapAccumulator.class));
        }
        ProcessorDefinition<?> split = route
                .split(new PositionIterators()).streaming().parallelProcessing()
                .executorService(positionThreads).stopOnException()
                .process(this::countAndMap)
                .filter(exchangeProperty("braggflow.inMask").isEqualTo(true));
        for (int i = 0; i < steps.size(); i++) {
            StageStep s = steps.get(i);
            if (s.type().equals("cloud") || s.type().equals("denoiser")) split = split.to(uri(i, s, s.use()));
        }
        split.process(this::collectCloud).end().end();
        route.process(e -> {
            RunState st = state(e);
            if (st.mapAccumulator != null) st.maps = st.mapAccumulator.finish();
        });
        for (int i = 0; i < steps.size(); i++) {
            StageStep s = steps.get(i);
            switch (s.type()) {
                case "encoder" -> {
                    // train on this scan's clouds, then encode them with the model just trained
                    route.process(e -> e.getIn().setBody(state(e).cloudsInOrder()));
                    route.to(uri(i, s, s.use()));
                    route.process(e -> {
                        state(e).model = e.getIn().getBody(EncoderModel.class);
                        e.setProperty(StageConstants.MODEL, state(e).model);
                        e.getIn().setBody(state(e).cloudsInOrder());
                    });
                    route.to(uri(i, s, s.use()));
                    route.process(this::features);
                }
                case "clusterer" -> {
                    route.process(e -> {
                        RunState st = state(e);
                        // without an encoder, positions are clustered on their conventional peak descriptors
                        if (st.features == null) st.features = MapFeatures.of(st.maps, st.scan);
                        e.getIn().setBody(st.features);
                    });
                    route.to(uri(i, s, s.use()));
                    route.process(e -> state(e).clusters = e.getIn().getBody(ClusterResult.class));
                }
                case "exporter" -> {
                    route.process(e -> e.getIn().setBody(ScanRunner.result(e)));
                    route.to(uri(i, s, s.use()));
                }
                default -> { }
            }
        }
    }

    /** Split expression: the position volumes of the scan opened by the reader. */
    static final class PositionIterators extends org.apache.camel.support.ExpressionAdapter {
        @Override
        public Object evaluate(Exchange e) {
            return new PositionIterator(state(e).scan);
        }
    }

    static RunState state(Exchange e) {
        return e.getProperty(STATE, RunState.class);
    }

    private void chooseReader(Exchange e) throws Exception {
        RunState st = state(e);
        List<String> seen = new ArrayList<>();
        for (DeployedStage s : registry.list()) {
            if (!s.type().equals("reader")) continue;
            seen.add(s.name());
            if (((org.braggflow.api.stage.ScanReader) s.service()).accepts(st.scanPath)) {
                st.readerName = s.name();
                e.setProperty(READER, s.name());
                return;
            }
        }
        throw new org.braggflow.scanio.ScanFormatException(st.scanPath, "no deployed reader recognises it (readers: "
                + (seen.isEmpty() ? "none deployed" : String.join(", ", seen))
                + "); a scan is a Braggflow .h5 file or a folder with scan.json");
    }

    private void countAndMap(Exchange e) {
        RunState st = state(e);
        PositionVolume v = e.getIn().getBody(PositionVolume.class);
        boolean inMask = st.scan.inMask(v.row(), v.col());
        if (st.mapAccumulator != null) st.mapAccumulator.add(v, inMask);
        e.setProperty("braggflow.inMask", inMask);
        if (inMask) st.positionsInMask.incrementAndGet();
        long done = st.positionsDone.incrementAndGet();
        st.progress.progress(done, st.scan.metadata().positionCount());
    }

    private void collectCloud(Exchange e) throws Exception {
        RunState st = state(e);
        PointCloud c = e.getIn().getBody(PointCloud.class);
        if (c == null) return;
        st.clouds.add(c);
        if (st.writeClouds) org.braggflow.launcher.clouds.PlyFiles.write(c, st.outputFolder.resolve("clouds").resolve("r" + c.row() + "_c" + c.col() + ".ply"));
    }

    private void features(Exchange e) {
        RunState st = state(e);
        float[][] codes = e.getIn().getBody(float[][].class);
        List<PointCloud> clouds = st.cloudsInOrder();
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < clouds.size(); i++) rows.add(new FeatureTable.Row(clouds.get(i).row(), clouds.get(i).col(), codes[i]));
        st.features = new FeatureTable(st.model.featureSize(), rows);
    }
}
