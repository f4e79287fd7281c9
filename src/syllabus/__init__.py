"""syllabus: the machine-learning and deep-learning syllabus, from first principles on NumPy.

Sub-packages are imported on first use (``syllabus.linear_model``, ``syllabus.nn``...), so
``import syllabus`` stays light. The deep-learning entry points ``Tensor``, ``tensor``,
``no_grad``, ``manual_seed`` and ``summary`` are also available at the top level.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

__version__ = "0.1.0"

# The public sub-modules and sub-packages that exist (new ones appear when they land):
# every non-private entry of the package except the command line.
_SUBMODULES = {
    info.name for info in pkgutil.iter_modules(__path__)
    if not info.name.startswith("_") and info.name != "cli"
}
_TOP_LEVEL = {"Tensor": "autograd", "tensor": "autograd", "no_grad": "autograd",
              "manual_seed": "autograd", "summary": "nn"}

__all__ = sorted(_SUBMODULES | set(_TOP_LEVEL))


def __getattr__(name: str) -> Any:
    if name in _TOP_LEVEL:
        return getattr(importlib.import_module(f".{_TOP_LEVEL[name]}", __name__), name)
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'syllabus' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
