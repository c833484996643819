package org.braggflow.scanio.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sample of the {@code hard} preset: a particle with a wavy outline holding a reference matrix and
 * four domains (strained, tilted, split peak, broadened) grown as lobed blobs from random seeds in
 * smoothly warped coordinates, so every boundary is curved and no domain need be convex.
 *
 * <p>Choices, all in physical terms so that no scan or detector size is special:
 * <ul>
 *   <li><b>Domain sizes</b>: the reference takes 28-40 % of the particle, the other four 6-35 % each,
 *       drawn per seed and reached by scaling each blob's radius until its share of the scan positions
 *       inside the particle matches (to a few positions on small scans).</li>
 *   <li><b>Contrast in peak widths</b> ({@link PeakWidths}, relative to |h|): the strained domain's
 *       strain is 1.5 FWHM along h (random sign); the tilted domain moves 1.2 FWHM in a random
 *       direction of the (tilt_x, tilt_y) plane, 20-70 degrees off the rocking axis; the broadened
 *       domain's peak is 2 times wider on every axis and 8 times lower, so its integrated intensity is
 *       the reference's (as a mosaic spread of the same volume would give; total counts are no clue).
 *       Where the rocking range or the detector is too small to hold a shifted peak 3 sigma inside it,
 *       the tilt turns towards a direction that fits and a shift with no such way out is shortened
 *       (never below 0.3 of its size); 15 angles and a 48-pixel detector need neither.</li>
 *   <li><b>Split peak</b> (two sub-grains tilted against each other, as at a low-angle boundary): two
 *       sub-peaks of the reference width, 1.25 FWHM apart in a random direction of the crystal x-y
 *       (tilt) plane, so the split shows in the rocking curve, on the detector or both; weighted 0.6
 *       and 0.4 and placed at +0.4 and -0.6 of the separation so their intensity-weighted centre of
 *       mass is the reference's. One FWHM would not do: a 0.6 / 0.4 mixture of two Gaussians
 *       shows two maxima only beyond about 2.4 sigma (1.02 FWHM); 1.25 FWHM leaves a clear dip.</li>
 *   <li><b>Gradient</b>: a linear strain ramp in a random direction across the whole particle, whose
 *       peak-to-peak over the scan positions inside it is 15 % of the strained domain's strain (0.22
 *       FWHM): a shift a method should see in the strain map but must not split into clusters.</li>
 * </ul>
 */
final class HardSampleModel implements Sample {

    static final double GRADIENT_SHARE = 0.15;
    static final double STRAIN_FWHM = 1.5;
    static final double TILT_FWHM = 1.2;
    static final double SPLIT_FWHM = 1.25;
    static final double SPLIT_WEIGHT = 0.6;
    static final double BROADENING = 2.0;
    static final double MIN_SHARE = 0.06, MAX_SHARE = 0.35, REFERENCE_MIN = 0.28, REFERENCE_MAX = 0.40;

    private static final int OUTLINE_HARMONICS = 4, WARP_MODES = 4, WOBBLE_MODES = 2;
    /** Relative amplitude of each blob's own smooth wobble, which bends the edges where two blobs meet. */
    private static final double WOBBLE = 0.07;

    private final double cr, cc, ar, ac;
    private final double[][] outline;        // per harmonic k = 2..: amplitude, phase
    private final double[][] warp;           // per mode: k_row, k_col, phase, amp_row, amp_col
    private final double[][] blobs;          // per blob: centre row, col (warped), cos, sin, 1/aspect, lobe2, phase2, lobe3, phase3,
                                             // then per wobble mode k_row, k_col, phase
    private final double[] radii;            // per blob, fitted to its target share
    private final double[] targetShares;     // per domain label
    private final List<PlantedDomain> domains;
    private final double gradientAmplitude, gradRow, gradCol, gradMin, gradRange;
    private final double[][] texture;

    /** How much a peak centre's shift must shrink (a factor up to 1) to stay inside the scanned volume. */
    interface Room {
        double fit(double strain, double tiltX, double tiltY);
    }

    HardSampleModel(int rows, int cols, long seed, PeakWidths widths, Room room) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5DEECE66DL);
        cr = (rows - 1) / 2.0 + 0.03 * rows * (random.nextDouble() - 0.5);
        cc = (cols - 1) / 2.0 + 0.03 * cols * (random.nextDouble() - 0.5);
        ar = 0.40 * rows;
        ac = 0.40 * cols;
        outline = new double[OUTLINE_HARMONICS][];
        for (int k = 0; k < OUTLINE_HARMONICS; k++) {
            outline[k] = new double[] {(0.3 + 0.7 * random.nextDouble()) * 0.05 / Math.sqrt(k + 1), 2 * Math.PI * random.nextDouble()};
        }
        warp = new double[WARP_MODES][];
        for (int m = 0; m < WARP_MODES; m++) {
            double angle = 2 * Math.PI * random.nextDouble(), k = 2 + 1.5 * random.nextDouble(), dir = 2 * Math.PI * random.nextDouble();
            warp[m] = new double[] {k * Math.sin(angle), k * Math.cos(angle), 2 * Math.PI * random.nextDouble(),
                    0.07 * Math.sin(dir), 0.07 * Math.cos(dir)};
        }
        targetShares = drawShares(random);
        domains = plant(widths, room, random);
        double[][] seeds = spreadSeeds(domains.size() - 1, random);
        blobs = new double[seeds.length][];
        for (int i = 0; i < seeds.length; i++) {
            double[] w = warped(seeds[i][0], seeds[i][1]);
            double orient = Math.PI * random.nextDouble();
            blobs[i] = new double[9 + 3 * WOBBLE_MODES];
            double[] head = {w[0], w[1], Math.cos(orient), Math.sin(orient), 1 / (0.6 + 0.4 * random.nextDouble()),
                    0.25 * random.nextDouble(), 2 * Math.PI * random.nextDouble(), 0.15 * random.nextDouble(), 2 * Math.PI * random.nextDouble()};
            System.arraycopy(head, 0, blobs[i], 0, head.length);
            for (int m = 0; m < WOBBLE_MODES; m++) {
                double angle = 2 * Math.PI * random.nextDouble(), k = 3 + 2 * random.nextDouble();
                blobs[i][9 + 3 * m] = k * Math.sin(angle);
                blobs[i][10 + 3 * m] = k * Math.cos(angle);
                blobs[i][11 + 3 * m] = 2 * Math.PI * random.nextDouble();
            }
        }
        radii = new double[blobs.length];
        fitRadii(rows, cols);
        double psi = 2 * Math.PI * random.nextDouble();
        gradRow = Math.cos(psi);
        gradCol = Math.sin(psi);
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (!inside(r, c)) continue;
                double p = (r - cr) * gradRow + (c - cc) * gradCol;
                lo = Math.min(lo, p);
                hi = Math.max(hi, p);
            }
        }
        gradMin = lo;
        gradRange = hi > lo ? hi - lo : 1;
        gradientAmplitude = GRADIENT_SHARE * Math.abs(domains.get(DomainKind.STRAINED.ordinal()).strain());
        texture = new double[8][];
        for (int i = 0; i < texture.length; i++) {
            texture[i] = new double[] {cr + (random.nextDouble() - 0.5) * 1.6 * ar, cc + (random.nextDouble() - 0.5) * 1.6 * ac,
                    0.08 * Math.min(rows, cols) + random.nextDouble() * 0.12 * Math.min(rows, cols), 20 + 40 * random.nextDouble()};
        }
    }

    /** Shares of the particle per label (reference first): reference 28-40 %, the rest 6-35 % each. */
    private static double[] drawShares(SplittableRandom random) {
        int n = DomainKind.values().length;
        double[] shares = new double[n];
        while (true) {
            shares[0] = REFERENCE_MIN + (REFERENCE_MAX - REFERENCE_MIN) * random.nextDouble();
            double rest = 1 - shares[0], sum = 0;
            double[] u = new double[n];
            for (int i = 1; i < n; i++) sum += u[i] = random.nextDouble();
            boolean ok = true;
            for (int i = 1; i < n; i++) {
                shares[i] = MIN_SHARE + (rest - (n - 1) * MIN_SHARE) * u[i] / sum;
                ok &= shares[i] <= MAX_SHARE;
            }
            if (ok) return shares;
        }
    }

    /**
     * One domain per kind, label = kind's ordinal, contrasts in units of the reference peak's widths;
     * a shift the scanned volume has no room for is shortened to fit.
     */
    private static List<PlantedDomain> plant(PeakWidths w, Room room, SplittableRandom random) {
        List<PlantedDomain> list = new ArrayList<>();
        double strain = (random.nextBoolean() ? 1 : -1) * STRAIN_FWHM * w.fwhmZ();
        strain *= room.fit(strain, 0, 0);
        double phi = Math.toRadians(20 + 50 * random.nextDouble());
        phi = (random.nextBoolean() ? phi : Math.PI - phi) + (random.nextBoolean() ? 0 : Math.PI);
        double[] tilt = tiltThatFits(w, room, phi);
        double tiltX = tilt[0], tiltY = tilt[1];
        PlantedDomain split = splitThatFits(w, room, Math.PI * random.nextDouble());
        for (DomainKind kind : DomainKind.values()) {
            int label = kind.ordinal();
            list.add(switch (kind) {
                case REFERENCE -> new PlantedDomain(label, kind, 0, 0, 0, 1, 0);
                case STRAINED -> new PlantedDomain(label, kind, strain, 0, 0, 1, 0);
                case TILTED -> new PlantedDomain(label, kind, 0, tiltX, tiltY, 1, 0);
                case SPLIT -> split;
                case BROADENED -> new PlantedDomain(label, kind, 0, 0, 0, BROADENING, 0);
            });
        }
        return List.copyOf(list);
    }

    /**
     * A tilt of 1.2 FWHM in the direction phi of the (tilt_x / sigma_x, tilt_y / sigma_y) plane; if the
     * scan cannot hold it, the nearest direction (5 degree steps) that it can, else the direction that
     * needs the smallest cut, shortened to fit.
     */
    private static double[] tiltThatFits(PeakWidths w, Room room, double phi) {
        double size = TILT_FWHM * PeakWidths.FWHM_PER_SIGMA;
        double[] best = null;
        double bestFit = -1, bestTurn = Double.MAX_VALUE;
        for (int k = 0; k < 72; k++) {
            double turn = Math.PI / 36 * ((k + 1) / 2) * (k % 2 == 0 ? 1 : -1), theta = phi + turn;
            double tx = size * w.sigmaX() * Math.cos(theta), ty = size * w.sigmaY() * Math.sin(theta);
            double fit = room.fit(0, tx, ty);
            if (fit > bestFit + 1e-12 || (fit >= 1 && Math.abs(turn) < bestTurn)) {
                best = new double[] {tx * fit, ty * fit};
                bestFit = fit;
                bestTurn = Math.abs(turn);
            }
            if (fit >= 1) break;
        }
        return best;
    }

    /**
     * The split-peak domain: sub-peaks 1.25 FWHM apart (FWHM of the reference peak along the split
     * direction) at angle alpha in the crystal x-y plane, turned in 5 degree steps until both fit.
     */
    private static PlantedDomain splitThatFits(PeakWidths w, Room room, double alpha) {
        int label = DomainKind.SPLIT.ordinal();
        PlantedDomain best = null;
        double bestFit = -1;
        for (int k = 0; k < 36; k++) {
            double a = alpha + Math.PI / 36 * ((k + 1) / 2) * (k % 2 == 0 ? 1 : -1);
            double cx = Math.cos(a), cy = Math.sin(a);
            // sigma along direction (cx, cy) of a Gaussian with sigmaX, sigmaY on the axes
            double sigma = 1 / Math.sqrt(cx * cx / (w.sigmaX() * w.sigmaX()) + cy * cy / (w.sigmaY() * w.sigmaY()));
            double separation = SPLIT_FWHM * PeakWidths.FWHM_PER_SIGMA * sigma;
            double plus = separation * (1 - SPLIT_WEIGHT), minus = separation * SPLIT_WEIGHT;
            double fit = Math.min(room.fit(0, plus * cx, plus * cy), room.fit(0, -minus * cx, -minus * cy));
            if (fit > bestFit) {
                double deg = Math.toDegrees(a) % 180;
                best = new PlantedDomain(label, DomainKind.SPLIT, 0, 0, 0, 1, 0.5 * separation * fit, SPLIT_WEIGHT, deg < 0 ? deg + 180 : deg);
                bestFit = fit;
            }
            if (fit >= 1) break;
        }
        return best;
    }

    /** Blob seeds in normalised particle coordinates, within 0.6 of the centre and spread apart. */
    private static double[][] spreadSeeds(int n, SplittableRandom random) {
        double[][] seeds = new double[n][];
        double minGap = 0.6;
        int placed = 0, tries = 0;
        while (placed < n) {
            double t = 2 * Math.PI * random.nextDouble(), rho = 0.6 * Math.sqrt(random.nextDouble());
            double[] s = {rho * Math.sin(t), rho * Math.cos(t)};
            boolean apart = true;
            for (int j = 0; j < placed; j++) apart &= Math.hypot(s[0] - seeds[j][0], s[1] - seeds[j][1]) >= minGap;
            if (apart) {
                seeds[placed++] = s;
            } else if (++tries % 500 == 0) {
                minGap *= 0.9;
            }
        }
        return seeds;
    }

    /** Smooth displacement of normalised coordinates (a few sine modes, gentle enough never to fold). */
    private double[] warped(double u, double v) {
        double wu = u, wv = v;
        for (double[] m : warp) {
            double s = Math.sin(m[0] * u + m[1] * v + m[2]);
            wu += m[3] * s;
            wv += m[4] * s;
        }
        return new double[] {wu, wv};
    }

    /** Lobed, rotated, stretched distance of a warped point from blob i's centre, before its radius. */
    private double shapeDistance(int i, double[] w) {
        double[] b = blobs[i];
        double du = w[0] - b[0], dv = w[1] - b[1];
        double a = b[2] * du + b[3] * dv, e = (-b[3] * du + b[2] * dv) * b[4];
        double theta = Math.atan2(e, a);
        double lobes = 1 + b[5] * Math.cos(2 * theta + b[6]) + b[7] * Math.cos(3 * theta + b[8]);
        for (int m = 0; m < WOBBLE_MODES; m++) lobes += WOBBLE * Math.sin(b[9 + 3 * m] * w[0] + b[10 + 3 * m] * w[1] + b[11 + 3 * m]);
        return Math.hypot(a, e) / lobes;
    }

    /** Blob index whose scaled distance is smallest and below 1, or -1 (the reference matrix). */
    private static int claim(double[] shape, double[] radii) {
        int best = -1;
        double bestD = 1;
        for (int i = 0; i < shape.length; i++) {
            double d = shape[i] / radii[i];
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    /** Scales each blob's radius until its share of the scan positions inside the particle meets its target. */
    private void fitRadii(int rows, int cols) {
        List<double[]> shapes = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (!inside(r, c)) continue;
                double[] w = warped((r - cr) / ar, (c - cc) / ac), s = new double[blobs.length];
                for (int i = 0; i < blobs.length; i++) s[i] = shapeDistance(i, w);
                shapes.add(s);
            }
        }
        int n = Math.max(1, shapes.size());
        for (int i = 0; i < radii.length; i++) radii[i] = Math.sqrt(targetShares[i + 1]);
        for (int iter = 0; iter < 80; iter++) {
            int[] counts = new int[blobs.length];
            for (double[] s : shapes) {
                int b = claim(s, radii);
                if (b >= 0) counts[b]++;
            }
            for (int i = 0; i < radii.length; i++) {
                double ratio = targetShares[i + 1] / Math.max(counts[i], 0.5) * n;
                radii[i] *= Math.min(1.25, Math.max(0.8, Math.pow(ratio, 0.35)));
            }
        }
    }

    /** The share of the particle each label was drawn to cover. */
    double[] targetShares() {
        return targetShares.clone();
    }

    double gradientAmplitude() {
        return gradientAmplitude;
    }

    @Override
    public List<PlantedDomain> domains() {
        return domains;
    }

    /** Radius normalised by the wavy outline: below 1 inside the particle. */
    @Override
    public double radius(double row, double col) {
        double dr = (row - cr) / ar, dc = (col - cc) / ac;
        double theta = Math.atan2(dr, dc), edge = 1;
        for (int k = 0; k < outline.length; k++) edge += outline[k][0] * Math.cos((k + 2) * theta + outline[k][1]);
        return Math.hypot(dr, dc) / edge;
    }

    @Override
    public PlantedDomain domainAt(double row, double col) {
        double[] w = warped((row - cr) / ar, (col - cc) / ac), s = new double[blobs.length];
        for (int i = 0; i < blobs.length; i++) s[i] = shapeDistance(i, w);
        return domains.get(claim(s, radii) + 1);
    }

    /** A linear ramp whose peak-to-peak over the scan positions inside the particle is the gradient amplitude. */
    @Override
    public double gradientStrain(double row, double col) {
        double p = (row - cr) * gradRow + (col - cc) * gradCol;
        return gradientAmplitude * ((p - gradMin) / gradRange - 0.5);
    }

    @Override
    public double[][] texture() {
        return texture;
    }
}
