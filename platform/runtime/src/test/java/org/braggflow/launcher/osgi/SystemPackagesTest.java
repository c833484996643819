package org.braggflow.launcher.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SystemPackagesTest {

    @Test
    void exportsTheApiWithItsSourceVersionsAndTheSharedLibraries() throws Exception {
        String exports = SystemPackages.fromClassPath(getClass().getClassLoader());
        assertTrue(exports.contains("org.braggflow.api.stage;version=\"1.5.0\""), exports);
        assertTrue(exports.contains("org.braggflow.api.files;version=\"1.0.0\""), exports);
        // readers carry their own alignment and masking; the simulator's writers are not for bundles
        assertFalse(exports.contains("org.braggflow.read.support") || exports.contains("scanio.read") || exports.contains("scanio.write")
                || exports.contains("simulate"), exports);
        assertTrue(exports.contains("io.jhdf.api;version=\"0.10.0\""), exports);
    }

    @Test
    void versionsBecomeOsgiVersions() {
        assertEquals("0.10.0", SystemPackages.osgiVersion("0.10.0"));
        assertEquals("1.0.0.M2_1", SystemPackages.osgiVersion("1.0.0-M2.1"));
        assertEquals("2.0.0", SystemPackages.osgiVersion("2"));
    }
}
