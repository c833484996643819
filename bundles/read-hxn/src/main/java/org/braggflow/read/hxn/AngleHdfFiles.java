package org.braggflow.read.hxn;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.braggflow.scanio.ScanFormatException;
import org.braggflow.scanio.ScanLayout;
import org.braggflow.scanio.ScanManifest;
import org.braggflow.scanio.TiffImages;

/** What the two per-angle HDF5 layouts of this reader (format B and B2) do alike: open files, find datasets, XRF maps. */
final class AngleHdfFiles {

    private AngleHdfFiles() {
    }

    /** One angle's HDF5 file, or a message naming it when it is not one. */
    static HdfFile open(Path path) throws ScanFormatException {
        return org.braggflow.read.support.hdf5.HdfFiles.open(path);
    }

    /** A dataset of an open file, null when absent; a node that is not a dataset is named. */
    static Dataset dataset(HdfFile h5, Path file, String path) throws ScanFormatException {
        Node node;
        try {
            node = h5.getByPath(path);
        } catch (RuntimeException e) {
            return null;
        }
        if (node == null) return null;
        if (!(node instanceof Dataset ds)) throw new ScanFormatException(file, path + " is not a dataset");
        return ds;
    }

    static void closeAll(List<HdfFile> files) {
        for (HdfFile f : files) if (f != null) f.close();
    }

    /**
     * The XRF maps of the angles: those present when every angle was opened (some but not all is an
     * error); the expected names for a live read, whose later maps are still to come.
     */
    static List<Path> xrfFiles(Path folder, ScanManifest manifest, boolean allAngles) throws ScanFormatException {
        if (allAngles) return manifest.xrfFiles(folder);
        List<Path> out = new ArrayList<>();
        for (ScanManifest.Angle a : manifest.angles()) out.add(folder.resolve(ScanLayout.xrfFile(a.scanId())));
        return out;
    }

    /** One angle's XRF map, null when there is none. */
    static float[] xrf(List<Path> xrfFiles, int angle, int rows, int cols) throws IOException {
        return xrfFiles == null || !Files.exists(xrfFiles.get(angle)) ? null : TiffImages.readMap(xrfFiles.get(angle), rows, cols);
    }
}
