#!/usr/bin/env bash
# Trains the FoldingNet model shipped with the distribution (distribution/src/main/dist/models/<id>),
# repeatably: hard-preset scans over many seeds and geometries, denoised as lattice-defects does
# (scripts/training-clouds.yaml), then `braggflow train` with a held-out share and a CPU budget; the
# model kept is the epoch with the lowest held-out loss. Needs a built distribution
# (mvn -B -q install -DskipTests).
#
#   scripts/train-shipped-model.sh [MODEL_ID]     env: SCANS (default 10), BUDGET_S (default 900), WORK
set -euo pipefail
cd "$(dirname "$0")/.."
ID="${1:-foldingnet-hard-v1}"
SCANS="${SCANS:-10}"
BUDGET_S="${BUDGET_S:-900}"
WORK="${WORK:-target/train-shipped}"
B=distribution/target/braggflow-0.1.0/bin/braggflow
HOME_DIR="$WORK/home"
mkdir -p "$WORK/scans" "$WORK/clouds"
for s in $(seq 1 "$SCANS"); do
  seed=$((1000 + s))
  # a geometry per seed: energy 9-15 keV, detector in-plane 10-30 and out-of-plane 15-35 deg, 0.4-0.9 m,
  # 11-21 angles, step 0.05-0.15 deg; drawn from the seed's digits by integer arithmetic, so every shell gives the same
  h=$(( (seed * 2654435761) % 4294967296 ))
  energy=$(( 9 + h % 7 )); delta=$(( 10 + (h / 7) % 21 )); gamma=$(( 15 + (h / 147) % 21 ))
  distance="0.$(( 4 + (h / 3087) % 6 ))"; angles=$(( 11 + 2 * ((h / 21609) % 6) )); step="0.$(printf %02d $(( 5 + (h / 129654) % 11 )))"
  scan="$WORK/scans/hard-$seed.h5"
  if [ ! -d "$WORK/clouds/hard-$seed" ]; then
    "$B" --home "$HOME_DIR" simulate --preset hard --format h5 --seed "$seed" --out "$scan" --energy "$energy" --delta "$delta" \
        --gamma "$gamma" --distance "$distance" --angles "$angles" --angle-step "$step" >/dev/null
    "$B" --home "$HOME_DIR" run scripts/training-clouds.yaml "$scan" --results "$WORK/results" >/dev/null
    mv "$WORK/results/training-clouds/hard-$seed/clouds" "$WORK/clouds/hard-$seed"
    rm -f "$scan"
  fi
  echo "scan $s/$SCANS (seed $seed): $(ls "$WORK/clouds/hard-$seed" | wc -l) clouds"
done
# one folder of clouds, named by scan and position (rebuilt, so a smaller SCANS never trains on older clouds)
rm -rf "$WORK/all" "$HOME_DIR/models/$ID"
mkdir -p "$WORK/all"
for d in "$WORK"/clouds/*/; do
  for f in "$d"*.ply; do cp "$f" "$WORK/all/$(basename "$d")-$(basename "$f")"; done
done
"$B" --home "$HOME_DIR" train --input "$WORK/all" --model-out "$ID" --set epochs=1000 --set timeBudgetSeconds="$BUDGET_S" \
    --set validationShare=0.1 --set keepOptimizerState=false --set earlyStopPatience=3
rm -rf "distribution/src/main/dist/models/$ID"
mkdir -p distribution/src/main/dist/models
"$B" --home "$HOME_DIR" models export "$ID" "distribution/src/main/dist/models/$ID"
"$B" --home "$HOME_DIR" models show "$ID"
