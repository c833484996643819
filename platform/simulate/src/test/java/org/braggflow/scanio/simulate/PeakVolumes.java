package org.braggflow.scanio.simulate;

import org.braggflow.scanio.geometry.CrystalFrame;

/** Noise-free peaks of single domains, as [angle][det pixel] volumes, and what tests measure on them. */
final class PeakVolumes {

    private PeakVolumes() {
    }

    /** The expected counts of a domain's peak at full thickness, with the given strain and no gradient, background or hot pixels. */
    static double[][] of(ScanSimulator sim, PlantedDomain d, double strain) {
        SimulationSpec spec = sim.spec();
        double[][] v = new double[spec.angles()][];
        for (int a = 0; a < spec.angles(); a++) {
            v[a] = new double[spec.detRows() * spec.detCols()];
            sim.addDomainPeak(v[a], sim.pixelQ(a), d, strain, 1);
        }
        return v;
    }

    /** Intensity-weighted centre of mass in q, relative to the reference Bragg vector: (tilt_x, tilt_y, -strain). */
    static double[] centreOfMass(ScanSimulator sim, double[][] volume) {
        double[] com = new double[3];
        double sum = 0;
        for (int a = 0; a < volume.length; a++) {
            double[] q = sim.pixelQ(a);
            for (int p = 0; p < volume[a].length; p++) {
                for (int i = 0; i < 3; i++) com[i] += volume[a][p] * q[3 * p + i];
                sum += volume[a][p];
            }
        }
        CrystalFrame f = sim.crystalFrame();
        double[] h = f.h();
        return f.relative(new double[] {com[0] / sum - h[0], com[1] / sum - h[1], com[2] / sum - h[2]});
    }

    /** Intensity-weighted standard deviation along crystal y, relative to |h|. */
    static double spreadY(ScanSimulator sim, double[][] volume) {
        return spreadAlong(sim, volume, 90);
    }

    /** Intensity-weighted standard deviation along the crystal x-y direction {@code angleDeg} from x, relative to |h|. */
    static double spreadAlong(ScanSimulator sim, double[][] volume, double angleDeg) {
        CrystalFrame f = sim.crystalFrame();
        double[] x = f.x(), yy = f.y(), y = new double[3];
        double angle = Math.toRadians(angleDeg);
        for (int i = 0; i < 3; i++) y[i] = Math.cos(angle) * x[i] + Math.sin(angle) * yy[i];
        double s = 0, s2 = 0, sum = 0;
        for (int a = 0; a < volume.length; a++) {
            double[] q = sim.pixelQ(a);
            for (int p = 0; p < volume[a].length; p++) {
                double t = (q[3 * p] * y[0] + q[3 * p + 1] * y[1] + q[3 * p + 2] * y[2]) / f.norm();
                s += volume[a][p] * t;
                s2 += volume[a][p] * t * t;
                sum += volume[a][p];
            }
        }
        return Math.sqrt(s2 / sum - (s / sum) * (s / sum));
    }

    /** Voxels above {@code floor} x the maximum that exceed all 26 neighbours. */
    static int localMaxima(double[][] volume, int detRows, int detCols, double floor) {
        double max = 0;
        for (double[] f : volume) for (double v : f) max = Math.max(max, v);
        int count = 0;
        for (int a = 0; a < volume.length; a++) {
            for (int r = 0; r < detRows; r++) {
                for (int c = 0; c < detCols; c++) {
                    double v = volume[a][r * detCols + c];
                    if (v < floor * max) continue;
                    boolean peak = true;
                    for (int da = -1; da <= 1 && peak; da++) {
                        for (int dr = -1; dr <= 1 && peak; dr++) {
                            for (int dc = -1; dc <= 1 && peak; dc++) {
                                int aa = a + da, rr = r + dr, cc = c + dc;
                                if ((da | dr | dc) == 0 || aa < 0 || rr < 0 || cc < 0 || aa >= volume.length || rr >= detRows || cc >= detCols) continue;
                                peak = volume[aa][rr * detCols + cc] < v;
                            }
                        }
                    }
                    if (peak) count++;
                }
            }
        }
        return count;
    }
}
