package org.braggflow.scanio.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.braggflow.api.scan.Geometry;
import org.junit.jupiter.api.Test;

/**
 * Geometry checked from first principles, not through ReciprocalSpace or CrystalFrame: a cubic
 * crystal a = 4.0 A at 12 keV, Bragg's law for its (111) and (200) reflections, and where a strained
 * or tilted crystal's peak must appear on a detector 0.5 m away with 55 um pixels. Each expected
 * value is computed here from Bragg's law and plane trigonometry in the lab frame (z along the beam,
 * y up, delta turning the detector from z towards +x, gamma lifting it towards +y); the anchors in
 * the first test were worked by hand. ReciprocalSpace and the maps path (CrystalFrame:
 * strain = -dq_z/|h|, tilt_x = dq_x/|h|) must agree. Flipping the sign of any detector axis or of
 * the rocking rotation in ReciprocalSpace makes at least one test here fail.
 */
class IndependentGeometryTest {

    private static final double ENERGY_KEV = 12.0;
    private static final double LAMBDA = 12.398 / ENERGY_KEV;           // 1.033167 A
    private static final double K = 2 * Math.PI / LAMBDA;               // 6.081484 1/A
    private static final double A = 4.0;                                 // cubic lattice constant, A
    private static final double D111 = A / Math.sqrt(3);                 // 2.309401 A
    private static final double D200 = A / 2;                            // 2.000000 A
    private static final double DISTANCE_M = 0.5;
    private static final double PIXEL_UM = 55.0;
    private static final double PIXEL_M = PIXEL_UM * 1e-6;
    private static final int N = 65;                                     // detector 65 x 65, centre pixel (32, 32)
    private static final int MID = 32;

    /** Bragg's law: sin theta = lambda / 2d. */
    private static double theta(double d) {
        return Math.asin(LAMBDA / (2 * d));
    }

    /** |q| at scattering angle 2 theta: 4 pi sin(theta) / lambda. */
    private static double qNorm(double twoTheta) {
        return 4 * Math.PI * Math.sin(twoTheta / 2) / LAMBDA;
    }

    private static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    private static void assertVector(double[] expected, double[] actual, double tol, String what) {
        for (int i = 0; i < 3; i++) assertEquals(expected[i], actual[i], tol, what + " component " + i);
    }

    /** The reflection with Bragg angle theta in the horizontal plane: k_out at 2 theta towards +x, q = k_out - k_in. */
    private static double[] inPlaneBraggVector(double theta) {
        // k (sin 2t, 0, cos 2t) - k (0, 0, 1) = 2 k sin t (cos t, 0, -sin t)
        double m = 2 * K * Math.sin(theta);
        return new double[] {m * Math.cos(theta), 0, -m * Math.sin(theta)};
    }

    @Test
    void braggsLawGivesTheKnownReflectionsWorkedByHand() {
        // by hand: lambda = 12.398 / 12 = 1.033167 A; d111 = 4/sqrt 3 = 2.309401 A, sin t = 0.223687, t = 12.92569 deg;
        // d200 = 2 A, sin t = 0.258292, t = 14.96872 deg; |q| = 2 pi / d = 2.720699 and 3.141593 1/A
        assertEquals(12.92569, Math.toDegrees(theta(D111)), 1e-5);
        assertEquals(14.96872, Math.toDegrees(theta(D200)), 1e-5);
        assertEquals(2.720699, qNorm(2 * theta(D111)), 1e-6);
        assertEquals(3.141593, qNorm(2 * theta(D200)), 1e-6);
    }

    @Test
    void inPlaneDetectorAtTwoThetaSeesTheBraggVectorAtItsCentrePixel() {
        double t = theta(D111);
        Geometry g = Geometry.of(ENERGY_KEV, Math.toDegrees(2 * t), 0, DISTANCE_M, PIXEL_UM, 100);
        ReciprocalSpace rs = new ReciprocalSpace(g, N, N, new double[] {0.0});
        double[] q = new double[3];
        rs.q(0, MID, MID, q);
        assertEquals(2 * Math.PI / D111, norm(q), 1e-12);
        assertVector(inPlaneBraggVector(t), q, 1e-12, "centre pixel q");
    }

    @Test
    void inPlaneColumnsWalkAlongTwoTheta() {
        double t = theta(D111);
        Geometry g = Geometry.of(ENERGY_KEV, Math.toDegrees(2 * t), 0, DISTANCE_M, PIXEL_UM, 100);
        ReciprocalSpace rs = new ReciprocalSpace(g, N, N, new double[] {0.0});
        double[] q = new double[3];
        for (int dc : new int[] {-20, -5, 5, 20}) {
            // a pixel dc columns from the centre, on the centre row, sees 2 theta + atan(dc p / L) in the horizontal plane
            double twoTheta = 2 * t + Math.atan(dc * PIXEL_M / DISTANCE_M);
            rs.q(0, MID, MID + dc, q);
            assertEquals(qNorm(twoTheta), norm(q), 1e-12, "|q| " + dc + " columns from the centre");
            assertEquals(K * Math.sin(twoTheta), q[0], 1e-12, "q_x " + dc + " columns from the centre");
            assertEquals(0, q[1], 1e-12, "the centre row stays in the horizontal plane");
        }
        // by hand: 5 columns out, 2 theta = 25.85138 + 0.03151 deg, |q| = 2.723959 1/A
        rs.q(0, MID, MID + 5, q);
        assertEquals(2.723959, norm(q), 1e-6);
    }

    @Test
    void outOfPlaneDetectorAtTwoThetaSeesTheBraggVectorAndRowsWalkAlongTwoTheta() {
        double t = theta(D200);
        Geometry g = Geometry.of(ENERGY_KEV, 0, Math.toDegrees(2 * t), DISTANCE_M, PIXEL_UM, 100);
        ReciprocalSpace rs = new ReciprocalSpace(g, N, N, new double[] {0.0});
        double[] q = new double[3];
        rs.q(0, MID, MID, q);
        // k (0, sin 2t, cos 2t) - k (0, 0, 1) = 2 k sin t (0, cos t, -sin t)
        double m = 2 * K * Math.sin(t);
        assertVector(new double[] {0, m * Math.cos(t), -m * Math.sin(t)}, q, 1e-12, "centre pixel q");
        for (int dr : new int[] {-20, 5, 20}) {
            double twoTheta = 2 * t + Math.atan(dr * PIXEL_M / DISTANCE_M);
            rs.q(0, MID + dr, MID, q);
            assertEquals(qNorm(twoTheta), norm(q), 1e-12, "|q| " + dr + " rows from the centre");
            assertEquals(K * Math.sin(twoTheta), q[1], 1e-12, "q_y " + dr + " rows from the centre");
            assertEquals(0, q[0], 1e-12, "the centre column stays in the vertical plane");
        }
        // by hand: 5 rows up, 2 theta = 29.93744 + 0.03151 deg, |q| = 3.144824 1/A
        rs.q(0, MID + 5, MID, q);
        assertEquals(3.144824, norm(q), 1e-6);
    }

    @Test
    void strainedCrystalMovesThePeakAlongTwoThetaByTheHandComputedPixels() {
        double t = theta(D111), e = 1e-3;
        double tStrained = theta(D111 * (1 + e));
        double dTheta = tStrained - t;
        // the planes do not turn: the rocking angle that meets the Bragg condition moves by d theta,
        // and the diffracted beam by 2 d theta, landing L tan(2 d theta) / p columns away on the flat detector
        double dCol = DISTANCE_M * Math.tan(2 * dTheta) / PIXEL_M;
        // by hand: d theta = -0.0131360 deg; 2 d theta = -4.58534e-4 rad; -4.1685 columns (first order -2 e tan t L/p = -4.1728)
        assertEquals(-0.0131360, Math.toDegrees(dTheta), 1e-7);
        assertEquals(-4.1685, dCol, 1e-4);

        Geometry g = Geometry.of(ENERGY_KEV, Math.toDegrees(2 * t), 0, DISTANCE_M, PIXEL_UM, 100);
        ReciprocalSpace rs = new ReciprocalSpace(g, N, N, new double[] {0.0, Math.toDegrees(dTheta)});
        double[] h = inPlaneBraggVector(t);                      // the unstrained reflection, Bragg at rocking 0, centre pixel
        double[] hStrained = {h[0] / (1 + e), h[1] / (1 + e), h[2] / (1 + e)};
        double[] q = new double[3];
        rs.q(1.0, MID, MID + dCol, q);
        // tolerance 1e-7 1/A: bilinear interpolation between pixels (a pixel is 6.7e-4 1/A), i.e. 1.5e-4 pixel
        assertVector(hStrained, q, 1e-7, "q where the hand computation puts the strained peak");

        // the maps path: strain = -dq_z / |h| in the crystal frame of the reference reflection
        CrystalFrame frame = new CrystalFrame(h);
        double[] rel = frame.relative(new double[] {q[0] - h[0], q[1] - h[1], q[2] - h[2]});
        assertEquals(e / (1 + e), -rel[2], 1e-7, "strain from the maps path (exactly e / (1 + e))");
        assertEquals(e, -rel[2], 1.1e-6, "strain to first order");
        assertEquals(0, rel[0], 1e-7, "no tilt_x");
        assertEquals(0, rel[1], 1e-7, "no tilt_y");

        // the peak is not at the unshifted column: the shift is resolved
        rs.q(1, MID, MID, q);
        double miss = Math.sqrt(Math.pow(q[0] - hStrained[0], 2) + Math.pow(q[1] - hStrained[1], 2)
                + Math.pow(q[2] - hStrained[2], 2));
        assertTrue(miss > 1e-3, "the centre pixel is " + miss + " 1/A from the strained peak");
    }

    @Test
    void tiltedCrystalMovesThePeakInRockingAngleByTheTilt() {
        double t = theta(D111), tau = Math.toRadians(0.05);
        double[] h = inPlaneBraggVector(t);
        // the crystal turned by tau about the rocking axis y (right-handed): R_y(tau) h
        double[] hTilted = {Math.cos(tau) * h[0] + Math.sin(tau) * h[2], h[1], -Math.sin(tau) * h[0] + Math.cos(tau) * h[2]};
        // rocking by w turns the crystal by w about y as well, so the tilted planes meet the Bragg condition
        // at w = -tau, diffracting into the same pixel: the peak moves by the tilt in rocking angle only
        Geometry g = Geometry.of(ENERGY_KEV, Math.toDegrees(2 * t), 0, DISTANCE_M, PIXEL_UM, 100);
        ReciprocalSpace rs = new ReciprocalSpace(g, N, N, new double[] {-0.05, 0.0});
        double[] q = new double[3];
        rs.q(0, MID, MID, q);
        assertVector(hTilted, q, 1e-12, "centre pixel at rocking -tau");
        rs.q(1, MID, MID, q);
        assertVector(h, q, 1e-12, "centre pixel at rocking 0 is the untilted reflection");

        CrystalFrame frame = new CrystalFrame(h);
        double[] rel = frame.relative(new double[] {hTilted[0] - h[0], hTilted[1] - h[1], hTilted[2] - h[2]});
        assertEquals(Math.sin(tau), rel[0], 1e-12, "tilt_x = sin tau (8.72665e-4)");
        assertEquals(8.72665e-4, rel[0], 1e-9);
        assertEquals(0, rel[1], 1e-12, "no tilt_y");
        assertEquals(0, -rel[2], 4e-7, "strain only to second order (1 - cos tau = 3.8e-7)");
    }
}
