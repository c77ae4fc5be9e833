#!/usr/bin/env python3
"""Write the medical tuning images for the paper-scale attack (224x224 RGB PNGs, never RG1).

Source: four test DICOMs in the MIT-licensed PyPI package `pydicom-data` (1.0.0), the uncompressed
originals (`*_UNCR.dcm`; the `*_UNCI.dcm` twins are decompressed from lossy JPEG 2000):

    RG3_UNCR.dcm  CR, tibia and ankle (NEMA WG04), 1760x1760, 10-bit, MONOCHROME1
    MR2_UNCR.dcm  MR, shoulder (NEMA WG04), 1024x1024, 12-bit, MONOCHROME2
    693_UNCR.dcm  CT, axial head slice, 512x512, signed 16-bit, MONOCHROME2 (added to pydicom for its
                  issue #693; the patient name "CQ500-CT-310" suggests the CQ500 head-CT collection,
                  whose own licence is CC BY-NC-SA 4.0: fine for tuning, do not commit or publish it)
    US1_UNCR.dcm  US, small-parts (lymph node) frame (NEMA WG04), 480x640, RGB 8-bit, with burned-in
                  annotation text

RG1 (the scored radiograph, `tools/make_radiograph.py`) is refused: tuning must never see it. This
script, for each file,

1. reads the DICOM with pydicom (no network: pydicom-data bundles the files); a multi-frame file
   gives its middle frame (`--frame` overrides; all four files are single-frame);
2. turns it into one grey plane: RGB (ultrasound) to luma 0.299 R + 0.587 G + 0.114 B; CT to
   Hounsfield units with RescaleSlope/Intercept;
3. windows it to [0, 1] with percentiles of the pixels that carry anatomy (the values between the
   low and high percentile map to 0..1 linearly, the rest is clipped):
     CR  percentiles 1 / 99.5, the collimator shutter (raw 0) excluded; MONOCHROME1 is inverted
         (low values are bright), so bone is white as in a usual radiograph;
     MR  percentiles 0.5 / 99.5 of all pixels;
     CT  percentiles 1 / 99 of the pixels between -100 and 200 HU (soft tissue and brain, which
         lands close to the file's own brain window 40/100), the out-of-field padding (the stored
         minimum, -2000) set to black; air is black and bone white;
     US  percentiles 0.5 / 99.5 of the non-zero pixels (the black frame excluded);
4. centre-crops a square of side min(rows, cols);
5. area-resizes it to --size (224) with PIL's BOX filter on the float image, quantised to 8 bits;
6. replicates grey to three channels and writes `<name>.png` (8-bit RGB) atomically;
7. writes the attack's prior for that image, `priors/<name>.png` (8-bit grey): the image blurred with
   sigma = size/8 px (reflect-101 borders, kernel truncated at ceil(3 sigma)), as chapter 5 blurs the
   radiograph (`AttackSpec.Prior.blurredRadiograph`, `GaussianBlur`);
8. writes `sources.json` (file, modality, original size, frame, window, crop, outputs, versions).

Usage (needs `pip install pydicom pydicom-data pillow numpy` in a venv; the Swift build never
needs Python):

    /work/venv-torch/bin/python tools/make_medical_tuning_images.py [--out /tmp/medical-tuning] [--size 224]

then `tools/tune_at_224.sh` (IMAGES_DIR) attacks one-step updates made from these images.
"""

import argparse
import json
import math
import os
import sys
import tempfile

import numpy as np
from PIL import Image

try:
    import pydicom
except ImportError:
    sys.exit("pydicom is not installed: pip install pydicom pydicom-data")

# name -> file, modality, body part, percentiles, pixels the percentiles are taken over.
SOURCES = [
    {"name": "rg3-cr-tibia", "file": "RG3_UNCR.dcm", "modality": "CR", "body": "tibia and ankle",
     "percentiles": (1.0, 99.5), "mask": "raw > 0 (collimator shutter excluded)"},
    {"name": "mr2-mr-shoulder", "file": "MR2_UNCR.dcm", "modality": "MR", "body": "shoulder",
     "percentiles": (0.5, 99.5), "mask": "all pixels"},
    {"name": "693-ct-head", "file": "693_UNCR.dcm", "modality": "CT", "body": "head (axial)",
     "percentiles": (1.0, 99.0), "mask": "-100 <= HU <= 200 (soft tissue), padding excluded"},
    {"name": "us1-us-lymph-node", "file": "US1_UNCR.dcm", "modality": "US", "body": "lymph node (small parts)",
     "percentiles": (0.5, 99.5), "mask": "luma > 0 (black frame excluded)"},
]
FORBIDDEN_PREFIX = "RG1"  # the scored radiograph; never a tuning image
CT_SOFT_TISSUE_HU = (-100.0, 200.0)


def find_dicom(file_name: str) -> str:
    """The bundled path of `file_name` in pydicom-data (no download), or exit naming the file."""
    if file_name.upper().startswith(FORBIDDEN_PREFIX):
        sys.exit(f"{file_name}: RG1 is the scored radiograph and must never be a tuning image")
    try:
        from pydicom.data import get_testdata_file
    except ImportError as error:
        sys.exit(f"{file_name}: cannot import pydicom.data ({error}); pip install pydicom pydicom-data")
    try:
        path = get_testdata_file(file_name, download=False)
    except Exception as error:  # noqa: BLE001  (pydicom raises various errors for a broken data store)
        sys.exit(f"{file_name}: lookup in pydicom-data failed: {error}")
    if path is None or not os.path.isfile(path):
        sys.exit(f"{file_name}: not found in pydicom-data (pip install pydicom-data; it bundles the NEMA WG04 images)")
    return path


def read_plane(path: str, file_name: str, frame_option):
    """(dataset, grey float64 plane in stored/physical units, frame index or None)."""
    try:
        ds = pydicom.dcmread(path)
        pixels = ds.pixel_array
    except Exception as error:  # noqa: BLE001
        sys.exit(f"{file_name} ({path}): unreadable DICOM or pixel data: {error}")
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    samples = int(ds.get("SamplesPerPixel", 1) or 1)
    frame = None
    if frames > 1:
        frame = frames // 2 if frame_option is None else frame_option
        if not 0 <= frame < frames:
            sys.exit(f"{file_name}: --frame {frame} out of range (the file has {frames} frames)")
        pixels = pixels[frame]
    expected = 3 if samples == 3 else 2
    if pixels.ndim != expected:
        sys.exit(f"{file_name}: unexpected pixel array shape {pixels.shape} ({frames} frames, {samples} samples per pixel)")
    photometric = str(ds.PhotometricInterpretation)
    plane = pixels.astype(np.float64)
    if samples == 3:
        if photometric.startswith("YBR"):
            from pydicom.pixels import convert_color_space
            plane = convert_color_space(pixels, photometric, "RGB").astype(np.float64)
        plane = plane @ np.array([0.299, 0.587, 0.114])
    elif photometric not in ("MONOCHROME1", "MONOCHROME2"):
        sys.exit(f"{file_name}: unsupported photometric interpretation {photometric}")
    return ds, plane, frame


def window(source: dict, ds, plane: np.ndarray):
    """(image in [0, 1], window record for sources.json)."""
    modality = source["modality"]
    lo_p, hi_p = source["percentiles"]
    units = "stored value"
    fill_black = np.zeros(plane.shape, dtype=bool)
    if modality == "CR":
        values = plane[plane > 0]
    elif modality == "MR":
        values = plane.ravel()
    elif modality == "CT":
        padding = plane == plane.min()
        slope = float(ds.get("RescaleSlope", 1) or 1)
        intercept = float(ds.get("RescaleIntercept", 0) or 0)
        plane = plane * slope + intercept
        units = "HU"
        soft = (~padding) & (plane >= CT_SOFT_TISSUE_HU[0]) & (plane <= CT_SOFT_TISSUE_HU[1])
        values = plane[soft]
        fill_black = padding
    elif modality == "US":
        values = plane[plane > 0]
        units = "luma (0-255)"
    else:
        raise ValueError(modality)
    if values.size < 100:
        sys.exit(f"{source['file']}: only {values.size} pixels in the windowing mask ({source['mask']})")
    lo, hi = np.percentile(values, (lo_p, hi_p))
    if not hi > lo:
        sys.exit(f"{source['file']}: degenerate window {lo}..{hi}")
    x = np.clip((plane - lo) / (hi - lo), 0.0, 1.0)
    inverted = str(ds.PhotometricInterpretation) == "MONOCHROME1"
    if inverted:
        x = 1.0 - x
    x[fill_black] = 0.0
    record = {"percentiles": [lo_p, hi_p], "over": source["mask"], "low": round(float(lo), 3),
              "high": round(float(hi), 3), "units": units, "inverted": inverted}
    if fill_black.any():
        record["padding_to_black"] = int(fill_black.sum())
    return x, record


def area_resize(plane: np.ndarray, size: int) -> np.ndarray:
    # PIL's BOX resampling on a float image averages the covered source pixels (area filter).
    return np.asarray(Image.fromarray(plane.astype(np.float32), mode="F").resize((size, size), Image.BOX),
                      dtype=np.float64)


def mirror(i: np.ndarray, n: int) -> np.ndarray:
    """Reflect-101 indices (-1 -> 1, n -> n - 2), as Sources/Datasets/GaussianBlur.swift."""
    if n <= 1:
        return np.zeros_like(i)
    period = 2 * (n - 1)
    j = np.mod(i, period)
    return np.where(j < n, j, period - j)


def gaussian_blur(plane: np.ndarray, sigma: float) -> np.ndarray:
    if sigma == 0:
        return plane.copy()
    radius = int(math.ceil(3 * sigma))
    offsets = np.arange(-radius, radius + 1)
    kernel = np.exp(-(offsets.astype(np.float64) ** 2) / (2 * sigma * sigma))
    kernel /= kernel.sum()
    h, w = plane.shape
    cols = mirror(np.arange(w)[:, None] + offsets[None, :], w)        # [w, k]
    temp = (plane[:, cols] * kernel).sum(axis=2)                       # rows blurred along x
    rows = mirror(np.arange(h)[:, None] + offsets[None, :], h)        # [h, k]
    return (temp[rows, :] * kernel[None, :, None]).sum(axis=1)


def write_png_atomically(array: np.ndarray, mode: str, path: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tuning-", suffix=".png")
    os.close(fd)
    try:
        Image.fromarray(array, mode=mode).save(tmp, format="PNG", optimize=True)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def write_text_atomically(text: str, path: str) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tuning-", suffix=".json")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def to_bytes(plane: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(plane * 255.0), 0, 255).astype(np.uint8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="/tmp/medical-tuning", help="output folder (default /tmp/medical-tuning)")
    parser.add_argument("--size", type=int, default=224, help="output side in pixels (default 224)")
    parser.add_argument("--frame", type=int, default=None, help="frame of a multi-frame DICOM (default: the middle one)")
    parser.add_argument("--prior-sigma", type=float, default=None,
                        help="blur of the priors in pixels (default size/8, as chapter 5)")
    args = parser.parse_args()
    if args.size < 8:
        sys.exit(f"--size {args.size}: too small")
    sigma = args.size / 8 if args.prior_sigma is None else args.prior_sigma
    if not (math.isfinite(sigma) and sigma >= 0):
        sys.exit(f"--prior-sigma {sigma}: must be finite and >= 0")
    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "priors"), exist_ok=True)

    # Resolve every file first, so a missing one fails before anything is written.
    paths = {s["file"]: find_dicom(s["file"]) for s in SOURCES}
    records = []
    for source in SOURCES:
        path = paths[source["file"]]
        ds, plane, frame = read_plane(path, source["file"], args.frame)
        rows, cols = plane.shape
        x, window_record = window(source, ds, plane)
        side = min(rows, cols)
        top, left = (rows - side) // 2, (cols - side) // 2
        small = area_resize(x[top:top + side, left:left + side], args.size)
        grey = to_bytes(small)
        image_name = f"{source['name']}.png"
        write_png_atomically(np.repeat(grey[:, :, None], 3, axis=2), "RGB", os.path.join(out, image_name))
        prior = to_bytes(gaussian_blur(grey.astype(np.float64) / 255.0, sigma))
        prior_name = os.path.join("priors", image_name)
        write_png_atomically(prior, "L", os.path.join(out, prior_name))
        records.append({
            "image": image_name, "prior": prior_name, "file": source["file"], "path": path,
            "modality": str(ds.get("Modality", source["modality"])), "body_part": source["body"],
            "photometric": str(ds.PhotometricInterpretation),
            "original_size": [int(ds.Rows), int(ds.Columns)], "samples_per_pixel": int(ds.get("SamplesPerPixel", 1)),
            "bits_stored": int(ds.BitsStored), "frames": int(ds.get("NumberOfFrames", 1) or 1),
            "frame": frame if frame is not None else "single frame",
            "grey": "luma 0.299 R + 0.587 G + 0.114 B" if int(ds.get("SamplesPerPixel", 1)) == 3 else "as stored",
            "window": window_record,
            "crop": {"top": top, "left": left, "side": side},
            "output_size": args.size,
            "mean": round(float(grey.mean()) / 255.0, 4), "std": round(float(grey.std()) / 255.0, 4),
        })
        print(f"{image_name}: {source['file']} {source['modality']} {rows}x{cols}, window {window_record['low']:g}..{window_record['high']:g} "
              f"{window_record['units']}, crop {side} at ({top}, {left}), mean {records[-1]['mean']:.3f}")

    import importlib.metadata as metadata
    versions = {}
    for package in ("pydicom", "pydicom-data", "numpy", "pillow"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    manifest = {"tool": "tools/make_medical_tuning_images.py", "size": args.size, "prior_sigma": sigma,
                "prior": "each image blurred with sigma px (reflect-101), 8-bit grey",
                "versions": versions, "images": records}
    write_text_atomically(json.dumps(manifest, indent=1, sort_keys=True) + "\n", os.path.join(out, "sources.json"))
    print(f"wrote {len(records)} images, their priors and sources.json to {out}")


if __name__ == "__main__":
    main()
