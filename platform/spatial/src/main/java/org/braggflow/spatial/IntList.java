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

    /** Appends {@code count} values of {@code source} from {@code from}. */
    public void addAll(int[] source, int from, int count) {
        reserve(count);
        System.arraycopy(source, from, values, size, count);
        size += count;
    }

    /** Room for {@code more} values after the current ones. */
    void reserve(int more) {
        if (size + more > values.length) values = Arrays.copyOf(values, Math.max(2 * values.length, size + more));
    }

    /** Writes v after the current values and keeps it only when {@code keep} (no branch on it); needs room reserved. */
    void putIf(int v, boolean keep) {
        values[size] = v;
        size += keep ? 1 : 0;
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
