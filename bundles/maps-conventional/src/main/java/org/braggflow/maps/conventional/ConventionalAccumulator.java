package org.braggflow.maps.conventional;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.MapAccumulator;
import org.braggflow.scanio.geometry.CrystalFrame;
import org.braggflow.scanio.geometry.ReciprocalSpace;

/**
 * Collects the moments of every position and, at the end, converts the q centres of mass into strain
 * and tilt: the reference Bragg vector h is the component-wise median over the masked positions, the
 * crystal frame has z along h and x along the rocking direction, and strain = -dq_z/|h|,
 * tilt_x = dq_x/|h|, tilt_y = dq_y/|h| (docs/method.md, section 4).
 */
final class ConventionalAccumulator implements MapAccumulator {

    static final String[] NAMES = {"intensity", "com_angle", "com_det_row", "com_det_col", "fwhm_angle", "fwhm_det_row",
        "fwhm_det_col", "peak_angle_deg", "strain", "tilt_x", "tilt_y", "skew_angle", "skew_det_row", "skew_det_col",
        "kurt_angle", "kurt_det_row", "kurt_det_col", "split", "peak_count"};

    private final ScanMetadata scan;
    private final ReciprocalSpace space;
    private final double threshold;
    private final PeakShape.Settings shapeSettings;
    private final PositionMoments[] moments;
    private final boolean[] inMask;

    ConventionalAccumulator(ScanMetadata scan, double threshold) {
        this(scan, threshold, PeakShape.Settings.DEFAULT);
    }

    ConventionalAccumulator(ScanMetadata scan, double threshold, PeakShape.Settings shapeSettings) {
        this.shapeSettings = shapeSettings;
        this.scan = scan;
        this.space = new ReciprocalSpace(scan.geometry(), scan.detRows(), scan.detCols(), scan.anglesDeg());
        this.threshold = threshold;
        this.moments = new PositionMoments[scan.positionCount()];
        this.inMask = new boolean[scan.positionCount()];
    }

    @Override
    public void add(PositionVolume volume, boolean mask) {
        PositionMoments m = PositionMoments.of(volume, space, scan.anglesDeg(), threshold, shapeSettings);
        int i = volume.row() * scan.scanCols() + volume.col();
        synchronized (this) {
            moments[i] = m;
            inMask[i] = mask;
        }
    }

    @Override
    public synchronized ScanMaps finish() {
        int n = moments.length;
        Map<String, float[]> maps = undefinedMaps(n);
        for (int i = 0; i < n; i++) {
            PositionMoments m = moments[i];
            if (m == null) continue;
            maps.get("intensity")[i] = (float) m.intensity();
            if (!inMask[i] || m.qCom() == null) continue;
            maps.get("com_angle")[i] = (float) m.comAngle();
            maps.get("com_det_row")[i] = (float) m.comRow();
            maps.get("com_det_col")[i] = (float) m.comCol();
            maps.get("fwhm_angle")[i] = (float) m.fwhmAngle();
            maps.get("fwhm_det_row")[i] = (float) m.fwhmRow();
            maps.get("fwhm_det_col")[i] = (float) m.fwhmCol();
            maps.get("peak_angle_deg")[i] = (float) m.peakAngleDeg();
            PeakShape s = m.shape();
            maps.get("skew_angle")[i] = (float) s.skewAngle();
            maps.get("skew_det_row")[i] = (float) s.skewRow();
            maps.get("skew_det_col")[i] = (float) s.skewCol();
            maps.get("kurt_angle")[i] = (float) s.kurtAngle();
            maps.get("kurt_det_row")[i] = (float) s.kurtRow();
            maps.get("kurt_det_col")[i] = (float) s.kurtCol();
            maps.get("split")[i] = (float) s.split();
            maps.get("peak_count")[i] = (float) s.peakCount();
        }
        double[][] qCom = new double[n][];
        for (int i = 0; i < n; i++) if (moments[i] != null && inMask[i]) qCom[i] = moments[i].qCom();
        strainAndTilt(qCom, maps);
        return new ScanMaps(scan.scanRows(), scan.scanCols(), maps);
    }

    /**
     * Fills strain and tilt from each position's q centre of mass (null where undefined): the reference
     * Bragg vector h is the component-wise median of the defined ones.
     */
    static void strainAndTilt(double[][] qCom, Map<String, float[]> maps) {
        int n = qCom.length, used = 0;
        double[][] qs = new double[3][n];
        for (double[] q : qCom) {
            if (q == null) continue;
            for (int k = 0; k < 3; k++) qs[k][used] = q[k];
            used++;
        }
        if (used == 0) return;
        double[] h = new double[3];
        for (int k = 0; k < 3; k++) h[k] = median(Arrays.copyOf(qs[k], used));
        CrystalFrame frame = new CrystalFrame(h);
        for (int i = 0; i < n; i++) {
            double[] q = qCom[i];
            if (q == null) continue;
            double[] rel = frame.relative(new double[] {q[0] - h[0], q[1] - h[1], q[2] - h[2]});
            maps.get("strain")[i] = (float) -rel[2];
            maps.get("tilt_x")[i] = (float) rel[0];
            maps.get("tilt_y")[i] = (float) rel[1];
        }
    }

    /** Every map the stage writes, undefined (NaN) everywhere. */
    static Map<String, float[]> undefinedMaps(int n) {
        Map<String, float[]> maps = new LinkedHashMap<>();
        for (String name : NAMES) {
            float[] m = new float[n];
            Arrays.fill(m, Float.NaN);
            maps.put(name, m);
        }
        return maps;
    }

    static double median(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
