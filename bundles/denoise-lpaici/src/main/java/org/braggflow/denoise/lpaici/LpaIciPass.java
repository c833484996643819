package org.braggflow.denoise.lpaici;

import java.util.Arrays;
import org.braggflow.spatial.IntList;
import org.braggflow.spatial.KdTree;
import org.braggflow.spatial.NeighboursInTurn;

/**
 * One pass of LPA-ICI over a cloud already scaled to unit surface density (docs/method.md, section 3).
 *
 * <p>For every centre (every point, or every {@code centreStep}-th in the cloud's Morton order): its
 * {@link LocalFrame} from the PCA of its nearest neighbours; the plane fits of its four directional
 * neighbourhoods at every scale and the ICI scale of each direction ({@link DirectionalFits}); then
 * each adaptive neighbourhood lends every point inside it an estimate, the point moved along the
 * neighbourhood's normal onto the fitted plane, weighted by an inverse variance
 * ({@link AggregationWeight}). Each point's output is the weighted mean of all the estimates it
 * received (a centre's own four directions among them); a point that received none stays put. The
 * per-point work reuses buffers, so a pass allocates only the tree, the output and the accumulators.
 */
final class LpaIciPass {

    private final float[] xyz;
    private final int n;
    private final double sigma;
    private final double[] side;       // h_s: side of the square neighbourhoods
    private final double[] halfDepth;  // t_s: reach of the neighbourhoods along the normal
    private final double gamma;
    private final int neighbours;
    private final int minPoints;
    private final double maxResidual;
    private final boolean pointwise;
    private final double[][] boxExtents;   // per scale: the box of side h_s across and depth t_s
    private final double[] boxAxes = new double[9];

    private final KdTree tree;
    private final NeighboursInTurn nearest;
    private final IntList candidates = new IntList();   // the points of the current box's shell
    private final LocalFrame frame;
    private final DirectionalFits fits;
    private final DirectionalFits.Ici ici;
    private final ScaleLookup acrossScale, depthScale;
    private final int[] chosen = new int[DirectionalFits.DIRECTIONS];
    private final double[] chosenWeight = new double[DirectionalFits.DIRECTIONS];
    // per candidate: its coordinates (u, v, w) in the frame side by side, its bin and its index in the cloud
    private double[] candidateUvw = new double[3 * 256];
    private int[] candidateBin = new int[256];
    private int[] candidateIndex = new int[256];
    private final IntList onAxis = new IntList();      // candidates on a tangent axis
    private final IntList onAxisScale = new IntList(); // and the smallest box holding each

    /** The box where the last centre's ICI searches ended: the first box queried for the next one. */
    private int lastEnd;

    private final int centreStep;
    private final double[] weightSum;
    private final double[] positionSum;

    /**
     * @param xyz   the cloud at unit surface density; read, never written
     * @param sigma noise standard deviation of this pass's input, in the same units
     */
    LpaIciPass(float[] xyz, double sigma, LpaIciFilter.Settings settings) {
        this.xyz = xyz;
        this.n = xyz.length / 3;
        this.sigma = sigma;
        this.side = settings.scales();
        this.gamma = settings.gamma();
        this.neighbours = Math.min(settings.neighbours(), n);
        this.minPoints = settings.minPoints();
        this.maxResidual = settings.maxResidual();
        this.pointwise = settings.weights() == AggregationWeight.POINTWISE;
        int last = side.length - 1;
        // Deep enough to hold the noise (points clipped at the noise would pull the plane towards the
        // point) and the bend of a curved surface across the square, so that the ICI sees the bias;
        // shallow enough to leave out a neighbouring sheet or a stray point.
        halfDepth = new double[side.length];
        for (int s = 0; s <= last; s++) {
            halfDepth[s] = Math.max(settings.halfDepthPerSide() * side[s], settings.halfDepthSigmas() * sigma);
        }
        // Candidates come from the boxes (side h across, depth +-t, in the point's frame), each holding the
        // smaller ones. The authors' wrapper searches the ball of radius sqrt3 x max(largest side, 3 sigma)
        // around the point; box queries on the tree find the points that matter, in the order a ball query
        // lists them, while looking at far fewer (docs/method.md, section 3).
        boxExtents = new double[side.length][];
        for (int s = 0; s <= last; s++) boxExtents[s] = new double[] {side[s], side[s], halfDepth[s]};
        tree = new KdTree(xyz);
        // the frame's sums do not depend on the neighbours' order, so they come unsorted
        nearest = new NeighboursInTurn(xyz, tree, neighbours, true, false);
        frame = new LocalFrame(xyz, neighbours);
        fits = new DirectionalFits(side.length);
        ici = fits.new Ici(gamma, sigma, maxResidual);
        acrossScale = new ScaleLookup(side);
        depthScale = new ScaleLookup(halfDepth);
        centreStep = settings.centreStep();
        weightSum = new double[n];
        positionSum = new double[3 * n];
    }

    /** The denoised positions. */
    float[] run() {
        // A centre's neighbourhoods lend estimates to a hundred points or more, so centres a step apart in
        // Morton order (spread evenly) still give each point most of what it would receive from every
        // point; centreStep 1 is the authors' filter (docs/method.md, section 3).
        for (int i = 0; i < n; i += centreStep) estimateAround(i);
        float[] out = new float[3 * n];
        for (int i = 0; i < n; i++) {
            double w = weightSum[i];
            for (int c = 0; c < 3; c++) {
                out[3 * i + c] = w > 0 ? (float) (positionSum[3 * i + c] / w) : xyz[3 * i + c];
            }
        }
        return out;
    }

    /** All the work centred on point i: frame, fits, ICI scales and the estimates lent to its neighbourhoods. */
    private void estimateAround(int i) {
        float px = xyz[3 * i], py = xyz[3 * i + 1], pz = xyz[3 * i + 2];
        // centres come in Morton order, each near the last
        frame.localFrame(i, nearest.of(i));

        boxAxes[0] = frame.ux;
        boxAxes[1] = frame.uy;
        boxAxes[2] = frame.uz;
        boxAxes[3] = frame.vx;
        boxAxes[4] = frame.vy;
        boxAxes[5] = frame.vz;
        boxAxes[6] = frame.nx;
        boxAxes[7] = frame.ny;
        boxAxes[8] = frame.nz;
        // The neighbourhood grows box by box (side h_s across, depth t_s): each box's new points are binned
        // at their scales and the four ICI searches move on; once every search has ended no larger box can
        // be chosen, and its points, most of the largest box's on a solid peak (each box holds 2.8 times the
        // last), are never looked at. The first query takes the box where the last centre's searches ended
        // (centres come in Morton order, each near the last), then one shell at a time: one query
        // where the searches run to the largest box, as on a thin shell at the authors' scale. A box's new
        // points come in the order one query of the largest box would list them, so the sums, and the
        // output, are those of binning that box.
        fits.clear();
        onAxis.clear();
        onAxisScale.clear();
        ici.start();
        int kept = 0, from = 0, upTo = lastEnd, end = -1;
        while (end < 0) {
            candidates.clear();
            int m = from == 0 ? tree.withinBox(px, py, pz, boxAxes, boxExtents[upTo], candidates)
                    : tree.withinBoxShell(px, py, pz, boxAxes, boxExtents[from - 1], boxExtents[upTo], candidates);
            ensureCapacity(kept + m);
            kept = binShell(px, py, pz, m, from, upTo, kept);
            for (int s = from; s <= upTo && end < 0; s++) {
                fits.fitScale(s, minPoints);
                if (!ici.step(s) || s == side.length - 1) end = s;
            }
            from = upTo + 1;
            upTo = from;
        }
        lastEnd = end;
        boolean any = false;
        for (int d = 0; d < DirectionalFits.DIRECTIONS; d++) {
            int s = ici.chosen(d);
            chosen[d] = s;
            // sigma^2 is common to every estimate of the pass and cancels in the weighted mean.
            if (s >= 0) chosenWeight[d] = 1 / fits.variance(d, s, 0, 0);
            any |= s >= 0;
        }
        if (any) aggregate(kept);
    }

    /**
     * Bins the candidates of the shell between boxes {@code from - 1} and {@code upTo}: each one's
     * coordinates in the frame, its smallest box and its bin (scale x DIRECTIONS + quadrant), and the
     * directional sums. A candidate whose smallest box is not in from..upTo (one a rounding error from a
     * face, which the box queries may list twice) is left for the shell it belongs to: it is written and
     * then overwritten, and its sums go to the bins of no neighbourhood. Nothing here branches on the
     * candidate except the rare point on a tangent axis: which box and quadrant a candidate falls in is
     * as good as random, and testing them in turn, with a mispredicted branch or two per candidate, made
     * the pass 1.3x slower on a solid peak. A method of its own so that the compiler inlines what the
     * loop calls (inside the larger method it called them per candidate). Returns the number of
     * candidates kept so far.
     */
    private int binShell(float px, float py, float pz, int m, int from, int upTo, int kept) {
        int none = side.length, noBin = none * DirectionalFits.DIRECTIONS;
        for (int k = 0; k < m; k++) {
            int i = candidates.get(k), j = 3 * i;
            double dx = xyz[j] - px, dy = xyz[j + 1] - py, dz = xyz[j + 2] - pz;
            double u = dx * frame.ux + dy * frame.uy + dz * frame.uz;
            double v = dx * frame.vx + dy * frame.vy + dz * frame.vz;
            double w = dx * frame.nx + dy * frame.ny + dz * frame.nz;
            // the smallest box (side h_s across, depth t_s) that holds the candidate; none when it is in no box
            int s = Math.max(acrossScale.first(largerMagnitude(u, v)), depthScale.first(Math.abs(w)));
            boolean mine = s >= from & s <= upTo;
            candidateIndex[kept] = i;
            candidateUvw[3 * kept] = u;
            candidateUvw[3 * kept + 1] = v;
            candidateUvw[3 * kept + 2] = w;
            if (mine && (u == 0 || v == 0)) {
                // on a tangent axis (the point itself among them): in two quadrants or all four, lent to apart
                candidateBin[kept] = noBin;
                onAxis.add(kept);
                onAxisScale.add(s);
                fits.add(s, u, v, w);
            } else {
                int bin = mine ? s * DirectionalFits.DIRECTIONS + DirectionalFits.quadrant(u, v) : noBin;
                candidateBin[kept] = bin;
                fits.addToBin(bin, u, v, w);
            }
            kept += mine ? 1 : 0;
        }
        return kept;
    }

    /**
     * max(|a|, |b|) by the bits: with the sign bit cleared, doubles order as their bits do, and an
     * integer maximum needs no branch; the JDK's maximum of doubles, which must order -0 and NaN,
     * measured slower than this in a loop like the binning's.
     */
    private static double largerMagnitude(double a, double b) {
        long magnitude = Long.MAX_VALUE;
        return Double.longBitsToDouble(Math.max(Double.doubleToRawLongBits(a) & magnitude, Double.doubleToRawLongBits(b) & magnitude));
    }

    /**
     * Lends every candidate inside an adaptive neighbourhood that neighbourhood's estimate of it: the
     * candidate moved along this frame's normal onto the fitted plane.
     */
    private void aggregate(int m) {
        int none = side.length;
        for (int k = 0; k < m; k++) {
            int bin = candidateBin[k];
            int s = bin / DirectionalFits.DIRECTIONS, d = bin % DirectionalFits.DIRECTIONS;
            if (s < none && chosen[d] >= s) lend(k, d, chosen[d]);
        }
        for (int a = 0; a < onAxis.size(); a++) {
            int k = onAxis.get(a);
            int s = onAxisScale.get(a);
            for (int d = 0; d < DirectionalFits.DIRECTIONS; d++) {
                int h = chosen[d];
                if (h >= s && DirectionalFits.contains(d, candidateUvw[3 * k], candidateUvw[3 * k + 1])) lend(k, d, h);
            }
        }
    }

    /** Candidate k's estimate from direction d's neighbourhood of scale h, added to what it has received. */
    private void lend(int k, int d, int h) {
        double u = candidateUvw[3 * k], v = candidateUvw[3 * k + 1], w = candidateUvw[3 * k + 2];
        int j = candidateIndex[k];
        double shift = fits.height(d, h, u, v) - w;
        double weight = pointwise ? 1 / fits.variance(d, h, u, v) : chosenWeight[d];
        weightSum[j] += weight;
        positionSum[3 * j] += weight * (xyz[3 * j] + shift * frame.nx);
        positionSum[3 * j + 1] += weight * (xyz[3 * j + 1] + shift * frame.ny);
        positionSum[3 * j + 2] += weight * (xyz[3 * j + 2] + shift * frame.nz);
    }

    private void ensureCapacity(int m) {
        if (candidateBin.length >= m) return;
        int size = Math.max(m, 2 * candidateBin.length);
        candidateUvw = Arrays.copyOf(candidateUvw, 3 * size);
        candidateBin = Arrays.copyOf(candidateBin, size);
        candidateIndex = Arrays.copyOf(candidateIndex, size);
    }
}
