package org.braggflow.launcher.home;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.braggflow.launcher.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry module names the home's model folder itself (it does not depend on the runtime): the two must agree. */
class HomeModelsFolderTest {

    @Test
    void theModelRegistryOfAHomeIsTheHomesModelsFolder(@TempDir Path dir) {
        assertEquals(dir.resolve("models").toAbsolutePath().normalize(), ModelRegistry.ofHome(dir).root());
        assertEquals(new BraggflowHome(dir).models().toAbsolutePath().normalize(), ModelRegistry.ofHome(dir).root());
    }
}
