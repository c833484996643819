package org.braggflow.launcher.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What the validator needs to know of a model registry: which stage made a model, if the model is
 * there. The workflow language does not read model folders itself; the registry side implements this
 * (the launcher's {@code RegistryModelLookup}), so this module has no registry dependency.
 */
@FunctionalInterface
public interface ModelLookup {

    /** The stage that made a model, as a workflow names it ({@code type}, {@code use}). */
    record Maker(String stageType, String stageName) {
        /** "type/name", as in messages. */
        public String key() {
            return stageType + "/" + stageName;
        }
    }

    /**
     * The stage that made model {@code id} in the registry of the Braggflow home {@code home}; empty
     * when no model of that id is registered (the workflow waits for it).
     *
     * @throws IOException when the model is there but cannot be read
     */
    Optional<Maker> maker(Path home, String id) throws IOException;

    /**
     * The implementation registered in a jar's {@code META-INF/services} (the launcher's registry), for
     * callers that do not pass one; without one, every model lookup fails with a message saying so.
     */
    static ModelLookup onClassPath() {
        Iterator<ModelLookup> found = ServiceLoader.load(ModelLookup.class, ModelLookup.class.getClassLoader()).iterator();
        if (found.hasNext()) return found.next();
        return (home, id) -> {
            throw new IOException("no model registry on the class path");
        };
    }
}
