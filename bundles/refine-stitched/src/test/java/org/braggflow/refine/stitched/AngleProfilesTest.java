package org.braggflow.refine.stitched;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.braggflow.api.scan.PositionVolume;
import org.junit.jupiter.api.Test;

class AngleProfilesTest {

    @Test
    void eachAnglesRowAndColumnSumsAreBinned() {
        float[] x = new float[2 * 6 * 5];
        x[(1 * 6 + 4) * 5 + 2] = 3; // angle 1, detector row 4, column 2
        x[(0 * 6 + 0) * 5 + 4] = 1; // angle 0, row 0, column 4
        AngleProfiles p = new AngleProfiles(2, 6, 5, 3);
        assertEquals(3, p.rowBins); // 2 rows per bin
        assertEquals(3, p.colBins); // 2 columns per bin, the last holding one
        float[] out = p.of(new PositionVolume(0, 0, 2, 6, 5, x));
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1, 0, 0, 3, 0, 3, 0}, out);
    }
}
