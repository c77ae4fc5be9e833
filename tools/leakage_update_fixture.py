"""A client update made by PyTorch, for the end-to-end test of `leakage audit`.

Run by hand from a venv with torch + safetensors + numpy + pillow (never by the build, tests or CI):

    /work/venv-torch/bin/python tools/leakage_update_fixture.py

A PyTorch ResNetMini (tools/torch_models.py, width 16, 1 channel, 10 classes, 32x32) starts from its
torchvision-style random initialisation (seed 0), which is the global model. One client holds one
Fashion-MNIST image (train index 50,123: the tuning range, never an evaluation image), zero-padded
to 32x32 in [0, 1], label from the dataset, and trains one local epoch: SGD lr 0.01, batch 1, BN in
train mode (momentum 0.1), cross-entropy. Written to Tests/LeakageCLITests/Fixtures/:

    global.safetensors   the global state dict (num_batches_tracked as int64)
    update.safetensors   delta = local - global for every entry, num_batches_tracked included
    images/0.png         the client's image (8-bit gray)
"""
import gzip
import os
import struct

import numpy as np
import torch
from PIL import Image
from safetensors.torch import save_file

from torch_models import ResNetMini

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Tests", "LeakageCLITests", "Fixtures")
INDEX = 50_123


def fashion_image(index):
    base = "/usr/share/datasets/fashion-mnist"
    with gzip.open(os.path.join(base, "train-images-idx3-ubyte.gz")) as f:
        magic, n, h, w = struct.unpack(">IIII", f.read(16))
        f.seek(16 + index * h * w)
        pixels = np.frombuffer(f.read(h * w), dtype=np.uint8).reshape(h, w)
    with gzip.open(os.path.join(base, "train-labels-idx1-ubyte.gz")) as f:
        f.seek(8 + index)
        label = f.read(1)[0]
    padded = np.zeros((32, 32), dtype=np.uint8)
    padded[2:30, 2:30] = pixels
    return padded, int(label)


def main():
    torch.manual_seed(0)
    model = ResNetMini(in_channels=1, width=16, classes=10)
    global_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    pixels, label = fashion_image(INDEX)
    x = torch.tensor(pixels, dtype=torch.float32).reshape(1, 1, 32, 32) / 255.0
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x), torch.tensor([label]))
    loss.backward()
    optimizer.step()
    local = model.state_dict()
    delta = {k: (local[k] - global_state[k]).contiguous() for k in global_state}
    os.makedirs(os.path.join(OUT, "images"), exist_ok=True)
    save_file({k: v.contiguous() for k, v in global_state.items()}, os.path.join(OUT, "global.safetensors"))
    save_file(delta, os.path.join(OUT, "update.safetensors"))
    Image.fromarray(pixels, mode="L").save(os.path.join(OUT, "images", "0.png"))
    print(f"label {label}, loss {loss.item():.4f}, wrote {OUT}")


if __name__ == "__main__":
    main()
