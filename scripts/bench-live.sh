#!/usr/bin/env bash
# Live-mapping benchmark: how long after an angle's file lands its partial maps are written. Starts
# `serve` on a fresh home with the shipped live-maps workflow set to wait for .done markers, has
# `simulate --live-delay` write an HXN scan into its inbox angle by angle, and prints, from the run's
# run.json, the seconds from each angle's marker to its partial outputs (median and largest), the time
# of the final run and serve's peak resident memory.
#   scripts/bench-live.sh [ROWS COLS ANGLES DET DELAY [WORKDIR]]     (default 32 40 15 64 4)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/distribution/target/braggflow-0.1.0/bin/braggflow"
[ -x "$bin" ] || (cd "$here" && mvn -B -q install -DskipTests)
rows=${1:-32}; cols=${2:-40}; angles=${3:-15}; det=${4:-64}; delay=${5:-4}
work=${6:-/tmp/braggflow-bench-live}
rm -rf "$work"; mkdir -p "$work/home/workflows"
sed -e 's/complete: stable .*/complete: marker/' "$here/workflows/live-maps.yaml" > "$work/home/workflows/live-maps.yaml"
"$bin" --home "$work/home" serve > "$work/serve.log" 2>&1 &
serve=$!
trap 'kill $serve 2>/dev/null || true' EXIT
until grep -q "ready in" "$work/serve.log"; do sleep 0.5; kill -0 $serve || { cat "$work/serve.log"; exit 1; }; done
# serve's resident memory, sampled every half second (VmHWM of the JVM, the process bin/braggflow execs)
( peak=0; while kill -0 $serve 2>/dev/null; do
    r=$(awk '/VmHWM/ {print $2}' /proc/$serve/status 2>/dev/null || echo 0); [ "${r:-0}" -gt $peak ] && peak=$r
    echo $peak > "$work/peak-kb"; sleep 0.5; done ) &
scan="$work/home/inbox/live-maps/scan-live"
t0=$(date +%s.%N)
"$bin" --home "$work/home" simulate --out "$scan" --format hxn --rows "$rows" --cols "$cols" --angles "$angles" \
  --det "$det" "$det" --live-delay "$delay" --truth "$work/truth.json"
run="$work/home/results/live-maps/scan-live/run.json"
until [ -e "$work/home/inbox/live-maps/.done/scan-live/scan.json" ] || [ -e "$work/home/inbox/live-maps/.failed/scan-live" ]; do sleep 0.5; done
python3 - "$run" "$rows" "$cols" "$angles" "$det" "$(cat "$work/peak-kb")" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))
rows, cols, angles, det, peak_kb = sys.argv[2:7]
d = [a["seconds_to_partial"] for a in r["live"]["angles"]]
print(f"live {rows} x {cols} positions, {angles} angles, {det} x {det} frames: status {r['status']}")
print(f"  seconds from an angle's marker to its partial outputs: median {statistics.median(d):.2f}, largest {max(d):.2f} "
      f"(first angle {d[0]:.2f}); per angle {[round(x, 2) for x in d]}")
print(f"  final run after the last angle: {r['seconds']:.1f} s; serve's peak resident memory {int(peak_kb) / 1024:.0f} MB")
PY
