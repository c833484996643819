#!/usr/bin/python3
"""Writes bundles/read-support/src/test/resources/chunked.h5 with Debian's h5py: small datasets whose chunks
do not line up with frames (a frame spans several chunks, a chunk several frames, edge chunks partly
outside), in the element types detectors write, for ChunkedFramesTest to read slab by slab against
jHDF's own reads. Run it again only to change the fixture: /usr/bin/python3 scripts/make-chunked-fixture.py"""
from pathlib import Path

import h5py
import numpy as np

out = Path(__file__).resolve().parent.parent / "bundles/read-support/src/test/resources/chunked.h5"
rng = np.random.default_rng(5)
shape = (6, 10, 13)
with h5py.File(out, "w") as f:
    f.create_dataset("uint16", data=rng.integers(0, 65535, shape, dtype=np.uint16), chunks=(4, 3, 5),
                     compression="gzip", shuffle=True)
    f.create_dataset("int16", data=rng.integers(-30000, 30000, shape, dtype=np.int16), chunks=(1, 10, 13),
                     compression="gzip")
    f.create_dataset("uint8", data=rng.integers(0, 255, shape, dtype=np.uint8), chunks=(6, 4, 4))
    f.create_dataset("uint32", data=rng.integers(0, 2**32 - 1, shape, dtype=np.uint32), chunks=(2, 5, 7),
                     compression="lzf")
    f.create_dataset("int32be", data=rng.integers(-2**31, 2**31 - 1, shape, dtype=np.int32).astype(">i4"), chunks=(3, 3, 3))
    f.create_dataset("float32", data=rng.normal(0, 100, shape).astype(np.float32), chunks=(1, 7, 9),
                     compression="gzip")
    f.create_dataset("float64be", data=rng.normal(0, 100, shape).astype(">f8"), chunks=(5, 2, 13))
    f.create_dataset("contiguous", data=rng.integers(0, 1000, shape, dtype=np.uint16))
print(out, out.stat().st_size, "bytes")
