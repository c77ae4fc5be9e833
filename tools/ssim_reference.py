#!/usr/bin/env python3
"""Writes Tests/LeakageTests/Fixtures/ssim_reference.json: image pairs with scikit-image's SSIM, MSE and
PSNR, the reference the Swift `Leakage` tests match to 1e-4.

Run by hand (never by the build or the tests):
    python3 -m venv /work/venv-leakage && /work/venv-leakage/bin/pip install scikit-image numpy scipy
    /work/venv-leakage/bin/python tools/ssim_reference.py

Images are stored as Float32 values (the Swift side reads Float32); scikit-image gets them as float64
unless a case says `"skimage_dtype": "float32"` (the companion code's choice). Layout: `shape` is
[H, W] for grayscale or [C, H, W] for multichannel (scikit-image called with channel_axis=0).
A case with `"rescale_b": true` min-max rescales image b to 0..255 first, as MONAI's
ScaleIntensity(minv=0, maxv=255) does in the companion code's RDLV filter.
"""
import json
import os
import sys

import numpy as np
import skimage
from skimage.metrics import mean_squared_error, peak_signal_noise_ratio, structural_similarity


def f32(x):
    return np.asarray(x, dtype=np.float32)


def short(v):
    """The shortest decimal that reads back as the same Float32 (keeps the fixture small)."""
    text = repr(np.float32(v)).replace("np.float32(", "").rstrip(")")
    assert np.float32(float(text)) == np.float32(v), text
    return float(text)


def monai_rescale(arr, minv=0.0, maxv=255.0):
    lo, hi = arr.min(), arr.max()
    if lo == hi:
        return arr * minv
    return (arr - lo) / (hi - lo) * (maxv - minv) + minv


def smooth_image(rng, h, w, scale=255.0):
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    img = 0.5 + 0.25 * np.sin(xx / 3.0) * np.cos(yy / 5.0) + 0.2 * (xx + yy) / (h + w)
    img += 0.05 * rng.standard_normal((h, w))
    return f32(np.clip(img, 0, 1) * scale)


def case(name, a, b, data_range, skimage_dtype="float64", rescale_b=False):
    a, b = f32(a), f32(b)
    channel_axis = 0 if a.ndim == 3 else None
    ta = a.astype(skimage_dtype)
    tb = b.astype(skimage_dtype)
    if rescale_b:
        tb = monai_rescale(tb).astype(skimage_dtype)
    ssim = structural_similarity(ta, tb, data_range=data_range, channel_axis=channel_axis)
    mse = mean_squared_error(ta, tb)
    with np.errstate(divide="ignore"):
        psnr = peak_signal_noise_ratio(ta, tb, data_range=data_range)
    return {
        "name": name,
        "shape": list(a.shape),
        "a": [short(v) for v in a.ravel()],
        "b": [short(v) for v in b.ravel()],
        "data_range": float(data_range),
        "skimage_dtype": skimage_dtype,
        "rescale_b": rescale_b,
        "ssim": float(ssim),
        "mse": float(mse),
        "psnr": None if not np.isfinite(psnr) else float(psnr),
    }


def main():
    rng = np.random.default_rng(20230207)
    cases = []

    a = f32(rng.uniform(0, 1, (32, 32)))
    cases.append(case("32x32 uniform vs noisy, range 1", a, np.clip(a + 0.1 * rng.standard_normal(a.shape), 0, 1), 1.0))

    a = smooth_image(rng, 64, 64)
    b = f32(np.clip(a + 20 * rng.standard_normal(a.shape), 0, 255))
    cases.append(case("64x64 smooth 0-255 vs noisy, range 256", a, b, 256.0))
    a = smooth_image(rng, 32, 32)
    b = f32(np.clip(a + 20 * rng.standard_normal(a.shape), 0, 255))
    cases.append(case("32x32 smooth 0-255 vs noisy, range 1", a, b, 1.0))
    cases.append(case("32x32 smooth 0-255 vs noisy, range 255", a, b, 255.0))

    a = f32(rng.uniform(0, 1, (7, 9)))
    cases.append(case("7x9 edge case", a, f32(a * 0.8 + 0.1 * rng.uniform(0, 1, a.shape)), 1.0))

    a = f32(rng.uniform(0, 1, (7, 7)))
    cases.append(case("7x7 single window", a, f32(rng.uniform(0, 1, a.shape)), 1.0))

    cases.append(case("constant vs constant", np.full((16, 16), 0.25), np.full((16, 16), 0.75), 1.0))
    cases.append(case("constant vs random", np.full((16, 16), 100.0), rng.uniform(0, 255, (16, 16)), 256.0))

    a = f32(rng.uniform(0, 1, (20, 24)))
    cases.append(case("identical", a, a, 1.0))
    cases.append(case("inverted (negative SSIM)", a, 1 - a, 1.0))

    a = f32(rng.uniform(-1, 1, (16, 20)))
    cases.append(case("16x20 signed, range 2", a, f32(np.clip(a + 0.3 * rng.standard_normal(a.shape), -1, 1)), 2.0))

    a = f32(rng.uniform(0, 1, (3, 32, 32)))
    b = f32(np.clip(a + rng.standard_normal(a.shape) * np.array([0.05, 0.2, 0.5])[:, None, None], 0, 1))
    cases.append(case("3x32x32 multichannel mean", a, b, 1.0))

    x = smooth_image(rng, 32, 32)
    recon = f32(0.3 * x / 255.0 - 0.1 + 0.05 * rng.standard_normal(x.shape))
    cases.append(case("companion: float32, recon min-max to 0-255, range 256",
                      np.stack([x] * 3), np.stack([recon] * 3), 256.0, skimage_dtype="float32", rescale_b=True))

    out = {
        "generator": "tools/ssim_reference.py",
        "scikit_image_version": skimage.__version__,
        "numpy_version": np.__version__,
        "cases": cases,
    }
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(root, "Tests", "LeakageTests", "Fixtures", "ssim_reference.json")
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
        fh.write("\n")
    os.replace(tmp, path)
    for c in cases:
        print(f"{c['name']:<55} ssim={c['ssim']:+.6f} mse={c['mse']:.6g} psnr={c['psnr']}", file=sys.stderr)


if __name__ == "__main__":
    main()
