package org.braggflow.scanio.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.braggflow.api.scan.Geometry;
import org.junit.jupiter.api.Test;

class ReciprocalSpaceTest {

    private static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    @Test
    void centrePixelGivesBraggsLawForTheDetectorAngle() {
        // paper geometry: delta 18.1, gamma 28.5 -> 2 theta from cos 2theta = cos delta cos gamma
        Geometry g = Geometry.of(12.0, 18.1, 28.5, 0.5, 55, 100);
        ReciprocalSpace rs = new ReciprocalSpace(g, 65, 65, new double[] {0.0});
        double[] q = new double[3];
        rs.q(0, 32, 32, q);
        double twoTheta = Math.acos(Math.cos(Math.toRadians(18.1)) * Math.cos(Math.toRadians(28.5)));
        double lambda = 12.398 / 12.0;
        assertEquals(4 * Math.PI / lambda * Math.sin(twoTheta / 2), norm(q), 1e-12);
        // the paper's Bragg angle 28.21 deg is not this 2theta/2: the (101) peak is reached by rocking,
        // so only |q| is fixed by the detector angles
        assertEquals(2 * Math.PI / lambda, rs.wavenumber(), 1e-12);
    }

    @Test
    void axesFollowTheContractAtZeroDetectorAngles() {
        // delta = gamma = 0: the detector sits on the beam, columns grow along u = +x, rows along v = n x u = +y
        Geometry g = Geometry.of(12.0, 0, 0, 1.0, 100, 100);
        ReciprocalSpace rs = new ReciprocalSpace(g, 3, 3, new double[] {0.0});
        double[] q = new double[3];
        rs.q(0, 1, 2, q);  // one column right of centre
        assertEquals(rs.wavenumber() * 1e-4, q[0], 1e-9);
        assertEquals(0, q[1], 1e-12);
        rs.q(0, 2, 1, q);  // one row below centre
        assertEquals(rs.wavenumber() * 1e-4, q[1], 1e-9);
    }

    @Test
    void rockingRotatesAboutYByMinusTheAngle() {
        Geometry g = Geometry.of(12.0, 30, 0, 1.0, 100, 100);
        ReciprocalSpace rs = new ReciprocalSpace(g, 1, 1, new double[] {0.0, 10.0});
        double[] q0 = new double[3], q1 = new double[3];
        rs.q(0, 0, 0, q0);
        rs.q(1, 0, 0, q1);
        double w = Math.toRadians(10);
        assertEquals(Math.cos(w) * q0[0] - Math.sin(w) * q0[2], q1[0], 1e-12);
        assertEquals(Math.sin(w) * q0[0] + Math.cos(w) * q0[2], q1[2], 1e-12);
        assertEquals(norm(q0), norm(q1), 1e-12);
    }

    @Test
    void crystalFrameRecoversStrainAndTilt() {
        CrystalFrame f = new CrystalFrame(new double[] {1.2, 0.9, -0.4});
        double[] q = f.strained(1e-3, -2e-3, 5e-4);
        double[] dq = {q[0] - 1.2, q[1] - 0.9, q[2] + 0.4};
        double[] rel = f.relative(dq);
        assertEquals(-2e-3, rel[0], 1e-15);
        assertEquals(5e-4, rel[1], 1e-15);
        assertEquals(-1e-3, rel[2], 1e-15);
        assertEquals(0, CrystalFrame.dot(f.x(), f.z()), 1e-15);
        assertEquals(0, CrystalFrame.dot(f.x(), new double[] {0, 1, 0}), 1e-15);
    }
}
