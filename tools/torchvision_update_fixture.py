#!/usr/bin/env python3
"""A one-image client update made by torchvision's ResNet-18, for trying `leakage audit` at the paper's scale.

Run by hand from a venv with torch + torchvision + safetensors + pillow (never by the build, tests or CI;
the output is ~45 MB per state and is not committed):

    /work/venv-torch/bin/python tools/torchvision_update_fixture.py --out /tmp/r18-update \
        [--size 224] [--classes 2] [--label 1] [--image PNG] [--seed 0]

The global model is torchvision.models.resnet18(num_classes=K) from its own random initialisation
(seed; ImageNet weights cannot be downloaded here). One client holds one RGB image (a PNG given with
--image, resized to size x size, or else a synthetic radiograph-like picture: a bright ellipse, ribs
and a dark label box with white marks at the top, in three slightly different colour planes) with
label --label, and trains one local step: SGD lr 0.01, batch 1, BN in train mode (momentum 0.1),
cross-entropy. Written to --out:

    global.safetensors   model.state_dict() of the global model (num_batches_tracked int64)
    update.safetensors   delta = local - global for every entry, num_batches_tracked included (1)
    images/0.png         the client's image (8-bit RGB)
    info.json            label, loss, settings

Then, for example:

    .build/release/leakage audit --arch resnet18 --in-channels 3 --classes 2 --image-size 224 \
        --global /tmp/r18-update/global.safetensors --update /tmp/r18-update/update.safetensors \
        --lr 0.01 --batch-size 1 --images 1 --iterations 200 --client-images /tmp/r18-update/images --out /tmp/r18-audit
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from safetensors.torch import save_file

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torchvision_cpu import torchvision  # noqa: E402  (tools/torchvision_cpu.py)


def synthetic_image(size):
    y, x = np.mgrid[0:size, 0:size] / size
    body = np.exp(-(((x - 0.5) / 0.32) ** 2 + ((y - 0.58) / 0.38) ** 2) * 2.0)
    ribs = 0.15 * (np.sin(y * 60) > 0.6) * (body > 0.3)
    grey = np.clip(0.1 + 0.7 * body + ribs, 0, 1)
    box = (y < 0.12) & (x > 0.06) & (x < 0.55)
    marks = box & (np.sin(x * 140) > 0.3) & (y > 0.04) & (y < 0.09)
    grey[box] = 0.05
    grey[marks] = 0.95
    rgb = np.stack([grey, np.clip(grey * 0.95 + 0.02, 0, 1), np.clip(grey * 0.9 + 0.05, 0, 1)], axis=-1)
    return (rgb * 255).round().astype(np.uint8)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--classes", type=int, default=2)
    parser.add_argument("--label", type=int, default=1)
    parser.add_argument("--image", help="a PNG to use as the client's image (resized, converted to RGB)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lr", type=float, default=0.01)
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    model = torchvision.models.resnet18(num_classes=args.classes)
    global_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    if args.image:
        pixels = np.asarray(Image.open(args.image).convert("RGB").resize((args.size, args.size), Image.BILINEAR))
    else:
        pixels = synthetic_image(args.size)
    x = torch.from_numpy(pixels.astype(np.float32) / 255).permute(2, 0, 1).unsqueeze(0).contiguous()
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), torch.tensor([args.label]))
    loss.backward()
    optimizer.step()
    local = model.state_dict()
    delta = {k: (local[k] - global_state[k]).contiguous() for k in global_state}
    os.makedirs(os.path.join(args.out, "images"), exist_ok=True)
    save_file({k: v.contiguous() for k, v in global_state.items()}, os.path.join(args.out, "global.safetensors"))
    save_file(delta, os.path.join(args.out, "update.safetensors"))
    Image.fromarray(pixels, mode="RGB").save(os.path.join(args.out, "images", "0.png"))
    info = {"model": "torchvision.models.resnet18", "classes": args.classes, "label": args.label, "size": args.size,
            "lr": args.lr, "seed": args.seed, "loss": loss.item(), "torch": torch.__version__}
    with open(os.path.join(args.out, "info.json"), "w") as f:
        json.dump(info, f, indent=1, sort_keys=True)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
