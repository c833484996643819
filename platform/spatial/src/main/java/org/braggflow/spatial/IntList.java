package org.braggflow.spatial;

import java.util.Arrays;

/** A growable list of ints, reused across radius queries to avoid boxing. Not thread-safe. */
public final class IntList {

    private int[] values = new int[64];
    private int size;

    public void add(int v) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = v;
    }

    public int get(int i) {
        return values[i];
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }
}
