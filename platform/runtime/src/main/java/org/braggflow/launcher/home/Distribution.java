package org.braggflow.launcher.home;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The unpacked distribution the launcher runs from: {@code system/} (the runtime's own OSGi bundles),
 * {@code bundles/} (the stage bundles shipped), {@code workflows/} and {@code routes/} (defaults
 * copied into a new home), {@code models/} (trained encoder models registered in every home). Found through the {@code braggflow.dist} system property, which
 * {@code bin/braggflow} sets.
 */
public record Distribution(Path root) {

    public static final String PROPERTY = "braggflow.dist";

    public static Distribution fromSystemProperty() {
        String dist = System.getProperty(PROPERTY);
        if (dist == null) {
            throw new IllegalStateException("the " + PROPERTY + " system property is not set: start Braggflow with bin/braggflow");
        }
        Path root = Path.of(dist).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("system"))) {
            throw new IllegalStateException(root + " is not a Braggflow distribution (no system/ folder)");
        }
        return new Distribution(root);
    }

    public Path systemBundles() {
        return root.resolve("system");
    }

    public Path stageBundles() {
        return root.resolve("bundles");
    }

    public Path workflows() {
        return root.resolve("workflows");
    }

    public Path routes() {
        return root.resolve("routes");
    }

    /** Shipped encoder models, one registry folder each (record with every file's SHA-256 included). */
    public Path models() {
        return root.resolve("models");
    }
}
