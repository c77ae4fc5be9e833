"""Imports torchvision's models on a CPU-only torch.

PyPI's torchvision wheels link their C extension (detection ops such as nms) against the CUDA build
of torch; with the CPU build of the same torch version (e.g. torch 2.13.0+cpu with torchvision 0.28.0
installed with `pip install --no-deps`) that extension cannot load, and `import torchvision` fails
while registering fake kernels for its ops. The models (torchvision/models/resnet.py) are pure
Python and need none of it, so this module stubs out `torchvision._meta_registrations` before the
import. Use `from torchvision_cpu import torchvision`.
"""
import sys
import types
import warnings

sys.modules.setdefault("torchvision._meta_registrations", types.ModuleType("torchvision._meta_registrations"))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import torchvision  # noqa: E402,F401
