package org.braggflow.read.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.braggflow.scanio.ScanFormatException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Frames compressed as detector software writes them, by an independent writer (h5py with Debian's
 * hdf5plugin, scripts/make-compressed-fixtures.py): every filter decodes to exactly the uncompressed
 * frames and their known total, and a filter the reader cannot decode is refused naming it and the file.
 */
class CompressedFramesTest {

    /** The sum of all counts the generator wrote (also stored as /entry/data/frames@frame_sum). */
    private static final long FRAME_SUM = 675_221;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(CompressedFramesTest.class.getResource("/compressed/" + name + ".h5").toURI());
    }

    /** All frames of a scan in file order, as float counts. */
    private static float[][] frames(Path file) throws Exception {
        try (Hdf5FrameSource s = Hdf5FrameSource.open(file)) {
            var m = s.metadata();
            int n = m.nAngles() * m.scanRows() * m.scanCols();
            float[][] out = new float[n][m.detRows() * m.detCols()];
            int i = 0;
            for (int a = 0; a < m.nAngles(); a++) {
                for (int r = 0; r < m.scanRows(); r++) {
                    float[][] row = new float[m.scanCols()][m.detRows() * m.detCols()];
                    s.readFrames(a, r, 0, m.scanCols(), row);
                    for (float[] f : row) out[i++] = f;
                }
            }
            return out;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "deflate", "shuffle-deflate", "lzf", "lz4", "bitshuffle"})
    void everyFilterDecodesToTheWrittenCounts(String variant) throws Exception {
        float[][] frames = frames(fixture(variant));
        assertEquals(3 * 4 * 5, frames.length);
        long sum = 0;
        for (float[] f : frames) for (float v : f) sum += (long) v;
        assertEquals(FRAME_SUM, sum, variant + ": total counts");
        float[][] plain = frames(fixture("plain"));
        for (int i = 0; i < frames.length; i++) assertArrayEquals(plain[i], frames[i], variant + ": frame " + i);
    }

    @Test
    void aFilterTheReaderCannotDecodeIsNamedWithTheFile() throws Exception {
        Path blosc = fixture("blosc");
        ScanFormatException e = assertThrows(ScanFormatException.class, () -> Hdf5FrameSource.open(blosc).close(), "refused at open");
        assertTrue(e.getMessage().startsWith(blosc.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("blosc") && e.getMessage().contains("32001"), e.getMessage());
        assertTrue(e.getMessage().contains("it decodes deflate (1)"), "says what it can read: " + e.getMessage());
    }
}
