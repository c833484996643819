package org.braggflow.launcher.osgi;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The packages the launcher's class path offers to stage bundles. Braggflow's platform jars (API,
 * shared libraries) carry an {@code Export-Package} header written by bnd from their
 * {@code package-info.java} versions; that header is reused verbatim, so package versions are
 * declared once, in the source.
 */
public final class SystemPackages {

    private SystemPackages() {
    }

    /** Export-Package clauses of every {@code org.braggflow.*} jar (or classes folder) on the class path. */
    public static String fromClassPath(ClassLoader loader) throws IOException {
        List<String> clauses = new ArrayList<>();
        Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
        while (manifests.hasMoreElements()) {
            URL url = manifests.nextElement();
            try (InputStream in = url.openStream()) {
                Attributes main = new Manifest(in).getMainAttributes();
                String bsn = main.getValue("Bundle-SymbolicName");
                String exports = main.getValue("Export-Package");
                if (bsn != null && bsn.startsWith("org.braggflow.") && exports != null && !clauses.contains(exports)) {
                    clauses.add(exports);
                }
            }
        }
        if (clauses.isEmpty()) {
            throw new IOException("no Braggflow API found on the class path (no org.braggflow.* manifest with Export-Package)");
        }
        return String.join(",", clauses);
    }
}
