package org.braggflow.scanio.simulate;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.braggflow.scanio.geometry.CrystalFrame;
import org.braggflow.scanio.geometry.ReciprocalSpace;
import org.braggflow.scanio.write.ScanWriter;

/**
 * Simulates a scanning nanodiffraction scan of a particle with planted domains, physically
 * consistent with the scan geometry: every detector pixel at every rocking angle is a q-vector
 * ({@link ReciprocalSpace}); a domain's Bragg peak is a Gaussian in q around its strained and tilted
 * Bragg vector (widths along the crystal frame axes), so strain moves the peak along h and tilt across
 * it, on the detector and in rocking angle as real data do. Counts are Poisson around
 * monitor x (peak + background); a few hot pixels read high in every frame; the sample drifts
 * between angles, and the fluorescence maps drift with it.
 *
 * <p>The spec's {@link SimulationPreset} picks the sample: {@code DEFAULT} ({@link SampleModel},
 * unchanged since the first tests were tuned on it) or {@code HARD} ({@link HardSampleModel}: curved
 * domains, a split and a broadened peak, a gradient, widths and contrasts that follow the geometry).
 *
 * <p>Frames are generated and handed to the writer angle by angle, row by row (the columns of a row
 * in parallel), so memory holds one row of frames.
 */
public final class ScanSimulator {

    /** Peak height in counts at full particle thickness. */
    static final double PEAK_COUNTS = 400;
    /** Mean background counts per pixel. */
    static final double BACKGROUND = 0.3;
    /** Counts of a hot pixel in every frame. */
    static final double HOT_PIXEL_COUNTS = 3000;

    private final SimulationSpec spec;
    private final Sample sample;
    private final PeakWidths widths;
    private final ReciprocalSpace space;
    private final CrystalFrame frame;
    private final double[][] drift;
    private final int[][] hotPixels;
    private final double sigmaX;
    private final double sigmaY;
    private final double sigmaZ;

    public ScanSimulator(SimulationSpec spec) {
        this.spec = spec;
        this.space = new ReciprocalSpace(spec.geometry(), spec.detRows(), spec.detCols(), spec.anglesDeg());
        double[] h = new double[3];
        space.q((spec.angles() - 1) / 2.0, (spec.detRows() - 1) / 2.0, (spec.detCols() - 1) / 2.0, h);
        this.frame = new CrystalFrame(h);
        this.widths = widths(spec, space, frame);
        this.sigmaX = widths.sigmaX();
        this.sigmaY = widths.sigmaY();
        this.sigmaZ = widths.sigmaZ();
        this.sample = spec.preset() == SimulationPreset.HARD
                ? new HardSampleModel(spec.rows(), spec.cols(), spec.seed(), widths, this::fit)
                : new SampleModel(spec.rows(), spec.cols(), spec.seed());
        SplittableRandom random = new SplittableRandom(spec.seed() * 31 + 17);
        this.drift = new double[spec.angles()][2];
        double step = spec.driftPositions() / Math.sqrt(spec.angles());
        for (int a = 1; a < spec.angles(); a++) {
            drift[a][0] = drift[a - 1][0] + step * random.nextGaussian();
            drift[a][1] = drift[a - 1][1] + step * random.nextGaussian();
        }
        this.hotPixels = new int[3][];
        for (int i = 0; i < hotPixels.length; i++) {
            hotPixels[i] = new int[] {random.nextInt(spec.detRows()), random.nextInt(spec.detCols())};
        }
    }

    /**
     * Reference peak widths relative to |h|. Default preset: 1.2 rocking steps (in radians) across h and 3 pixels'
     * q along the detector directions. Hard preset: max(1.2, (angles - 1) / 12) rocking steps (the q a
     * step really moves, {@link #rockingLever}), so the
     * rocking curve spans the same share of a longer series, and max(2.5, min(det rows, det cols) / 24)
     * pixels, so the peak is resolved on a small detector and covers the same share of a large one;
     * either way energy, distance and pixel size enter through the q of one pixel.
     */
    static PeakWidths widths(SimulationSpec spec, ReciprocalSpace space, CrystalFrame frame) {
        double rockingStep = Math.toRadians(spec.angleStepDeg());
        double pixelStep = space.wavenumber() * spec.geometry().pixelSizeUm() * 1e-6 / spec.geometry().detectorDistanceM();
        if (spec.preset() == SimulationPreset.HARD) {
            double steps = Math.max(1.2, (spec.angles() - 1) / 12.0);
            rockingStep *= rockingLever(frame);
            double pixels = Math.max(2.5, Math.min(spec.detRows(), spec.detCols()) / 24.0);
            return new PeakWidths(steps * rockingStep, pixels * pixelStep / frame.norm(), pixels * pixelStep / frame.norm());
        }
        return new PeakWidths(1.2 * rockingStep, 3 * pixelStep / frame.norm(), 3 * pixelStep / frame.norm());
    }

    /**
     * The factor (0.3 to 1) by which a peak centre's shift from the reference must shrink so the peak
     * stays 3 sigma inside the scanned volume on every index axis (angle, detector row, column), to first
     * order about the reference peak.
     */
    double fit(double strain, double tiltX, double tiltY) {
        double[] shift = indexShift(strain, tiltX, tiltY);
        double[][] axes = {indexShift(0, widths.sigmaX(), 0), indexShift(0, 0, widths.sigmaY()), indexShift(-widths.sigmaZ(), 0, 0)};
        double[] half = {(spec.angles() - 1) / 2.0, (spec.detRows() - 1) / 2.0, (spec.detCols() - 1) / 2.0};
        double f = 1;
        for (int i = 0; i < 3; i++) {
            double extent = 3 * Math.sqrt(axes[0][i] * axes[0][i] + axes[1][i] * axes[1][i] + axes[2][i] * axes[2][i]);
            double room = Math.max(0, half[i] - extent);
            if (Math.abs(shift[i]) > room) f = Math.min(f, room / Math.abs(shift[i]));
        }
        return Math.max(0.3, f);
    }

    /** (angle, row, col) index offsets that move q by the given strain and tilts, from the local Jacobian at the reference peak. */
    private double[] indexShift(double strain, double tiltX, double tiltY) {
        double a0 = (spec.angles() - 1) / 2.0, r0 = (spec.detRows() - 1) / 2.0, c0 = (spec.detCols() - 1) / 2.0;
        double[][] j = new double[3][];
        double[] lo = new double[3], hi = new double[3];
        double[][] steps = {{0.5, 0, 0}, {0, 0.5, 0}, {0, 0, 0.5}};
        for (int k = 0; k < 3; k++) {
            space.q(a0 - steps[k][0], r0 - steps[k][1], c0 - steps[k][2], lo);
            space.q(a0 + steps[k][0], r0 + steps[k][1], c0 + steps[k][2], hi);
            j[k] = new double[] {hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]};
        }
        double[] h = frame.h(), target = frame.strained(strain, tiltX, tiltY);
        double[] dq = {target[0] - h[0], target[1] - h[1], target[2] - h[2]};
        // Cramer's rule for j[0] a + j[1] b + j[2] c = dq
        double det = dot(j[0], cross(j[1], j[2]));
        return new double[] {dot(dq, cross(j[1], j[2])) / det, dot(j[0], cross(dq, j[2])) / det, dot(j[0], cross(j[1], dq)) / det};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    /**
     * How far q moves along crystal x per radian of rocking, relative to |h|: |y_lab x h| / |h|, below 1
     * when h leans out of the horizontal plane (gamma != 0), so a peak of n steps is narrower than n steps in tilt_x.
     */
    static double rockingLever(CrystalFrame frame) {
        double[] z = frame.z();
        return Math.hypot(z[0], z[2]);
    }

    public PeakWidths widths() {
        return widths;
    }

    /** The crystal frame of the reference Bragg vector (the q of the detector centre at the middle angle). */
    public CrystalFrame crystalFrame() {
        return frame;
    }

    ReciprocalSpace space() {
        return space;
    }

    public SimulationSpec spec() {
        return spec;
    }

    /** The planted ground truth, on the sample grid. */
    public SimulationTruth truth() {
        int rows = spec.rows(), cols = spec.cols();
        int[][] labels = new int[rows][cols];
        double[][] strain = new double[rows][cols], tx = new double[rows][cols], ty = new double[rows][cols];
        double[][] gradient = new double[rows][cols];
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (!sample.inside(r, c)) {
                    labels[r][c] = -1;
                    continue;
                }
                PlantedDomain d = sample.domainAt(r, c);
                labels[r][c] = d.label();
                gradient[r][c] = sample.gradientStrain(r, c);
                lo = Math.min(lo, gradient[r][c]);
                hi = Math.max(hi, gradient[r][c]);
                strain[r][c] = d.strain() + sample.gradientStrain(r, c);
                tx[r][c] = d.tiltX();
                ty[r][c] = d.tiltY();
            }
        }
        double[][] driftCopy = new double[drift.length][];
        for (int a = 0; a < drift.length; a++) driftCopy[a] = drift[a].clone();
        int[][] hot = new int[hotPixels.length][];
        for (int i = 0; i < hot.length; i++) hot[i] = hotPixels[i].clone();
        return new SimulationTruth(spec.geometry(), spec.anglesDeg(), rows, cols, spec.detRows(), spec.detCols(),
                sample.domains(), driftCopy, hot, labels, strain, tx, ty,
                spec.preset(), widths, hi >= lo ? hi - lo : 0, gradient);
    }

    /** Generates every frame, monitor and fluorescence map and hands them to the writer (which it does not close). */
    public void write(ScanWriter writer) throws IOException {
        int rows = spec.rows(), cols = spec.cols(), pixels = spec.detRows() * spec.detCols();
        double[] q = new double[3 * pixels];
        float[][] rowFrames = new float[cols][];
        for (int a = 0; a < spec.angles(); a++) {
            double[] one = new double[3];
            for (int p = 0; p < pixels; p++) {
                space.q(a, p / spec.detCols(), p % spec.detCols(), one);
                System.arraycopy(one, 0, q, 3 * p, 3);
            }
            float[] monitor = new float[rows * cols];
            float[] xrf = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                final int angle = a, row = r;
                IntStream.range(0, cols).parallel().forEach(c -> rowFrames[c] = frame(angle, row, c, q, monitor, xrf));
                for (int c = 0; c < cols; c++) writer.frame(a, r, c, rowFrames[c]);
            }
            writer.endAngle(a, spec.monitorNoise() > 0 ? monitor : null, xrf);
        }
    }

    /** One detector frame: the beam at grid (row, col) sees the sample point shifted by this angle's drift. */
    private float[] frame(int angle, int row, int col, double[] q, float[] monitorOut, float[] xrfOut) {
        SplittableRandom random = new SplittableRandom(((spec.seed() * 1_000_003L + angle) * 1_000_003L + row) * 1_000_003L + col);
        double sr = row + drift[angle][0], sc = col + drift[angle][1];
        double monitor = spec.monitorNoise() > 0 ? Math.max(0.5, 1 + spec.monitorNoise() * random.nextGaussian()) : 1;
        monitorOut[row * spec.cols() + col] = (float) monitor;
        xrfOut[row * spec.cols() + col] = (float) (sample.fluorescence(sr, sc) * (1 + 0.01 * random.nextGaussian()));
        int pixels = spec.detRows() * spec.detCols();
        double[] expected = new double[pixels];
        double thickness = sample.thickness(sr, sc);
        if (thickness > 0) {
            PlantedDomain d = sample.domainAt(sr, sc);
            addDomainPeak(expected, q, d, d.strain() + sample.gradientStrain(sr, sc), thickness);
        }
        for (int[] hot : hotPixels) expected[hot[0] * spec.detCols() + hot[1]] += HOT_PIXEL_COUNTS;
        float[] counts = new float[pixels];
        for (int p = 0; p < pixels; p++) counts[p] = poisson(monitor * (expected[p] + BACKGROUND), random);
        return counts;
    }

    /**
     * Adds a domain's noise-free peak, its centre moved to the given strain (the domain's own plus the
     * gradient) and its tilts, scaled by the particle's thickness there: a split peak as two sub-peaks whose
     * intensity-weighted mean is that centre.
     */
    void addDomainPeak(double[] expected, double[] q, PlantedDomain d, double strain, double thickness) {
        if (spec.preset() == SimulationPreset.HARD && d.widthScale() != 1) {
            // a mosaic spread redistributes the same diffracting volume: the integrated intensity stays
            thickness /= d.widthScale() * d.widthScale() * d.widthScale();
        }
        double[] centre = frame.strained(strain, d.tiltX(), d.tiltY());
        if (d.splitHalf() > 0) {
            double w = d.splitWeight();
            addPeak(expected, q, shifted(centre, 2 * d.splitHalf() * (1 - w), d.splitAngleDeg()), d.widthScale(), w * PEAK_COUNTS * thickness);
            addPeak(expected, q, shifted(centre, -2 * d.splitHalf() * w, d.splitAngleDeg()), d.widthScale(), (1 - w) * PEAK_COUNTS * thickness);
        } else {
            addPeak(expected, q, centre, d.widthScale(), PEAK_COUNTS * thickness);
        }
    }

    /** Sample-frame q of every detector pixel at one rocking angle, [3 * pixel]. */
    double[] pixelQ(int angle) {
        int pixels = spec.detRows() * spec.detCols();
        double[] q = new double[3 * pixels], one = new double[3];
        for (int p = 0; p < pixels; p++) {
            space.q(angle, p / spec.detCols(), p % spec.detCols(), one);
            System.arraycopy(one, 0, q, 3 * p, 3);
        }
        return q;
    }

    /** The centre moved by {@code along} (relative to |h|) in the crystal x-y plane, {@code angleDeg} from x towards y. */
    private double[] shifted(double[] centre, double along, double angleDeg) {
        if (angleDeg == 90) return shifted(centre, along); // exactly along y, as the default preset always was
        double[] x = frame.x(), y = frame.y();
        double n = frame.norm(), a = Math.toRadians(angleDeg), cx = Math.cos(a), cy = Math.sin(a);
        double[] moved = new double[3];
        for (int i = 0; i < 3; i++) moved[i] = centre[i] + n * along * (cx * x[i] + cy * y[i]);
        return moved;
    }

    private double[] shifted(double[] centre, double alongY) {
        double[] y = frame.y();
        double n = frame.norm();
        return new double[] {centre[0] + n * alongY * y[0], centre[1] + n * alongY * y[1], centre[2] + n * alongY * y[2]};
    }

    /** Adds amplitude x exp(-|dq / sigma|^2 / 2), dq resolved along the crystal frame axes. */
    private void addPeak(double[] expected, double[] q, double[] centre, double widthScale, double amplitude) {
        double[] x = frame.x(), y = frame.y(), z = frame.z();
        double n = frame.norm();
        double sx = n * sigmaX * widthScale, sy = n * sigmaY * widthScale, sz = n * sigmaZ * widthScale;
        for (int p = 0; p < expected.length; p++) {
            double d0 = q[3 * p] - centre[0], d1 = q[3 * p + 1] - centre[1], d2 = q[3 * p + 2] - centre[2];
            double ex = (d0 * x[0] + d1 * x[1] + d2 * x[2]) / sx;
            double ey = (d0 * y[0] + d1 * y[1] + d2 * y[2]) / sy;
            double ez = (d0 * z[0] + d1 * z[1] + d2 * z[2]) / sz;
            double e = ex * ex + ey * ey + ez * ez;
            if (e < 60) expected[p] += amplitude * Math.exp(-0.5 * e);
        }
    }

    /** A Poisson draw: by multiplication of uniforms for small means, normal approximation above 30. */
    static int poisson(double mean, SplittableRandom random) {
        if (mean <= 0) return 0;
        if (mean < 30) {
            double limit = Math.exp(-mean), p = 1;
            int k = -1;
            do {
                k++;
                p *= random.nextDouble();
            } while (p > limit);
            return k;
        }
        return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }
}
