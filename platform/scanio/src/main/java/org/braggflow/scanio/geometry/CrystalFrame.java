package org.braggflow.scanio.geometry;

/**
 * The crystal frame of the maps (docs/geometry.md, section 1) for a reference Bragg vector h: z along h, x along the
 * rocking direction (the direction q moves when the sample rocks about lab y, i.e. y_lab x h), and
 * y = z x x. Strain = -dq_z / |h|, tilt_x = dq_x / |h|, tilt_y = dq_y / |h|.
 */
public final class CrystalFrame {

    private final double[] h;
    private final double norm;
    private final double[] x;
    private final double[] y;
    private final double[] z;

    public CrystalFrame(double[] h) {
        this.h = h.clone();
        this.norm = Math.sqrt(h[0] * h[0] + h[1] * h[1] + h[2] * h[2]);
        this.z = new double[] {h[0] / norm, h[1] / norm, h[2] / norm};
        double[] rock = ReciprocalSpace.cross(new double[] {0, 1, 0}, z);
        double rn = Math.sqrt(rock[0] * rock[0] + rock[1] * rock[1] + rock[2] * rock[2]);
        this.x = new double[] {rock[0] / rn, rock[1] / rn, rock[2] / rn};
        this.y = ReciprocalSpace.cross(z, x);
    }

    public double[] h() {
        return h.clone();
    }

    /** |h| in inverse angstrom. */
    public double norm() {
        return norm;
    }

    public double[] x() {
        return x.clone();
    }

    public double[] y() {
        return y.clone();
    }

    public double[] z() {
        return z.clone();
    }

    /** Components of a q difference along x, y, z, divided by |h|: (tilt_x, tilt_y, -strain). */
    public double[] relative(double[] dq) {
        return new double[] {dot(dq, x) / norm, dot(dq, y) / norm, dot(dq, z) / norm};
    }

    /** The q of a crystal with the given strain and tilts (first order in each): h + |h|(tx x + ty y - strain z). */
    public double[] strained(double strain, double tiltX, double tiltY) {
        double[] q = new double[3];
        for (int i = 0; i < 3; i++) q[i] = h[i] + norm * (tiltX * x[i] + tiltY * y[i] - strain * z[i]);
        return q;
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
