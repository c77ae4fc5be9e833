#!/usr/bin/env python3
"""PyTorch twin of the attack-iteration benchmark (docs/DESIGN.md "The benchmark workload").

Run by hand from a venv with torch (never by the build, the tests or CI):

    /work/venv-torch/bin/python bench/torch_twin.py                        # base workload
    /work/venv-torch/bin/python bench/torch_twin.py --images 8 --batch 4
    /work/venv-torch/bin/python bench/torch_twin.py --images 1 --batch 1 --size 64
    /work/venv-torch/bin/python bench/torch_twin.py --width 32
    /work/venv-torch/bin/python bench/torch_twin.py --arch resnet18 --channels 3 --classes 2 \
        --images 1 --batch 1 --size 224 --width 64              # r18-224 (needs torchvision)

Workload. resnet-mini (tools/torch_models.py: BasicBlocks [1,1,1,1], widths w/2w/4w/8w with w = 16,
1 input channel, 10 classes, 32x32 input); `--arch resnet18` takes torchvision's resnet18 instead
(ImageNet stem, `--channels` input channels, `--classes` classes; r18-224: 3 x 224 x 224, 2 classes, N = B = 1). A client holds N = 4 random images (uniform [0,1)) with
random labels and trains one local epoch: batch B = 2, so T = ceil(N/B) = 2 SGD steps (lr 0.01, no
momentum, cross-entropy, BN in train mode with momentum 0.1), batches taken in order. The "true" update
Delta = theta_local - theta_g is obtained by actually running those steps.

The attacker knows theta_g and Delta. The recovered BN targets (docs/PAPER.md "Recovering batch BN statistics") are
    mu_hat = (r_T_mean - 0.9 r_0_mean) / 0.1,   var_hat = (r_T_var - 0.9 r_0_var) / 0.1
(var_hat mixes unbiased batch variances; it is compared with the biased feature variance, as docs/PAPER.md
"The baseline attack" states the objective).
One attack iteration, on unknown images X [N,1,S,S] (initialised from a smooth prior copied N times)
and label logits Y [N,10] (uniform random):
  1. simulate the client's T steps from theta_g differentiably (torch.func.functional_call +
     torch.autograd.grad(create_graph=True)) with soft labels softmax(Y), the same batch split, lr and
     train-mode BN; Delta_sim,k = theta_T,k - theta_g,k for every learnable parameter k (BN buffers are
     not part of this term; the BN term below matches them);
  2. forward all N images of X through the updated model theta_g + Delta in train mode and take each
     BatchNorm2d layer's input mean mu_l(X) and biased variance var_l(X) per channel (12 BN layers);
  3. loss = 1e-3 * sum_k ||Delta_sim,k - Delta_k||_2
          + 0.1  * sum_l (||mu_l(X) - mu_hat_l||_2 + ||var_l(X) - var_hat_l||_2)
          + 1e-4 * TV2(X)    (sum of the Frobenius norms of the horizontal, vertical and both diagonal
                              neighbour differences over the whole batch, as DeepInversion)
          + 1e-5 * mean_i ||X_i||_2;
  4. backpropagate to X and Y; one Adam step (lr 0.1, betas 0.9 / 0.9).

Timing: torch.set_num_threads(2), `--warmup` iterations untimed, then the median (and min / max) of
`--iterations` (>= 20) timed iterations of wall-clock time, plus the median process CPU time (all
threads). Prints one JSON object on stdout, with the 1-minute load average before and after: on the
shared 2-core machine, wall times taken at a load well above 2 are inflated (two OpenMP threads degrade
badly when they do not get both cores); `--threads 1` and `median_cpu_ms` are robust to that.
"""
import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.func import functional_call

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from torch_models import ResNetMini  # noqa: E402

LR = 0.01
BN_MOMENTUM = 0.1
ALPHA_UPDATE, ALPHA_BN, ALPHA_TV, ALPHA_L2 = 1e-3, 0.1, 1e-4, 1e-5


def local_training(model, params, buffers, images, targets, batch, create_graph):
    """The client's T SGD steps from `params`; BN buffers (cloned) are updated in place as in PyTorch.

    `targets` are class indices or class probabilities (soft labels). Returns (params_T, buffers_T)."""
    p = dict(params)
    b = {k: v.clone() for k, v in buffers.items()}
    steps = math.ceil(images.shape[0] / batch)
    for t in range(steps):
        xb, yb = images[t * batch:(t + 1) * batch], targets[t * batch:(t + 1) * batch]
        loss = F.cross_entropy(functional_call(model, (p, b), (xb,)), yb)
        grads = torch.autograd.grad(loss, list(p.values()), create_graph=create_graph)
        if create_graph:
            p = {k: v - LR * g for (k, v), g in zip(p.items(), grads)}
        else:
            p = {k: (v - LR * g).detach().requires_grad_(True) for (k, v), g in zip(p.items(), grads)}
    return p, b


def total_variation(x):
    """TV2: unsquared Frobenius norms of the four neighbour differences (DeepInversion's loss_var_l2)."""
    d1 = x[:, :, :, :-1] - x[:, :, :, 1:]
    d2 = x[:, :, :-1, :] - x[:, :, 1:, :]
    d3 = x[:, :, 1:, :-1] - x[:, :, :-1, 1:]
    d4 = x[:, :, :-1, :-1] - x[:, :, 1:, 1:]
    return d1.norm() + d2.norm() + d3.norm() + d4.norm()


class BNFeatureStatistics:
    """Forward pre-hooks on every BatchNorm2d that record (mean, biased variance) of its input."""

    def __init__(self, model):
        self.active = False
        self.stats = []
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.register_forward_pre_hook(self.hook)

    def hook(self, module, inputs):
        if self.active:
            x = inputs[0]
            self.stats.append((x.mean(dim=(0, 2, 3)), x.var(dim=(0, 2, 3), unbiased=False)))

    def collect(self, model, params, buffers, x):
        self.active, self.stats = True, []
        functional_call(model, (params, {k: v.clone() for k, v in buffers.items()}), (x,))
        self.active = False
        return self.stats


def main():
    parser = argparse.ArgumentParser(description="PyTorch twin of the attack-iteration benchmark")
    parser.add_argument("--images", type=int, default=4, help="N, the client's images")
    parser.add_argument("--batch", type=int, default=2, help="B, the local batch size")
    parser.add_argument("--size", type=int, default=32, help="image side")
    parser.add_argument("--width", type=int, default=16, help="resnet-mini base width")
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--arch", choices=["mini", "resnet18"], default="mini",
                        help="resnet-mini (CIFAR stem) or torchvision's resnet18 (ImageNet stem)")
    parser.add_argument("--channels", type=int, default=1, help="input channels")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true",
                        help="sanity check instead of timing: print the loss terms at the true images and "
                             "labels (the update term must be ~0) and at the initial guess, and the gradient norms")
    args = parser.parse_args()
    if args.images < 1 or args.batch < 1 or args.size < 8 or args.width < 1 or args.iterations < 1:
        parser.error("images, batch, width and iterations must be positive and size at least 8")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    n, bsz, k = args.images, args.batch, args.classes
    steps = math.ceil(n / bsz)

    c = args.channels
    if args.arch == "resnet18":
        from torchvision_cpu import torchvision  # tools/torchvision_cpu.py
        model = torchvision.models.resnet18(num_classes=k)
        if c != 3:
            model.conv1 = nn.Conv2d(c, 64, kernel_size=7, stride=2, padding=3, bias=False)
    else:
        model = ResNetMini(in_channels=c, width=args.width, classes=k)
    model.train()
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.momentum = BN_MOMENTUM
    theta_g = {name: p.detach().clone().requires_grad_(True) for name, p in model.named_parameters()}
    buffers_g = {name: b.detach().clone() for name, b in model.named_buffers()}
    bn_names = [name for name, m in model.named_modules() if isinstance(m, nn.BatchNorm2d)]
    statistics_hooks = BNFeatureStatistics(model)

    # The client's real local epoch, giving the update Delta and the running statistics r_T.
    true_images = torch.rand(n, c, args.size, args.size)
    true_labels = torch.randint(0, k, (n,))
    theta_local, buffers_local = local_training(model, theta_g, buffers_g, true_images, true_labels, bsz, False)
    delta = {name: (theta_local[name] - theta_g[name]).detach() for name in theta_g}
    theta_updated = {name: theta_local[name].detach() for name in theta_g}
    targets = []
    for name in bn_names:
        r0m, r0v = buffers_g[name + ".running_mean"], buffers_g[name + ".running_var"]
        rtm, rtv = buffers_local[name + ".running_mean"], buffers_local[name + ".running_var"]
        targets.append(((rtm - (1 - BN_MOMENTUM) * r0m) / BN_MOMENTUM, (rtv - (1 - BN_MOMENTUM) * r0v) / BN_MOMENTUM))

    # Unknowns: images from a smooth prior copied N times, label logits uniform random.
    prior = F.interpolate(torch.rand(1, c, 8, 8), size=(args.size, args.size), mode="bilinear", align_corners=False)
    x = prior.repeat(n, 1, 1, 1).clone().requires_grad_(True)
    y = torch.rand(n, k).requires_grad_(True)
    optimizer = torch.optim.Adam([x, y], lr=0.1, betas=(0.9, 0.9))

    def loss_terms(images, logits):
        simulated, _ = local_training(model, theta_g, buffers_g, images, F.softmax(logits, dim=1), bsz, True)
        update = sum(((simulated[name] - theta_g[name]) - delta[name]).norm() for name in theta_g)
        feature_stats = statistics_hooks.collect(model, theta_updated, buffers_local, images)
        bn_mean = sum((mu - mu_hat).norm() for (mu, _), (mu_hat, _) in zip(feature_stats, targets))
        bn_var = sum((var - var_hat).norm() for (_, var), (_, var_hat) in zip(feature_stats, targets))
        l2 = images.flatten(1).norm(dim=1).mean()
        return update, bn_mean + bn_var, total_variation(images), l2, bn_mean

    if args.check:
        truth_logits = F.one_hot(true_labels, k).float() * 100
        update_true, _, _, _, bn_mean_true = loss_terms(true_images, truth_logits)
        update_init, bn_init, _, _, _ = loss_terms(x, y)
        delta_norm = sum(d.norm() for d in delta.values()).item()
        gx, gy = torch.autograd.grad(ALPHA_UPDATE * update_init + ALPHA_BN * bn_init, [x, y])
        print(json.dumps({"sum_k |Delta_k|": delta_norm, "update term at truth": update_true.item(),
                          "update term at init": update_init.item(), "BN mean term at truth": bn_mean_true.item(),
                          "|grad X|": gx.norm().item(), "|grad Y|": gy.norm().item()}))
        return 0

    def attack_iteration():
        update, bn, tv, l2, _ = loss_terms(x, y)
        loss = ALPHA_UPDATE * update + ALPHA_BN * bn + ALPHA_TV * tv + ALPHA_L2 * l2
        # Gradients to X and Y only (autograd.grad skips the unneeded ones w.r.t. theta_g).
        x.grad, y.grad = torch.autograd.grad(loss, [x, y])
        optimizer.step()
        return loss.item()

    load_before = os.getloadavg()[0]
    losses = [attack_iteration() for _ in range(args.warmup)]
    times, cpu_times = [], []
    for _ in range(args.iterations):
        start, cpu_start = time.perf_counter(), time.process_time()
        losses.append(attack_iteration())
        times.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu_start) * 1000)
    result = {
        "workload": "attack-iteration", "framework": "pytorch-eager", "torch": torch.__version__,
        "model": "torchvision resnet18" if args.arch == "resnet18" else f"resnet-mini w{args.width}",
        "channels": c, "images": n, "batch": bsz, "steps": steps, "size": args.size,
        "classes": k, "threads": args.threads, "warmup": args.warmup, "iterations": args.iterations,
        "median_ms": round(statistics.median(times), 3), "min_ms": round(min(times), 3),
        "max_ms": round(max(times), 3), "median_cpu_ms": round(statistics.median(cpu_times), 3),
        "bn_layers": len(bn_names),
        # Peak resident memory of the whole process (ru_maxrss, KiB on Linux).
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "loss_first": losses[0], "loss_last": losses[-1],
        # The 1-minute load average before and after: on a shared 2-core machine, a load well above 2
        # means other processes competed for the cores and the times are inflated.
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
