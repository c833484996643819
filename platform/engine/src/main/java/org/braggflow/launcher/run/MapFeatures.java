package org.braggflow.launcher.run;

import java.util.ArrayList;
import java.util.List;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.ScanSource;

/**
 * Features for a clusterer when a workflow has no encoder: each masked position's conventional peak
 * descriptors (centre of mass and width along each axis, strain, tilts), so a domain map can be made
 * from the conventional analysis alone. Positions with an undefined value are left out.
 */
final class MapFeatures {

    static final List<String> COLUMNS = List.of("com_angle", "com_det_row", "com_det_col", "fwhm_angle", "fwhm_det_row",
            "fwhm_det_col", "strain", "tilt_x", "tilt_y");

    private MapFeatures() {
    }

    static FeatureTable of(ScanMaps maps, ScanSource scan) {
        if (maps == null) {
            throw new IllegalStateException("a clusterer without an encoder clusters the conventional maps: add a maps stage to the workflow");
        }
        int cols = scan.metadata().scanCols();
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < maps.rows() * maps.cols(); i++) {
            if (!scan.inMask(i / cols, i % cols)) continue;
            float[] v = new float[COLUMNS.size()];
            boolean defined = true;
            for (int k = 0; k < v.length; k++) {
                v[k] = maps.map(COLUMNS.get(k))[i];
                defined &= Float.isFinite(v[k]);
            }
            if (defined) rows.add(new FeatureTable.Row(i / cols, i % cols, v));
        }
        return new FeatureTable(COLUMNS.size(), rows);
    }
}
