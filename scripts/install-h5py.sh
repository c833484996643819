#!/usr/bin/env bash
# Installs Debian's h5py (package python3-h5py) when /usr/bin/python3 lacks it: PipelineIT reads the
# results.nxs that jHDF wrote with h5py, a reader independent of the writer (scripts/check-nexus.py).
set -euo pipefail
if /usr/bin/python3 -c 'import h5py, numpy' 2>/dev/null; then exit 0; fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-h5py >/dev/null
/usr/bin/python3 -c 'import h5py; print("h5py", h5py.__version__)'
