package org.braggflow.read.support.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.DeflatePipelineFilter;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** zlib streams undone as jHDF's own filter undoes them, whatever the size of the chunk before and after. */
class DeflateFilterTest {

    private static byte[] deflate(byte[] data, int level) {
        Deflater d = new Deflater(level);
        d.setInput(data);
        d.finish();
        byte[] out = new byte[data.length + 64];
        int n = 0;
        while (!d.finished()) {
            if (n == out.length) out = Arrays.copyOf(out, 2 * out.length);
            n += d.deflate(out, n, out.length - n);
        }
        d.end();
        return Arrays.copyOf(out, n);
    }

    @Test
    void decodesAsJhdfDoes() {
        Random r = new Random(5);
        DeflateFilter ours = new DeflateFilter();
        DeflatePipelineFilter theirs = new DeflatePipelineFilter();
        // sizes in turn smaller, equal to and larger than the last one decoded (the filter's first guess)
        for (int length : new int[] {0, 1, 1000, 131072, 131072, 65536, 131072, 500000, 77, 131071, 131073}) {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) data[i] = (byte) (r.nextInt(7) * (i % 13 == 0 ? 31 : 1));   // compressible, like counts
            byte[] encoded = deflate(data, length % 2 == 0 ? 6 : 1);
            byte[] decoded = ours.decode(encoded, new int[] {6});
            assertArrayEquals(data, decoded, length + " bytes");
            // (jHDF's filter refuses a stream of no bytes, which an HDF5 chunk never is)
            if (length > 0) assertArrayEquals(theirs.decode(encoded, new int[] {6}), decoded, length + " bytes");
        }
        assertEquals(1, ours.getId(), "HDF5's deflate filter id");
    }

    @Test
    void aCutOrForeignStreamIsAnError() {
        byte[] data = new byte[50000];
        new Random(1).nextBytes(data);
        byte[] encoded = deflate(data, 6);
        DeflateFilter filter = new DeflateFilter();
        HdfFilterException cut = assertThrows(HdfFilterException.class, () -> filter.decode(Arrays.copyOf(encoded, encoded.length / 2), new int[0]));
        assertEquals(true, cut.getMessage().contains("ends before"), cut.getMessage());
        assertThrows(HdfFilterException.class, () -> filter.decode(new byte[] {1, 2, 3, 4, 5, 6}, new int[0]));
    }
}
