package org.braggflow.read.support.hdf5;

import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.filter.Filter;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * HDF5's deflate (filter 1, zlib streams) undone, in place of jHDF's own.
 *
 * <p>Written by hand because it is the hot loop of reading the detector's compressed files: jHDF 0.10's
 * filter inflates 4 kB at a time into a stream that grows by doubling and is then copied out, so a
 * 128 kB frame chunk is copied about three times (a tenth of the survey of a 21-angle, 256 x 256 deflate
 * scan, profiled). This one inflates in one call into an array of the size the last chunk had (the
 * chunks of a detector dataset are all one size) and returns that array itself when it fits exactly.
 * The decoding is zlib's either way: same bytes out (DeflateFilterTest).
 */
public final class DeflateFilter implements Filter {

    /** The size of the last chunk decoded: the first guess for the next. */
    private volatile int lastSize = 1 << 16;

    @Override
    public int getId() {
        return 1;
    }

    @Override
    public String getName() {
        return "deflate";
    }

    @Override
    public byte[] decode(byte[] encoded, int[] filterData) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(encoded);
            byte[] out = new byte[Math.max(64, lastSize)];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) out = Arrays.copyOf(out, 2 * out.length);
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new HdfFilterException("deflate: the compressed chunk ends before its data does (" + encoded.length
                            + " bytes read, " + n + " decoded)");
                }
                n += got;
            }
            lastSize = n;
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw new HdfFilterException("deflate: the chunk is not a zlib stream (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
    }
}
