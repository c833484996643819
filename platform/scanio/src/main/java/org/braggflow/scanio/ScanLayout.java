package org.braggflow.scanio;

/** Dataset paths and file names of the input formats, docs/formats.md, section 2. */
public final class ScanLayout {

    /** Format A: one self-contained HDF5 file. */
    public static final String A_FRAMES = "/entry/data/frames";
    public static final String A_ANGLES = "/entry/data/angles_deg";
    public static final String A_MONITOR = "/entry/data/monitor";
    public static final String A_XRF = "/entry/data/xrf";
    public static final String A_INSTRUMENT = "/entry/instrument";
    public static final String A_SAMPLE = "/entry/sample";

    /** Format B: HXN per-angle HDF5 files. */
    public static String hxnFile(long scanId, String detector) {
        return "scan_" + scanId + "_" + detector + ".h5";
    }

    public static String hxnFrames(String detector) {
        return "/diff_data/" + detector + "/raw_data";
    }

    public static String hxnMonitor(String detector) {
        return "/diff_data/" + detector + "/Io";
    }

    /**
     * Format B2: the beamline's own areaDetector files, one per angle, frames in acquisition order
     * {@code [points, det_rows, det_cols]}; scan.json names each angle's file, the scan shape and the
     * detector region of interest.
     */
    public static final String AD_FRAMES = "/entry/instrument/detector/data";

    /** Format C: per-angle multi-page TIFF. */
    public static String tiffFile(long scanId, String detector) {
        return scanId + "_diff_" + detector + ".tiff";
    }

    /** Formats B and C: optional XRF map per angle. */
    public static String xrfFile(long scanId) {
        return scanId + "_xrf.tiff";
    }

    public static final String MANIFEST = "scan.json";
    public static final String FORMAT_HXN = "hxn-h5";
    public static final String FORMAT_TIFF = "tiff-stack";
    public static final String FORMAT_HXN_AD = "hxn-areadetector";

    private ScanLayout() {
    }
}
