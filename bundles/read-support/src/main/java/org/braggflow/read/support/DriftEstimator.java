package org.braggflow.read.support;

import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Per-angle sample drift from 2-D maps of the sample (fluorescence or summed diffraction intensity),
 * by registering each angle's map to the first angle's (docs/method.md, section 1). Phase correlation (the
 * normalised cross-power spectrum's inverse transform peaks at the shift; maps mean-subtracted,
 * Hann-windowed, zero-padded to powers of two) finds the shift to the nearest position; a pattern
 * search then refines it to sub-position precision by maximising the normalised cross-correlation
 * of the map with the bilinearly shifted reference, since the correlation peak's shape is not a
 * parabola and fitting one biases sub-position estimates towards whole positions.
 */
public final class DriftEstimator {

    private DriftEstimator() {
    }

    /**
     * Shifts (d_row, d_col) per angle such that the map at angle a shows sample point
     * (r + d_row, c + d_col) at grid position (r, c); angle 0 has shift (0, 0).
     */
    public static double[][] estimate(float[][] maps, int rows, int cols) {
        int pr = Integer.highestOneBit(Math.max(1, 2 * rows - 1)) << 1;
        int pc = Integer.highestOneBit(Math.max(1, 2 * cols - 1)) << 1;
        Complex[][] reference = spectrum(maps[0], rows, cols, pr, pc);
        double[][] shifts = new double[maps.length][2];
        for (int a = 1; a < maps.length; a++) {
            double[] coarse = shift(reference, spectrum(maps[a], rows, cols, pr, pc), pr, pc);
            shifts[a] = refine(maps[0], maps[a], rows, cols, Math.rint(coarse[0]), Math.rint(coarse[1]));
            // a map too small or too flat to register (e.g. a few positions) gives no shift rather than NaN
            if (!Double.isFinite(shifts[a][0]) || !Double.isFinite(shifts[a][1])) shifts[a] = new double[] {0, 0};
        }
        return shifts;
    }

    /** Pattern search of the shift d maximising the correlation of map(r, c) with reference(r + d). */
    static double[] refine(float[] reference, float[] map, int rows, int cols, double dr, double dc) {
        double best = correlation(reference, map, rows, cols, dr, dc);
        double step = 0.5;
        while (step > 0.005) {
            boolean moved = false;
            for (double[] m : new double[][] {{step, 0}, {-step, 0}, {0, step}, {0, -step}}) {
                double c = correlation(reference, map, rows, cols, dr + m[0], dc + m[1]);
                if (c > best) {
                    best = c;
                    dr += m[0];
                    dc += m[1];
                    moved = true;
                }
            }
            if (!moved) step /= 2;
        }
        return new double[] {dr, dc};
    }

    /** Normalised cross-correlation of map(r, c) and reference(r + dr, c + dc) over the positions where both exist. */
    static double correlation(float[] reference, float[] map, int rows, int cols, double dr, double dc) {
        double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
        int n = 0;
        for (int r = 0; r < rows; r++) {
            double rr = r + dr;
            if (rr < 0 || rr > rows - 1) continue;
            int r0 = Math.min(rows - 2, (int) Math.floor(rr));
            double fr = rr - r0;
            for (int c = 0; c < cols; c++) {
                double cc = c + dc;
                if (cc < 0 || cc > cols - 1) continue;
                int c0 = Math.min(cols - 2, (int) Math.floor(cc));
                double fc = cc - c0;
                double b = (1 - fr) * ((1 - fc) * reference[r0 * cols + c0] + fc * reference[r0 * cols + c0 + 1])
                        + fr * ((1 - fc) * reference[(r0 + 1) * cols + c0] + fc * reference[(r0 + 1) * cols + c0 + 1]);
                double a = map[r * cols + c];
                sa += a;
                sb += b;
                saa += a * a;
                sbb += b * b;
                sab += a * b;
                n++;
            }
        }
        if (n < 4) return -1;
        double cov = sab - sa * sb / n, va = saa - sa * sa / n, vb = sbb - sb * sb / n;
        return va <= 0 || vb <= 0 ? -1 : cov / Math.sqrt(va * vb);
    }

    private static Complex[][] spectrum(float[] map, int rows, int cols, int pr, int pc) {
        double mean = 0;
        for (float v : map) mean += v;
        mean /= map.length;
        double[][] re = new double[pr][pc];
        for (int r = 0; r < rows; r++) {
            double wr = 0.5 - 0.5 * Math.cos(2 * Math.PI * (r + 0.5) / rows);
            for (int c = 0; c < cols; c++) {
                double wc = 0.5 - 0.5 * Math.cos(2 * Math.PI * (c + 0.5) / cols);
                re[r][c] = (map[r * cols + c] - mean) * wr * wc;
            }
        }
        return fft2(re, TransformType.FORWARD);
    }

    private static Complex[][] fft2(double[][] real, TransformType type) {
        Complex[][] c = new Complex[real.length][];
        for (int r = 0; r < real.length; r++) {
            c[r] = new Complex[real[r].length];
            for (int j = 0; j < real[r].length; j++) c[r][j] = new Complex(real[r][j]);
        }
        return fft2(c, type);
    }

    private static Complex[][] fft2(Complex[][] data, TransformType type) {
        FastFourierTransformer fft = new FastFourierTransformer(DftNormalization.STANDARD);
        int rows = data.length, cols = data[0].length;
        Complex[][] out = new Complex[rows][];
        for (int r = 0; r < rows; r++) out[r] = fft.transform(data[r], type);
        Complex[] column = new Complex[rows];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) column[r] = out[r][c];
            Complex[] t = fft.transform(column, type);
            for (int r = 0; r < rows; r++) out[r][c] = t[r];
        }
        return out;
    }

    private static double[] shift(Complex[][] ref, Complex[][] moved, int pr, int pc) {
        Complex[][] cross = new Complex[pr][pc];
        for (int r = 0; r < pr; r++) {
            for (int c = 0; c < pc; c++) {
                Complex p = moved[r][c].multiply(ref[r][c].conjugate());
                double m = p.abs();
                cross[r][c] = m < 1e-12 ? Complex.ZERO : p.divide(m);
            }
        }
        Complex[][] corr = fft2(cross, TransformType.INVERSE);
        int br = 0, bc = 0;
        double best = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < pr; r++) {
            for (int c = 0; c < pc; c++) {
                if (corr[r][c].getReal() > best) {
                    best = corr[r][c].getReal();
                    br = r;
                    bc = c;
                }
            }
        }
        double dr = br + parabola(corr[(br - 1 + pr) % pr][bc].getReal(), best, corr[(br + 1) % pr][bc].getReal());
        double dc = bc + parabola(corr[br][(bc - 1 + pc) % pc].getReal(), best, corr[br][(bc + 1) % pc].getReal());
        if (dr > pr / 2.0) dr -= pr;
        if (dc > pc / 2.0) dc -= pc;
        // the moved map shows at grid r what the reference shows at r - shift: sample point r + d means shift = -d
        return new double[] {-dr, -dc};
    }

    /** Offset of a parabola's vertex through (-1, a), (0, b), (1, c), within [-0.5, 0.5]. */
    static double parabola(double a, double b, double c) {
        double denominator = a - 2 * b + c;
        if (denominator >= 0) return 0;
        return Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / denominator));
    }
}
