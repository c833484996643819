package org.braggflow.export.files;

import java.util.List;
import java.util.Map;

/** The map columns of maps.csv in contract order (docs/formats.md, section 4), and how they are labelled. */
final class MapNames {

    /**
     * Columns after row, col; in_mask comes from the mask, the rest from the maps stage. The shape
     * descriptors (skew_* to peak_count) came later and stay after the original columns, so readers that
     * index the first columns keep working; a maps stage that does not make a column leaves it empty.
     */
    static final List<String> COLUMNS = List.of("in_mask", "intensity", "com_angle", "com_det_row", "com_det_col", "fwhm_angle",
            "fwhm_det_row", "fwhm_det_col", "peak_angle_deg", "strain", "tilt_x", "tilt_y",
            "skew_angle", "skew_det_row", "skew_det_col", "kurt_angle", "kurt_det_row", "kurt_det_col", "split", "peak_count");

    static final String CLUSTER = "cluster";

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("in_mask", "1 = particle"), Map.entry("intensity", "counts / monitor"),
            Map.entry("com_angle", "angle index"), Map.entry("com_det_row", "detector pixel"), Map.entry("com_det_col", "detector pixel"),
            Map.entry("fwhm_angle", "angle steps"), Map.entry("fwhm_det_row", "detector pixels"), Map.entry("fwhm_det_col", "detector pixels"),
            Map.entry("peak_angle_deg", "deg"), Map.entry("strain", "\u0394d/d"), Map.entry("tilt_x", "rad"), Map.entry("tilt_y", "rad"),
            Map.entry("skew_angle", "skewness"), Map.entry("skew_det_row", "skewness"), Map.entry("skew_det_col", "skewness"),
            Map.entry("kurt_angle", "excess kurtosis"), Map.entry("kurt_det_row", "excess kurtosis"),
            Map.entry("kurt_det_col", "excess kurtosis"), Map.entry("split", "FWHM"), Map.entry("peak_count", ""),
            Map.entry(CLUSTER, "domain"));

    private MapNames() {
    }

    static String unit(String name) {
        return UNITS.getOrDefault(name, "");
    }

    /** A title for images: "strain (Δd/d)". */
    static String title(String name) {
        String unit = unit(name);
        return name.replace('_', ' ') + (unit.isEmpty() ? "" : " (" + unit + ")");
    }
}
