package org.braggflow.launcher.cli.fakestage;

import java.util.Dictionary;
import java.util.Hashtable;
import org.braggflow.api.stage.Denoiser;
import org.braggflow.api.stage.StageType;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link KeepShareDenoiser} as stage services are registered (without SCR, which the test bundle need not use). */
public final class KeepShareActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(StageType.TYPE_PROPERTY, "denoiser");
        properties.put(StageType.NAME_PROPERTY, "keep-share");
        context.registerService(Denoiser.class, new KeepShareDenoiser(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
