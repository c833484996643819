package org.braggflow.scanio.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.braggflow.api.scan.Geometry;
import org.junit.jupiter.api.Test;

/**
 * The hard preset's peaks, noise free, in several geometries: centres of mass where planted, a split
 * peak with the reference's centre of mass but two maxima, widths that follow the geometry.
 */
class HardPeakShapeTest {

    /** The paper's geometry; another energy, detector, distance, pixel, angles; a small detector and few angles. */
    static List<SimulationSpec> geometries() {
        return List.of(SimulationSpec.hard(8, 8, 15, 64, 64, 3),
                SimulationSpec.hard(8, 8, 21, 96, 80, 4).withGeometry(Geometry.of(9.0, 30, 10, 1.0, 75, 50)).withAngles(12, 0.05),
                SimulationSpec.hard(8, 8, 9, 32, 32, 5));
    }

    @Test
    void theSplitPeakHasTheReferenceCentreOfMassTwoMaximaAndUnequalHalves() {
        for (SimulationSpec spec : geometries()) {
            ScanSimulator sim = new ScanSimulator(spec);
            PeakWidths w = sim.widths();
            SimulationTruth t = sim.truth();
            PlantedDomain split = t.domain(DomainKind.SPLIT);
            assertEquals(0.6, split.splitWeight());
            double a = Math.toRadians(split.splitAngleDeg());
            double sigmaAlong = 1 / Math.hypot(Math.cos(a) / w.sigmaX(), Math.sin(a) / w.sigmaY());
            String where = spec.detRows() + " det, " + spec.angles() + " angles, split at " + split.splitAngleDeg() + " deg";
            if (spec.angles() >= 15 && spec.detRows() >= 48) {
                assertEquals(1.25 * PeakWidths.FWHM_PER_SIGMA * sigmaAlong, split.splitSeparation(), 1e-12 * sigmaAlong, where);
            } else {
                assertTrue(split.splitSeparation() <= 1.25 * PeakWidths.FWHM_PER_SIGMA * sigmaAlong * (1 + 1e-12), where);
            }
            double[][] ref = PeakVolumes.of(sim, t.domain(DomainKind.REFERENCE), 0), two = PeakVolumes.of(sim, split, 0);
            double[] comRef = PeakVolumes.centreOfMass(sim, ref), comSplit = PeakVolumes.centreOfMass(sim, two);
            double[] sigma = {w.sigmaX(), w.sigmaY(), w.sigmaZ()};
            for (int i = 0; i < 3; i++) {
                assertEquals(comRef[i], comSplit[i], 0.01 * sigma[i], where + ", axis " + i + ": split centre of mass = reference's");
            }
            assertEquals(1, PeakVolumes.localMaxima(ref, spec.detRows(), spec.detCols(), 0.05));
            assertEquals(2, PeakVolumes.localMaxima(two, spec.detRows(), spec.detCols(), 0.05), where + ": two maxima");
            assertEquals(sum(ref), sum(two), 1e-3 * sum(ref), "same integrated intensity");
            // projected on the split direction u, each sub-peak has variance u.Sigma.u; weights 0.6 / 0.4 at +0.4 d
            // and -0.6 d add 0.24 d^2
            double d = split.splitSeparation();
            double projected = Math.pow(Math.cos(a) * w.sigmaX(), 2) + Math.pow(Math.sin(a) * w.sigmaY(), 2);
            assertEquals(Math.sqrt(projected + 0.24 * d * d), PeakVolumes.spreadAlong(sim, two, split.splitAngleDeg()),
                    0.01 * Math.sqrt(projected), where + ": spread along the split");
        }
    }

    @Test
    void theSplitShowsAsTwoMaximaInEveryDirectionItIsDrawn() {
        double minAngle = 180, maxAngle = 0;
        for (long seed = 1; seed <= 8; seed++) {
            SimulationSpec spec = SimulationSpec.hard(8, 8, 15, 64, 64, seed);
            ScanSimulator sim = new ScanSimulator(spec);
            PlantedDomain split = sim.truth().domain(DomainKind.SPLIT);
            minAngle = Math.min(minAngle, split.splitAngleDeg());
            maxAngle = Math.max(maxAngle, split.splitAngleDeg());
            double[][] two = PeakVolumes.of(sim, split, 0);
            assertEquals(2, PeakVolumes.localMaxima(two, 64, 64, 0.05), "seed " + seed + ", split at " + split.splitAngleDeg() + " deg");
            double[] ref = PeakVolumes.centreOfMass(sim, PeakVolumes.of(sim, sim.truth().domain(DomainKind.REFERENCE), 0));
            double[] com = PeakVolumes.centreOfMass(sim, two);
            for (int i = 0; i < 3; i++) assertEquals(ref[i], com[i], 0.01 * sim.widths().sigmaY(), "seed " + seed + " axis " + i);
        }
        assertTrue(maxAngle - minAngle > 60, "split directions vary with the seed: " + minAngle + " to " + maxAngle);
    }

    @Test
    void strainTiltAndBroadeningChangeThePeakAsPlanted() {
        for (SimulationSpec spec : geometries()) {
            ScanSimulator sim = new ScanSimulator(spec);
            PeakWidths w = sim.widths();
            SimulationTruth t = sim.truth();
            PlantedDomain strained = t.domain(DomainKind.STRAINED), tilted = t.domain(DomainKind.TILTED);
            String where = spec.detRows() + " det, " + spec.angles() + " angles";
            double[] s = PeakVolumes.centreOfMass(sim, PeakVolumes.of(sim, strained, strained.strain()));
            assertEquals(strained.strain(), -s[2], 0.02 * w.sigmaZ(), where + ": strain");
            double[] tl = PeakVolumes.centreOfMass(sim, PeakVolumes.of(sim, tilted, 0));
            assertEquals(tilted.tiltX(), tl[0], 0.02 * w.sigmaX(), where + ": tilt x");
            assertEquals(tilted.tiltY(), tl[1], 0.02 * w.sigmaY(), where + ": tilt y");
            // distinguishable: the shifts are at least 1.5 sigma, in full (1.5 and 1.2 FWHM) where the scan has room
            double tiltSigmas = Math.hypot(tilted.tiltX() / w.sigmaX(), tilted.tiltY() / w.sigmaY());
            assertTrue(Math.abs(strained.strain()) / w.sigmaZ() >= 1.5 && tiltSigmas >= 1.5, where + ": contrast");
            if (spec.angles() >= 15 && spec.detRows() >= 48) {
                assertEquals(1.5 * w.fwhmZ(), Math.abs(strained.strain()), 1e-15, where);
                assertEquals(1.2 * PeakWidths.FWHM_PER_SIGMA, tiltSigmas, 1e-9, where);
            }
            double[][] ref = PeakVolumes.of(sim, t.domain(DomainKind.REFERENCE), 0), broad = PeakVolumes.of(sim, t.domain(DomainKind.BROADENED), 0);
            double[] b = PeakVolumes.centreOfMass(sim, broad), r = PeakVolumes.centreOfMass(sim, ref);
            for (int i = 0; i < 3; i++) assertEquals(r[i], b[i], 0.02 * w.sigmaY(), where + ": broadened centre of mass");
            assertEquals(2.0, PeakVolumes.spreadY(sim, broad) / PeakVolumes.spreadY(sim, ref), 0.15, where + ": broadened width");
            // the same integrated intensity, less what falls outside a short rocking series
            boolean room = spec.angles() >= 15 && spec.detRows() >= 48;
            assertEquals(sum(ref), sum(broad), (room ? 0.02 : 0.1) * sum(ref), where + ": broadened, same integrated intensity");
        }
    }

    @Test
    void widthsAreSetInRockingStepsAndPixelsAndScaleWithTheScan() {
        for (SimulationSpec spec : geometries()) {
            ScanSimulator sim = new ScanSimulator(spec);
            Geometry g = spec.geometry();
            double pixelQ = 2 * Math.PI / g.wavelengthAngstrom() * g.pixelSizeUm() * 1e-6 / g.detectorDistanceM();
            double pixels = Math.max(2.5, Math.min(spec.detRows(), spec.detCols()) / 24.0);
            double h = sim.crystalFrame().norm();
            assertEquals(pixels * pixelQ / h, sim.widths().sigmaY(), 1e-12);
            // the rocking curve of the reference spans max(1.2, (n - 1) / 12) steps (its sigma in angle index)
            double[][] ref = PeakVolumes.of(sim, sim.truth().domain(DomainKind.REFERENCE), 0);
            double s = 0, sa = 0, saa = 0;
            for (int a = 0; a < ref.length; a++) {
                double curve = sum(new double[][] {ref[a]});
                s += curve;
                sa += a * curve;
                saa += a * (double) a * curve;
            }
            double steps = Math.sqrt(saa / s - (sa / s) * (sa / s));
            assertEquals(Math.max(1.2, (spec.angles() - 1) / 12.0), steps, 0.1, spec.angles() + " angles");
        }
    }

    private static double sum(double[][] v) {
        double s = 0;
        for (double[] f : v) for (double x : f) s += x;
        return s;
    }
}
