package org.braggflow.read.support.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhdf.filter.ByteShuffleFilter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shuffle undone as jHDF's own filter undoes it, for every element size and with bytes left over. */
class ShuffleFilterTest {

    @Test
    void decodesAsJhdfDoes() {
        Random r = new Random(3);
        ShuffleFilter ours = new ShuffleFilter();
        ByteShuffleFilter theirs = new ByteShuffleFilter();
        for (int size : new int[] {1, 2, 3, 4, 8}) {
            for (int length : new int[] {0, 1, size, 7 * size, 7 * size + size / 2, 65536 * size + 1}) {
                byte[] data = new byte[length];
                r.nextBytes(data);
                assertArrayEquals(theirs.decode(data.clone(), new int[] {size}), ours.decode(data.clone(), new int[] {size}),
                        "element size " + size + ", " + length + " bytes");
            }
        }
    }

    @Test
    void undoesTheShuffleOfUint16() {
        // elements 0x0201, 0x0403, 0x0605 little-endian: shuffled, the low bytes come first, then the high
        byte[] shuffled = {1, 3, 5, 2, 4, 6};
        byte[] plain = new ShuffleFilter().decode(shuffled, new int[] {2});
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, plain);
        assertEquals(2, new ShuffleFilter().getId(), "HDF5's shuffle filter id");
    }
}
