package org.braggflow.read.support.hdf5;

import io.jhdf.HdfFile;
import io.jhdf.filter.FilterManager;
import java.nio.file.Path;
import org.braggflow.scanio.ScanFormatException;

/** Opening the HDF5 files of a scan, as every HDF5 reader does. */
public final class HdfFiles {

    private static volatile boolean filtersInstalled;

    private HdfFiles() {
    }

    /** Puts {@link ShuffleFilter} and {@link DeflateFilter} in jHDF's registry in place of its own (once: the registry is global). */
    private static void installFilters() {
        if (filtersInstalled) return;
        synchronized (HdfFiles.class) {
            if (filtersInstalled) return;
            FilterManager.addFilter(new ShuffleFilter());
            FilterManager.addFilter(new DeflateFilter());
            filtersInstalled = true;
        }
    }

    /**
     * The file opened with jHDF, its shuffle and deflate filters replaced by {@link ShuffleFilter} and
     * {@link DeflateFilter} first (jHDF builds a dataset's filters when it first reads or lists them), or a
     * message naming the file when it is not HDF5.
     */
    public static HdfFile open(Path path) throws ScanFormatException {
        installFilters();
        try {
            return new HdfFile(path);
        } catch (RuntimeException e) {
            throw new ScanFormatException(path, "is not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }
}
