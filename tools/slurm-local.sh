#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, and the report's smoke chapters run through it
# (`make cluster-test`, README "On a Slurm cluster"). Steps:
#   1. install Debian's slurm-wlm and munge if missing; start munged, slurmctld and slurmd here
#      (configuration and state under $WORK, never /etc/slurm);
#   2. run every chapter at smoke budget through the Slurm executor from an empty trial cache,
#      killing one running task on the way; check it was submitted again and that every chapter's
#      results equal the local executor's (timing fields aside);
#   3. stop the daemons this script started, by their process ids.
# Usage: tools/slurm-local.sh [BIN_DIR]   (BIN_DIR: the built executables, default .build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${1:-.build/release}
BIN=$(cd "$BIN" && pwd)
WORK=${SLURM_LOCAL_WORK:-/tmp/gl-slurm-local}
HOST=$(hostname -s)
CPUS=$(nproc)
STARTED=()

say() { echo "slurm-local: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

stop_daemons() {
  for entry in "${STARTED[@]}"; do
    name=${entry%%:*}; pid=${entry##*:}
    if kill -0 "$pid" 2>/dev/null; then say "stopping $name (pid $pid)"; kill "$pid" 2>/dev/null || true; fi
  done
  for entry in "${STARTED[@]}"; do
    pid=${entry##*:}
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap stop_daemons EXIT

[ "$(id -u)" = 0 ] || fail "run as root (it installs packages and starts slurmd)"
for tool in report trial; do [ -x "$BIN/$tool" ] || fail "$BIN/$tool is missing: run make build first"; done

# 1. Packages and daemons.
missing=""
for package in slurm-wlm munge; do
  dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $package"
done
if [ -n "$missing" ]; then
  say "installing$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

rm -rf "$WORK"; mkdir -p "$WORK"/{etc,state,spool,log}
if ! pgrep -x munged >/dev/null; then
  [ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
  chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key
  install -d -o munge -g munge -m 0755 /run/munge
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
  STARTED+=("munged:$(cat /run/munge/munged.pid)")
  say "started munged (pid $(cat /run/munge/munged.pid))"
fi

export SLURM_CONF="$WORK/etc/slurm.conf"
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
cat > "$SLURM_CONF" <<CONF
# One-node cluster written by tools/slurm-local.sh.
ClusterName=gl-local
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/log/slurmctld.log
SlurmdLogFile=$WORK/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
MinJobAge=60
NodeName=$HOST CPUs=$CPUS RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
/usr/sbin/slurmctld -D -f "$SLURM_CONF" > "$WORK/log/slurmctld.out" 2>&1 &
STARTED+=("slurmctld:$!")
say "started slurmctld (pid $!)"
sleep 1
/usr/sbin/slurmd -D -f "$SLURM_CONF" > "$WORK/log/slurmd.out" 2>&1 &
STARTED+=("slurmd:$!")
say "started slurmd (pid $!)"
for _ in $(seq 60); do
  state=$(sinfo --noheader --format=%T 2>/dev/null | head -1 || true)
  [ "$state" = idle ] && break
  sleep 1
done
[ "$state" = idle ] || { tail -5 "$WORK/log/slurmctld.log" "$WORK/log/slurmd.log" >&2 || true; fail "the node is '$state', not idle"; }
say "one-node cluster up: $HOST, $CPUS CPUs, partition debug"

# 2. The smoke report through Slurm from an empty cache, one task killed on the way.
KILL_MARK="$WORK/killed"
(
  # Kill the first trial worker seen running under Slurm (once).
  for _ in $(seq 600); do
    pid=$(pgrep -f "trial run --cache $WORK/slurm-run/trials" | head -1 || true)
    if [ -n "$pid" ]; then kill -9 "$pid" && echo "$pid" > "$KILL_MARK"; exit 0; fi
    sleep 0.2
  done
) &
killer=$!
say "smoke report through Slurm (output $WORK/slurm-run)"
started=$(date +%s.%N)
GL_SLURM_POLL=1 "$BIN/report" build --budget smoke --force --executor slurm --timeout 900 \
  --output "$WORK/slurm-run" 2> "$WORK/slurm-run.log" || { tail -20 "$WORK/slurm-run.log" >&2; fail "the report through Slurm failed"; }
slurm_seconds=$(echo "$(date +%s.%N) - $started" | bc)
wait "$killer" || true
[ -s "$KILL_MARK" ] || fail "no running task was seen to kill"
resubmitted=$(grep -c "ended without a result; submitting it again" "$WORK/slurm-run.log" || true)
[ "$resubmitted" = 1 ] || fail "expected exactly the killed task to be submitted again, saw $resubmitted resubmissions"
say "killed worker pid $(cat "$KILL_MARK"); the executor submitted its trial again"

say "the same report through the local executor (output $WORK/local-run)"
started=$(date +%s.%N)
"$BIN/report" build --budget smoke --force --executor local --timeout 900 --output "$WORK/local-run" 2> "$WORK/local-run.log" \
  || { tail -20 "$WORK/local-run.log" >&2; fail "the local report failed"; }
local_seconds=$(echo "$(date +%s.%N) - $started" | bc)

python3 - "$WORK/slurm-run" "$WORK/local-run" <<'PY'
import json, sys, pathlib
slurm, local = map(pathlib.Path, sys.argv[1:3])
timing = {"finished", "seconds"}
def clean(value):
    # Wall-clock measurements a chapter reports (values in seconds, unit "s") differ from run to run.
    if isinstance(value, dict) and value.get("unit") == "s" and "number" in value:
        return {k: v for k, v in value.items() if k != "number"}
    if isinstance(value, dict): return {k: clean(v) for k, v in value.items() if k not in timing}
    if isinstance(value, list): return [clean(v) for v in value]
    return value
chapters = sorted(p.parent.name for p in (local / "chapters").glob("*/results.json"))
bad = []
for chapter in chapters:
    a = json.loads((slurm / "chapters" / chapter / "results.json").read_text())
    b = json.loads((local / "chapters" / chapter / "results.json").read_text())
    a["trials"] = {k: v for k, v in a.get("trials", {}).items() if k == "entries"}
    b["trials"] = {k: v for k, v in b.get("trials", {}).items() if k == "entries"}
    if clean(a) != clean(b): bad.append(chapter)
records = len(list((slurm / "trials").glob("*/*.json"))) - len(list((slurm / "trials").glob("pending/*.json"))) - len(list((slurm / "trials").glob("failed/*.json")))
print(f"slurm-local: {len(chapters)} chapters compared, {records} trial records", file=sys.stderr)
if bad:
    print("slurm-local: FAILED: results differ between Slurm and local in " + ", ".join(bad), file=sys.stderr); sys.exit(1)
PY
arrays=$(grep -c "submitted job" "$WORK/slurm-run.log" || true)
trials=$(find "$WORK/slurm-run/trials" -mindepth 2 -maxdepth 2 -name '*.json' -not -path '*/pending/*' -not -path '*/failed/*' | wc -l)
say "results identical to the local executor's"
say "time: Slurm $(printf %.0f "$slurm_seconds") s, local $(printf %.0f "$local_seconds") s for $trials trials in $arrays job arrays;"
say "      Slurm's extra time per trial $(echo "($slurm_seconds - $local_seconds) / $trials" | bc -l | xargs printf %.2f) s"
say "passed"
