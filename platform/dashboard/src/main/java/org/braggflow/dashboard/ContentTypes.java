package org.braggflow.dashboard;

import java.util.Map;
import java.util.Set;

/** The media type of each file the dashboard serves, and which run outputs it offers for download. */
final class ContentTypes {

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("json", "application/json"),
            Map.entry("csv", "text/csv"), Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"),
            Map.entry("nxs", "application/x-hdf5"));
    /** Run outputs offered for download: tables, NeXus, run record, report, map images. */
    private static final Set<String> DOWNLOADABLE = Set.of("csv", "nxs", "json", "html", "tif", "tiff", "png");
    /** Shown in the browser rather than saved. */
    private static final Set<String> INLINE = Set.of("png", "html");

    private ContentTypes() {
    }

    static String extension(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    static String of(String name) {
        return BY_EXTENSION.getOrDefault(extension(name), "application/octet-stream");
    }

    static boolean downloadable(String name) {
        return DOWNLOADABLE.contains(extension(name));
    }

    static boolean inline(String name) {
        return INLINE.contains(extension(name));
    }
}
