package org.braggflow.refine.stitched;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanSource;

/** The clustered positions on the scan grid with their labels: whose neighbourhood is mixed, whose is whole, and reading them again. */
final class PositionGrid {

    @FunctionalInterface
    interface VolumeVisitor {
        void visit(int index, PositionVolume volume);
    }

    private final FeatureTable table;
    private final int[] labels;
    private final int rows;
    private final int cols;
    private final int[] at;
    private final int[] clusterSizes;

    PositionGrid(FeatureTable table, int[] labels, int rows, int cols) {
        this.table = table;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
        this.at = new int[rows * cols];
        Arrays.fill(at, -1);
        for (int i = 0; i < table.size(); i++) {
            FeatureTable.Row r = table.rows().get(i);
            at[r.row() * cols + r.col()] = i;
        }
        int most = -1;
        for (int l : labels) most = Math.max(most, l);
        clusterSizes = new int[most + 1];
        for (int l : labels) if (l >= 0) clusterSizes[l]++;
    }

    /** How many positions hold the label. */
    int clusterSize(int label) {
        return label >= 0 && label < clusterSizes.length ? clusterSizes[label] : 0;
    }

    int size() {
        return table.size();
    }

    int label(int i) {
        return labels[i];
    }

    /** The index of the clustered position (dr, dc) away from position i, or -1 when that one was not clustered. */
    int neighbour(int i, int dr, int dc) {
        FeatureTable.Row r = table.rows().get(i);
        int row = r.row() + dr, col = r.col() + dc;
        if (row < 0 || col < 0 || row >= rows || col >= cols) return -1;
        return at[row * cols + col];
    }

    /** Positions with a neighbour of another label. */
    List<Integer> boundary() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            boolean mixed = false;
            for (int dr = -1; dr <= 1 && !mixed; dr++) {
                for (int dc = -1; dc <= 1; dc++) {
                    int j = neighbour(i, dr, dc);
                    if (j >= 0 && labels[j] != labels[i]) {
                        mixed = true;
                        break;
                    }
                }
            }
            if (mixed) out.add(i);
        }
        return out;
    }

    /**
     * Whether every position up to {@code reach} steps away was clustered with the position's label. At
     * reach 1 none of its frames can come from across a boundary (they were measured within half a
     * position); reach 2 also keeps away from positions the clusterer put on the wrong side.
     */
    boolean interior(int i, int reach) {
        return clear(i, reach, true);
    }

    /**
     * Whether no clustered position up to {@code reach} steps away has another label: like {@link #interior}
     * but a neighbour outside the clustered positions (beyond the particle's edge) does not count against it.
     */
    boolean clearOfOthers(int i, int reach) {
        return clear(i, reach, false);
    }

    private boolean clear(int i, int reach, boolean edgeCounts) {
        for (int dr = -reach; dr <= reach; dr++) {
            for (int dc = -reach; dc <= reach; dc++) {
                int j = neighbour(i, dr, dc);
                if (j < 0 ? edgeCounts : labels[j] != labels[i]) return false;
            }
        }
        return true;
    }

    /** The positions within one step of any of the given ones. */
    boolean[] windows(List<Integer> centres) {
        boolean[] in = new boolean[size()];
        for (int i : centres) {
            for (int dr = -1; dr <= 1; dr++) {
                for (int dc = -1; dc <= 1; dc++) {
                    int j = neighbour(i, dr, dc);
                    if (j >= 0) in[j] = true;
                }
            }
        }
        return in;
    }

    /** Reads the volumes of the positions flagged, a run of consecutive flagged positions of a scan row at a time. */
    void read(ScanSource scan, boolean[] flagged, VolumeVisitor visitor) throws IOException {
        for (int row = 0; row < rows; row++) {
            int col = 0;
            while (col < cols) {
                int i = at[row * cols + col];
                if (i < 0 || !flagged[i]) {
                    col++;
                    continue;
                }
                int first = col;
                while (col < cols && at[row * cols + col] >= 0 && flagged[at[row * cols + col]]) col++;
                final int r = row;
                scan.forEachPosition(row * cols + first, col - first, v -> visitor.visit(at[r * cols + v.col()], v));
            }
        }
    }
}
