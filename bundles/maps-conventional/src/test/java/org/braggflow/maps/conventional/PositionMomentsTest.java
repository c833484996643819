package org.braggflow.maps.conventional;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.braggflow.api.scan.Geometry;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.scanio.geometry.ReciprocalSpace;
import org.junit.jupiter.api.Test;

/** The one pass of {@link PositionMoments} (sums per detector row and per angle) against the definitions, voxel by voxel. */
class PositionMomentsTest {

    @Test
    void rowAndAngleSumsEqualTheSumsOverVoxels() {
        int na = 9, nr = 20, nc = 24;
        double[] angles = new double[na];
        for (int a = 0; a < na; a++) angles[a] = -38.7 + 0.05 * (a - na / 2);
        ReciprocalSpace space = new ReciprocalSpace(Geometry.of(12, 18.1, 28.5, 0.5, 55, 64), nr, nc, angles);
        SplittableRandom random = new SplittableRandom(2);
        // a skewed peak on a noisy background: the cut leaves a ragged set of voxels
        float[] x = new float[na * nr * nc];
        for (int a = 0; a < na; a++) {
            for (int r = 0; r < nr; r++) {
                for (int c = 0; c < nc; c++) {
                    double e = (a - 3.5) * (a - 3.5) / 3 + (r - 9) * (r - 9) / 12 + (c - 14) * (c - 14) / 20;
                    double tail = c > 14 ? 40 * Math.exp(-(c - 14) / 3.0 - (r - 9) * (r - 9) / 12) : 0;
                    x[(a * nr + r) * nc + c] = (float) (random.nextInt(4) + 200 * Math.exp(-e) + tail);
                }
            }
        }
        double threshold = 0.05;
        PositionMoments m = PositionMoments.of(new PositionVolume(0, 0, na, nr, nc, x), space, angles, threshold);

        double max = 0;
        int argmax = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] > max) {
                max = x[i];
                argmax = i;
            }
        }
        int[] origin = {argmax / (nr * nc), argmax / nc % nr, argmax % nc};
        double sum = 0, sa = 0, sr = 0, sc = 0;
        double[] qSum = new double[3], q = new double[3];
        ShapeMoments byVoxel = new ShapeMoments();
        for (int a = 0; a < na; a++) {
            for (int r = 0; r < nr; r++) {
                for (int c = 0; c < nc; c++) {
                    double w = x[(a * nr + r) * nc + c];
                    if (w <= threshold * max) continue;
                    sum += w;
                    sa += w * a;
                    sr += w * r;
                    sc += w * c;
                    space.q(a, r, c, q);
                    for (int k = 0; k < 3; k++) qSum[k] += w * q[k];
                    byVoxel.add(w, a - origin[0], r - origin[1], c - origin[2]);
                }
            }
        }
        // sums in another order: equal to a few units in the last place
        assertEquals(sa / sum, m.comAngle(), 1e-12);
        assertEquals(sr / sum, m.comRow(), 1e-12);
        assertEquals(sc / sum, m.comCol(), 1e-12);
        for (int k = 0; k < 3; k++) assertEquals(qSum[k] / sum, m.qCom()[k], 1e-12 * Math.abs(qSum[k] / sum));
        PeakShape expected = PeakShape.measure(byVoxel, profile(x, na, nr, nc, 0, threshold * max), profile(x, na, nr, nc, 1, threshold * max),
                profile(x, na, nr, nc, 2, threshold * max), x, threshold * max, origin, threshold, PeakShape.Settings.DEFAULT);
        assertEquals(expected.skewAngle(), m.shape().skewAngle(), 1e-9);
        assertEquals(expected.skewCol(), m.shape().skewCol(), 1e-9);
        assertEquals(expected.kurtRow(), m.shape().kurtRow(), 1e-9);
        assertEquals(expected.split(), m.shape().split(), 1e-9);
        assertEquals(expected.peakCount(), m.shape().peakCount());
    }

    /** The marginal profile along one axis of the voxels above the cut. */
    private static double[] profile(float[] x, int na, int nr, int nc, int axis, double cut) {
        double[] p = new double[axis == 0 ? na : axis == 1 ? nr : nc];
        for (int a = 0; a < na; a++) {
            for (int r = 0; r < nr; r++) {
                for (int c = 0; c < nc; c++) {
                    double w = x[(a * nr + r) * nc + c];
                    if (w > cut) p[axis == 0 ? a : axis == 1 ? r : c] += w;
                }
            }
        }
        return p;
    }
}
