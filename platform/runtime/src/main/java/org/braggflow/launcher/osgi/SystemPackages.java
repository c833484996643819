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

    /**
     * Libraries on the launcher class path that stage bundles use directly, each named by one of its
     * classes; all their packages are exported with the library's version. (They are not bundles of
     * their own: their manifests, where present, require bundles the platform does not install.)
     */
    static final List<String> SHARED_LIBRARIES = List.of("io.jhdf.HdfFile", "org.nd4j.linalg.factory.Nd4j",
            "com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.core.JsonParser");

    /**
     * Export-Package clauses of every {@code org.braggflow.*} jar (or classes folder) on the class
     * path, and of the shared libraries.
     */
    public static String fromClassPath(ClassLoader loader) throws IOException {
        String own = braggflowExports(loader);
        List<String> all = new ArrayList<>(List.of(own));
        for (String anchor : SHARED_LIBRARIES) {
            String lib = libraryExports(loader, anchor);
            if (!lib.isEmpty()) all.add(lib);
        }
        return String.join(",", all);
    }

    private static String braggflowExports(ClassLoader loader) throws IOException {
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

    /** Every package holding classes in the jar of {@code anchor}, at the jar's version; empty if absent. */
    static String libraryExports(ClassLoader loader, String anchor) throws IOException {
        Class<?> type;
        try {
            type = Class.forName(anchor, false, loader);
        } catch (ClassNotFoundException e) {
            return "";
        }
        java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) return "";
        java.nio.file.Path jar;
        try {
            jar = java.nio.file.Path.of(source.getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        java.util.TreeSet<String> packages = new java.util.TreeSet<>();
        String version = "0.0.0";
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            Manifest mf = file.getManifest();
            if (mf != null) {
                String v = mf.getMainAttributes().getValue("Bundle-Version");
                if (v == null) v = mf.getMainAttributes().getValue("Implementation-Version");
                if (v != null) version = osgiVersion(v);
            }
            file.stream().map(java.util.jar.JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && n.contains("/") && !n.startsWith("META-INF/"))
                    .forEach(n -> packages.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
        }
        List<String> clauses = new ArrayList<>();
        for (String p : packages) clauses.add(p + ";version=\"" + version + "\"");
        return String.join(",", clauses);
    }

    /** "0.10.0" stays, "1.0.0-M2.1" becomes "1.0.0.M2_1": OSGi versions allow letters only in the qualifier. */
    static String osgiVersion(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?[.-]?(.*)").matcher(v.trim());
        if (!m.matches()) return "0.0.0";
        String q = m.group(4).replaceAll("[^A-Za-z0-9_-]", "_");
        return m.group(1) + "." + (m.group(2) == null ? "0" : m.group(2)) + "." + (m.group(3) == null ? "0" : m.group(3))
                + (q.isEmpty() ? "" : "." + q);
    }
}
