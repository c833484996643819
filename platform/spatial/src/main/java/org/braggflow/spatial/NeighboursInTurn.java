package org.braggflow.spatial;

/**
 * The k nearest points of each point of a cloud, asked for in turn, each point a neighbour in space of
 * the one asked for before (a cloud in raster, Morton or tree order). The last point's k-th distance,
 * 1.15 times, is the first radius tried ({@link KdTree#nearest(float, float, float, int, int, double, double, Neighbours)});
 * that distance plus the step between the two points, which holds the last point's k nearest and the
 * last point itself, is the second, so the heap search is almost never needed: on voxel clouds, whose
 * distances come in steps, the first guess often falls just short, and the heap search took a tenth of
 * LPA-ICI's time. The neighbours are those of {@link KdTree#nearest(float, float, float, int, int, Neighbours)},
 * ties included, and so is their order unless the caller asks for none. One per thread.
 */
public final class NeighboursInTurn {

    /** The first radius tried, relative to the last point's k-th distance (1.1-1.2 measured alike). */
    private static final double GUESS = 1.15;

    private final float[] xyz;
    private final KdTree tree;
    private final int k;
    private final boolean withSelf;
    private final Neighbours found;
    private int last = -1;
    private double lastKth;

    /**
     * @param xyz      the cloud the tree was built on
     * @param k        neighbours per point
     * @param withSelf whether a point counts among its own neighbours (at distance 0)
     */
    public NeighboursInTurn(float[] xyz, KdTree tree, int k, boolean withSelf) {
        this(xyz, tree, k, withSelf, true);
    }

    /**
     * @param sorted whether each point's neighbours come sorted nearest first; a caller that needs only
     *               the set saves the sort ({@link Neighbours#Neighbours(boolean)})
     */
    public NeighboursInTurn(float[] xyz, KdTree tree, int k, boolean withSelf, boolean sorted) {
        this.found = new Neighbours(sorted);
        this.xyz = xyz;
        this.tree = tree;
        this.k = k;
        this.withSelf = withSelf;
    }

    /** Point i's k nearest; the buffer is reused, valid until the next call. */
    public Neighbours of(int i) {
        double step = 0;
        if (last >= 0) {
            double dx = xyz[3 * i] - xyz[3 * last], dy = xyz[3 * i + 1] - xyz[3 * last + 1], dz = xyz[3 * i + 2] - xyz[3 * last + 2];
            step = Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
        tree.nearest(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2], k, withSelf ? -1 : i, GUESS * lastKth, lastKth + step, found);
        lastKth = Math.sqrt(found.farthestDistanceSquared());
        last = i;
        return found;
    }
}
