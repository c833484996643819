package org.braggflow.api.result;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterResultTest {

    private static FeatureTable.Row at(int row, int col) {
        return new FeatureTable.Row(row, col, new float[0]);
    }

    @Test
    void labelsAreNumberedByTheirFirstPositionInScanOrderWhateverTheTableOrder() {
        // the table lists (1,0) before (0,1) and (0,0): scan order puts (0,0) first, then (0,1), then (1,0)
        List<FeatureTable.Row> rows = List.of(at(1, 0), at(0, 1), at(0, 0), at(1, 1));
        int[] labels = {7, 2, 5, 2};
        assertArrayEquals(new int[] {2, 1, 0, 1}, ClusterResult.inScanOrder(labels, rows));
    }

    @Test
    void anEmptiedClusterLeavesNoGap() {
        List<FeatureTable.Row> rows = List.of(at(0, 0), at(0, 1), at(0, 2));
        assertArrayEquals(new int[] {0, 1, 0}, ClusterResult.inScanOrder(new int[] {3, 0, 3}, rows));
    }

    @Test
    void theTableOrderBreaksTiesBetweenRowsAtOnePosition() {
        List<FeatureTable.Row> rows = List.of(at(0, 0), at(0, 0));
        assertArrayEquals(new int[] {0, 1}, ClusterResult.inScanOrder(new int[] {4, 9}, rows));
    }

    @Test
    void aNegativeLabelOrAMismatchedTableIsRefused() {
        List<FeatureTable.Row> rows = List.of(at(0, 0), at(0, 1));
        assertThrows(IllegalArgumentException.class, () -> ClusterResult.inScanOrder(new int[] {0, -1}, rows));
        assertThrows(IllegalArgumentException.class, () -> ClusterResult.inScanOrder(new int[] {0}, rows));
    }
}
