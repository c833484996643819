package org.braggflow.read.support;

import java.io.IOException;

/**
 * One angle's frames taken at the drift-corrected grid position, for a segment of one scan row: the
 * nearest grid position's frame whole, or a bilinear blend of the four nearest. Shared by the offline
 * read ({@link AlignedScan}) and the live read ({@link LiveAlignedScan}), so both align alike.
 */
final class ShiftedFrames {

    /** Reads {@code count} frames of one grid row from {@code firstCol}, corrected (monitor, hot pixels). */
    @FunctionalInterface
    interface RowReader {
        float[][] read(int row, int firstCol, int count) throws IOException;
    }

    private ShiftedFrames() {
    }

    /**
     * Fills {@code out[k][offset .. offset+pixels)} with the frame position (row, c0+k) shows at an angle
     * whose drift is {@code shift} (d_row, d_col): the sample point (row - d_row, c0+k - d_col) of the grid.
     */
    static void rowSegment(int rows, int cols, int pixels, double[] shift, boolean nearest, int row, int c0, int n,
                           RowReader reader, float[][] out, int offset) throws IOException {
        double gr = Math.max(0, Math.min(rows - 1, row - shift[0]));
        // nearest: the grid position itself, so the weights below become 1 and 0 and one position's frame is taken whole
        if (nearest) gr = Math.rint(gr);
        int r0 = (int) Math.floor(gr), r1 = Math.min(rows - 1, r0 + 1);
        double fr = gr - r0;
        // the grid columns each position takes at this angle, and the range to read for them all
        int[] colA = new int[n], colB = new int[n];
        float[] fracs = new float[n];
        int lo = cols - 1, hi = 0;
        for (int k = 0; k < n; k++) {
            double gc = Math.max(0, Math.min(cols - 1, c0 + k - shift[1]));
            if (nearest) gc = Math.rint(gc);
            colA[k] = (int) Math.floor(gc);
            fracs[k] = (float) (gc - colA[k]);
            colB[k] = fracs[k] == 0 ? colA[k] : Math.min(cols - 1, colA[k] + 1);
            lo = Math.min(lo, colA[k]);
            hi = Math.max(hi, colB[k]);
        }
        float[][] top = reader.read(r0, lo, hi - lo + 1);
        float[][] bottom = r1 == r0 || fr == 0 ? top : reader.read(r1, lo, hi - lo + 1);
        for (int k = 0; k < n; k++) {
            int cA = colA[k], cB = colB[k];
            double fc = fracs[k];
            float[] tA = top[cA - lo], tB = top[cB - lo], bA = bottom[cA - lo], bB = bottom[cB - lo];
            float wTA = (float) ((1 - fr) * (1 - fc)), wTB = (float) ((1 - fr) * fc);
            float wBA = (float) (fr * (1 - fc)), wBB = (float) (fr * fc);
            float[] v = out[k];
            if (wTA == 1 && wTB == 0 && wBA == 0 && wBB == 0) {
                // a whole-position shift (nearest resampling, the default): the frame as it is
                System.arraycopy(tA, 0, v, offset, pixels);
                continue;
            }
            for (int p = 0; p < pixels; p++) v[offset + p] = wTA * tA[p] + wTB * tB[p] + wBA * bA[p] + wBB * bB[p];
        }
    }
}
