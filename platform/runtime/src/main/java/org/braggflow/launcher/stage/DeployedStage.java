package org.braggflow.launcher.stage;

import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.api.stage.StageService;

/** A stage service as found in the framework, with the bundle that provides it. */
public record DeployedStage(StageDescriptor descriptor, String bundleSymbolicName, String bundleVersion,
                            long bundleId, StageService service) {

    public String type() {
        return descriptor.type();
    }

    public String name() {
        return descriptor.name();
    }

    /** "type/name", as used in messages. */
    public String key() {
        return type() + "/" + name();
    }
}
