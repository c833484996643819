package org.braggflow.scanio;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.braggflow.api.scan.Geometry;
import org.braggflow.api.scan.Geometry.Convention;

/**
 * The geometry fields of a scan file, read and written in one place for every format: scan.json's
 * {@code geometry} object and the HDF5 {@code /entry/instrument} attributes hold the same names.
 *
 * <p>Required: energy_kev, delta_deg, gamma_deg, detector_distance_m, pixel_size_um, step_size_nm.
 * Optional: bragg_deg, center_row, center_col (0-based, stored frame), {@code convention}
 * ({@code braggflow}, the default, or {@code hxn}), {@code row_flip} and {@code col_flip} (booleans;
 * default false, except row_flip true under hxn). Under hxn, delta_deg and gamma_deg hold the
 * beamline's diff_delta and diff_gamma and are converted on read (docs/geometry.md).
 */
public final class GeometryFields {

    private static final String[] REQUIRED =
            {"energy_kev", "delta_deg", "gamma_deg", "detector_distance_m", "pixel_size_um", "step_size_nm"};

    /** Where the fields come from: a value (Number, String, Boolean, or null when absent) and how to name a field in messages. */
    public interface Source {
        Object value(String name) throws ScanFormatException;

        /** The field as a message should name it, e.g. {@code geometry.delta_deg}. */
        String describe(String name);
    }

    private GeometryFields() {
    }

    /** Reads, converts to Braggflow's convention and validates; every problem names {@code file} and the field. */
    public static Geometry read(Source s, Path file) throws ScanFormatException {
        double[] v = new double[REQUIRED.length];
        for (int i = 0; i < REQUIRED.length; i++) v[i] = number(s, REQUIRED[i], file, true);
        Convention convention = convention(s, file);
        boolean hxn = convention == Convention.HXN;
        double delta = hxn ? -v[2] : v[1];   // hxn: delta_deg is diff_delta (out-of-plane), gamma_deg diff_gamma (in-plane)
        double gamma = hxn ? v[1] : v[2];
        Geometry g = new Geometry(v[0], delta, gamma, v[3], v[4], v[5], number(s, "bragg_deg", file, false),
                number(s, "center_row", file, false), number(s, "center_col", file, false),
                flag(s, "row_flip", hxn, file), flag(s, "col_flip", false, file), convention);
        String bad = g.firstInvalidField();
        if (bad != null) throw new ScanFormatException(file, s.describe(bad) + " must be a finite number, positive where physical");
        if (g.centerRow() < 0 || g.centerCol() < 0) {
            throw new ScanFormatException(file, s.describe(g.centerRow() < 0 ? "center_row" : "center_col")
                    + " must be a 0-based pixel index, not negative");
        }
        return g;
    }

    /**
     * The fields to write for {@code g}, in the file's convention (so that {@link #read} gives {@code g} back);
     * values are Double, String or Boolean; optional fields only when they differ from the default.
     */
    public static Map<String, Object> write(Geometry g) {
        boolean hxn = g.convention() == Convention.HXN;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("energy_kev", g.energyKev());
        m.put("delta_deg", hxn ? g.beamlineDeltaDeg() : g.deltaDeg());
        m.put("gamma_deg", hxn ? g.beamlineGammaDeg() : g.gammaDeg());
        m.put("detector_distance_m", g.detectorDistanceM());
        m.put("pixel_size_um", g.pixelSizeUm());
        m.put("step_size_nm", g.stepSizeNm());
        if (!Double.isNaN(g.braggDeg())) m.put("bragg_deg", g.braggDeg());
        if (!Double.isNaN(g.centerRow())) m.put("center_row", g.centerRow());
        if (!Double.isNaN(g.centerCol())) m.put("center_col", g.centerCol());
        if (hxn) m.put("convention", g.convention().settingName());
        // row_flip is written whenever the convention is not the default, so the file says it outright
        if (g.rowFlip() || hxn) m.put("row_flip", g.rowFlip());
        if (g.colFlip()) m.put("col_flip", true);
        return m;
    }

    private static Convention convention(Source s, Path file) throws ScanFormatException {
        Object o = s.value("convention");
        if (o == null) return Convention.BRAGGFLOW;
        Convention c = o instanceof String text ? Convention.fromSettingName(text.trim()) : null;
        if (c == null) {
            throw new ScanFormatException(file, s.describe("convention") + " must be 'braggflow' or 'hxn', not " + show(o));
        }
        return c;
    }

    private static boolean flag(Source s, String name, boolean fallback, Path file) throws ScanFormatException {
        Object o = s.value(name);
        if (o == null) return fallback;
        if (o instanceof Boolean b) return b;
        // HDF5 has no boolean attribute type: 0/1 and the strings true/false are accepted too
        if (o instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) return n.doubleValue() == 1;
        if ("true".equals(o) || "false".equals(o)) return "true".equals(o);
        throw new ScanFormatException(file, s.describe(name) + " must be true or false, not " + show(o));
    }

    private static double number(Source s, String name, Path file, boolean required) throws ScanFormatException {
        Object o = s.value(name);
        if (o == null) {
            if (required) throw new ScanFormatException(file, s.describe(name) + " is missing");
            return Double.NaN;
        }
        if (!(o instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new ScanFormatException(file, s.describe(name) + " must be a finite number, not " + show(o));
        }
        return n.doubleValue();
    }

    private static String show(Object o) {
        return o instanceof String ? "'" + o + "'" : String.valueOf(o);
    }
}
