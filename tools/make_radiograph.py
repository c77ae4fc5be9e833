#!/usr/bin/env python3
"""Regenerate Sources/Datasets/Resources/radiograph-rg1-256.png, the high-risk client's image.

Source: NEMA WG04 test image RG1 (a PA chest radiograph, CR, 1955x1841, 15-bit, MONOCHROME1), file
RG1_UNCI.dcm, shipped in the MIT-licensed PyPI package `pydicom-data` (1.0.0). (Its header says
UNCI was decoded from a lossy JPEG 2000 copy, about 10:1; RG1_UNCR.dcm is the uncompressed
original. The committed image was made from UNCI; switching would change every number chapters 2
and 5 compute from it, so it waits for a deliberate rerun.) This script

1. reads the DICOM with pydicom (no network: pydicom-data bundles the file),
2. windows it to [0, 1]: raw percentiles 1 and 99.5 map to white and black (MONOCHROME1 stores
   attenuation inverted: low values are bright), then a gamma of 1.6 darkens the mid-tones so the
   lungs look like a usual chest X-ray,
3. crops a square of side 1841 (the full width) starting at row 60 (below the detector's bright edge),
4. resizes it to 256x256 with an area (box) filter, quantised to 8 bits,
5. burns in a FAKE patient label, like the companion experiment's high-risk client: white 5x7 block
   letters at 4 px per font pixel on a black box in the top-left corner, two lines
   "DOE, JANE" / "1961-04-09". Every font pixel is a 4x4 block aligned to multiples of 4, so the text
   stays crisp (one image pixel per font pixel) when the image is area-resized to 64x64.
6. writes the PNG (8-bit grayscale) atomically.

Usage (needs `pip install pydicom pydicom-data pillow numpy` in a venv; the Swift build never
needs Python):

    python3 tools/make_radiograph.py [--out Sources/Datasets/Resources/radiograph-rg1-256.png]
"""

import argparse
import os
import sys
import tempfile

import numpy as np
import pydicom
from PIL import Image

SIZE = 256
CROP_TOP = 60
WINDOW_PERCENTILES = (1.0, 99.5)
GAMMA = 1.6

# The fake label: the name and birth date are invented; they match no real person.
TEXT_LINES = ("DOE, JANE", "1961-04-09")
FONT_SCALE = 4          # image pixels per font pixel (at 256x256)
TEXT_ORIGIN = (4, 4)    # (x, y) of the first line's top-left font pixel
LINE_GAP = 4            # pixels between lines
BOX_PADDING = 4         # black box margin around the text

# 5x7 block glyphs ('#' = on); narrow glyphs are narrower (proportional spacing, 1 font pixel apart).
GLYPHS = {
    "A": [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"],
    "D": ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."],
    "E": ["#####", "#....", "#....", "####.", "#....", "#....", "#####"],
    "J": ["..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."],
    "N": ["#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#", "#...#"],
    "O": [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."],
    "0": [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
    "1": [".#.", "##.", ".#.", ".#.", ".#.", ".#.", "###"],
    "4": ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
    "6": ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."],
    "9": [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."],
    ",": ["..", "..", "..", "..", ".#", ".#", "#."],
    "-": ["...", "...", "...", "###", "...", "...", "..."],
    " ": ["...", "...", "...", "...", "...", "...", "..."],
}


def find_dicom() -> str:
    """Locate RG1_UNCI.dcm bundled in pydicom-data (no download)."""
    from pydicom.data import get_testdata_file
    path = get_testdata_file("RG1_UNCI.dcm", download=False)
    if path is None or not os.path.exists(path):
        sys.exit("RG1_UNCI.dcm not found: pip install pydicom-data (it bundles the NEMA WG04 images)")
    return path


def windowed(raw: np.ndarray, photometric: str) -> np.ndarray:
    lo, hi = np.percentile(raw, WINDOW_PERCENTILES)
    x = np.clip((raw - lo) / (hi - lo), 0.0, 1.0)
    if photometric == "MONOCHROME1":
        x = 1.0 - x
    return x ** GAMMA


def text_mask(lines, scale: int) -> np.ndarray:
    """Boolean mask of the rendered lines (font pixels expanded to scale x scale blocks)."""
    rendered = []
    for line in lines:
        columns = []
        for i, ch in enumerate(line):
            if ch not in GLYPHS:
                raise ValueError(f"no glyph for {ch!r}")
            glyph = np.array([[c == "#" for c in row] for row in GLYPHS[ch]])
            if i > 0:
                columns.append(np.zeros((7, 1), dtype=bool))
            columns.append(glyph)
        rendered.append(np.concatenate(columns, axis=1))
    width = max(r.shape[1] for r in rendered)
    gap = LINE_GAP // scale
    rows = []
    for i, r in enumerate(rendered):
        if i > 0:
            rows.append(np.zeros((gap, width), dtype=bool))
        rows.append(np.pad(r, ((0, 0), (0, width - r.shape[1]))))
    font = np.concatenate(rows, axis=0)
    return np.kron(font, np.ones((scale, scale), dtype=bool))


def burn_label(image: np.ndarray) -> tuple:
    mask = text_mask(TEXT_LINES, FONT_SCALE)
    x0, y0 = TEXT_ORIGIN
    h, w = mask.shape
    box = (max(0, x0 - BOX_PADDING), max(0, y0 - BOX_PADDING), x0 + w + BOX_PADDING, y0 + h + BOX_PADDING)
    image[box[1]:box[3], box[0]:box[2]] = 0
    image[y0:y0 + h, x0:x0 + w][mask] = 255
    return box


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "Sources", "Datasets", "Resources", "radiograph-rg1-256.png")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=default_out)
    args = parser.parse_args()

    path = find_dicom()
    ds = pydicom.dcmread(path)
    raw = ds.pixel_array.astype(np.float64)
    x = windowed(raw, str(ds.PhotometricInterpretation))
    side = min(x.shape[1], x.shape[0] - CROP_TOP)
    left = (x.shape[1] - side) // 2
    crop = x[CROP_TOP:CROP_TOP + side, left:left + side]
    # Area filter: PIL's BOX resampling on a float image averages the covered source pixels.
    small = np.asarray(Image.fromarray(crop.astype(np.float32), mode="F").resize((SIZE, SIZE), Image.BOX))
    image = np.clip(np.rint(small * 255.0), 0, 255).astype(np.uint8)
    box = burn_label(image)

    out = os.path.abspath(args.out)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(out), prefix=".radiograph-", suffix=".png")
    os.close(fd)
    try:
        Image.fromarray(image, mode="L").save(tmp, format="PNG", optimize=True)
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    print(f"source {path} ({raw.shape[0]}x{raw.shape[1]}, {ds.PhotometricInterpretation})")
    print(f"crop rows {CROP_TOP}..{CROP_TOP + side}, cols {left}..{left + side}; label box x {box[0]}..{box[2]}, y {box[1]}..{box[3]}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
