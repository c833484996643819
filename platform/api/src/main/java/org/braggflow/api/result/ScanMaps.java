package org.braggflow.api.result;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named per-position maps of one scan, each {@code rows x cols} in row-major order; NaN where a
 * value is undefined. Insertion order is the column order of maps.csv.
 */
public record ScanMaps(int rows, int cols, Map<String, float[]> maps) {

    public ScanMaps {
        for (Map.Entry<String, float[]> e : maps.entrySet()) {
            if (e.getValue().length != rows * cols) {
                throw new IllegalArgumentException("map " + e.getKey() + " has " + e.getValue().length
                        + " values for " + rows + "x" + cols + " positions");
            }
        }
        maps = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(maps));
    }

    public float[] map(String name) {
        float[] m = maps.get(name);
        if (m == null) throw new IllegalArgumentException("no map named " + name + "; have " + maps.keySet());
        return m;
    }
}
