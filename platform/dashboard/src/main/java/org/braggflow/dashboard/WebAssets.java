package org.braggflow.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The page's files, served from whichever active bundle declares {@code Braggflow-Web: <folder>} in
 * its manifest (the shipped one is {@code bundles/dashboard-web}). Looked up per request, so a new
 * release of the page is hot-deployed like a stage. Nothing is fetched from the internet.
 */
final class WebAssets {

    static final String HEADER = "Braggflow-Web";

    private final BundleContext context;

    WebAssets(BundleContext context) {
        this.context = context;
    }

    record Asset(byte[] bytes, String type) {
    }

    /** The file at a request path ("" or "/" is index.html); empty when no bundle has it. */
    Optional<Asset> find(String path) throws IOException {
        String p = path == null || path.isEmpty() || path.equals("/") ? "index.html" : path.replaceFirst("^/+", "");
        if (p.contains("..")) return Optional.empty();
        for (Bundle b : context.getBundles()) {
            if (b.getState() != Bundle.ACTIVE) continue;
            String root = b.getHeaders().get(HEADER);
            if (root == null) continue;
            URL entry = b.getEntry(root.replaceAll("/+$", "") + "/" + p);
            if (entry == null) continue;
            try (InputStream in = entry.openStream()) {
                return Optional.of(new Asset(in.readAllBytes(), ContentTypes.of(p)));
            }
        }
        return Optional.empty();
    }
}
