package org.braggflow.spatial;

/**
 * A compact, immutable 3-D kd-tree over a flat {@code x0,y0,z0,x1,...} array, for k-nearest-neighbour
 * and radius queries on clouds of a few thousand to a few hundred thousand points.
 *
 * <p>Written by hand rather than taken from a library: the tree is one permutation array plus a copy
 * of the coordinates in tree order (no node objects), so building 200k points allocates two arrays
 * and queries touch contiguous memory; queries allocate nothing when the caller reuses a
 * {@link Neighbours} buffer. The tree is read-only after construction, so any number of threads may
 * query it at once without locks.
 *
 * <p>Layout: an implicit balanced tree over index ranges. The node of range [lo, hi) is its middle
 * element; its left subtree is [lo, mid), its right (mid, hi); ranges of at most {@value #LEAF}
 * points are scanned linearly.
 */
public final class KdTree {

    private static final int LEAF = 12;
    /** Recent queries whose k-th distances bound the next query's radius (8 rather than 1: 198 instead of 270 candidates per query at k = 100 on 20,000 points, 18 % less time). */
    private static final int RECENT = 8;
    /**
     * The first radius tried for the next point's k nearest, relative to the last point's k-th
     * distance. Measured at k = 100, timing the mean distances alone: 1.1 to 1.2 all gave 1.3x on a
     * solid peak of about 3000 voxels (255 -> 165 candidates per point, a second search for 5 % of the
     * points) and 1.1x on a 2048-point shell.
     */
    private static final double GUESS = 1.15;

    private final float[] pts;      // coordinates in tree order
    private final int[] index;      // tree position -> original point index
    private final int[] preorder;   // original indices in the order a traversal lists them: node, left subtree, right subtree
    private final byte[] axis;      // split axis of the node stored at a tree position
    private final int n;
    /**
     * The bounding box of each subtree's points, min x, y, z then max x, y, z, stored at the subtree's
     * middle position (unique for leaves too): tighter than the cell its split planes bound, which on a
     * thin shell is mostly empty space, so that a box query settles whole subtrees sooner.
     */
    private final float[] bounds;

    public KdTree(float[] xyz) {
        if (xyz.length % 3 != 0) throw new IllegalArgumentException("coordinate count is not a multiple of 3");
        n = xyz.length / 3;
        index = new int[n];
        for (int i = 0; i < n; i++) index[i] = i;
        axis = new byte[n];
        float[] source = xyz;
        build(source, 0, n);
        pts = new float[3 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(source, 3 * index[i], pts, 3 * i, 3);
        }
        preorder = new int[n];
        listInPreorder(0, n, 0);
        bounds = new float[6 * n];
        if (n > 0) bound(0, n);
    }

    public int size() {
        return n;
    }

    /** Fills {@link #bounds} for the subtree [lo, hi) and the subtrees below it. */
    private void bound(int lo, int hi) {
        int mid = (lo + hi) >>> 1, b = 6 * mid;
        for (int c = 0; c < 3; c++) {
            bounds[b + c] = Float.POSITIVE_INFINITY;
            bounds[b + 3 + c] = Float.NEGATIVE_INFINITY;
        }
        if (hi - lo <= LEAF) {
            for (int i = lo; i < hi; i++) include(b, 3 * i, pts);
            return;
        }
        bound(lo, mid);
        bound(mid + 1, hi);
        include(b, 3 * mid, pts);
        // both subtrees hold points: a split node has more than LEAF
        for (int child : new int[] {(lo + mid) >>> 1, (mid + 1 + hi) >>> 1}) {
            include(b, 6 * child, bounds);
            include(b, 6 * child + 3, bounds);
        }
    }

    /** Grows the bounding box at {@code bounds[b]} to hold the point {@code from[f..f+2]}. */
    private void include(int b, int f, float[] from) {
        for (int c = 0; c < 3; c++) {
            bounds[b + c] = Math.min(bounds[b + c], from[f + c]);
            bounds[b + 3 + c] = Math.max(bounds[b + 3 + c], from[f + c]);
        }
    }

    /** Fills {@link #preorder} for the subtree [lo, hi), whose points start at {@code start} there. */
    private void listInPreorder(int lo, int hi, int start) {
        if (hi - lo <= LEAF) {
            System.arraycopy(index, lo, preorder, start, hi - lo);
            return;
        }
        int mid = (lo + hi) >>> 1;
        preorder[start] = index[mid];
        listInPreorder(lo, mid, start + 1);
        listInPreorder(mid + 1, hi, start + 1 + (mid - lo));
    }

    private void build(float[] src, int lo, int hi) {
        while (hi - lo > LEAF) {
            int a = widestAxis(src, lo, hi);
            int mid = (lo + hi) >>> 1;
            select(src, lo, hi - 1, mid, a);
            axis[mid] = (byte) a;
            if (mid - lo > hi - mid - 1) {
                build(src, mid + 1, hi);
                hi = mid;
            } else {
                build(src, lo, mid);
                lo = mid + 1;
            }
        }
    }

    private int widestAxis(float[] src, int lo, int hi) {
        float[] min = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE};
        float[] max = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = lo; i < hi; i++) {
            int p = 3 * index[i];
            for (int d = 0; d < 3; d++) {
                float v = src[p + d];
                if (v < min[d]) min[d] = v;
                if (v > max[d]) max[d] = v;
            }
        }
        float s0 = max[0] - min[0], s1 = max[1] - min[1], s2 = max[2] - min[2];
        return s0 >= s1 ? (s0 >= s2 ? 0 : 2) : (s1 >= s2 ? 1 : 2);
    }

    /** Quickselect on index[lo..hi] so that index[k] holds the k-th smallest coordinate along axis a. */
    private void select(float[] src, int lo, int hi, int k, int a) {
        while (hi > lo) {
            float pivot = src[3 * index[(lo + hi) >>> 1] + a];
            int i = lo, j = hi;
            while (i <= j) {
                while (src[3 * index[i] + a] < pivot) i++;
                while (src[3 * index[j] + a] > pivot) j--;
                if (i <= j) {
                    int t = index[i];
                    index[i] = index[j];
                    index[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    /**
     * Finds the {@code k} nearest points to (x, y, z), skipping the point with original index
     * {@code exclude} (pass -1 to keep all). Results go into {@code out}, nearest first; ties in
     * distance are ordered by original index so results do not depend on the tree's shape.
     */
    public void nearest(float x, float y, float z, int k, int exclude, Neighbours out) {
        out.reset(k);
        if (k > 0 && n > 0) search(0, n, x, y, z, exclude, out);
        out.sortAscending();
    }

    /**
     * {@link #nearest(float, float, float, int, int, Neighbours)} for a caller that can guess how far
     * the k-th nearest lies (the k-th distance of a query just before, nearby): the points within
     * {@code radius} are gathered without branching on them, and the k nearest of them picked and
     * sorted. The result is the same, ties and order included, whatever the guess; a radius holding
     * fewer than k points costs the ordinary search as well. The heap of the ordinary search
     * mispredicted a branch or two for most of the points it offered (at k = 50 in LPA-ICI's local
     * frames this takes about half the time).
     */
    public void nearest(float x, float y, float z, int k, int exclude, double radius, Neighbours out) {
        nearest(x, y, z, k, exclude, radius, 0, out);
    }

    /**
     * {@link #nearest(float, float, float, int, int, double, Neighbours)} with a second, safe radius
     * tried when the first holds fewer than k points: one that is known to hold k, such as a nearby
     * query's k-th distance plus the distance between the two query points. Only when that fails too
     * does the ordinary search run. The result is the same whatever the radii.
     */
    public void nearest(float x, float y, float z, int k, int exclude, double radius, double safeRadius, Neighbours out) {
        if (!(radius > 0) || k <= 0 || k >= n) {
            nearest(x, y, z, k, exclude, out);
            return;
        }
        out.reset(k);
        out.clearCandidates();
        gather(0, n, x, y, z, radius * radius, exclude, out);
        if (out.candidates() < k && safeRadius > radius) {
            out.clearCandidates();
            gather(0, n, x, y, z, safeRadius * safeRadius, exclude, out);
        }
        if (out.candidates() < k) {
            nearest(x, y, z, k, exclude, out);
            return;
        }
        out.keepNearestCandidates(k);
    }

    /** Every point within sqrt(r2) but {@code exclude} into the candidates of {@code out}, with its squared distance as {@link #offer} computes it. */
    private void gather(int lo, int hi, float x, float y, float z, double r2, int exclude, Neighbours out) {
        if (hi - lo <= LEAF) {
            out.reserveCandidates(hi - lo);
            for (int i = lo; i < hi; i++) out.putCandidate(index[i], dist2(i, x, y, z), r2, exclude);
            return;
        }
        int mid = (lo + hi) >>> 1;
        double d = splitOffset(mid, x, y, z);
        out.reserveCandidates(1);
        out.putCandidate(index[mid], dist2(mid, x, y, z), r2, exclude);
        if (d < 0 || d * d <= r2) gather(lo, mid, x, y, z, r2, exclude, out);
        if (d >= 0 || d * d <= r2) gather(mid + 1, hi, x, y, z, r2, exclude, out);
    }

    private void search(int lo, int hi, float x, float y, float z, int exclude, Neighbours out) {
        if (hi - lo <= LEAF) {
            for (int i = lo; i < hi; i++) offer(i, x, y, z, exclude, out);
            return;
        }
        int mid = (lo + hi) >>> 1;
        int a = axis[mid];
        float q = a == 0 ? x : a == 1 ? y : z;
        float d = q - pts[3 * mid + a];
        if (d < 0) {
            search(lo, mid, x, y, z, exclude, out);
            offer(mid, x, y, z, exclude, out);
            if ((double) d * d <= out.bound()) search(mid + 1, hi, x, y, z, exclude, out);
        } else {
            search(mid + 1, hi, x, y, z, exclude, out);
            offer(mid, x, y, z, exclude, out);
            if ((double) d * d <= out.bound()) search(lo, mid, x, y, z, exclude, out);
        }
    }

    private void offer(int i, float x, float y, float z, int exclude, Neighbours out) {
        int original = index[i];
        if (original == exclude) return;
        out.offer(original, dist2(i, x, y, z));
    }

    /**
     * Appends to {@code out} the original indices of all points within {@code radius} of (x, y, z),
     * in no particular order; returns how many were found.
     */
    public int withinRadius(float x, float y, float z, double radius, IntList out) {
        int before = out.size();
        if (n > 0) radius(0, n, x, y, z, radius * radius, out);
        return out.size() - before;
    }

    private void radius(int lo, int hi, float x, float y, float z, double r2, IntList out) {
        if (hi - lo <= LEAF) {
            for (int i = lo; i < hi; i++) {
                if (dist2(i, x, y, z) <= r2) out.add(index[i]);
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        double d = splitOffset(mid, x, y, z);
        if (dist2(mid, x, y, z) <= r2) out.add(index[mid]);
        if (d < 0 || d * d <= r2) radius(lo, mid, x, y, z, r2, out);
        if (d >= 0 || d * d <= r2) radius(mid + 1, hi, x, y, z, r2, out);
    }

    /**
     * Appends to {@code out} the original indices of the points of an oriented box, and perhaps a few
     * within a relative 1e-6 of its faces (the caller decides those exactly); returns how many were
     * added. The box is centred on (x, y, z) with orthonormal axes {@code axes[3k .. 3k+2]} and half
     * extents {@code extents[k]}: a point p is in it when |axis_k . (p - centre)| <= extents[k] for
     * k = 0, 1, 2, the offsets taken as float differences as the other queries take them. Points come
     * in the order {@link #withinRadius} lists them for any ball around the box.
     *
     * <p>Subtrees are skipped when the box and the subtree's bounding box are separated along one of
     * the six axes of the two boxes, and taken whole, point by point unchecked, when their bounding box
     * lies inside it: a flat box across a solid cloud then looks at a fraction of the points a ball
     * around it would, and a box larger than the cloud at few of them.
     */
    public int withinBox(float x, float y, float z, double[] axes, double[] extents, IntList out) {
        int before = out.size();
        if (n > 0) new BoxQuery(x, y, z, axes, extents, null, out).visit(0, n, 0);
        return out.size() - before;
    }

    /**
     * {@link #withinBox} for the shell between two boxes of the same centre and axes: the points of the
     * box {@code extents} less those certainly inside the smaller box {@code innerExtents} (every
     * {@code innerExtents[k] <= extents[k]}). Points within a relative 1e-6 of the inner box's faces may
     * come in both queries, as points near the outer faces may; the caller decides them exactly. The
     * points come in the order {@link #withinBox} lists them, so a caller that grows a neighbourhood box
     * by box sees each box's new points in the order one query of the largest box would give them.
     */
    public int withinBoxShell(float x, float y, float z, double[] axes, double[] innerExtents, double[] extents, IntList out) {
        int before = out.size();
        if (n > 0) new BoxQuery(x, y, z, axes, extents, innerExtents, out).visit(0, n, 0);
        return out.size() - before;
    }

    /** One oriented-box query: its box, and the recursion over the tree with each subtree's bounding box. */
    private final class BoxQuery {
        private final float x, y, z;
        private final double[] axes;
        private final double[] slackExtents;  // the extents with the relative slack
        private final double[] insideExtents; // the extents less the slack: a subtree within them is inside for certain
        private final double[] reach;         // the box's half extent along each coordinate axis
        private final IntList out;

        private final double[] innerExtents;  // a shell query's inner box, less the slack; null for a box query

        BoxQuery(float x, float y, float z, double[] axes, double[] extents, double[] inner, IntList out) {
            this.x = x;
            this.y = y;
            this.z = z;
            this.axes = axes;
            this.out = out;
            slackExtents = new double[3];
            insideExtents = new double[3];
            reach = new double[3];
            for (int k = 0; k < 3; k++) {
                slackExtents[k] = extents[k] * (1 + 1e-6) + 1e-9;
                insideExtents[k] = extents[k] * (1 - 1e-6) - 1e-9;
                for (int i = 0; i < 3; i++) reach[i] += slackExtents[k] * Math.abs(axes[3 * k + i]);
            }
            if (inner == null) {
                innerExtents = null;
            } else {
                innerExtents = new double[3];
                for (int k = 0; k < 3; k++) innerExtents[k] = inner[k] * (1 - 1e-6) - 1e-9;
            }
        }

        /** The subtree [lo, hi), whose points start at {@code start} in {@link #preorder}. */
        void visit(int lo, int hi, int start) {
            if (hi == lo) return;
            int b = 6 * ((lo + hi) >>> 1);
            int relation = relation(b);
            if (relation == OUTSIDE) return;
            if (innerExtents != null) {
                int inner = innerRelation(b);
                if (inner == INSIDE) return;
                // a subtree that reaches into the inner box is split further, so that its inner points are not listed
                if (inner == CROSSING && relation == INSIDE) relation = CROSSING;
            }
            if (relation == INSIDE) {
                // a subtree's points lie together in the traversal's order: one copy
                out.addAll(preorder, start, hi - lo);
                return;
            }
            if (hi - lo <= LEAF) {
                out.reserve(hi - lo);
                for (int i = lo; i < hi; i++) offer(i);
                return;
            }
            int mid = (lo + hi) >>> 1;
            out.reserve(1);
            offer(mid);
            visit(lo, mid, start + 1);
            visit(mid + 1, hi, start + 1 + (mid - lo));
        }

        /**
         * Lists point i when it lies in the box (room reserved by the caller). Whether a point near the
         * box's faces is in or out is as good as random, so the three tests are combined without a branch.
         */
        private void offer(int i) {
            double dx = pts[3 * i] - x, dy = pts[3 * i + 1] - y, dz = pts[3 * i + 2] - z;
            double a = Math.abs(dx * axes[0] + dy * axes[1] + dz * axes[2]);
            double b = Math.abs(dx * axes[3] + dy * axes[4] + dz * axes[5]);
            double c = Math.abs(dx * axes[6] + dy * axes[7] + dz * axes[8]);
            boolean in = a <= slackExtents[0] & b <= slackExtents[1] & c <= slackExtents[2];
            if (innerExtents != null) in &= !(a <= innerExtents[0] & b <= innerExtents[1] & c <= innerExtents[2]);
            out.putIf(index[i], in);
        }

        // the centre of the subtree's bounding box, relative to the query box's, and its half sides
        private double cx, cy, cz, hx, hy, hz;

        /** Sets {@link #cx} ... {@link #hz} from the bounding box at {@code bounds[b]}. */
        private void centre(int b) {
            cx = 0.5 * ((double) bounds[b] + bounds[b + 3]) - x;
            cy = 0.5 * ((double) bounds[b + 1] + bounds[b + 4]) - y;
            cz = 0.5 * ((double) bounds[b + 2] + bounds[b + 5]) - z;
            hx = 0.5 * ((double) bounds[b + 3] - bounds[b]);
            hy = 0.5 * ((double) bounds[b + 4] - bounds[b + 1]);
            hz = 0.5 * ((double) bounds[b + 5] - bounds[b + 2]);
        }

        /**
         * Where the subtree's bounding box lies against the inner box less its slack: inside (every corner
         * within it: no point of the subtree belongs to the shell), outside (separated along one of the
         * inner box's axes: every point of the subtree does, if it is in the outer box), or across its faces.
         */
        private int innerRelation(int b) {
            centre(b);
            boolean inside = true, apart = false;
            for (int k = 0; k < 3; k++) {
                double ax = axes[3 * k], ay = axes[3 * k + 1], az = axes[3 * k + 2];
                double along = Math.abs(cx * ax + cy * ay + cz * az);
                double half = hx * Math.abs(ax) + hy * Math.abs(ay) + hz * Math.abs(az);
                inside &= along + half <= innerExtents[k];
                apart |= along - half > innerExtents[k];
            }
            return inside ? INSIDE : apart ? OUTSIDE : CROSSING;
        }

        private static final int OUTSIDE = 0, CROSSING = 1, INSIDE = 2;

        /**
         * Where the subtree's bounding box lies: wholly outside the query box (separated along one of the
         * six axes of the two boxes), wholly inside it (every corner within the box's extents; the slack
         * only adds points the caller rejects), or across its faces.
         */
        private int relation(int b) {
            if (bounds[b] > x + reach[0] || bounds[b + 3] < x - reach[0]) return OUTSIDE;
            if (bounds[b + 1] > y + reach[1] || bounds[b + 4] < y - reach[1]) return OUTSIDE;
            if (bounds[b + 2] > z + reach[2] || bounds[b + 5] < z - reach[2]) return OUTSIDE;
            centre(b);
            boolean inside = true;
            for (int k = 0; k < 3; k++) {
                double ax = axes[3 * k], ay = axes[3 * k + 1], az = axes[3 * k + 2];
                double along = Math.abs(cx * ax + cy * ay + cz * az);
                double half = hx * Math.abs(ax) + hy * Math.abs(ay) + hz * Math.abs(az);
                if (along > slackExtents[k] + half) return OUTSIDE;
                inside &= along + half <= insideExtents[k];
            }
            return inside ? INSIDE : CROSSING;
        }
    }

    /**
     * The mean distance of every point to its {@code k} nearest other points (a duplicate of a point
     * counts, at distance 0), indexed like the input; {@code k} is capped at {@code size() - 1}.
     *
     * <p>This all-points query is what statistical outlier removal needs, and it is built for large k
     * (100 in the authors' call): points are visited in tree order, so consecutive queries are
     * neighbours in space, and each query is a radius search whose radius comes from the previous one
     * by the triangle inequality (a recent point's k-th distance plus the step between the two points
     * always encloses at least k points; the smallest such bound of the last few points is used). The k smallest of the candidate distances are then
     * picked by selection, with no heap. That is 2.3x faster than {@link #nearest} per point at
     * k = 100 on 20,000 points (`braggflow bench`). Chunks of the tree order run in parallel when
     * {@code parallel} is set; the result does not depend on it.
     */
    public double[] meanNeighbourDistances(int k, boolean parallel) {
        double[] mean = new double[n];
        int kk = Math.min(k, n - 1);
        if (kk <= 0) return mean;
        int chunk = Math.max(2048, n / (8 * Runtime.getRuntime().availableProcessors()) + 1);
        int chunks = (n + chunk - 1) / chunk;
        java.util.stream.IntStream ids = java.util.stream.IntStream.range(0, chunks);
        if (parallel && chunks > 1) ids = ids.parallel();
        ids.forEach(c -> meanDistancesOfRange(c * chunk, Math.min(n, (c + 1) * chunk), kk, mean));
        return mean;
    }

    private void meanDistancesOfRange(int from, int to, int k, double[] mean) {
        Neighbours heap = new Neighbours();
        DoubleList found = new DoubleList(4 * k);
        // the last RECENT points' k-th distances; the smallest bound any of them gives is used
        double[] recentRadius = new double[RECENT];
        float[] recentPoint = new float[3 * RECENT];
        int done = 0;
        for (int pos = from; pos < to; pos++) {
            float x = pts[3 * pos], y = pts[3 * pos + 1], z = pts[3 * pos + 2];
            int m = 0;
            if (done > 0) {
                double bound = Double.MAX_VALUE;
                for (int j = Math.min(done, RECENT) - 1; j >= 0; j--) {
                    double sx = x - recentPoint[3 * j], sy = y - recentPoint[3 * j + 1], sz = z - recentPoint[3 * j + 2];
                    bound = Math.min(bound, recentRadius[j] + Math.sqrt(sx * sx + sy * sy + sz * sz));
                }
                // a relative slack covers rounding in the float differences; extra candidates only cost time
                double r = bound * (1 + 1e-6) + 1e-12;
                // The bound is safe but loose (about 1.6 times the k points needed in a solid cloud).
                // A guess from the last point's k-th distance holds k points most of the time and
                // otherwise costs a second search at the bound; either way the k nearest are exact.
                double guess = Math.min(r, recentRadius[(done - 1) % RECENT] * GUESS);
                found.clear();
                collect(0, n, x, y, z, guess * guess, pos, found);
                if (found.size < k && guess < r) {
                    found.clear();
                    collect(0, n, x, y, z, r * r, pos, found);
                }
                m = found.size;
            }
            double radius;
            double sum;
            if (m >= k) {
                double[] d2 = found.values;
                selectSmallest(d2, m, k);
                sum = 0;
                double kth = 0;
                for (int j = 0; j < k; j++) {
                    sum += Math.sqrt(d2[j]);
                    kth = Math.max(kth, d2[j]);
                }
                radius = Math.sqrt(kth);
            } else {
                nearest(x, y, z, k, index[pos], heap);
                sum = 0;
                for (int j = 0; j < heap.size(); j++) sum += Math.sqrt(heap.distanceSquared(j));
                radius = Math.sqrt(heap.distanceSquared(heap.size() - 1));
            }
            mean[index[pos]] = sum / k;
            int slot = done++ % RECENT;
            recentRadius[slot] = radius;
            System.arraycopy(pts, 3 * pos, recentPoint, 3 * slot, 3);
        }
    }

    /**
     * Squared distances (computed as {@link #offer} does) of the points within sqrt(r2), the one at tree
     * position {@code self} skipped. The same walk as {@link #gather} (the node tests shared), kept apart: this one writes no
     * indices and skips by tree position, and sharing gather cost outlier removal 15 % on a solid peak.
     */
    private void collect(int lo, int hi, float x, float y, float z, double r2, int self, DoubleList out) {
        if (hi - lo <= LEAF) {
            // every distance is written and the count advances by the test's 0 or 1: about half of a
            // leaf's points lie inside the ball, so a branch on it mispredicted often (1.4x on the
            // search of a 2048-point shell)
            out.reserve(hi - lo);
            double[] values = out.values;
            int size = out.size;
            for (int i = lo; i < hi; i++) {
                double d = dist2(i, x, y, z);
                values[size] = d;
                size += d <= r2 & i != self ? 1 : 0;
            }
            out.size = size;
            return;
        }
        int mid = (lo + hi) >>> 1;
        double d = splitOffset(mid, x, y, z);
        double dm = dist2(mid, x, y, z);
        out.reserve(1);
        out.values[out.size] = dm;
        out.size += dm <= r2 & mid != self ? 1 : 0;
        if (d < 0 || d * d <= r2) collect(lo, mid, x, y, z, r2, self, out);
        if (d >= 0 || d * d <= r2) collect(mid + 1, hi, x, y, z, r2, self, out);
    }

    /**
     * Afterwards a[0 .. k) hold the k smallest of a[0 .. m), in no particular order (0 < k <= m). A
     * quickselect whose partition does not branch on the values: whether a candidate distance is below
     * the pivot is as good as random, and the two-sided partition mispredicted about one branch per
     * element; this one swaps every element and advances the boundary by the comparison's 0 or 1
     * (1.8 to 0.6 us per query at k = 100 on a 2048-point shell).
     */
    static void selectSmallest(double[] a, int m, int k) {
        int lo = 0, hi = m;
        while (hi - lo > 1) {
            // median of three as the pivot, moved to the end of the range
            int mid = (lo + hi) >>> 1, last = hi - 1;
            if (a[mid] < a[lo]) swap(a, mid, lo);
            if (a[last] < a[lo]) swap(a, last, lo);
            if (a[mid] < a[last]) swap(a, mid, last);
            double pivot = a[last];
            int store = lo;
            for (int i = lo; i < last; i++) {
                double x = a[i];
                a[i] = a[store];
                a[store] = x;
                store += x < pivot ? 1 : 0;
            }
            // a[lo, store) < pivot <= a[store + 1, hi) once the pivot is placed
            int equal = store;
            if (store + 1 < k && store - lo < (hi - lo) >> 3) {
                // few below the pivot: gather the values equal to it too, so that runs of equal
                // distances (duplicate points) cannot make each round take one element
                for (int i = store; i < last; i++) {
                    double x = a[i];
                    a[i] = a[equal];
                    a[equal] = x;
                    equal += x == pivot ? 1 : 0;
                }
            }
            swap(a, equal, last);
            // a[lo, store) < pivot, a[store, equal] == pivot, a(equal, hi) >= pivot
            if (k <= store) hi = store;
            else if (k <= equal + 1) return;
            else lo = equal + 1;
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** A growable list of doubles reused across the queries of one range. */
    private static final class DoubleList {
        double[] values;
        int size;

        DoubleList(int capacity) {
            values = new double[capacity];
        }

        void add(double v) {
            if (size == values.length) values = java.util.Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        void clear() {
            size = 0;
        }

        /** Room for {@code more} values after the current ones. */
        void reserve(int more) {
            if (size + more > values.length) values = java.util.Arrays.copyOf(values, Math.max(2 * values.length, size + more));
        }
    }

    /** Signed offset of (x, y, z) from the split plane of the node at tree position {@code mid}, as the walks compare it. */
    private double splitOffset(int mid, float x, float y, float z) {
        int a = axis[mid];
        float q = a == 0 ? x : a == 1 ? y : z;
        return q - pts[3 * mid + a];
    }

    /** Squared distance of the point at tree position i from (x, y, z), as {@link #offer} computes it. */
    private double dist2(int i, float x, float y, float z) {
        double dx = pts[3 * i] - x, dy = pts[3 * i + 1] - y, dz = pts[3 * i + 2] - z;
        return dx * dx + dy * dy + dz * dz;
    }
}
