package org.braggflow.refine.stitched;

import org.braggflow.api.scan.PositionVolume;

/**
 * A position volume summarised angle by angle: each frame's detector-row profile (summed over columns)
 * followed by its detector-column profile (summed over rows), each binned to at most a given number of
 * bins. Profiles keep where a frame's intensity sits and how it is spread on both detector axes, which is
 * what tells one domain's frame from another's at the same angle (a strained or tilted peak moves, a
 * broadened or split one spreads), in a size that does not grow with the detector's area.
 */
final class AngleProfiles {

    final int angles;
    final int rowBins;
    final int colBins;
    private final int rowsPerBin;
    private final int colsPerBin;

    AngleProfiles(int angles, int detRows, int detCols, int maxBins) {
        this.angles = angles;
        this.rowsPerBin = (detRows + maxBins - 1) / maxBins;
        this.colsPerBin = (detCols + maxBins - 1) / maxBins;
        this.rowBins = (detRows + rowsPerBin - 1) / rowsPerBin;
        this.colBins = (detCols + colsPerBin - 1) / colsPerBin;
    }

    /** Values per angle. */
    int width() {
        return rowBins + colBins;
    }

    /** The profiles of every angle, {@code [angle * width() + bin]}. */
    float[] of(PositionVolume v) {
        int w = width(), rows = v.detRows(), cols = v.detCols();
        float[] out = new float[angles * w];
        float[] x = v.intensity();
        for (int a = 0; a < angles; a++) {
            int base = a * w;
            for (int r = 0; r < rows; r++) {
                int at = (a * rows + r) * cols;
                double rowSum = 0;
                // column bin by column bin: no division per pixel (every position is summarised as it is read)
                for (int bin = 0, c = 0; bin < colBins; bin++) {
                    for (int end = Math.min(cols, c + colsPerBin); c < end; c++) {
                        float value = x[at + c];
                        rowSum += value;
                        out[base + rowBins + bin] += value;
                    }
                }
                out[base + r / rowsPerBin] += (float) rowSum;
            }
        }
        return out;
    }
}
