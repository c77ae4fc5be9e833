#!/usr/bin/env python3
"""Groups a `perf report` symbol list into the README's profile categories (Performance, "Where the
time goes now").

    perf record -o /tmp/perf.data -- .build/release/bench --attack n8b4 > /dev/null
    perf report -i /tmp/perf.data --no-children --sort symbol -g none | python3 bench/perf_shares.py

Standard library only; never run by the build or the tests."""
import re
import sys

# The first pattern a symbol matches decides its group; order matters.
GROUPS = [
    ("OpenBLAS sgemm and packing", r"sgemm|COOPERLAKE|HASWELL|SKYLAKEX|ZEN"),
    ("direct 3x3 kernels", r"VectorKernels"),
    ("workers polling for work", r"WorkerPool|sched_yield|__schedule|do_sched|finish_task|pick_next|syscall"),
    ("elementwise", r"Elementwise"),
    ("im2col/col2im", r"Im2col|buildColumns"),
    ("memset/memmove", r"memset|memmove|memcpy"),
    ("per-channel BN kernels", r"ChannelOps|Reduction"),
    ("ARC/malloc", r"swift_retain|swift_release|malloc|free|swift_allocObject|swift_bridgeObject|_int_"),
    ("kernel (other)", r"\[k\]"),
]


def main():
    shares = {name: 0.0 for name, _ in GROUPS}
    other = 0.0
    for line in sys.stdin:
        match = re.match(r"\s*([\d.]+)%\s+(.*)", line)
        if not match:
            continue
        percent, symbol = float(match.group(1)), match.group(2)
        for name, pattern in GROUPS:
            if re.search(pattern, symbol):
                shares[name] += percent
                break
        else:
            other += percent
    for name, percent in shares.items():
        print(f"{name:28} {percent:5.1f} %")
    print(f"{'other':28} {other:5.1f} %")


if __name__ == "__main__":
    main()
