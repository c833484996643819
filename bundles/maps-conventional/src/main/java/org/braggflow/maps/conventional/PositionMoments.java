package org.braggflow.maps.conventional;

import org.braggflow.api.scan.PositionVolume;
import org.braggflow.scanio.geometry.ReciprocalSpace;

/**
 * The per-position quantities of docs/method.md, section 4 for one volume: total intensity; with background
 * voxels (below threshold x max) left out, the intensity-weighted first moment (centre of mass) along
 * the angle, detector-row and detector-column axes in index units, the FWHM of the marginal profile
 * along each axis, the rocking angle of the strongest frame, and the centre of mass in q (the
 * intensity-weighted mean of the voxels' q-vectors, exact where q is not linear in the indices).
 * The same pass fills the moments up to order 4 that the shape descriptors ({@link PeakShape}) need.
 */
record PositionMoments(double intensity, double comAngle, double comRow, double comCol,
                       double fwhmAngle, double fwhmRow, double fwhmCol, double peakAngleDeg, double[] qCom, PeakShape shape) {

    static PositionMoments of(PositionVolume v, ReciprocalSpace space, double[] anglesDeg, double threshold) {
        return of(v, space, anglesDeg, threshold, PeakShape.Settings.DEFAULT);
    }

    static PositionMoments of(PositionVolume v, ReciprocalSpace space, double[] anglesDeg, double threshold,
                              PeakShape.Settings shapeSettings) {
        float[] data = v.intensity();
        int na = v.nAngles(), nr = v.detRows(), nc = v.detCols(), frame = nr * nc;
        // each frame's sum (the rocking curve of whole frames, background included, which decides the peak
        // angle) and the brightest voxel in one pass; the total is the sum of the frames'
        double total = 0, max = 0;
        int argmax = 0, peak = 0;
        double best = -1;
        for (int a = 0; a < na; a++) {
            double s = 0;
            for (int i = a * frame; i < (a + 1) * frame; i++) {
                float f = data[i];
                s += f;
                if (f > max) {
                    max = f;
                    argmax = i;
                }
            }
            total += s;
            if (s > best) {
                best = s;
                peak = a;
            }
        }
        double[] pa = new double[na], pr = new double[nr], pc = new double[nc];
        double cut = threshold * max, sum = 0, sa = 0, sr = 0, sc = 0;
        double[] q = new double[3], qc = new double[3], zSums = new double[5];
        // higher moments are taken about the brightest voxel so that their sums stay small (no cancellation)
        int[] origin = {argmax / (nr * nc), argmax / nc % nr, argmax % nc};
        ShapeMoments shapeMoments = new ShapeMoments();
        // One pass over the voxels above the cut. Whatever depends on the row and the angle only is summed per
        // row (the shape moments, per row and column power) or per angle (q, summed in the lab frame and turned
        // into the sample frame once per angle: the rotation is the same for every pixel of a frame), so a voxel
        // costs a dozen additions: outside the particle nearly every voxel is above a cut set by the noise.
        for (int a = 0; a < na; a++) {
            double lx = 0, ly = 0, lz = 0;
            for (int r = 0; r < nr; r++) {
                int o = (a * nr + r) * nc;
                double w0 = 0, wc = 0, z1 = 0, z2 = 0, z3 = 0, z4 = 0;
                for (int c = 0; c < nc; c++) {
                    double w = data[o + c];
                    if (w <= cut || w <= 0) continue;
                    pc[c] += w;
                    w0 += w;
                    wc += w * c;
                    double z = c - origin[2], wz = w * z, wz2 = wz * z;
                    z1 += wz;
                    z2 += wz2;
                    z3 += wz2 * z;
                    z4 += wz2 * z * z;
                    int pixel = r * nc + c;
                    lx += w * space.qLab(pixel, 0);
                    ly += w * space.qLab(pixel, 1);
                    lz += w * space.qLab(pixel, 2);
                }
                if (w0 == 0) continue;
                pa[a] += w0;
                pr[r] += w0;
                sum += w0;
                sa += w0 * a;
                sr += w0 * r;
                sc += wc;
                zSums[0] = w0;
                zSums[1] = z1;
                zSums[2] = z2;
                zSums[3] = z3;
                zSums[4] = z4;
                shapeMoments.addRow(a - origin[0], r - origin[1], zSums);
            }
            space.toSample(a, lx, ly, lz, q);
            qc[0] += q[0];
            qc[1] += q[1];
            qc[2] += q[2];
        }
        if (sum <= 0) {
            return new PositionMoments(total, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null,
                    PeakShape.UNDEFINED);
        }
        return new PositionMoments(total, sa / sum, sr / sum, sc / sum, fwhm(pa), fwhm(pr), fwhm(pc), anglesDeg[peak],
                new double[] {qc[0] / sum, qc[1] / sum, qc[2] / sum},
                PeakShape.measure(shapeMoments, pa, pr, pc, data, cut, origin, threshold, shapeSettings));
    }

    /**
     * Full width at half maximum of a profile, in index units: the half-maximum crossings on each side
     * of the maximum, linearly interpolated; a side that never falls below half ends at the profile's edge.
     */
    static double fwhm(double[] p) {
        int m = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[m]) m = i;
        if (p[m] <= 0) return Double.NaN;
        double half = p[m] / 2;
        double left = 0;
        for (int i = m; i > 0; i--) {
            if (p[i - 1] < half) {
                left = i - 1 + (half - p[i - 1]) / (p[i] - p[i - 1]);
                break;
            }
        }
        double right = p.length - 1;
        for (int i = m; i < p.length - 1; i++) {
            if (p[i + 1] < half) {
                right = i + (p[i] - half) / (p[i] - p[i + 1]);
                break;
            }
        }
        return right - left;
    }
}
