#!/usr/bin/env bash
# Installs Debian's h5py and hdf5plugin (packages python3-h5py, python3-hdf5plugin) when /usr/bin/python3
# lacks them: PipelineIT reads the results.nxs that jHDF wrote with h5py, a reader independent of the
# writer (scripts/check-nexus.py), and `simulate --format areadetector` writes the detector's
# compressed files with h5py (LZ4 through hdf5plugin), as AreaDetectorFilesTest does.
set -euo pipefail
if /usr/bin/python3 -c 'import h5py, hdf5plugin, numpy' 2>/dev/null; then exit 0; fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-h5py python3-hdf5plugin >/dev/null
/usr/bin/python3 -c 'import h5py, hdf5plugin; print("h5py", h5py.__version__, "hdf5plugin", hdf5plugin.version)'
