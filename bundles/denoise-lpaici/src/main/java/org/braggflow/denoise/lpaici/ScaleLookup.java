package org.braggflow.denoise.lpaici;

/**
 * The first of a few increasing limits that a value does not exceed, by table: the index s of the
 * first limit with value <= limit[s], or the number of limits when the value exceeds them all.
 *
 * <p>Every candidate of every point is binned by scale, and the scale a candidate falls in is as good
 * as random, so comparing the limits in turn mispredicts the loop's exit about once per candidate.
 * The table gives the answer for a cell of values at the cost of one multiplication; each cell stores
 * the answer for the bottom of the cell before it, which can only be too small (by a limit lying in
 * those two cells), and a comparison loop, almost never entered, corrects it. The result equals
 * comparing in turn exactly (LpaIciPassTest).
 */
final class ScaleLookup {

    /** Cells per largest limit; the table reaches twice the largest limit, beyond which the answer is "none". */
    private static final int CELLS = 1024;

    private final double[] limit;
    private final double cellsPerUnit;
    private final byte[] table;
    private final int none;

    ScaleLookup(double[] limit) {
        if (limit.length == 0 || limit.length > Byte.MAX_VALUE) throw new IllegalArgumentException("1 to 127 limits");
        this.limit = limit.clone();
        none = limit.length;
        cellsPerUnit = CELLS / limit[none - 1];
        table = new byte[2 * CELLS + 1];
        for (int c = 0; c < table.length; c++) {
            // the bottom of the previous cell: (int) (value * cellsPerUnit) may round up into the next cell
            double bottom = Math.max(0, c - 1) / cellsPerUnit;
            int s = 0;
            while (s < none && limit[s] < bottom) s++;
            table[c] = (byte) s;
        }
    }

    /** The index of the first limit the (non-negative) value does not exceed, or the number of limits. */
    int first(double value) {
        int s = table[Math.min((int) (value * cellsPerUnit), table.length - 1)];
        while (s < none && value > limit[s]) s++;
        return s;
    }
}
