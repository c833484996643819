#!/usr/bin/env bash
# The full-size benchmark: installs the peers (Debian's pcl-tools, python3-open3d and python3-torch, with
# OpenBLAS as the system BLAS torch calls) if missing, simulates scans of
# about 1.3 GB in each input format (the simulator holds a format A scan in memory, so it gets a
# larger heap), then runs `braggflow bench` on them with the platform's own 2 GB heap; then the scale
# benchmark: a 48 x 48-position scan of 21 angles and 256 x 256 uint16 frames written as the detector
# writes it (deflate, through Debian's python3-h5py, installed by scripts/install-h5py.sh), analysed by
# lattice-defects (about 1 GB more disk, kept in WORKDIR for later runs), and a virtual 100 GB scan.
#   scripts/bench.sh [WORKDIR]      (default /tmp/braggflow-bench; about 4 GB of disk)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/distribution/target/braggflow-0.1.0/bin/braggflow"
[ -x "$bin" ] || (cd "$here" && mvn -B -q install -DskipTests)
work=${1:-/tmp/braggflow-bench}
mkdir -p "$work"
# the peers: PCL's outlier removal tool, Open3D's (run in-process from Python) and the authors' FoldingNet
# in PyTorch (Debian's build calls the system BLAS: OpenBLAS rather than the reference BLAS)
missing=()
command -v pcl_outlier_removal >/dev/null 2>&1 || missing+=(pcl-tools)
/usr/bin/python3 -c "import open3d" >/dev/null 2>&1 || missing+=(python3-open3d)
/usr/bin/python3 -c "import torch" >/dev/null 2>&1 || missing+=(python3-torch)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
size=(--rows 64 --cols 80 --angles 15 --det 64 64)
[ -e "$work/big.h5" ] || BRAGGFLOW_JAVA_OPTS=-Xmx6g "$bin" --home "$work/home" simulate --out "$work/big.h5" --format h5 "${size[@]}"
[ -e "$work/big-hxn" ] || "$bin" --home "$work/home" simulate --out "$work/big-hxn" --format hxn "${size[@]}"
[ -e "$work/big-tiff" ] || "$bin" --home "$work/home" simulate --out "$work/big-tiff" --format tiff "${size[@]}"
real="$here/bundles/encode-foldingnet/src/test/resources/fixtures/data/real-clouds"
"$bin" --home "$work/home" bench --repeats 5 --read "$work/big.h5" --read "$work/big-hxn" --read "$work/big-tiff" \
  --clouds "$real/pixel-150.csv" --clouds "$real/pixel-1050.csv" \
  --torch-reference "$here/bundles/encode-foldingnet/src/test/resources/fixtures/data/foldingnet-reference"
bash "$here/scripts/install-h5py.sh" >/dev/null
"$bin" --home "$work/home" bench --scale --scale-dir "$work"
