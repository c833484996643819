package org.braggflow.scanio.geometry;

import org.braggflow.api.scan.Geometry;

/**
 * Scattering vectors of detector pixels, in Braggflow's axis conventions (docs/geometry.md): lab z
 * along the beam, y up, x = y cross z; detector centre direction
 * n = (sin delta cos gamma, sin gamma, cos delta cos gamma); column index along
 * u = (cos delta, 0, -sin delta), row index along v = n x u; pixel (r, c) at
 * L n + (c - c0) p u + (r - r0) p v, with u (v) negated when the geometry says the stored columns
 * (rows) are flipped, and the centre (c0, r0) from {@link Geometry#centerColFor}/{@link Geometry#centerRowFor}.
 * The geometry's angles are already in this convention (readers convert the beamline's; see
 * docs/geometry.md). At rocking angle w a pixel measures
 * q = R_y(-w) (k_out - k_in) in the sample frame; |k| = 2 pi / lambda, q in inverse angstrom.
 *
 * <p>Immutable; the lab-frame q of every pixel is computed once.
 */
public final class ReciprocalSpace {

    private final int detRows;
    private final int detCols;
    private final double[] anglesRad;
    private final double[] qLab;   // [pixel][3], pixel = r * detCols + c
    private final double k;

    public ReciprocalSpace(Geometry g, int detRows, int detCols, double[] anglesDeg) {
        this.detRows = detRows;
        this.detCols = detCols;
        this.anglesRad = new double[anglesDeg.length];
        for (int i = 0; i < anglesDeg.length; i++) anglesRad[i] = Math.toRadians(anglesDeg[i]);
        this.k = 2 * Math.PI / g.wavelengthAngstrom();
        double d = Math.toRadians(g.deltaDeg()), gm = Math.toRadians(g.gammaDeg());
        double[] n = {Math.sin(d) * Math.cos(gm), Math.sin(gm), Math.cos(d) * Math.cos(gm)};
        double[] u = {Math.cos(d), 0, -Math.sin(d)};
        double[] v = cross(n, u);
        double r0 = g.centerRowFor(detRows);
        double c0 = g.centerColFor(detCols);
        // a flipped stored axis runs against u (columns) or v (rows)
        double colSign = g.colFlip() ? -1 : 1;
        double rowSign = g.rowFlip() ? -1 : 1;
        double distance = g.detectorDistanceM();
        double pixel = g.pixelSizeUm() * 1e-6;
        qLab = new double[3 * detRows * detCols];
        double[] pos = new double[3];
        for (int r = 0; r < detRows; r++) {
            for (int c = 0; c < detCols; c++) {
                for (int i = 0; i < 3; i++) {
                    pos[i] = distance * n[i] + colSign * (c - c0) * pixel * u[i] + rowSign * (r - r0) * pixel * v[i];
                }
                double norm = Math.sqrt(pos[0] * pos[0] + pos[1] * pos[1] + pos[2] * pos[2]);
                int o = 3 * (r * detCols + c);
                qLab[o] = k * pos[0] / norm;
                qLab[o + 1] = k * pos[1] / norm;
                qLab[o + 2] = k * pos[2] / norm - k;
            }
        }
    }

    public int detRows() {
        return detRows;
    }

    public int detCols() {
        return detCols;
    }

    public int nAngles() {
        return anglesRad.length;
    }

    /** |k| = 2 pi / lambda in inverse angstrom. */
    public double wavenumber() {
        return k;
    }

    /** Sample-frame q of pixel (row, col) at rocking angle index {@code angle}, into {@code out[0..2]}. */
    public void q(int angle, int row, int col, double[] out) {
        int o = 3 * (row * detCols + col);
        rotate(anglesRad[angle], qLab[o], qLab[o + 1], qLab[o + 2], out);
    }

    /**
     * Component {@code axis} of the lab-frame q of detector pixel {@code pixel} (row x detCols + col): q before
     * the sample's rotation, the same at every rocking angle. A weighted sum of q over one angle's pixels is
     * the rotation ({@link #toSample}) of the weighted sum of these.
     */
    public double qLab(int pixel, int axis) {
        return qLab[3 * pixel + axis];
    }

    /** The sample-frame vector at rocking angle index {@code angle} of lab-frame vector (x, y, z), into {@code out[0..2]}. */
    public void toSample(int angle, double x, double y, double z, double[] out) {
        rotate(anglesRad[angle], x, y, z, out);
    }

    /**
     * Sample-frame q at a fractional rocking angle index and fractional pixel: the angle is
     * interpolated linearly between listed angles (or extrapolated at the ends) and the pixel
     * position exactly; used for centres of mass that fall between indices.
     */
    public void q(double angle, double row, double col, double[] out) {
        double w = angleAt(angle);
        int r0 = (int) Math.max(0, Math.min(detRows - 2, Math.floor(row)));
        int c0 = (int) Math.max(0, Math.min(detCols - 2, Math.floor(col)));
        double fr = row - r0, fc = col - c0;
        double[] lab = new double[3];
        for (int i = 0; i < 3; i++) {
            double a = qLab[3 * (r0 * detCols + c0) + i], b = qLab[3 * (r0 * detCols + c0 + 1) + i];
            double c = qLab[3 * ((r0 + 1) * detCols + c0) + i], dd = qLab[3 * ((r0 + 1) * detCols + c0 + 1) + i];
            lab[i] = (1 - fr) * ((1 - fc) * a + fc * b) + fr * ((1 - fc) * c + fc * dd);
        }
        rotate(w, lab[0], lab[1], lab[2], out);
    }

    /** Rocking angle in radians at a fractional angle index. */
    public double angleAt(double index) {
        if (anglesRad.length == 1) return anglesRad[0];
        int i = (int) Math.max(0, Math.min(anglesRad.length - 2, Math.floor(index)));
        double f = index - i;
        return anglesRad[i] + f * (anglesRad[i + 1] - anglesRad[i]);
    }

    /** q = R_y(-w) qLab: rotation about lab y by -w (right-handed). */
    private static void rotate(double w, double x, double y, double z, double[] out) {
        double cw = Math.cos(w), sw = Math.sin(w);
        out[0] = cw * x - sw * z;
        out[1] = y;
        out[2] = sw * x + cw * z;
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
