package org.braggflow.scanio.write;

import org.braggflow.api.scan.Geometry;

/** What a writer needs to know of the scan it writes. Beamline scan ids are firstScanId + 3 i, as at HXN. */
public record ScanTarget(String sampleName, int scanRows, int scanCols, int detRows, int detCols,
                         double[] anglesDeg, Geometry geometry, String detector, long firstScanId) {

    public ScanTarget {
        anglesDeg = anglesDeg.clone();
    }

    @Override
    public double[] anglesDeg() {
        return anglesDeg.clone();
    }

    public int nAngles() {
        return anglesDeg.length;
    }

    public long scanId(int angle) {
        return firstScanId + 3L * angle;
    }
}
