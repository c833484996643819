"""Open3D's statistical outlier removal timed in-process on a raw float32 xyz file.

usage: open3d_sor.py XYZ_FILE NB_NEIGHBORS STD_RATIO REPEATS KEPT_FILE
Prints the median seconds of REPEATS calls (after 5 warm-up calls) and the number kept; writes the
kept indices, one per line, to KEPT_FILE.
"""
import sys
import time

import numpy as np
import open3d as o3d

path, neighbours, ratio, repeats, kept_path = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
xyz = np.fromfile(path, dtype="<f4").reshape(-1, 3).astype(np.float64)
cloud = o3d.geometry.PointCloud(o3d.utility.Vector3dVector(xyz))
for _ in range(5):
    cloud.remove_statistical_outlier(nb_neighbors=neighbours, std_ratio=ratio)
times = []
kept = None
for _ in range(repeats):
    t0 = time.perf_counter()
    _, kept = cloud.remove_statistical_outlier(nb_neighbors=neighbours, std_ratio=ratio)
    times.append(time.perf_counter() - t0)
times.sort()
with open(kept_path, "w") as out:
    out.write("\n".join(str(i) for i in kept))
print(f"median {times[len(times) // 2]:.6f} kept {len(kept)}")
