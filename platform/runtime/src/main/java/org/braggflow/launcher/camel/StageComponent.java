package org.braggflow.launcher.camel;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.braggflow.api.stage.StageType;
import org.braggflow.launcher.stage.StageRegistry;

/**
 * The {@code stage:} component: {@code stage:<type>:<name>} calls the stage service currently
 * deployed for that type and name, e.g. {@code stage:denoiser:sor}. Stage parameters are not written
 * in the URI: they are a map bound in the Camel registry and referenced with
 * {@code ?parameters=#beanId} (the workflow engine does this), or the stage defaults.
 */
public final class StageComponent extends DefaultComponent {

    private final StageRegistry registry;

    public StageComponent(StageRegistry registry) {
        this.registry = registry;
    }

    StageRegistry registry() {
        return registry;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> options) throws Exception {
        String[] parts = remaining.split(":", 2);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("stage endpoint must be stage:<type>:<name>, got " + uri);
        }
        if (StageType.byId(parts[0]).isEmpty()) {
            throw new IllegalArgumentException("unknown stage type '" + parts[0] + "' in " + uri);
        }
        StageEndpoint endpoint = new StageEndpoint(uri, this, StageType.byId(parts[0]).get(), parts[1]);
        setProperties(endpoint, options);
        return endpoint;
    }
}
