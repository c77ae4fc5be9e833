#!/usr/bin/env python3
"""PyTorch oracle for the NN module: writes safetensors fixtures to Tests/NNTests/Fixtures/.

Run by hand from a venv with torch + safetensors (never by the build, the tests or CI):

    /work/venv-torch/bin/python tools/nn_reference.py

For each model (ResNetMini width 4 and DLG's sigmoid LeNet, both 1x32x32 input, 10 classes; see
tools/torch_models.py) it writes three files:

    <model>_init.safetensors        the initial state dict: every parameter and buffer under its PyTorch
                                    name (float32; num_batches_tracked stays int64, shape [])
    <model>_io.safetensors          input [2,1,32,32] f32 (uniform [0,1)), labels [2] int64,
                                    logits_eval [2,10] (eval mode, initial state, before training),
                                    logits_train [2,10] (train mode, the forward of the SGD step),
                                    loss [] (mean cross-entropy of logits_train),
                                    grad.<param> (dloss/dparam of that forward, one per parameter),
                                    logits_eval_after_step [2,10] (eval mode with the after-step state:
                                    exercises non-trivial running statistics)
    <model>_after_step.safetensors  the full state dict after one SGD step (lr 0.01, no momentum, no
                                    weight decay) on that batch in train mode: parameters p - lr * grad,
                                    BN buffers updated once (momentum 0.1, unbiased variance),
                                    num_batches_tracked = 1

The initial state is drawn in float32 with a fixed seed; everything after it is computed in float64
(the model is converted with .double()) and rounded to float32 when saved, so the fixtures hold the
exact answer rather than PyTorch's float32 rounding. Each file's safetensors header carries one
metadata key, "info": a JSON object (sorted keys) with producer, torch version, seed, lr, model, ...
Output is byte-for-byte reproducible. Writes are atomic (temp file + rename).
"""
import argparse
import copy
import json
import os
import sys
import tempfile

import torch
import torch.nn.functional as F
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_models import LeNet, ResNetMini, dlg_weights_init  # noqa: E402

LR = 0.01
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "NNTests", "Fixtures")


def save_atomic(tensors, path, metadata):
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".nn_reference.", suffix=".tmp")
    os.close(fd)
    # One metadata key holding sorted JSON: safetensors stores metadata in a hash map, so several keys
    # would come out in a different order on every run and churn the committed binaries.
    info = {"info": json.dumps(metadata, sort_keys=True)}
    save_file({k: v.detach().contiguous() for k, v in tensors.items()}, tmp, metadata=info)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    print(f"wrote {path} ({os.path.getsize(path)} bytes, {len(tensors)} tensors)")


def as_float32_state(state):
    """A state dict with floating tensors rounded to float32 and integer buffers (int64) kept."""
    return {k: (v.float() if v.is_floating_point() else v.clone()) for k, v in state.items()}


def reference_run(model, x, labels):
    """Eval logits, one train-mode SGD step; returns (io tensors, after-step state), all in float32."""
    model = copy.deepcopy(model).double()
    xd = x.double()
    model.eval()
    with torch.no_grad():
        logits_eval = model(xd)
    model.train()
    logits_train = model(xd)
    loss = F.cross_entropy(logits_train, labels)
    names = [n for n, _ in model.named_parameters()]
    grads = torch.autograd.grad(loss, [p for _, p in model.named_parameters()])
    with torch.no_grad():
        for p, g in zip(model.parameters(), grads):
            p.sub_(LR * g)
    after = as_float32_state(model.state_dict())
    model.eval()
    with torch.no_grad():
        logits_eval_after = model(xd)
    io = {"input": x, "labels": labels, "logits_eval": logits_eval.float(), "logits_train": logits_train.float(),
          "loss": loss.detach().float().reshape(()), "logits_eval_after_step": logits_eval_after.float()}
    for n, g in zip(names, grads):
        io["grad." + n] = g.float()
    return io, after, loss.item()


def float32_disagreement(model, x, labels, io):
    """How far PyTorch's own float32 run is from the float64 reference (printed, for the README)."""
    m = copy.deepcopy(model)
    m.train()
    logits = m(x)
    rel = (logits.double() - io["logits_train"].double()).norm() / io["logits_train"].double().norm()
    return rel.item()


def write_model(name, model, x, labels, metadata):
    init = as_float32_state(model.state_dict())
    io, after, loss = reference_run(model, x, labels)
    meta = dict(metadata, model=name)
    save_atomic(init, os.path.join(OUT_DIR, f"{name}_init.safetensors"), dict(meta, content="initial state dict"))
    save_atomic(io, os.path.join(OUT_DIR, f"{name}_io.safetensors"), dict(meta, content="batch, logits, loss, grads"))
    save_atomic(after, os.path.join(OUT_DIR, f"{name}_after_step.safetensors"),
                dict(meta, content="state dict after one SGD step"))
    print(f"{name}: loss {loss:.6f}; float32-vs-float64 train logits relative difference "
          f"{float32_disagreement(model, x, labels, io):.2e}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    g = torch.Generator().manual_seed(args.seed + 1)
    x = torch.rand(2, 1, 32, 32, generator=g)
    labels = torch.tensor([3, 7], dtype=torch.int64)
    base = {"producer": "tools/nn_reference.py", "torch": torch.__version__, "seed": str(args.seed),
            "lr": str(LR), "optimizer": "SGD, no momentum, no weight decay", "loss": "cross-entropy (mean)",
            "bn_momentum": "0.1", "bn_eps": "1e-05", "computed_in": "float64, stored float32"}

    resnet = ResNetMini(in_channels=1, width=4, classes=10)
    write_model("resnet_mini", resnet, x, labels, dict(base, width="4", classes="10", input="2x1x32x32"))

    lenet = LeNet(in_channels=1, classes=10, image_size=32)
    lenet.apply(dlg_weights_init)
    write_model("lenet", lenet, x, labels, dict(base, classes="10", input="2x1x32x32", init="uniform(-0.5, 0.5)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
