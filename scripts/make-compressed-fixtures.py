#!/usr/bin/env python3
"""Writes the small compressed scans that read-hdf5's CompressedFramesTest reads
(bundles/read-hdf5/src/test/resources/compressed/): one Braggflow HDF5 scan, 3 angles x 4 x 5
positions x 16 x 16 uint16 frames (a Gaussian peak with Poisson counts, seeded), stored uncompressed
and with each filter detector software writes that Debian's hdf5plugin can write: deflate, shuffle +
deflate, LZF and LZ4 (32004), one frame per chunk; and once with Blosc (32001), which the reader must
refuse naming the filter. Debian's hdf5plugin 4.0 has no bitshuffle (32008) writer, so bitshuffle.h5 has
its chunks encoded here (bit transposition in numpy, LZ4 blocks by Debian's python3-lz4) and
written with h5py's write_direct_chunk, in the chunk layout of the bitshuffle HDF5 filter: the
uncompressed size (uint64, big-endian) and block size in bytes (uint32), then per block its
compressed size (uint32) and the LZ4 block of its bit-transposed elements. The sum of all counts is stored as /entry/data/frames@frame_sum.
Needs Debian's python3-h5py and python3-hdf5plugin; the fixtures are committed, so the build does not."""
import pathlib
import sys

import h5py
import hdf5plugin
import lz4.block
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
def write_scan(name, make_frames):
    """One fixture scan: the layout of format A around the frames dataset make_frames(data group) creates."""
    with h5py.File(out / (name + ".h5"), "w") as f:
        entry = f.create_group("entry")
        entry.attrs["NX_class"] = "NXentry"
        data = entry.create_group("data")
        d = make_frames(data)
        d.attrs["frame_sum"] = np.uint64(frames.astype(np.uint64).sum())
        data.create_dataset("angles_deg", data=np.array([-38.8, -38.7, -38.6]))
        inst = entry.create_group("instrument")
        inst.create_dataset("name", data="compressed fixture")
        for k, v in {"energy_kev": 12.0, "delta_deg": 18.1, "gamma_deg": 28.5, "detector_distance_m": 0.5,
                     "pixel_size_um": 55.0, "step_size_nm": 100.0}.items():
            inst.attrs[k] = v
    print(name, (out / (name + ".h5")).stat().st_size, "bytes")


for name, options in variants.items():
    chunks = None if not options else (1, 1, 1, det, det)
    write_scan(name, lambda data: data.create_dataset("frames", data=frames, chunks=chunks, **options))


def bitshuffle_lz4(chunk, block_elements=128):
    """One chunk in the bitshuffle filter's LZ4 layout; chunk: a contiguous numpy array."""
    elem = chunk.dtype.itemsize
    flat = chunk.reshape(-1)
    n = flat.size
    out = bytearray(int(n * elem).to_bytes(8, "big") + int(block_elements * elem).to_bytes(4, "big"))
    start = 0
    while n - start >= 8:
        count = min(block_elements, (n - start) // 8 * 8)
        block = flat[start:start + count].view(np.uint8).reshape(count, elem)
        # bit k of byte j of every element in one row (little-endian bit order), rows of count / 8 bytes
        bits = np.unpackbits(block, axis=1, bitorder="little")
        shuffled = np.packbits(bits.T, axis=1, bitorder="little").tobytes()
        packed = lz4.block.compress(shuffled, store_size=False)
        out += len(packed).to_bytes(4, "big") + packed
        start += count
    out += flat[start:].tobytes()  # fewer than 8 elements left: stored as they are
    return bytes(out)


def bitshuffled_frames(data):
    # cd_values as the filter's own set_local writes them: major, minor version, element size, block size, 2 = LZ4
    d = data.create_dataset("frames", shape=frames.shape, dtype=frames.dtype, chunks=(1, 1, 1, det, det),
                            compression=32008, compression_opts=(0, 3, frames.dtype.itemsize, 128, 2), allow_unknown_filter=True)
    for a in range(angles):
        for r in range(rows):
            for c in range(cols):
                d.id.write_direct_chunk((a, r, c, 0, 0), bitshuffle_lz4(np.ascontiguousarray(frames[a, r, c])))
    return d


write_scan("bitshuffle", bitshuffled_frames)
print("frame_sum", int(frames.astype(np.uint64).sum()))
