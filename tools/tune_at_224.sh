#!/usr/bin/env bash
# Tuning runs of the baseline attack at the paper's scale (torchvision ResNet-18, 3x224x224, 2 classes,
# random init, one local SGD step: lr 0.01, batch 1, BN in train mode) on medical tuning images that
# are NOT the scored radiograph RG1 (tools/make_medical_tuning_images.py writes them). Steps:
#   1. check every attack configuration (`leakage audit --print-config --config FILE`) before any run;
#   2. per tuning image: the one-step client update (tools/torchvision_update_fixture.py --image PNG
#      --size 224 --classes 2 --label 1 --seed MODEL_SEED), made once into $OUT/updates/ and reused
#      by every attack seed and configuration (written to a temporary folder, then renamed);
#   3. per image x configuration x attack seed: `leakage audit --arch resnet18 --in-channels 3
#      --classes 2 --image-size 224 ... --lr 0.01 --batch-size 1 --images 1 --iterations N --seed S
#      --prior priors/IMAGE.png [--config FILE] --client-images ... --out RUN` (exit 0 send or 3
#      withhold both count as a finished run); its report.json gives RDLV and SSIM;
#   4. $OUT/results.tsv (written atomically at the end) and, per configuration, the median RDLV over
#      all runs with the count above 0.3 (the project's success threshold: median > 0.3).
# A progress line per run goes to stderr. Run by hand; the build, tests and CI never run it.
# Runs resume: a run lands in $OUT/runs/CONFIG/IMAGE/seedS only when it finished (built in a .tmp-*
# folder, then renamed), with a stamp of what it depends on (see run_stamp); rerunning the script
# reuses every run whose stamp still matches, so a campaign longer than one session continues where
# it stopped. The updates ($OUT/updates, ~90 MB per image) are recomputed when missing.
#
# Usage: [VAR=value ...] tools/tune_at_224.sh
#   IMAGES_DIR  tuning PNGs (every *.png directly in it; priors in IMAGES_DIR/priors/) [/tmp/medical-tuning]
#   OUT         work and result folder                                               [/tmp/tune-224]
#   ITERATIONS  attack iterations per run (chapter 5's full budget is 60)            [60]
#   SEEDS       attack seeds (`leakage audit --seed`), space- or comma-separated     [0 1 2]
#   CONFIG      attack configurations: JSON files as `leakage audit --print-config` prints them,
#               space-separated; `preset` is the built-in tuned baseline. Name = file name without .json  [preset]
#   MODEL_SEED  global model init seed of the fixture (--seed); `attack` = use each attack seed  [0]
#   PRIOR       `blurred` (IMAGES_DIR/priors/IMAGE.png, the image blurred with sigma = size/8, as
#               chapter 5) or `grey` (the audit's uniform 0.5 prior)                   [blurred]
#   THREADS     compute threads of each audit (GL_THREADS; OpenBLAS and torch get the same)  [1]
#   PYTHON      a Python with torch, torchvision, safetensors, pillow                 [/work/venv-torch/bin/python]
#   LEAKAGE     the leakage executable                                                [.build/release/leakage]
#   PROGRESS    1: each run's audit.err keeps the loss terms of every iteration (--progress)  [0]
# Example (a 2-iteration smoke run): ITERATIONS=2 SEEDS=0 tools/tune_at_224.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

IMAGES_DIR=${IMAGES_DIR:-/tmp/medical-tuning}
OUT=${OUT:-/tmp/tune-224}
ITERATIONS=${ITERATIONS:-60}
SEEDS=${SEEDS:-0 1 2}
CONFIG=${CONFIG:-preset}
MODEL_SEED=${MODEL_SEED:-0}
PRIOR=${PRIOR:-blurred}
THREADS=${THREADS:-1}
PYTHON=${PYTHON:-/work/venv-torch/bin/python}
LEAKAGE=${LEAKAGE:-$ROOT/.build/release/leakage}
PROGRESS=${PROGRESS:-0}
SIZE=224

say() { echo "tune-224: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

# ---- check the settings ------------------------------------------------------------------------
[[ $ITERATIONS =~ ^[0-9]+$ && $ITERATIONS -ge 1 ]] || fail "ITERATIONS='$ITERATIONS' is not a positive integer"
[[ $THREADS =~ ^[0-9]+$ && $THREADS -ge 1 ]] || fail "THREADS='$THREADS' is not a positive integer"
read -r -a SEED_LIST <<< "${SEEDS//,/ }"
(( ${#SEED_LIST[@]} > 0 )) || fail "SEEDS is empty"
for s in "${SEED_LIST[@]}"; do [[ $s =~ ^[0-9]+$ ]] || fail "attack seed '$s' in SEEDS is not a non-negative integer"; done
[[ $MODEL_SEED == attack || $MODEL_SEED =~ ^[0-9]+$ ]] || fail "MODEL_SEED='$MODEL_SEED': a non-negative integer or 'attack'"
[[ $PROGRESS == 0 || $PROGRESS == 1 ]] || fail "PROGRESS='$PROGRESS': 0 or 1"
[[ $PRIOR == blurred || $PRIOR == grey ]] || fail "PRIOR='$PRIOR': 'blurred' or 'grey'"
[[ -x $LEAKAGE ]] || fail "$LEAKAGE not found or not executable (build it: swift build -c release)"
[[ -x $PYTHON ]] || fail "$PYTHON not found (tools/README.md: the venv with torch and torchvision)"
[[ -d $IMAGES_DIR ]] || fail "$IMAGES_DIR not found (make it: $PYTHON tools/make_medical_tuning_images.py --out '$IMAGES_DIR')"

IMAGES=()
while IFS= read -r -d '' f; do IMAGES+=("$f"); done < <(find "$IMAGES_DIR" -maxdepth 1 \( -type f -o -type l \) -name '*.png' -print0 | sort -z)
(( ${#IMAGES[@]} > 0 )) || fail "no *.png in $IMAGES_DIR"
for img in "${IMAGES[@]}"; do
  name=$(basename "$img" .png)
  shopt -s nocasematch
  if [[ $name == *rg1* ]]; then fail "$img: RG1 is the scored radiograph, never a tuning image"; fi
  shopt -u nocasematch
  if [[ $PRIOR == blurred && ! -f $IMAGES_DIR/priors/$name.png ]]; then
    fail "$IMAGES_DIR/priors/$name.png (the prior of $img) not found; rerun tools/make_medical_tuning_images.py or set PRIOR=grey"
  fi
done

export GL_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS OMP_NUM_THREADS=$THREADS
mkdir -p "$OUT/configs" "$OUT/updates" "$OUT/runs"
# One instance per OUT: two would share the partial results file and the updates. Run a second
# campaign in parallel with its own OUT (its runs can be copied into this one's runs/ afterwards).
exec 9> "$OUT/.lock"
flock -n 9 || fail "another tune_at_224.sh is running on $OUT (give this one its own OUT)"

# Every configuration is checked (and its effective form saved) before any run.
read -r -a CONFIG_LIST <<< "$CONFIG"
CONFIG_NAMES=() CONFIG_ARGS=()
for c in "${CONFIG_LIST[@]}"; do
  if [[ $c == preset ]]; then
    cname=preset; cargs=""
  else
    [[ -f $c ]] || fail "configuration file $c not found"
    cname=$(basename "$c" .json); cargs=$(realpath "$c")
  fi
  for seen in "${CONFIG_NAMES[@]+"${CONFIG_NAMES[@]}"}"; do
    [[ $seen != "$cname" ]] || fail "two configurations are named '$cname' (file names must differ)"
  done
  check=(audit --print-config --iterations "$ITERATIONS")
  [[ -z $cargs ]] || check+=(--config "$cargs")
  if ! "$LEAKAGE" "${check[@]}" > "$OUT/configs/$cname.json" 2> "$OUT/configs/$cname.err"; then
    fail "configuration $c is not valid: $(cat "$OUT/configs/$cname.err")"
  fi
  rm -f "$OUT/configs/$cname.err"
  # The preset's warm-up is min(100, iterations/10) of the iterations it is built for; a file keeps the
  # warm-up it was printed with (100 from a plain --print-config), whatever --iterations says.
  warmup=$("$PYTHON" -c 'import json, sys; s = json.load(open(sys.argv[1]))["schedule"]; print(s.get("warmup", 0))' \
           "$OUT/configs/$cname.json") || fail "cannot read the schedule of $OUT/configs/$cname.json"
  say "configuration $cname: warm-up $warmup of $ITERATIONS iterations (effective form: $OUT/configs/$cname.json)"
  if (( warmup * 10 > ITERATIONS )); then
    say "WARNING: configuration $cname warms up for $warmup of $ITERATIONS iterations (the preset would use $(( ITERATIONS / 10 < 100 ? ITERATIONS / 10 : 100 ))); set schedule.warmup in $c if that is not intended"
  fi
  CONFIG_NAMES+=("$cname"); CONFIG_ARGS+=("$cargs")
done

# ---- the client updates ------------------------------------------------------------------------
# update_for IMAGE MODEL_SEED -> prints the folder of the (cached) one-step update.
update_for() {
  local img=$1 mseed=$2 name dir tmp
  name=$(basename "$img" .png)
  dir=$OUT/updates/$name-model$mseed
  if [[ -f $dir/info.json && -f $dir/update.safetensors && -f $dir/global.safetensors && -f $dir/images/0.png ]] \
     && cmp -s "$img" "$dir/source.png"; then
    echo "$dir"; return 0
  fi
  tmp=$(mktemp -d "$OUT/updates/.tmp-$name-XXXXXX")
  say "update: $name (model seed $mseed)"
  if ! "$PYTHON" tools/torchvision_update_fixture.py --image "$img" --size "$SIZE" --classes 2 --label 1 \
       --seed "$mseed" --out "$tmp" > "$tmp.log" 2>&1; then
    say "torchvision_update_fixture.py failed for $img:"; tail -n 20 "$tmp.log" >&2
    rm -rf "$tmp" "$tmp.log"; exit 1
  fi
  cp "$img" "$tmp/source.png"; mv "$tmp.log" "$tmp/fixture.log"
  rm -rf "$dir"; mv "$tmp" "$dir"
  echo "$dir"
}

# report_fields REPORT -> "rdlv<TAB>ssim<TAB>prior_ssim<TAB>attack_seconds<TAB>iterations<TAB>label"
# (rdlv "undefined" when the audit says so); fails naming the missing field.
report_fields() {
  "$PYTHON" - "$1" <<'EOF'
import json, sys
path = sys.argv[1]
try:
    with open(path) as f:
        report = json.load(f)
except (OSError, ValueError) as error:
    sys.exit(f"{path}: cannot read the audit report: {error}")
def field(obj, *keys):
    where = "report"
    for key in keys:
        where += f"[{key!r}]"
        try:
            obj = obj[key]
        except (KeyError, IndexError, TypeError):
            sys.exit(f"{path}: field {where} missing (has leakage audit's report.json changed?)")
    return obj
image = field(report, "leakage", "images", 0)
rdlv = field(image, "rdlv")
ssim = field(image, "ssim")
prior_ssim = field(image, "priorSSIM")
seconds = field(report, "seconds")
iterations = field(report, "settings", "iterations")
labels = field(report, "predictedLabels")
for name, value in (("ssim", ssim), ("priorSSIM", prior_ssim), ("seconds", seconds)):
    if not isinstance(value, (int, float)):
        sys.exit(f"{path}: field {name} is {value!r}, not a number")
if rdlv is not None and not isinstance(rdlv, (int, float)):
    sys.exit(f"{path}: field rdlv is {rdlv!r}, neither a number nor null")
print("\t".join(["undefined" if rdlv is None else f"{rdlv:.4f}", f"{ssim:.4f}", f"{prior_ssim:.4f}",
                 f"{seconds:.1f}", str(iterations), ",".join(map(str, labels))]))
EOF
}

# run_stamp UPDATE_HASHES CONFIG_NAME IMAGE_NAME ARGS... -> what a finished run must match to be reused: the audit's
# arguments (without --out), the update's and the global state's bytes, the effective configuration,
# the prior, the code (git's tree hash of Sources/; a dirty or untracked tree never matches) and the
# CPU (results move with the kernels).
# The code and the CPU are the same for every run of one invocation: read once.
STAMP_CODE=$(git -C "$ROOT" rev-parse HEAD:Sources 2>/dev/null) || STAMP_CODE="no-git-$(date +%s%N)"
if [[ -n $(git -C "$ROOT" status --porcelain -- Sources 2>/dev/null) ]]; then STAMP_CODE="uncommitted-$(date +%s%N)"; fi
STAMP_CPU=$(awk -F': ' '/^model name/ && !n {n = $2} /^cpu family/ && !f {f = $2} /^model\t/ && !m {m = $2}
                       END {print n " (family " f ", model " m ")"}' /proc/cpuinfo)
short_hash() { sha256sum < "$1" | cut -c1-16; }
# update_hashes UPDATE_DIR -> the stamp's hashes of the update and global state (~90 MB): computed
# once per update, not once per run.
update_hashes() { echo "update: $(short_hash "$1/update.safetensors") global: $(short_hash "$1/global.safetensors")"; }
run_stamp() {
  local hashes=$1 cname=$2 name=$3; shift 3
  local args prior=none
  # Paths are written relative to OUT and IMAGES_DIR, so a results folder can move (or be committed).
  args="$*"; args=${args//"$OUT"/'$OUT'}; args=${args//"$IMAGES_DIR"/'$IMAGES_DIR'}
  [[ $PRIOR != blurred ]] || prior=$(short_hash "$IMAGES_DIR/priors/$name.png")
  printf '%s\n' "args: $args" \
    "$hashes prior: $prior" \
    "config: $(short_hash "$OUT/configs/$cname.json")" "code: $STAMP_CODE" "cpu: $STAMP_CPU"
}

# ---- the runs ----------------------------------------------------------------------------------
PARTIAL=$OUT/.results.partial.tsv
HEADER=$'image\tseed\tconfig\titerations\trdlv\tssim\tseconds\tprior_ssim\tattack_seconds\tlabel\tmodel_seed'
echo "$HEADER" > "$PARTIAL"
total=$(( ${#IMAGES[@]} * ${#CONFIG_NAMES[@]} * ${#SEED_LIST[@]} ))
say "$total runs: ${#IMAGES[@]} images x ${#CONFIG_NAMES[@]} configurations (${CONFIG_NAMES[*]}) x ${#SEED_LIST[@]} attack seeds (${SEED_LIST[*]}), $ITERATIONS iterations, prior $PRIOR, $THREADS thread(s); out $OUT"
n=0
for img in "${IMAGES[@]}"; do
  name=$(basename "$img" .png)
  for seed in "${SEED_LIST[@]}"; do
    mseed=$MODEL_SEED; [[ $mseed != attack ]] || mseed=$seed
    update=$(update_for "$img" "$mseed")
    [[ $update == "${hashed_update:-}" ]] || { hashes=$(update_hashes "$update"); hashed_update=$update; }
    for i in "${!CONFIG_NAMES[@]}"; do
      cname=${CONFIG_NAMES[$i]} cargs=${CONFIG_ARGS[$i]}
      n=$((n + 1))
      run=$OUT/runs/$cname/$name/seed$seed
      args=(audit --arch resnet18 --in-channels 3 --classes 2 --image-size "$SIZE"
            --global "$update/global.safetensors" --update "$update/update.safetensors"
            --lr 0.01 --batch-size 1 --images 1 --iterations "$ITERATIONS" --seed "$seed"
            --client-images "$update/images")
      [[ $PRIOR != blurred ]] || args+=(--prior "$IMAGES_DIR/priors/$name.png")
      [[ -z $cargs ]] || args+=(--config "$cargs")
      stamp=$(run_stamp "$hashes" "$cname" "$name" "${args[@]}")
      if [[ -f $run/report.json && -f $run/stamp.txt ]] && [[ $(cat "$run/stamp.txt") == "$stamp" ]]; then
        seconds=$(cat "$run/seconds.txt" 2>/dev/null || echo 0); cached=" (finished earlier, reused)"
      else
        cached=""
        tmp=$(mktemp -d "$OUT/runs/.tmp-XXXXXX")
        args+=(--out "$tmp")
        # Progress (the loss terms at every iteration) goes to the run's audit.err; not part of the stamp.
        [[ $PROGRESS != 1 ]] || args+=(--progress)
        printf '%q ' "$LEAKAGE" "${args[@]}" > "$tmp/command.txt"; echo >> "$tmp/command.txt"
        start=$(date +%s.%N)
        status=0
        "$LEAKAGE" "${args[@]}" > "$tmp/audit.out" 2> "$tmp/audit.err" || status=$?
        seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
        if [[ $status != 0 && $status != 3 ]]; then
          say "[$n/$total] $name seed $seed $cname: leakage audit exited $status (command: $tmp/command.txt):"
          tail -n 20 "$tmp/audit.err" >&2
          exit 1
        fi
        [[ -f $tmp/report.json ]] || fail "$tmp/report.json missing although leakage audit exited $status"
        echo "$seconds" > "$tmp/seconds.txt"; echo "$stamp" > "$tmp/stamp.txt"
        # A run lands whole or not at all: a run killed half-way leaves only a .tmp-* folder.
        mkdir -p "$(dirname "$run")"; rm -rf "$run"; mv "$tmp" "$run"
      fi
      fields=$(report_fields "$run/report.json") || fail "could not parse $run/report.json"
      IFS=$'\t' read -r rdlv ssim prior_ssim attack_seconds iters label <<< "$fields"
      [[ $iters == "$ITERATIONS" ]] || fail "$run/report.json ran $iters iterations, expected $ITERATIONS"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$seed" "$cname" "$iters" "$rdlv" "$ssim" \
        "$seconds" "$prior_ssim" "$attack_seconds" "$label" "$mseed" >> "$PARTIAL"
      say "[$n/$total] $name seed $seed $cname: RDLV $rdlv SSIM $ssim (prior $prior_ssim), label $label, ${seconds} s$cached"
    done
  done
done

RESULTS=$OUT/results.tsv
mv "$PARTIAL" "$RESULTS"   # same folder: an atomic rename
say "wrote $RESULTS"

# ---- medians -----------------------------------------------------------------------------------
"$PYTHON" - "$RESULTS" <<'EOF'
import csv, statistics, sys
from collections import defaultdict
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
by_config = defaultdict(list)
for r in rows:
    by_config[r["config"]].append(r)
def f(x): return f"{x:+.3f}"
for config, runs in by_config.items():
    values = [None if r["rdlv"] == "undefined" else float(r["rdlv"]) for r in runs]
    defined = [v for v in values if v is not None]
    # Undefined RDLV (the prior is unlike the image) counts as a failure: -inf in the conservative median.
    conservative = statistics.median([float("-inf") if v is None else v for v in values])
    images = sorted({r["image"] for r in runs})
    per_image = {i: statistics.median([float("-inf") if r["rdlv"] == "undefined" else float(r["rdlv"])
                                       for r in runs if r["image"] == i]) for i in images}
    ssim = statistics.median(float(r["ssim"]) for r in runs)
    line = (f"{config}: median RDLV {f(statistics.median(defined)) if defined else '-'} over {len(defined)} defined runs"
            f" ({len(values) - len(defined)} undefined; counted as failures: {f(conservative)}),"
            f" RDLV > 0.3 in {sum(v > 0.3 for v in defined)}/{len(values)}, median SSIM {ssim:.3f};"
            f" median of per-image medians {f(statistics.median(per_image.values()))}")
    print(line)
    for i in images:
        print(f"  {i}: median over seeds {f(per_image[i])}")
EOF
