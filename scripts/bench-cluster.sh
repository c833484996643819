#!/usr/bin/env bash
# Scale-out benchmark: positions per second of one workflow with 1 and with 2 workers, each worker held
# to one core (taskset -c N and -XX:ActiveProcessorCount=1, so it runs one position at a time), all on
# this machine over loopback: `braggflow broker`, `serve --broker` as the coordinator, `worker --broker`.
# Each configuration analyses the same simulated scan REPEATS times; from each run.json it takes the
# per-position phase as the cluster ran it (first chunk sent to last chunk answered) and the whole run,
# and prints medians and the 2-worker / 1-worker ratio.
#   scripts/bench-cluster.sh [ROWS COLS REPEATS WORKFLOW [WORKDIR]]      (default 16 20 3 pca-defects)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/distribution/target/braggflow-0.1.0/bin/braggflow"
[ -x "$bin" ] || (cd "$here" && mvn -B -q install -DskipTests)
rows=${1:-16}; cols=${2:-20}; repeats=${3:-3}; workflow=${4:-pca-defects}
work=${5:-/tmp/braggflow-bench-cluster}
cores=$(nproc)
[ "$cores" -ge 2 ] || { echo "bench-cluster: needs 2 cores to pin 2 workers, this machine has $cores" >&2; exit 2; }
rm -rf "$work"; mkdir -p "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("localhost", 0)); print(s.getsockname()[1])')
url="tcp://localhost:$port"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
await() { # file marker pid
  until grep -q "$2" "$1" 2>/dev/null; do sleep 0.3; kill -0 "$3" 2>/dev/null || { cat "$1"; exit 1; }; done
}
"$bin" --home "$work/sim" simulate --out "$work/scan.h5" --rows "$rows" --cols "$cols" --seed 3 > /dev/null
BRAGGFLOW_JAVA_OPTS=-Xmx1g "$bin" --home "$work/broker" broker --port "$port" --data "$work/journal" > "$work/broker.log" 2>&1 &
pids+=($!); await "$work/broker.log" "listening on" $!
"$bin" --home "$work/coordinator" serve --broker "$url" > "$work/serve.log" 2>&1 &
pids+=($!); await "$work/serve.log" "ready in" $!
inbox="$work/coordinator/inbox/$workflow"; mkdir -p "$inbox"
results="$work/coordinator/results/$workflow"
for n in 1 2; do
  workers=()
  for ((w = 0; w < n; w++)); do
    BRAGGFLOW_JAVA_OPTS="-Xmx1g -XX:ActiveProcessorCount=1" taskset -c "$w" \
      "$bin" --home "$work/worker-$w" worker --broker "$url" > "$work/worker-$n-$w.log" 2>&1 &
    workers+=($!); await "$work/worker-$n-$w.log" "ready in" $!
  done
  for ((r = 1; r <= repeats; r++)); do
    name="scan-$n-workers-$r"
    cp "$work/scan.h5" "$work/$name.part"; mv "$work/$name.part" "$inbox/$name.h5"
    until [ -e "$inbox/.done/$name.h5" ] || [ -e "$inbox/.failed/$name.h5" ]; do sleep 0.5; done
    [ -e "$inbox/.done/$name.h5" ] || { echo "run $name failed:"; cat "$inbox/.failed/$name.h5.error.txt" 2>/dev/null; exit 1; }
  done
  for p in "${workers[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
done
python3 - "$results" "$repeats" "$rows" "$cols" "$workflow" <<'PY'
import json, statistics, sys, pathlib
results, repeats, rows, cols, workflow = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
print(f"{workflow} on a simulated {rows} x {cols} scan, 15 angles, 64 x 64 detector; each worker on one core; median of {repeats} runs")
print(f"{'workers':>7} {'positions':>9} {'phase s':>8} {'positions/s':>11} {'run s':>7} {'run positions/s':>15} {'MB sent':>8}")
med = {}
for n in (1, 2):
    phase, whole, sent, pos = [], [], [], 0
    for r in range(1, repeats + 1):
        rec = json.loads((results / f"scan-{n}-workers-{r}" / "run.json").read_text())
        c = rec["cluster"]
        assert len(c["workers"]) == n, f"{n} worker(s) expected in {c['workers']}"
        pos = c["positions"]
        phase.append(c["seconds_first_sent_to_last_answer"])
        whole.append(rec["seconds"])
        sent.append(c["bytes_sent"] / 1e6)
    med[n] = pos / statistics.median(phase)
    total = rec["positions"]["total"]
    print(f"{n:>7} {pos:>9} {statistics.median(phase):>8.2f} {med[n]:>11.2f} {statistics.median(whole):>7.2f} "
          f"{total / statistics.median(whole):>15.2f} {statistics.median(sent):>8.1f}")
print(f"ratio 2 workers / 1 worker (per-position phase): {med[2] / med[1]:.2f}x")
PY
