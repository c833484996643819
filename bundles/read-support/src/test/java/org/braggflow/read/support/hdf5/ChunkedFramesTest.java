package org.braggflow.read.support.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Random;
import org.braggflow.read.support.NumericArrays;
import org.junit.jupiter.api.Test;

/**
 * Slabs read chunk by chunk equal the same part of the whole dataset as jHDF reads it, element for
 * element, for chunks that do not line up with frames (chunked.h5, written by h5py:
 * scripts/make-chunked-fixture.py) in every element type detectors write, deflate, shuffle and LZF
 * included; a dataset that is not chunked is left to jHDF. The reference is jHDF's read of the whole
 * dataset, not of the slab: its slab read returns zeros past the first chunk along an axis whose chunks
 * are longer than one element (the first test shows it on this file).
 */
class ChunkedFramesTest {

    private static Path fixture() throws URISyntaxException {
        return Path.of(ChunkedFramesTest.class.getResource("/chunked.h5").toURI());
    }

    @Test
    void theLibrarysSlabReadMissesChunksBeyondTheFirst() throws URISyntaxException {
        try (HdfFile h5 = new HdfFile(fixture())) {
            Dataset ds = h5.getDatasetByPath("uint16");   // chunks of 4 x 3 x 5
            int[][][] whole = (int[][][]) ds.getData();
            int[][][] slab = (int[][][]) ds.getData(new long[] {0, 0, 5}, new int[] {1, 1, 1});
            float[][] frames = new float[1][1];
            assertTrue(ChunkedFrames.read(ds, new long[] {0, 0, 5}, new int[] {1, 1, 1}, frames));
            assertTrue(whole[0][0][5] != 0 && slab[0][0][0] == 0, "jHDF's slab read is right now: ChunkedFrames may no longer be needed for it");
            assertEquals(whole[0][0][5], frames[0][0], 0f);
        }
    }

    @Test
    void slabsEqualTheWholeDatasetsPartsInEveryType() throws URISyntaxException {
        Random r = new Random(3);
        try (HdfFile h5 = new HdfFile(fixture())) {
            for (String name : new String[] {"uint16", "int16", "uint8", "uint32", "int32be", "float32", "float64be"}) {
                Dataset ds = h5.getDatasetByPath(name);
                int[] dims = ds.getDimensions();
                float[] whole = new float[dims[0] * dims[1] * dims[2]];
                NumericArrays.flatten(ds.getData(), whole, 0);
                for (int q = 0; q < 40; q++) {
                    long[] offset = new long[3];
                    int[] shape = new int[3];
                    for (int i = 0; i < 3; i++) {
                        offset[i] = r.nextInt(dims[i]);
                        shape[i] = 1 + r.nextInt(dims[i] - (int) offset[i]);
                    }
                    if (q == 0) {
                        offset = new long[3];
                        shape = dims.clone();
                    }
                    float[][] frames = new float[shape[0]][shape[1] * shape[2]];
                    assertTrue(ChunkedFrames.read(ds, offset, shape, frames), name);
                    for (int f = 0; f < shape[0]; f++) {
                        float[] want = new float[shape[1] * shape[2]];
                        for (int y = 0; y < shape[1]; y++) {
                            System.arraycopy(whole, (int) (((offset[0] + f) * dims[1] + offset[1] + y) * dims[2] + offset[2]), want,
                                    y * shape[2], shape[2]);
                        }
                        assertArrayEquals(want, frames[f], 0f, name + " slab " + q + ", frame " + f);
                    }
                }
            }
        }
    }

    @Test
    void aContiguousDatasetIsLeftToTheLibrary() throws URISyntaxException {
        try (HdfFile h5 = new HdfFile(fixture())) {
            float[][] frames = new float[1][10 * 13];
            assertFalse(ChunkedFrames.read(h5.getDatasetByPath("contiguous"), new long[3], new int[] {1, 10, 13}, frames));
        }
    }
}
