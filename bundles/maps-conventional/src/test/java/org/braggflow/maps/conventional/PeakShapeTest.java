package org.braggflow.maps.conventional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.scanio.geometry.ReciprocalSpace;
import org.braggflow.scanio.simulate.SimulationSpec;
import org.junit.jupiter.api.Test;

/**
 * Shape descriptors on synthetic single-position volumes with known shape: a Gaussian peak (widths 1.5
 * angle steps, 3 and 3.5 detector pixels), the same peak 1.5 times wider, and a split peak of two such
 * components with weights 0.6 / 0.4 whose centre of mass is the single peak's, one FWHM apart (the
 * distance at which the line through both centres falls to half, i.e. Mahalanobis distance
 * 2 sqrt(2 ln 2)) along six directions; Poisson noise at 400 counts at the maximum, fixed seeds.
 */
class PeakShapeTest {

    static final int NA = 21, NR = 44, NC = 44;
    static final double[] CENTRE = {10.3, 21.6, 22.2}, SIGMA = {1.5, 3, 3.5};
    static final double[][] DIRECTIONS = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 1}, {0, 1, -1}, {1, -1, 0}};
    static final double PEAK_COUNTS = 400;
    static final ReciprocalSpace SPACE;
    static final double[] ANGLES = new double[NA];

    static {
        for (int i = 0; i < NA; i++) ANGLES[i] = -39.7 + 0.1 * i;
        SPACE = new ReciprocalSpace(SimulationSpec.paperGeometry(), NR, NC, ANGLES);
    }

    /**
     * Components at centre - w1 D and centre + w0 D (so the weighted centre stays put), D along
     * {@code direction} scaled to {@code fwhms} FWHM in the Mahalanobis sense; null direction = one peak.
     */
    static float[] volume(double widthScale, double[] direction, double fwhms, double w0, long seed, boolean noise) {
        return volume(widthScale, direction, fwhms, w0, seed, noise, CENTRE);
    }

    static float[] volume(double widthScale, double[] direction, double fwhms, double w0, long seed, boolean noise, double[] centre) {
        double[] s = {SIGMA[0] * widthScale, SIGMA[1] * widthScale, SIGMA[2] * widthScale};
        double[] shift = new double[3];
        if (direction != null) {
            double maha = 0;
            for (int k = 0; k < 3; k++) maha += direction[k] * direction[k] / (s[k] * s[k]);
            for (int k = 0; k < 3; k++) shift[k] = direction[k] / Math.sqrt(maha) * fwhms * PeakShape.FWHM_PER_SIGMA;
        }
        double w1 = 1 - w0;
        double[] c0 = new double[3], c1 = new double[3];
        for (int k = 0; k < 3; k++) {
            c0[k] = centre[k] - w1 * shift[k];
            c1[k] = centre[k] + w0 * shift[k];
        }
        double[] v = new double[NA * NR * NC];
        double max = 0;
        for (int a = 0; a < NA; a++) {
            for (int r = 0; r < NR; r++) {
                for (int c = 0; c < NC; c++) {
                    int i = (a * NR + r) * NC + c;
                    v[i] = w0 * gauss(a, r, c, c0, s) + (direction == null ? w1 * gauss(a, r, c, c0, s) : w1 * gauss(a, r, c, c1, s));
                    max = Math.max(max, v[i]);
                }
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            double mean = v[i] / max * PEAK_COUNTS;
            out[i] = (float) (noise ? poisson(mean, random) : mean);
        }
        return out;
    }

    private static double gauss(int a, int r, int c, double[] m, double[] s) {
        double da = (a - m[0]) / s[0], dr = (r - m[1]) / s[1], dc = (c - m[2]) / s[2];
        return Math.exp(-0.5 * (da * da + dr * dr + dc * dc));
    }

    /** Poisson deviate: Knuth's product of uniforms, in pieces of mean <= 20 (a sum of Poissons is Poisson). */
    static int poisson(double mean, SplittableRandom random) {
        int n = 0;
        while (mean > 0) {
            double piece = Math.min(mean, 20);
            mean -= piece;
            double limit = Math.exp(-piece), prod = random.nextDouble();
            while (prod > limit) {
                n++;
                prod *= random.nextDouble();
            }
        }
        return n;
    }

    static PeakShape shape(float[] data, double threshold) {
        return shape(data, threshold, PeakShape.Settings.DEFAULT);
    }

    static PeakShape shape(float[] data, double threshold, PeakShape.Settings settings) {
        return PositionMoments.of(new PositionVolume(0, 0, NA, NR, NC, data), SPACE, ANGLES, threshold, settings).shape();
    }

    @Test
    void aGaussianPeakHasNoSkewnessAndNoExcessKurtosis() {
        // a higher cut is sampled more coarsely by the 1.5-step rocking grid, hence the wider tolerance at 0.1
        double[][] thresholdAndTolerance = {{0, 0.03}, {0.02, 0.03}, {0.1, 0.07}};
        for (double[] tt : thresholdAndTolerance) {
            PeakShape s = shape(volume(1, null, 0, 1, 1, false), tt[0]);
            double[] values = {s.skewAngle(), s.skewRow(), s.skewCol(), s.kurtAngle(), s.kurtRow(), s.kurtCol()};
            for (double v : values) assertEquals(0, v, tt[1], "noiseless Gaussian, threshold " + tt[0]);
        }
        PeakShape noisy = shape(volume(1, null, 0, 1, 7, true), 0.02);
        System.out.printf("Gaussian, Poisson 400 counts: skew %.3f %.3f %.3f, kurt %.3f %.3f %.3f%n", noisy.skewAngle(),
                noisy.skewRow(), noisy.skewCol(), noisy.kurtAngle(), noisy.kurtRow(), noisy.kurtCol());
        for (double v : new double[] {noisy.skewAngle(), noisy.skewRow(), noisy.skewCol()}) assertEquals(0, v, 0.03);
        for (double v : new double[] {noisy.kurtAngle(), noisy.kurtRow(), noisy.kurtCol()}) assertEquals(0, v, 0.06);
    }

    @Test
    void skewnessAndKurtosisOfAProfileByHand() {
        // p = 2, 1, 0, 1 at i = 0..3: mean 1, deviations -1 (x2), 0, +2; m2 = 6/4, m3 = 6/4, m4 = 18/4
        double[] m = PeakShape.profileMoments(new double[] {2, 1, 0, 1});
        assertEquals(1 / Math.sqrt(1.5), m[0], 1e-12);
        assertEquals(4.5 / 2.25 - 3, m[1], 1e-12);
        // the same profile as a rocking curve: frames 0, 1 and 3 lit uniformly with 2:1:1, threshold 0
        float[] data = new float[NA * NR * NC];
        double[] frame = {2, 1, 0, 1};
        for (int a = 0; a < 4; a++) for (int i = 0; i < NR * NC; i++) data[a * NR * NC + i] = (float) frame[a];
        PeakShape s = shape(data, 0);
        assertEquals(1 / Math.sqrt(1.5), s.skewAngle(), 1e-9);
        assertEquals(-1, s.kurtAngle(), 1e-9);
        assertEquals(0, s.skewRow(), 1e-9);
        double n2 = NR * NR;
        assertEquals(-1.2 * (n2 + 1) / (n2 - 1), s.kurtRow(), 1e-9, "a uniform profile of n bins has excess kurtosis -6/5 (n^2+1)/(n^2-1)");
    }

    @Test
    void thresholdBaselineMatchesItsLimits() {
        assertEquals(0, PeakShape.gaussianExcessKurtosis(0), 0);
        assertEquals(0, PeakShape.gaussianExcessKurtosis(1e-12), 0.01);
        // a nearly flat cut keeps a uniform ball, whose 1-D projection (1 - x^2) has excess kurtosis -6/7
        assertEquals(-6.0 / 7, PeakShape.gaussianExcessKurtosis(0.999), 0.005);
    }

    @Test
    void twoComponentSeparationInvertsTheMixtureCumulants() {
        for (double p : new double[] {0.5, 0.6, 0.7}) {
            for (double fwhms : new double[] {0.8, 1.0, 1.5}) {
                double d = fwhms * PeakShape.FWHM_PER_SIGMA, t = p * (1 - p);
                double var = 1 + t * d * d;
                double skew = t * (1 - 2 * p) * d * d * d / Math.pow(var, 1.5);
                double kurt = t * (1 - 6 * t) * Math.pow(d, 4) / (var * var);
                assertEquals(fwhms, PeakShape.twoComponentSeparation(skew, kurt, 0), 1e-6, "p " + p);
                assertEquals(fwhms, PeakShape.twoComponentSeparation(-skew, kurt - 0.3, -0.3), 1e-6, "p " + p);
            }
        }
        assertEquals(0, PeakShape.twoComponentSeparation(0.1, 0.2, 0));
    }

    @Test
    void splitSeparatesASplitPeakInEveryDirectionFromSingleAndBroadenedPeaks() {
        double single = 0, broad = 0;   // the largest over three noise seeds
        for (long seed = 11; seed <= 13; seed++) {
            single = Math.max(single, shape(volume(1, null, 0, 1, seed, true), 0.02).split());
            broad = Math.max(broad, shape(volume(1.5, null, 0, 1, seed + 10, true), 0.02).split());
        }
        double lowest = Double.POSITIVE_INFINITY;
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < DIRECTIONS.length; k++) {
            double split = shape(volume(1, DIRECTIONS[k], 1.0, 0.6, 20 + k, true), 0.02).split();
            lowest = Math.min(lowest, split);
            line.append(String.format(" %.3f", split));
        }
        System.out.printf("split (FWHM): single %.3f, broadened %.3f (largest of 3 seeds), split 0.6/0.4 1 FWHM apart along 6 directions%s%n",
                single, broad, line);
        assertTrue(single < 0.45 && broad < 0.45, "single " + single + ", broadened " + broad);
        assertTrue(lowest > 0.65, "weakest split " + lowest);
        assertTrue(lowest - Math.max(single, broad) > 0.3, "margin");
    }

    @Test
    void aPeakCutByTheRockingRangeIsNotReadAsSplit() {
        // rocking centre 2 sigma from the first angle: the rocking curve keeps about 14 % of its maximum there
        double max = 0, unchecked = 0;
        for (long seed = 51; seed <= 53; seed++) {
            float[] edge = volume(1, null, 0, 1, seed, true, new double[] {2.0 * SIGMA[0], CENTRE[1], CENTRE[2]});
            assertTrue(PeakShape.cut(rocking(edge), 0.1));
            max = Math.max(max, shape(edge, 0.02).split());
            unchecked = Math.max(unchecked, shape(edge, 0.02, new PeakShape.Settings(0.15, 0.05, 1)).split());
        }
        System.out.printf("rocking curve cut by the range: split %.3f (cut axis left out), %.3f (check off), largest of 3 seeds%n",
                max, unchecked);
        assertTrue(max < 0.45, "cut axis left out: " + max);
        assertTrue(unchecked > max + 0.2, "cut axis searched: " + unchecked);
    }

    private static double[] rocking(float[] data) {
        double max = 0;
        for (float f : data) max = Math.max(max, f);
        double[] p = new double[NA];
        for (int i = 0; i < data.length; i++) if (data[i] > 0.02 * max) p[i / (NR * NC)] += data[i];
        return p;
    }

    /** Background counts b Poisson-distributed in every voxel, over a noiseless peak of 400 counts. */
    static float[] withBackground(float[] clean, double b, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] out = new float[clean.length];
        for (int i = 0; i < clean.length; i++) out[i] = poisson(clean[i] + b, random);
        return out;
    }

    @Test
    void aBackgroundBelowTheThresholdLeavesSplitWorking() {
        // 5 counts of background: at the default cut (2 % of 400 = 8 counts) about 7 % of all voxels pass and their
        // far-flung weight hides the split; a cut of 5 % (20 counts, background + 6.7 sd) passes almost none
        double single = shape(withBackground(volume(1, null, 0, 1, 0, false), 5, 61), 0.05).split();
        double broad = shape(withBackground(volume(1.5, null, 0, 1, 0, false), 5, 62), 0.05).split();
        double split = shape(withBackground(volume(1, DIRECTIONS[3], 1.0, 0.6, 0, false), 5, 63), 0.05).split();
        double lost = shape(withBackground(volume(1, DIRECTIONS[3], 1.0, 0.6, 0, false), 5, 63), 0.02).split();
        System.out.printf("background 5 counts, threshold 0.05: split single %.3f, broadened %.3f, split %.3f (threshold 0.02: %.3f)%n",
                single, broad, split, lost);
        assertTrue(single < 0.45 && broad < 0.45 && split > 0.65);
        assertTrue(lost < 0.45, "at the default cut the background hides the split: " + lost);
    }

    @Test
    void peakCountFindsTwoResolvedComponentsInEveryDirection() {
        assertEquals(1, shape(volume(1, null, 0, 1, 31, true), 0.02).peakCount());
        assertEquals(1, shape(volume(1.5, null, 0, 1, 32, true), 0.02).peakCount());
        StringBuilder counts = new StringBuilder();
        for (int k = 0; k < DIRECTIONS.length; k++) {
            PeakShape s = shape(volume(1, DIRECTIONS[k], 1.6, 0.6, 40 + k, true), 0.02);
            counts.append(String.format(" %.0f (split %.2f)", s.peakCount(), s.split()));
            assertEquals(2, s.peakCount(), "direction " + k + ", split " + s.split());
        }
        // one FWHM apart with weights 0.6 / 0.4 the sum has a single maximum (it needs 1.045 FWHM for two)
        StringBuilder unresolved = new StringBuilder();
        for (int k = 0; k < DIRECTIONS.length; k++) {
            unresolved.append(String.format(" %.0f", shape(volume(1, DIRECTIONS[k], 1.0, 0.6, 20 + k, true), 0.02).peakCount()));
        }
        System.out.printf("peak_count: 1.6 FWHM apart%s; 1 FWHM apart%s%n", counts, unresolved);
    }
}
