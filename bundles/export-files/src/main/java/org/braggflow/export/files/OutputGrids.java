package org.braggflow.export.files;

import java.util.Arrays;
import org.braggflow.api.result.AnalysisResult;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;

/** Per-position grids of an analysis result as exporters write them: one float per position, NaN where undefined. */
final class OutputGrids {

    private OutputGrids() {
    }

    /** The grid of a map column, including in_mask (1/0) which comes from the mask. */
    static float[] column(AnalysisResult r, String name) {
        int n = r.scan().positionCount();
        if (name.equals("in_mask")) {
            float[] m = new float[n];
            for (int i = 0; i < n; i++) m[i] = r.mask() == null || r.mask()[i] ? 1 : 0;
            return m;
        }
        if (r.maps() != null && r.maps().maps().containsKey(name)) return r.maps().map(name);
        float[] empty = new float[n];
        Arrays.fill(empty, Float.NaN);
        return empty;
    }

    /** Cluster labels on the scan grid, NaN for positions that were not analysed. */
    static float[] clusters(AnalysisResult r) {
        float[] grid = new float[r.scan().positionCount()];
        Arrays.fill(grid, Float.NaN);
        FeatureTable f = r.features();
        ClusterResult c = r.clusters();
        if (f == null || c == null) return grid;
        int[] labels = c.labels();
        for (int i = 0; i < f.size(); i++) {
            FeatureTable.Row row = f.rows().get(i);
            grid[row.row() * r.scan().scanCols() + row.col()] = labels[i];
        }
        return grid;
    }
}
