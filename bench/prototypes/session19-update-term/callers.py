#!/usr/bin/env python3
"""Aggregate the nearest Swift callers of a few hot leaf symbols from `perf script -F ip,sym`.

    perf script -i perf.data -F ip,sym > stacks.txt
    python3 callers.py stacks.txt [SYMBOL_SUBSTRING ...]

Prints, for each symbol substring, the sample count and the six most frequent pairs of the first
two Swift frames above the leaf (worker-pool and standard-library frames skipped).
"""
import collections
import sys

DEFAULT = ["binary___4into5count", "__memmove", "__memset", "__memcmp", "ElementwiseO5unary"]


def main():
    path = sys.argv[1]
    targets = sys.argv[2:] or DEFAULT
    callers = {t: collections.Counter() for t in targets}
    total = 0
    for block in open(path).read().split("\n\n"):
        frames = [line.strip().split(" ", 1)[1] for line in block.strip().split("\n") if " " in line.strip()]
        if not frames:
            continue
        total += 1
        for t in targets:
            if t in frames[0]:
                chain = [f for f in frames[1:] if f.startswith("$s") and "Parallel" not in f
                         and "WorkerPool" not in f and not f.startswith("$sS")][:2]
                callers[t][" <- ".join(c[:80] for c in chain)] += 1
    print("samples", total)
    for t in targets:
        print("==", t, sum(callers[t].values()))
        for key, count in callers[t].most_common(6):
            print("  ", count, key)


if __name__ == "__main__":
    main()
