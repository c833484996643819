package org.braggflow.api.stage;

/**
 * The summaries one {@link PositionSummary} made of the positions of a scan, by scan position. Positions
 * are written from several threads, each once, before the summaries are handed on; a position never
 * summarised (outside the mask, or read elsewhere) has none.
 *
 * @since 1.5.0
 */
public final class PositionSummaries {

    private final String kind;
    private final int scanCols;
    private final float[][] byPosition;

    public PositionSummaries(String kind, int scanRows, int scanCols) {
        this.kind = kind;
        this.scanCols = scanCols;
        this.byPosition = new float[Math.multiplyExact(scanRows, scanCols)][];
    }

    /** The {@link PositionSummary#kind()} of the summary that made these. */
    public String kind() {
        return kind;
    }

    public void put(int row, int col, float[] summary) {
        byPosition[row * scanCols + col] = summary;
    }

    /** The position's summary, or null when it has none. */
    public float[] get(int row, int col) {
        return byPosition[row * scanCols + col];
    }
}
