#!/usr/bin/env python3
"""PyTorch oracle for the Autodiff stack: writes Tests/AutodiffTests/Fixtures/small_network.json.

Run by hand from a venv with torch + numpy (never by the build, the tests or CI):

    /work/venv-torch/bin/python tools/torch_reference.py            # writes the fixture
    /work/venv-torch/bin/python tools/torch_reference.py --check    # recompute, compare, write nothing

The network (functional, so every parameter is explicit):

    conv   = Conv2d(1 -> 3, 3x3, stride 1, padding 1, with bias)
    bn     = BatchNorm2d(3), TRAIN mode, eps 1e-5, momentum 0.1: normalises with the biased batch
             variance; running_var is updated with the unbiased one (n = N*H*W = 72)
    relu
    pool   = avg-pool 2x2 (stride 2): [2, 3, 6, 6] -> [2, 3, 3, 3]
    flatten -> [2, 27]
    fc     = Linear(27 -> 4, with bias)   (y = x W^T + b, W is [4, 27])
    loss   = cross-entropy with hard labels, mean over the batch

Inputs: N = 2 images 1x6x6 drawn with a fixed seed in float32. bn.weight / bn.bias are random (not 1 / 0)
so that their gradients and their use in the forward pass are exercised. The reference values are
computed in float64 from those float32 values (so the fixture holds the exact answer to ~1e-15, not
PyTorch's float32 rounding); a float32 PyTorch run is compared against it and the difference printed.

Second-order quantity: G_k = dL/dtheta_k at a fixed target input x_t (same labels), then
    L_match(x) = sum_k || dL(x)/dtheta_k - G_k ||^2          (k over the six parameters)
and dL_match/dx through torch.autograd.grad(create_graph=True).

JSON format (all tensors row-major, NCHW / OIHW / [out, in] as in PyTorch):

    {
      "format": "gradient-leakage torch reference v1",
      "description": "...",
      "torch_version": "...",
      "config": {"seed": 0, "bn_eps": 1e-5, "bn_momentum": 0.1, ...},
      "tensors": {"<name>": {"shape": [..], "data": [.. flat row-major floats ..]}, ...},
      "scalars": {"loss": float, "match_loss": float}
    }

Tensor names:
    input x [2,1,6,6]; labels [2] (class indices stored as floats); target_input [2,1,6,6];
    conv.weight [3,1,3,3]; conv.bias [3]; bn.weight [3]; bn.bias [3];
    bn.running_mean.before [3] (zeros); bn.running_var.before [3] (ones);
    fc.weight [4,27]; fc.bias [4];
    conv_output [2,3,6,6] (conv + bias, before BatchNorm: the only place the conv bias shows);
    logits [2,4];
    bn.running_mean [3], bn.running_var [3]  (after the one train-mode forward on x);
    grad.<param> for the six parameters, grad.input [2,1,6,6]   (of the loss at x);
    target_grad.<param> (G_k, at target_input);
    (grad.conv.bias and target_grad.conv.bias are analytically zero: a bias before train-mode BatchNorm
     is removed by the mean subtraction. The fixture holds float64 round-off, ~1e-17.)
    match_grad.input [2,1,6,6]  (dL_match/dx).
"""
import argparse
import json
import os
import sys
import tempfile

import torch
import torch.nn.functional as F

EPS = 1e-5
MOMENTUM = 0.1
PARAM_NAMES = ["conv.weight", "conv.bias", "bn.weight", "bn.bias", "fc.weight", "fc.bias"]
FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "Tests", "AutodiffTests", "Fixtures", "small_network.json")


def make_inputs(seed: int):
    """Float32 parameters and data from a fixed seed."""
    g = torch.Generator().manual_seed(seed)
    params = {
        "conv.weight": torch.randn(3, 1, 3, 3, generator=g) * 0.5,
        "conv.bias": torch.randn(3, generator=g) * 0.1,
        "bn.weight": 1.0 + 0.3 * torch.randn(3, generator=g),
        "bn.bias": 0.2 * torch.randn(3, generator=g),
        "fc.weight": torch.randn(4, 27, generator=g) * 0.3,
        "fc.bias": torch.randn(4, generator=g) * 0.1,
    }
    x = torch.randn(2, 1, 6, 6, generator=g)
    x_target = torch.randn(2, 1, 6, 6, generator=g)
    labels = torch.tensor([2, 1], dtype=torch.long)
    return params, x, x_target, labels


def forward(params, x, running_mean, running_var, features=None):
    """Logits; updates running_mean / running_var in place (train-mode BatchNorm)."""
    h = F.conv2d(x, params["conv.weight"], params["conv.bias"], stride=1, padding=1)
    if features is not None:
        features["conv_output"] = h.detach().clone()
    h = F.batch_norm(h, running_mean, running_var, params["bn.weight"], params["bn.bias"],
                     training=True, momentum=MOMENTUM, eps=EPS)
    h = F.relu(h)
    h = F.avg_pool2d(h, 2)
    h = h.flatten(1)
    return F.linear(h, params["fc.weight"], params["fc.bias"])


def compute(params32, x32, xt32, labels, dtype):
    params = {k: v.to(dtype).clone().requires_grad_(True) for k, v in params32.items()}
    x = x32.to(dtype).clone().requires_grad_(True)
    xt = xt32.to(dtype)
    rm, rv = torch.zeros(3, dtype=dtype), torch.ones(3, dtype=dtype)
    features = {}
    logits = forward(params, x, rm, rv, features)
    loss = F.cross_entropy(logits, labels)
    grads = torch.autograd.grad(loss, [params[k] for k in PARAM_NAMES] + [x])
    out = {"conv_output": features["conv_output"], "logits": logits.detach(), "bn.running_mean": rm, "bn.running_var": rv, "grad.input": grads[-1]}
    for k, gk in zip(PARAM_NAMES, grads[:-1]):
        out["grad." + k] = gk

    # Second order: gradient matching against the parameter gradients at the target input.
    scratch_m, scratch_v = torch.zeros(3, dtype=dtype), torch.ones(3, dtype=dtype)
    loss_t = F.cross_entropy(forward(params, xt, scratch_m, scratch_v), labels)
    target = [t.detach() for t in torch.autograd.grad(loss_t, [params[k] for k in PARAM_NAMES])]
    x2 = x32.to(dtype).clone().requires_grad_(True)
    loss_x = F.cross_entropy(forward(params, x2, scratch_m, scratch_v), labels)
    gx = torch.autograd.grad(loss_x, [params[k] for k in PARAM_NAMES], create_graph=True)
    match = sum(((a - b) ** 2).sum() for a, b in zip(gx, target))
    (match_grad,) = torch.autograd.grad(match, [x2])
    for k, tk in zip(PARAM_NAMES, target):
        out["target_grad." + k] = tk
    out["match_grad.input"] = match_grad
    return out, loss.item(), match.item()


def tensor_entry(t):
    t = t.detach().to(torch.float64).contiguous()
    return {"shape": list(t.shape), "data": [float("%.9g" % v) for v in t.flatten().tolist()]}


def write_atomic(path, text):
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".small_network.", suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--output", default=FIXTURE)
    parser.add_argument("--check", action="store_true", help="recompute and compare with the existing fixture")
    args = parser.parse_args()

    params, x, xt, labels = make_inputs(args.seed)
    ref, loss, match = compute(params, x, xt, labels, torch.float64)
    f32, loss32, match32 = compute(params, x, xt, labels, torch.float32)
    print(f"loss {loss:.9g} (float32 torch: {loss32:.9g}); L_match {match:.9g} (float32: {match32:.9g})")
    for name, value in ref.items():
        diff = (f32[name].double() - value).norm()
        print(f"  {name:24s} |float64| {value.norm().item():.3e}  |float32 - float64| {diff.item():.2e}")

    tensors = {"input": x, "labels": labels.to(torch.float64), "target_input": xt,
               "bn.running_mean.before": torch.zeros(3), "bn.running_var.before": torch.ones(3)}
    tensors.update(params)
    tensors.update(ref)
    document = {
        "format": "gradient-leakage torch reference v1",
        "description": "conv(1->3,3x3,pad 1,bias) -> BatchNorm2d(3) train -> relu -> avgpool 2x2 -> flatten "
                       "-> linear(27->4) -> cross-entropy (mean); gradients, running stats and the input "
                       "gradient of the gradient-matching loss sum_k ||dL(x)/dtheta_k - dL(x_t)/dtheta_k||^2. "
                       "Written by tools/torch_reference.py; computed in float64 from float32 inputs.",
        "torch_version": torch.__version__,
        "config": {"seed": args.seed, "bn_eps": EPS, "bn_momentum": MOMENTUM, "batch": 2, "classes": 4,
                   "parameters": PARAM_NAMES},
        "tensors": {k: tensor_entry(v) for k, v in tensors.items()},
        "scalars": {"loss": loss, "match_loss": match},
    }
    if args.check:
        with open(args.output) as f:
            old = json.load(f)
        worst = 0.0
        for k, v in document["tensors"].items():
            a, b = torch.tensor(v["data"]), torch.tensor(old["tensors"][k]["data"])
            worst = max(worst, ((a - b).norm() / b.norm().clamp_min(1e-6)).item())
        print(f"check: worst relative difference to {args.output}: {worst:.2e}")
        return 0 if worst < 1e-7 else 1
    text = json.dumps(document, separators=(",", ":"))
    write_atomic(args.output, text + "\n")
    print(f"wrote {args.output} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
