#!/usr/bin/env python3
"""Regenerate the small committed test fixtures of DatasetsTests and NNTests (SafeTensors).

Needs numpy, pillow and safetensors (pip, in a venv outside the repo). The Swift tests never run
Python; these files are the external oracle: written by gzip, Pillow and the reference safetensors
library rather than by our own code.

    python3 tools/make_test_fixtures.py
"""

import gzip
import os
import struct

import numpy as np
from PIL import Image
from safetensors.numpy import save_file

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "Tests", "DatasetsTests", "Fixtures")
NN = os.path.join(ROOT, "Tests", "NNTests", "Fixtures")


def gz(path, payload):
    # mtime=0 keeps the bytes reproducible.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(payload)


def idx_ubyte(array):
    array = np.asarray(array, dtype=np.uint8)
    return bytes([0, 0, 8, array.ndim]) + b"".join(struct.pack(">I", d) for d in array.shape) + array.tobytes()


def tiny_images():
    """Three 28x28 images, pixel (k, y, x) = (37k + 5y + 3x) mod 256."""
    k, y, x = np.meshgrid(np.arange(3), np.arange(28), np.arange(28), indexing="ij")
    return ((37 * k + 5 * y + 3 * x) % 256).astype(np.uint8)


def main():
    os.makedirs(os.path.join(DATA, "tiny-fmnist"), exist_ok=True)
    os.makedirs(NN, exist_ok=True)

    # IDX: a 2x2x3 ubyte array holding 0..11.
    gz(os.path.join(DATA, "tiny-2x2x3.idx.gz"), idx_ubyte(np.arange(12).reshape(2, 2, 3)))
    # A Fashion-MNIST-shaped directory with 3 images (labels 3, 0, 9).
    gz(os.path.join(DATA, "tiny-fmnist", "train-images-idx3-ubyte.gz"), idx_ubyte(tiny_images()))
    gz(os.path.join(DATA, "tiny-fmnist", "train-labels-idx1-ubyte.gz"), idx_ubyte([3, 0, 9]))

    # PNGs written by Pillow: RGB with gray-valued colours, palette, 16-bit gray (no gAMA chunk).
    values = np.array([[0, 51, 102, 153], [204, 255, 17, 34], [68, 85, 119, 136]], dtype=np.uint8)
    Image.fromarray(np.stack([values] * 3, axis=-1)).save(os.path.join(DATA, "gray-as-rgb-4x3.png"))
    Image.fromarray(values).convert("P").save(os.path.join(DATA, "gray-as-palette-4x3.png"))
    sixteen = (np.arange(12, dtype=np.uint16).reshape(3, 4) * 5957).astype(np.uint16)   # 0 .. 65527
    Image.fromarray(sixteen).save(os.path.join(DATA, "gray16-pillow-4x3.png"))

    # safetensors written by the reference library (numpy backend): several dtypes and metadata.
    tensors = {
        "conv1.weight": (np.arange(24, dtype=np.float32).reshape(2, 3, 2, 2) - 11.5) / 4,
        "bn1.running_var": np.array([0.5, 1.0, 2.0], dtype=np.float64),
        "bn1.num_batches_tracked": np.array(7, dtype=np.int64),
        "half": np.array([1.0, -2.5, 65504.0, 6.1035156e-05, 5.9604645e-08], dtype=np.float16),
        "ints": np.array([[-3, 0], [2, 2147483647]], dtype=np.int32),
        "empty": np.zeros((0, 4), dtype=np.float32),
    }
    save_file(tensors, os.path.join(NN, "reference-numpy.safetensors"), metadata={"format": "np", "note": "fixture"})
    print("wrote fixtures under", DATA, "and", NN)


if __name__ == "__main__":
    main()
