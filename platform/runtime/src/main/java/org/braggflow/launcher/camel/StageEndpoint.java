package org.braggflow.launcher.camel;

import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.braggflow.api.stage.StageType;

/** One stage type and implementation name; produces only. */
@UriEndpoint(scheme = "stage", title = "Braggflow stage", syntax = "stage:type:name", producerOnly = true)
public final class StageEndpoint extends DefaultEndpoint {

    @UriPath(description = "Stage type: reader, cloud, denoiser, maps, encoder, clusterer, exporter")
    private final StageType type;
    @UriPath(description = "Implementation name, the stage.name service property")
    private final String name;
    @UriParam(defaultValue = "30000",
            description = "How long an exchange waits for the stage to be deployed before it fails, in milliseconds")
    private long timeoutMillis = 30_000;
    @UriParam(description = "Stage parameter values by name (a registry reference); declared defaults fill the rest")
    private Map<String, Object> parameters = Map.of();
    @UriParam(description = "Position of the step in its workflow (0-based), recorded with the stage call so two steps of the same "
            + "stage with the same parameters are both listed; -1 when not part of a workflow", defaultValue = "-1")
    private int step = -1;
    @UriParam(description = "For reader and maps stages: open the scan angle by angle while it is acquired (openLive) or start "
            + "live maps (startLive) instead of the offline call", defaultValue = "false")
    private boolean live;

    StageEndpoint(String uri, StageComponent component, StageType type, String name) {
        super(uri, component);
        this.type = type;
        this.name = name;
    }

    @Override
    public Producer createProducer() {
        return new StageProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("stage: endpoints only produce; consume from a file or direct endpoint");
    }

    StageType type() {
        return type;
    }

    String name() {
        return name;
    }

    StageComponent stageComponent() {
        return (StageComponent) getComponent();
    }

    public long getTimeoutMillis() {
        return timeoutMillis;
    }

    public void setTimeoutMillis(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    public int getStep() {
        return step;
    }

    public void setStep(int step) {
        this.step = step;
    }

    public boolean isLive() {
        return live;
    }

    public void setLive(boolean live) {
        this.live = live;
    }

    public Map<String, Object> getParameters() {
        return parameters;
    }

    public void setParameters(Map<String, Object> parameters) {
        this.parameters = Map.copyOf(parameters);
    }
}
