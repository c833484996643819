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
    private final SampleModel sample;
    private final ReciprocalSpace space;
    private final CrystalFrame frame;
    private final double[][] drift;
    private final int[][] hotPixels;
    private final double sigmaX;
    private final double sigmaY;
    private final double sigmaZ;

    public ScanSimulator(SimulationSpec spec) {
        this.spec = spec;
        this.sample = new SampleModel(spec.rows(), spec.cols(), spec.seed());
        this.space = new ReciprocalSpace(spec.geometry(), spec.detRows(), spec.detCols(), spec.anglesDeg());
        double[] h = new double[3];
        space.q((spec.angles() - 1) / 2.0, (spec.detRows() - 1) / 2.0, (spec.detCols() - 1) / 2.0, h);
        this.frame = new CrystalFrame(h);
        // widths relative to |h|: 1.2 rocking steps across h, 3 pixels along the detector directions
        double rockingStep = Math.toRadians(spec.angleStepDeg());
        double pixelStep = space.wavenumber() * spec.geometry().pixelSizeUm() * 1e-6 / spec.geometry().detectorDistanceM();
        this.sigmaX = 1.2 * rockingStep;
        this.sigmaY = 3 * pixelStep / frame.norm();
        this.sigmaZ = 3 * pixelStep / frame.norm();
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

    public SimulationSpec spec() {
        return spec;
    }

    /** The planted ground truth, on the sample grid. */
    public SimulationTruth truth() {
        int rows = spec.rows(), cols = spec.cols();
        int[][] labels = new int[rows][cols];
        double[][] strain = new double[rows][cols], tx = new double[rows][cols], ty = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (!sample.inside(r, c)) {
                    labels[r][c] = -1;
                    continue;
                }
                PlantedDomain d = sample.domainAt(r, c);
                labels[r][c] = d.label();
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
                sample.domains(), driftCopy, hot, labels, strain, tx, ty);
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
            double strain = d.strain() + sample.gradientStrain(sr, sc);
            double[] centre = frame.strained(strain, d.tiltX(), d.tiltY());
            if (d.splitHalf() > 0) {
                addPeak(expected, q, shifted(centre, d.splitHalf()), d.widthScale(), 0.5 * PEAK_COUNTS * thickness);
                addPeak(expected, q, shifted(centre, -d.splitHalf()), d.widthScale(), 0.5 * PEAK_COUNTS * thickness);
            } else {
                addPeak(expected, q, centre, d.widthScale(), PEAK_COUNTS * thickness);
            }
        }
        for (int[] hot : hotPixels) expected[hot[0] * spec.detCols() + hot[1]] += HOT_PIXEL_COUNTS;
        float[] counts = new float[pixels];
        for (int p = 0; p < pixels; p++) counts[p] = poisson(monitor * (expected[p] + BACKGROUND), random);
        return counts;
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
