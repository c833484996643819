package org.braggflow.launcher.models;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Model ids name folders under {@code <home>/models/}, so they are confined to one plain folder name:
 * lower-case letters, digits, '_', '.' and '-', starting with a letter or digit (no hidden folders,
 * which the registry uses while writing), without "..", at most 128 characters.
 */
public final class ModelId {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,127}");

    private ModelId() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches() && !id.contains("..");
    }

    /** The id itself, or an IllegalArgumentException saying what an id may be. */
    public static String check(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("'" + id + "' is not a model id: use lower-case letters, digits, '_', '.' and '-',"
                    + " starting with a letter or digit, without '..', at most 128 characters");
        }
        return id;
    }

    /** A valid id made from free text (a scan name, a checkpoint's name): lower case, other characters become '-'. */
    public static String from(String text) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replace("..", "-").replaceAll("-{2,}", "-")
                .replaceAll("^[^a-z0-9]+", "");
        if (s.length() > 100) s = s.substring(0, 100);
        return s.isEmpty() ? "model" : s;
    }
}
