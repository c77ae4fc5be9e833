#!/usr/bin/env bash
# Times the attack-iteration workload in Swift (`bench --attack NAME`) and in its PyTorch twin
# (bench/torch_twin.py) alternately, ROUNDS times each, and prints the median of each side's
# per-run medians and their ratio (Swift / PyTorch). The PyTorch side runs only when a Python with
# torch is found: $TORCH_PYTHON, else /work/venv-torch/bin/python. Never part of `make test`.
#
# Usage: bench/compare.sh [BENCH_BINARY]   (env: WORKLOADS="base n8b4 n1b1s64 w32" — add r18-224 for
#        torchvision ResNet-18 at 3×224×224 —, ROUNDS=3,
#        ITERATIONS=20, WARMUP=5, THREADS=2, NICE=0 — e.g. NICE=-10 lowers other jobs' interference
#        on a shared machine; it applies to both sides; FAR_NS=200)
#
# Each round also records where the host placed the two cores (`bench --round-trip`, before and
# after each side's run; Sources/Bench/CoreRoundTrip.swift): a round is "near" when every round trip
# is below FAR_NS nanoseconds (cores sharing a last-level cache), "far" when every one is at or
# above it, "mixed" otherwise. Both engines slow down in the far placement, so the script also
# prints the ratio of medians over the near rounds and over the far rounds alone.
set -euo pipefail
BIN=${1:-.build/release/bench}
WORKLOADS=${WORKLOADS:-base n8b4 n1b1s64 w32}
ROUNDS=${ROUNDS:-3}
ITERATIONS=${ITERATIONS:-20}
WARMUP=${WARMUP:-5}
THREADS=${THREADS:-2}
NICE=${NICE:-0}
FAR_NS=${FAR_NS:-200}
HERE=$(cd "$(dirname "$0")" && pwd)

if [[ ! -x "$BIN" ]]; then echo "bench-compare: $BIN not found (run make build first)" >&2; exit 1; fi
if ! [[ "$ROUNDS" =~ ^[1-9][0-9]*$ && "$ITERATIONS" =~ ^[1-9][0-9]*$ && "$WARMUP" =~ ^[1-9][0-9]*$ \
        && "$THREADS" =~ ^[1-9][0-9]*$ && "$NICE" =~ ^-?[0-9]+$ && "$FAR_NS" =~ ^[1-9][0-9]*$ ]]; then
  echo "bench-compare: ROUNDS, ITERATIONS, WARMUP, THREADS and FAR_NS must be positive integers, NICE an integer" >&2; exit 2
fi
PYTHON=${TORCH_PYTHON:-/work/venv-torch/bin/python}
if [[ -x "$PYTHON" ]] && "$PYTHON" -c "import torch" 2>/dev/null; then HAVE_TORCH=1; else HAVE_TORCH=0
  echo "bench-compare: no Python with torch (set TORCH_PYTHON); timing the Swift side only" >&2
fi

# Twin arguments of each workload (the same table as Sources/Bench/AttackWorkloadBench.swift).
twin_args() {
  case "$1" in
    base) echo "--images 4 --batch 2 --size 32 --width 16" ;;
    n8b4) echo "--images 8 --batch 4 --size 32 --width 16" ;;
    n1b1s64) echo "--images 1 --batch 1 --size 64 --width 16" ;;
    w32) echo "--images 4 --batch 2 --size 32 --width 32" ;;
    r18-224) echo "--images 1 --batch 1 --size 224 --width 64 --arch resnet18 --channels 3 --classes 2" ;;
    *) echo "bench-compare: unknown workload $1" >&2; exit 2 ;;
  esac
}
median_ms() { sed -n 's/.*"median_ms": *\([0-9.eE+-]*\).*/\1/p' | head -1; }
json_field() { sed -n "s/.*\"$1\": *\([0-9.eE+-]*\).*/\1/p" | head -1; }
round_trip() { "$BIN" --round-trip 2>/dev/null | json_field core_round_trip_ns; }
# near, far or mixed for the round trips given (empty or nan counts as mixed).
placement() {
  echo "$@" | tr ' ' '\n' | grep -v '^$' | awk -v far="$FAR_NS" '
    $1 !~ /^[0-9.]+$/ { bad = 1 } $1 + 0 < far { near++ } $1 + 0 >= far { away++ }
    END { if (bad || NR == 0) print "mixed"; else if (near == NR) print "near"; else if (away == NR) print "far"; else print "mixed" }'
}
ratio_of() { awk -v s="$1" -v t="$2" 'BEGIN { if (t > 0) printf "%.2f", s / t; else print "nan" }'; }
median_of() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

printf '%-9s %14s %14s %8s   %s\n' workload "swift ms" "pytorch ms" ratio "per-run medians (swift | pytorch)"
for w in $WORKLOADS; do
  args=$(twin_args "$w")
  swift_runs=""; torch_runs=""; places=""
  declare -A same_swift=() same_torch=() same_count=()
  for ((r = 0; r < ROUNDS; r++)); do
    json=$(GL_THREADS=$THREADS nice -n "$NICE" "$BIN" --attack "$w" --warmup "$WARMUP" --iterations "$ITERATIONS" 2>/dev/null)
    s=$(echo "$json" | median_ms)
    trips="$(echo "$json" | json_field core_round_trip_ns_before) $(echo "$json" | json_field core_round_trip_ns_after)"
    swift_runs="$swift_runs $s"
    if [[ $HAVE_TORCH == 1 ]]; then
      before=$(round_trip)
      # shellcheck disable=SC2086
      t=$(OMP_NUM_THREADS=$THREADS nice -n "$NICE" "$PYTHON" "$HERE/torch_twin.py" $args --threads "$THREADS" \
            --warmup "$WARMUP" --iterations "$ITERATIONS" 2>/dev/null | median_ms)
      trips="$trips $before $(round_trip)"
      torch_runs="$torch_runs $t"
    fi
    place=$(placement $trips)
    places="$places $place"
    same_swift[$place]="${same_swift[$place]:-} $s"; same_torch[$place]="${same_torch[$place]:-} ${t:-}"
    same_count[$place]=$(( ${same_count[$place]:-0} + 1 ))
  done
  sm=$(echo "$swift_runs" | median_of)
  if [[ $HAVE_TORCH == 1 ]]; then
    tm=$(echo "$torch_runs" | median_of)
    ratio=$(ratio_of "$sm" "$tm")
  else tm="-"; ratio="-"; fi
  printf '%-9s %14s %14s %8s   %s |%s\n' "$w" "$sm" "$tm" "$ratio" "$swift_runs" "$torch_runs"
  echo "          core placement per round:$places (near: every round trip < $FAR_NS ns)"
  if [[ $HAVE_TORCH == 1 ]]; then
    for place in near far; do
      [[ -n "${same_count[$place]:-}" ]] || continue
      ps=$(echo "${same_swift[$place]}" | median_of); pt=$(echo "${same_torch[$place]}" | median_of)
      printf '  %-7s %14s %14s %8s   %s rounds\n' "$place" "$ps" "$pt" "$(ratio_of "$ps" "$pt")" "${same_count[$place]}"
    done
  fi
done
echo "threads $THREADS, nice $NICE, rounds $ROUNDS x $ITERATIONS iterations after $WARMUP warm-up;" \
     "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
