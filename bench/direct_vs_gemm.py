#!/usr/bin/env python3
"""Alternates `bench --attack NAME` with and without the direct 3x3 convolution kernels
(GL_DIRECT_CONV=1 / 0) and prints, per workload and setting, the medians (and the range over the
rounds) of the wall-clock median and of `gemm_fraction_of_core_peak` (README, Performance).

    swift build -c release --product bench
    python3 bench/direct_vs_gemm.py [ROUNDS]      # default 5 rounds

Standard library only; never run by the build or the tests."""
import json
import os
import statistics
import subprocess
import sys

BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".build", "release", "bench")
WORKLOADS = ["base", "n8b4", "n1b1s64", "w32"]


def run(workload, direct):
    env = {**os.environ, "GL_DIRECT_CONV": direct}
    done = subprocess.run([BENCH, "--attack", workload], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(f"{BENCH} --attack {workload} failed ({done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if not os.path.exists(BENCH):
        sys.exit(f"{BENCH} not found: run `swift build -c release --product bench` first")
    results = {}
    for _ in range(rounds):
        for workload in WORKLOADS:
            for direct in ("1", "0"):
                results.setdefault((workload, direct), []).append(run(workload, direct))
    print(f"{'workload':9} {'direct':6} {'median ms':>9} {'(range)':>15} {'fraction of peak':>16} "
          f"{'(range)':>15} {'direct share':>12}")
    for (workload, direct), runs in results.items():
        ms = [r["median_ms"] for r in runs]
        fractions = [r["gemm_fraction_of_core_peak"] for r in runs]
        share = runs[0].get("direct_share_of_gemm_flops", 0)
        print(f"{workload:9} {direct:6} {statistics.median(ms):9.2f} {f'{min(ms):.1f}–{max(ms):.1f}':>15} "
              f"{statistics.median(fractions):16.3f} {f'{min(fractions):.3f}–{max(fractions):.3f}':>15} {share:12.2f}")


if __name__ == "__main__":
    main()
