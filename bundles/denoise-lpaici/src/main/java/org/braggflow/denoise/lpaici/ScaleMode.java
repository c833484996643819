package org.braggflow.denoise.lpaici;

/** How LPA-ICI reads its {@code sigma} and {@code density} parameters. */
enum ScaleMode {

    /**
     * In units of the cloud's own point spacing s (median distance to the nearest distinct point):
     * sigma in spacings, density in points per s^2. The same numbers then mean the same thing on a
     * voxel cloud, a subsampled one or one in other units, and the filter's result scales with the
     * cloud.
     */
    RELATIVE,

    /** In cloud coordinates, as the authors' call {@code filter(points, 5, 2)} reads them. */
    ABSOLUTE
}
