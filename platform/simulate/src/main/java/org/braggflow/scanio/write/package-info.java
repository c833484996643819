/**
 * Writes scans in the three input formats (one HDF5 file, the beamline's per-angle HDF5 layout, a
 * TIFF stack folder): how the simulator produces test and benchmark scans. Lives with the simulator,
 * its only user; bundles never see it.
 */
package org.braggflow.scanio.write;
