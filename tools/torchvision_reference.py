#!/usr/bin/env python3
"""torchvision oracle for the ImageNet-stem ResNet-18: writes compact JSON fixtures
Tests/NNTests/Fixtures/torchvision_resnet18_{64,224}.json, a lighter torchvision_resnet50_128.json (logits,
loss and the gradients of LIGHT_GRADIENTS: the Bottleneck path) and torchvision_layouts.json (state-dict names and shapes of
resnet18/34/50 with 1000 classes).

Run by hand from a venv with torch + torchvision (never by the build, the tests or CI):

    /work/venv-torch/bin/python tools/torchvision_reference.py            # writes both fixtures
    /work/venv-torch/bin/python tools/torchvision_reference.py --check    # recompute, compare, write nothing

Model: torchvision.models.resnet18(num_classes=K) exactly (3 input channels: torchvision's own conv1).

Deterministic inputs instead of stored tensors. A full ResNet-18 state is 11.7 M floats (~47 MB), too
large to commit, so the initial state and the images are functions both sides compute exactly (the
Swift twin is Tests/NNTests/TorchvisionOracle.swift):

    splitmix64(x) = the SplitMix64 finaliser of x (uint64, wrapping arithmetic):
        z = x; z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB; z ^ (z >> 31)
    u(seed, i) = (splitmix64(i + seed * 0x9E3779B97F4A7C15) >> 40) / 2^24      in [0, 1), exact in float32
    v(seed, i) = 2 u - 1                                                         in [-1, 1), exact in float32

For the state entry number e (0-based, state-dict order) with flat index i, seed = e + 1, in float32
arithmetic:
    rank-4 weight (conv)          float32(sqrt(6 / fan_in)) * v       (He-scaled: std sqrt(2 / fan_in))
    rank-2 weight (fc)            float32(sqrt(3 / fan_in)) * v       (std 1 / sqrt(fan_in))
    rank-1 weight (BN gamma)      1 + 0.1 * v
    bias (BN beta, fc bias)       0.1 * v
    running_mean                  0.1 * v
    running_var                   1 + 0.25 * v
    num_batches_tracked           7
Images: u(1000, i) over [N, 3, S, S] (row-major); labels fixed below.

What is computed, in float64 (model.double(), from the float32 values above), as PyTorch does it:
logits in eval mode (initial state), logits in train mode (the forward of the SGD step), the mean
cross-entropy, every parameter gradient, the full state dict after one SGD step (lr 0.01, no momentum,
BN buffers updated once with momentum 0.1 and the unbiased variance, num_batches_tracked 7 -> 8), and
eval-mode logits after the step.

Compact oracle per tensor: shape, sum, L2 norm, and the entries at 32 fixed flat indices
idx_j = (j * 2654435761) mod count, j = 0..31 (all entries when count <= 32), each to 10 significant
digits. JSON with sorted keys, written atomically; rerunning leaves `git status` clean.
"""
import argparse
import json
import math
import os
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torchvision_cpu import torchvision  # noqa: E402  (tools/torchvision_cpu.py)

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "NNTests", "Fixtures")
LR = 0.01
SAMPLES = 32
# name: (architecture, image side, images N, classes K, labels, full oracle?)
CASES = {
    "resnet18_64": ("resnet18", 64, 4, 10, [3, 7, 0, 9], True),
    "resnet18_224": ("resnet18", 224, 2, 2, [1, 0], True),
    "resnet50_128": ("resnet50", 128, 2, 10, [4, 1], False),
}
# The gradients the light (resnet50) oracle keeps: those of the last block. Earlier gradients of this
# deep net are ill-conditioned on this data: PyTorch's own float32 run differs from the float64 one by
# 3-9 % of their RMS entry (conv1.weight 5 %, layer3.5.conv2.weight 4 %, layer4.0.downsample.0.weight
# 3 %), so they would test rounding, not the architecture (ResNet-18's are checked in full). The
# logits check every Bottleneck.
LIGHT_GRADIENTS = ["fc.weight", "layer4.2.bn3.weight", "layer4.2.conv3.weight"]
MASK = (1 << 64) - 1


def splitmix_u(seed, count):
    """u(seed, i) for i in 0..<count as float32 (exact k / 2^24)."""
    with np.errstate(over="ignore"):
        z = np.arange(count, dtype=np.uint64) + np.uint64((seed * 0x9E3779B97F4A7C15) & MASK)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return ((z >> np.uint64(40)).astype(np.float64) / float(1 << 24)).astype(np.float32)


def entry_value(name, shape, e):
    count = int(np.prod(shape)) if shape else 1
    if name.endswith("num_batches_tracked"):
        return np.array(7, dtype=np.int64)
    v = np.float32(2) * splitmix_u(e + 1, count) - np.float32(1)
    if name.endswith(".weight") and len(shape) >= 2:
        fan_in = int(np.prod(shape[1:]))
        scale = np.float32(math.sqrt((6.0 if len(shape) == 4 else 3.0) / fan_in))
        out = scale * v
    elif name.endswith(".weight"):
        out = np.float32(1) + np.float32(0.1) * v
    elif name.endswith(".bias") or name.endswith(".running_mean"):
        out = np.float32(0.1) * v
    elif name.endswith(".running_var"):
        out = np.float32(1) + np.float32(0.25) * v
    else:
        raise ValueError(f"unknown entry {name}")
    return out.astype(np.float32).reshape(shape)


def summary(t):
    a = t.detach().double().reshape(-1).numpy() if torch.is_tensor(t) else np.asarray(t, dtype=np.float64).reshape(-1)
    n = a.size
    idx = list(range(n)) if n <= SAMPLES else [(j * 2654435761) % n for j in range(SAMPLES)]
    g = lambda x: float(f"{x:.10g}")  # noqa: E731
    return {"shape": list(t.shape), "sum": g(a.sum()), "norm": g(np.sqrt((a * a).sum())),
            "indices": idx, "values": [g(a[i]) for i in idx]}


def oracle(case):
    arch, size, n, k, labels, full = CASES[case]
    model = getattr(torchvision.models, arch)(num_classes=k)
    names = list(model.state_dict().keys())
    state = {name: torch.from_numpy(entry_value(name, list(t.shape), e)) for e, (name, t) in enumerate(model.state_dict().items())}
    model.load_state_dict(state)
    model = model.double()
    x = torch.from_numpy(splitmix_u(1000, n * 3 * size * size).reshape(n, 3, size, size)).double()
    y = torch.tensor(labels)
    out = {"model": f"torchvision.models.{arch}", "torchvision": torchvision.__version__, "torch": torch.__version__,
           "size": size, "images": n, "classes": k, "labels": labels, "lr": LR,
           "state_names": names, "state_shapes": [list(state[nm].shape) for nm in names]}
    model.eval()
    with torch.no_grad():
        out["logits_eval"] = summary(model(x))
    model.train()
    logits = model(x)
    loss = F.cross_entropy(logits, y)
    params = dict(model.named_parameters())
    grads = torch.autograd.grad(loss, list(params.values()))
    out["logits_train"] = summary(logits)
    out["loss"] = float(f"{loss.item():.12g}")
    out["grad"] = {name: summary(g) for name, g in zip(params, grads) if full or name in LIGHT_GRADIENTS}
    if not full:
        return out
    with torch.no_grad():
        for p, g in zip(params.values(), grads):
            p -= LR * g
    out["after_step"] = {name: summary(t) for name, t in model.state_dict().items()}
    model.eval()
    with torch.no_grad():
        out["logits_eval_after_step"] = summary(model(x))
    return out


def write_atomic(path, text):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".torchvision_reference.", suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="recompute and compare with the committed files")
    parser.add_argument("--cases", nargs="*", default=sorted(CASES) + ["layouts"], help="cases to write")
    args = parser.parse_args()
    torch.set_num_threads(2)
    status = 0
    for case in args.cases:
        if case == "layouts":
            result = {arch: [[name, list(t.shape)] for name, t in getattr(torchvision.models, arch)().state_dict().items()]
                      for arch in ["resnet18", "resnet34", "resnet50"]}
        else:
            result = oracle(case)
        text = json.dumps(result, sort_keys=True, separators=(",", ":")) + "\n"
        path = os.path.join(OUT_DIR, f"torchvision_{case}.json")
        if args.check:
            same = os.path.exists(path) and open(path).read() == text
            print(f"{path}: {'identical' if same else 'DIFFERS'}")
            status |= 0 if same else 1
        else:
            write_atomic(path, text)
            print(f"wrote {path} ({len(text)} bytes)")
    return status


if __name__ == "__main__":
    sys.exit(main())
