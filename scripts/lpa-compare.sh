#!/usr/bin/env bash
# LPA-ICI's speed at two commits, in one JVM and in turns (scripts/LpaCompare.java; docs/method.md,
# section 3): each commit's denoise-lpaici and spatial classes are compiled in a temporary worktree,
# then the two builds denoise the same clouds batch by batch, taking turns, at the workflows' two calls.
# Prints points/s, the median ratio of the batches with its quartiles, and an output hash per build.
#   scripts/lpa-compare.sh REV_A REV_B CLOUDS [COUNT] [ROUNDS]
#   CLOUDS: a folder of clouds, for example from
#     braggflow simulate --out demo.h5 && braggflow cloud --all --set maxPoints=3000 demo.h5 CLOUDS
#   COUNT: clouds used (default 60); ROUNDS: rounds, the first a warm-up (default 4)
# The comparison builds the distribution of the working tree first if it is missing (the cloud reader).
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,10p' "$0" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
clouds=$(cd "$3" && pwd)
lib="$here/distribution/target/braggflow-0.1.0/lib"
[ -d "$lib" ] || (cd "$here" && mvn -B -q install -DskipTests)
work=$(mktemp -d)
cleanup() {
  for side in a b; do git -C "$here" worktree remove --force "$work/$side" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
classes=()
for side in a b; do
  rev=$([ "$side" = a ] && echo "$1" || echo "$2")
  git -C "$here" worktree add --detach --quiet "$work/$side" "$rev"
  # the two modules and the reactor modules they need, compiled only
  if ! (cd "$work/$side" && mvn -B -q -Dstyle.color=never compile -pl platform/spatial,bundles/denoise-lpaici -am \
        >"$work/$side.log" 2>&1); then
    echo "lpa-compare: $rev does not compile:" >&2
    cat "$work/$side.log" >&2
    exit 1
  fi
  classes+=("$work/$side/bundles/denoise-lpaici/target/classes:$work/$side/platform/spatial/target/classes")
done
java -cp "$lib/*" "$here/scripts/LpaCompare.java" "$clouds" "${4:-60}" "${5:-4}" "${classes[@]}"
