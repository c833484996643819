"""Writes one rocking angle's areaDetector file for AreaDetectorScanWriter: reads POINTS frames of
ROWS x COLS little-endian uint16 from stdin and stores them as /entry/instrument/detector/data
[points, rows, cols], one frame per chunk, compressed as the detector software would.
    python3 write_areadetector.py OUT POINTS ROWS COLS deflate|lz4|none
Needs h5py (Debian's python3-h5py); lz4 also hdf5plugin (python3-hdf5plugin)."""
import sys

import h5py
import numpy as np

out, points, rows, cols, compression = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
if compression == "deflate":
    options = {"compression": "gzip", "compression_opts": 1, "shuffle": True}
elif compression == "lz4":
    import hdf5plugin
    options = dict(hdf5plugin.LZ4())
elif compression == "none":
    options = {}
else:
    sys.exit(f"unknown compression '{compression}': deflate, lz4 or none")
frame_bytes = rows * cols * 2
batch = max(1, (16 << 20) // frame_bytes)  # about 16 MB of frames per write
stream = sys.stdin.buffer
with h5py.File(out, "w") as f:
    detector = f.create_group("entry").create_group("instrument").create_group("detector")
    data = detector.create_dataset("data", shape=(points, rows, cols), dtype="<u2", chunks=(1, rows, cols), **options)
    for start in range(0, points, batch):
        n = min(batch, points - start)
        block = stream.read(n * frame_bytes)
        if len(block) != n * frame_bytes:
            sys.exit(f"{out}: the frames ended after {start + len(block) // frame_bytes} of {points}")
        data[start:start + n] = np.frombuffer(block, dtype="<u2").reshape(n, rows, cols)
