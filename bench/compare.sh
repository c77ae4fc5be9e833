#!/usr/bin/env bash
# Times the attack-iteration workload in Swift (`bench --attack NAME`) and in its PyTorch twin
# (bench/torch_twin.py) alternately, ROUNDS times each, and prints the median of each side's
# per-run medians and their ratio (Swift / PyTorch). The PyTorch side runs only when a Python with
# torch is found: $TORCH_PYTHON, else /work/venv-torch/bin/python. Never part of `make test`.
#
# Usage: bench/compare.sh [BENCH_BINARY]   (env: WORKLOADS="base n8b4 n1b1s64 w32" — add r18-224 for
#        torchvision ResNet-18 at 3×224×224 —, ROUNDS=3,
#        ITERATIONS=20, WARMUP=5, THREADS=2, NICE=0 — e.g. NICE=-10 lowers other jobs' interference
#        on a shared machine; it applies to both sides)
set -euo pipefail
BIN=${1:-.build/release/bench}
WORKLOADS=${WORKLOADS:-base n8b4 n1b1s64 w32}
ROUNDS=${ROUNDS:-3}
ITERATIONS=${ITERATIONS:-20}
WARMUP=${WARMUP:-5}
THREADS=${THREADS:-2}
NICE=${NICE:-0}
HERE=$(cd "$(dirname "$0")" && pwd)

if [[ ! -x "$BIN" ]]; then echo "bench-compare: $BIN not found (run make build first)" >&2; exit 1; fi
if ! [[ "$ROUNDS" =~ ^[1-9][0-9]*$ && "$ITERATIONS" =~ ^[1-9][0-9]*$ && "$WARMUP" =~ ^[1-9][0-9]*$ \
        && "$THREADS" =~ ^[1-9][0-9]*$ && "$NICE" =~ ^-?[0-9]+$ ]]; then
  echo "bench-compare: ROUNDS, ITERATIONS, WARMUP and THREADS must be positive integers, NICE an integer" >&2; exit 2
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
median_of() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

printf '%-9s %14s %14s %8s   %s\n' workload "swift ms" "pytorch ms" ratio "per-run medians (swift | pytorch)"
for w in $WORKLOADS; do
  args=$(twin_args "$w")
  swift_runs=""; torch_runs=""
  for ((r = 0; r < ROUNDS; r++)); do
    s=$(GL_THREADS=$THREADS nice -n "$NICE" "$BIN" --attack "$w" --warmup "$WARMUP" --iterations "$ITERATIONS" 2>/dev/null | median_ms)
    swift_runs="$swift_runs $s"
    if [[ $HAVE_TORCH == 1 ]]; then
      # shellcheck disable=SC2086
      t=$(OMP_NUM_THREADS=$THREADS nice -n "$NICE" "$PYTHON" "$HERE/torch_twin.py" $args --threads "$THREADS" \
            --warmup "$WARMUP" --iterations "$ITERATIONS" 2>/dev/null | median_ms)
      torch_runs="$torch_runs $t"
    fi
  done
  sm=$(echo "$swift_runs" | median_of)
  if [[ $HAVE_TORCH == 1 ]]; then
    tm=$(echo "$torch_runs" | median_of)
    ratio=$(awk -v s="$sm" -v t="$tm" 'BEGIN { if (t > 0) printf "%.2f", s / t; else print "nan" }')
  else tm="-"; ratio="-"; fi
  printf '%-9s %14s %14s %8s   %s |%s\n' "$w" "$sm" "$tm" "$ratio" "$swift_runs" "$torch_runs"
done
echo "threads $THREADS, nice $NICE, rounds $ROUNDS x $ITERATIONS iterations after $WARMUP warm-up;" \
     "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
