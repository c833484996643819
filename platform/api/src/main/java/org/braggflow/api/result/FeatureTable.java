package org.braggflow.api.result;

import java.util.List;

/** One feature vector (encoder codeword) per analysed position, all of the same dimension. */
public record FeatureTable(int dimension, List<Row> rows) {

    public FeatureTable {
        rows = List.copyOf(rows);
        for (Row r : rows) {
            if (r.values().length != dimension) {
                throw new IllegalArgumentException("position (" + r.row() + "," + r.col() + ") has "
                        + r.values().length + " features, table dimension is " + dimension);
            }
        }
    }

    public record Row(int row, int col, float[] values) {
    }

    public int size() {
        return rows.size();
    }
}
