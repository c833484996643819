package org.braggflow.maps.conventional;

import java.util.Map;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.LiveMapAccumulator;
import org.braggflow.scanio.geometry.ReciprocalSpace;

/**
 * The conventional maps of a scan being acquired, updated one rocking angle at a time, without
 * keeping frames. The offline maps leave out voxels below threshold x the position's maximum over all
 * angles, a cut the live maps cannot know until the brightest frame has come. So each frame's voxels
 * above threshold x its own maximum are summed into {@value #BANDS} intensity bands, a quarter of an
 * octave wide (the top band holds the rest): per band the intensity, the first four moments along detector
 * row and column and the q-weighted sum. When the maps are taken, the bands above the cut of the
 * maximum so far count whole and the band the cut falls in counts by the share of its (logarithmic)
 * width above the cut. Frames whose maximum is below the cut count for nothing, as offline. Per
 * position and angle that is {@value #BANDS} x {@value #PER_BAND} numbers and, for the FWHM along the
 * detector axes, the row and column profiles above the cut in force when the frame came.
 * {@code split} and {@code peak_count} need the voxels in 3-D and are left undefined until the final run.
 */
final class LiveConventionalAccumulator implements LiveMapAccumulator {

    /**
     * Quarter-octave bands from threshold x the frame's maximum: 24 reach 64 x that floor, beyond 1 / threshold for any threshold above
     * 0.016. Half-octave bands gave twice the error against the offline maps (LiveConventionalMapsTest): 0.13 of an angle step at worst.
     */
    static final int BANDS = 24;
    private static final int W = 0, R1 = 1, C1 = 2, R2 = 3, C2 = 4, R3 = 5, C3 = 6, R4 = 7, C4 = 8, QX = 9, QY = 10, QZ = 11, PER_BAND = 12;
    private static final double BANDS_PER_LOG2 = 4;

    private final ScanMetadata scan;
    private final ReciprocalSpace space;
    private final double threshold;
    private final Position[] positions;

    /** One position's state: per angle the frame's sum and maximum, the band sums and the detector profiles. */
    private static final class Position {
        final double[] frameSum, frameMax;
        final double[][] bands;
        final float[][] rowProfile, colProfile;
        double max;

        Position(int angles) {
            frameSum = new double[angles];
            frameMax = new double[angles];
            bands = new double[angles][];
            rowProfile = new float[angles][];
            colProfile = new float[angles][];
        }
    }

    LiveConventionalAccumulator(ScanMetadata scan, double threshold) {
        if (!(threshold > 0)) throw new IllegalArgumentException("live maps need a background threshold above 0, got " + threshold);
        this.scan = scan;
        this.space = new ReciprocalSpace(scan.geometry(), scan.detRows(), scan.detCols(), scan.anglesDeg());
        this.threshold = threshold;
        this.positions = new Position[scan.positionCount()];
    }

    @Override
    public void addFrame(int angle, int row, int col, float[] frame) {
        int nr = scan.detRows(), nc = scan.detCols();
        if (frame.length != nr * nc) throw new IllegalArgumentException("frame of " + frame.length + " values, the scan's frames have " + nr * nc);
        double sum = 0, max = 0;
        for (float v : frame) {
            sum += v;
            if (v > max) max = v;
        }
        double[] bands = new double[BANDS * PER_BAND];
        float[] rowProfile = new float[nr], colProfile = new float[nc];
        double floor = threshold * max, r0 = (nr - 1) / 2.0, c0 = (nc - 1) / 2.0;
        double[] q = new double[3];
        for (int r = 0; r < nr; r++) {
            double dr = r - r0;
            for (int c = 0; c < nc; c++) {
                double w = frame[r * nc + c];
                if (w <= floor || w <= 0) continue;
                int b = Math.min(BANDS - 1, (int) (BANDS_PER_LOG2 * Math.log(w / floor) / Math.log(2)));
                int o = b * PER_BAND;
                double dc = c - c0, wr = w * dr, wc = w * dc;
                bands[o + W] += w;
                bands[o + R1] += wr;
                bands[o + C1] += wc;
                bands[o + R2] += wr * dr;
                bands[o + C2] += wc * dc;
                bands[o + R3] += wr * dr * dr;
                bands[o + C3] += wc * dc * dc;
                bands[o + R4] += wr * dr * dr * dr;
                bands[o + C4] += wc * dc * dc * dc;
                space.q(angle, r, c, q);
                bands[o + QX] += w * q[0];
                bands[o + QY] += w * q[1];
                bands[o + QZ] += w * q[2];
            }
        }
        int i = row * scan.scanCols() + col;
        Position p;
        synchronized (positions) {
            p = positions[i];
            if (p == null) p = positions[i] = new Position(scan.nAngles());
        }
        synchronized (p) {
            p.max = Math.max(p.max, max);
            double cut = threshold * p.max;
            for (int r = 0; r < nr; r++) {
                for (int c = 0; c < nc; c++) {
                    float w = frame[r * nc + c];
                    if (w <= cut || w <= 0) continue;
                    rowProfile[r] += w;
                    colProfile[c] += w;
                }
            }
            p.frameSum[angle] = sum;
            p.frameMax[angle] = max;
            p.bands[angle] = bands;
            p.rowProfile[angle] = rowProfile;
            p.colProfile[angle] = colProfile;
        }
    }

    @Override
    public ScanMaps snapshot(boolean[] mask) {
        int n = positions.length, na = scan.nAngles(), nr = scan.detRows(), nc = scan.detCols();
        Map<String, float[]> maps = ConventionalAccumulator.undefinedMaps(n);
        double[][] qCom = new double[n][];
        double baseline = PeakShape.gaussianExcessKurtosis(threshold);
        for (int i = 0; i < n; i++) {
            Position p = positions[i];
            if (p == null) continue;
            double[] pa = new double[na], pr = new double[nr], pc = new double[nc], m = new double[PER_BAND];
            double total = 0, best = -1;
            int peak = -1;
            synchronized (p) {
                double cut = threshold * p.max;
                for (int a = 0; a < na; a++) {
                    if (p.bands[a] == null) continue;
                    total += p.frameSum[a];
                    if (p.frameSum[a] > best) {
                        best = p.frameSum[a];
                        peak = a;
                    }
                    // a frame whose every voxel is below the cut adds nothing, as offline
                    if (p.frameMax[a] <= cut) continue;
                    double before = m[W];
                    addAbove(p.bands[a], BANDS_PER_LOG2 * Math.log(p.max / p.frameMax[a]) / Math.log(2), m);
                    pa[a] = m[W] - before;
                    for (int r = 0; r < nr; r++) pr[r] += p.rowProfile[a][r];
                    for (int c = 0; c < nc; c++) pc[c] += p.colProfile[a][c];
                }
            }
            maps.get("intensity")[i] = (float) total;
            if (!mask[i] || !(m[W] > 0)) continue;
            double s = m[W];
            double[] row = axisMoments(s, m[R1], m[R2], m[R3], m[R4]), col = axisMoments(s, m[C1], m[C2], m[C3], m[C4]);
            double[] angleShape = PeakShape.profileMoments(pa);
            maps.get("com_angle")[i] = (float) centre(pa);
            maps.get("com_det_row")[i] = (float) (row[0] + (nr - 1) / 2.0);
            maps.get("com_det_col")[i] = (float) (col[0] + (nc - 1) / 2.0);
            maps.get("fwhm_angle")[i] = (float) PositionMoments.fwhm(pa);
            maps.get("fwhm_det_row")[i] = (float) PositionMoments.fwhm(pr);
            maps.get("fwhm_det_col")[i] = (float) PositionMoments.fwhm(pc);
            maps.get("peak_angle_deg")[i] = (float) scan.anglesDeg()[peak];
            maps.get("skew_angle")[i] = (float) angleShape[0];
            maps.get("skew_det_row")[i] = (float) row[1];
            maps.get("skew_det_col")[i] = (float) col[1];
            maps.get("kurt_angle")[i] = (float) (angleShape[1] - baseline);
            maps.get("kurt_det_row")[i] = (float) (row[2] - baseline);
            maps.get("kurt_det_col")[i] = (float) (col[2] - baseline);
            qCom[i] = new double[] {m[QX] / s, m[QY] / s, m[QZ] / s};
        }
        ConventionalAccumulator.strainAndTilt(qCom, maps);
        return new ScanMaps(scan.scanRows(), scan.scanCols(), maps);
    }

    /**
     * Adds to {@code out} the band sums above a cut lying {@code x} bands above the frame's own floor:
     * bands wholly above count whole, the band the cut falls in by the share of its width above the cut.
     */
    static void addAbove(double[] bands, double x, double[] out) {
        int first = (int) Math.floor(x);
        for (int b = Math.max(0, first); b < BANDS; b++) {
            double share = b == first ? (b == BANDS - 1 ? 1 : 1 - (x - first)) : 1;
            if (share <= 0) continue;
            int o = b * PER_BAND;
            for (int k = 0; k < PER_BAND; k++) out[k] += share * bands[o + k];
        }
    }

    /** {mean, skewness, excess kurtosis} along one axis from the raw sums of w d^k, k = 0..4. */
    static double[] axisMoments(double s0, double s1, double s2, double s3, double s4) {
        double mean = s1 / s0, e2 = s2 / s0, e3 = s3 / s0, e4 = s4 / s0;
        double m2 = e2 - mean * mean;
        double m3 = e3 - 3 * mean * e2 + 2 * mean * mean * mean;
        double m4 = e4 - 4 * mean * e3 + 6 * mean * mean * e2 - 3 * mean * mean * mean * mean;
        if (!(m2 > 0)) return new double[] {mean, Double.NaN, Double.NaN};
        return new double[] {mean, m3 / Math.pow(m2, 1.5), m4 / (m2 * m2) - 3};
    }

    private static double centre(double[] profile) {
        double s0 = 0, s1 = 0;
        for (int i = 0; i < profile.length; i++) {
            s0 += profile[i];
            s1 += i * profile[i];
        }
        return s1 / s0;
    }
}
