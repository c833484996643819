#!/usr/bin/env python3
"""Writes the small compressed scans that read-hdf5's CompressedFramesTest reads
(bundles/read-hdf5/src/test/resources/compressed/): one Braggflow HDF5 scan, 3 angles x 4 x 5
positions x 16 x 16 uint16 frames (a Gaussian peak with Poisson counts, seeded), stored uncompressed
and with each filter detector software writes that Debian's hdf5plugin can write: deflate, shuffle +
deflate, LZF and LZ4 (32004), one frame per chunk; and once with Blosc (32001), which the reader must
refuse naming the filter. (Debian's hdf5plugin 4.0 has no bitshuffle (32008) writer, so that filter,
which jHDF decodes, has no fixture yet.) The sum of all counts is stored as /entry/data/frames@frame_sum.
Needs Debian's python3-h5py and python3-hdf5plugin; the fixtures are committed, so the build does not."""
import pathlib
import sys

import h5py
import hdf5plugin
import numpy as np

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "bundles/read-hdf5/src/test/resources/compressed")
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(20261205)
angles, rows, cols, det = 3, 4, 5, 16
y, x = np.mgrid[0:det, 0:det]
frames = np.empty((angles, rows, cols, det, det), dtype=np.uint16)
for a in range(angles):
    for r in range(rows):
        for c in range(cols):
            peak = 400 * np.exp(-((y - 7 - 0.3 * r) ** 2 + (x - 8 + 0.2 * c) ** 2) / (2 * (1.5 + 0.5 * a) ** 2))
            frames[a, r, c] = rng.poisson(peak + 3)

variants = {
    "plain": {},
    "deflate": {"compression": "gzip", "compression_opts": 4},
    "shuffle-deflate": {"compression": "gzip", "compression_opts": 4, "shuffle": True},
    "lzf": {"compression": "lzf"},
    "lz4": dict(hdf5plugin.LZ4()),
    "blosc": dict(hdf5plugin.Blosc()),
}
for name, options in variants.items():
    with h5py.File(out / (name + ".h5"), "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        data = entry.create_group("data")
        chunks = None if not options else (1, 1, 1, det, det)
        d = data.create_dataset("frames", data=frames, chunks=chunks, **options)
        d.attrs["frame_sum"] = np.uint64(frames.astype(np.uint64).sum())
        data.create_dataset("angles_deg", data=np.array([-38.8, -38.7, -38.6]))
        inst = entry.create_group("instrument")
        inst.create_dataset("name", data="compressed fixture")
        for k, v in {"energy_kev": 12.0, "delta_deg": 18.1, "gamma_deg": 28.5, "detector_distance_m": 0.5,
                     "pixel_size_um": 55.0, "step_size_nm": 100.0}.items():
            inst.attrs[k] = v
    print(name, (out / (name + ".h5")).stat().st_size, "bytes")
print("frame_sum", int(frames.astype(np.uint64).sum()))
