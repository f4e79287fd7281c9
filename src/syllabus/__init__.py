"""syllabus: the machine-learning and deep-learning syllabus, from first principles on NumPy.

Sub-packages are imported on first use (``syllabus.linear_model``, ``syllabus.nn``...), so
``import syllabus`` stays light. The deep-learning entry points ``Tensor``, ``tensor``,
``no_grad``, ``manual_seed`` and ``summary`` are also available at the top level.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = {
    "autograd", "base", "cluster", "data", "datasets", "decomposition", "demos", "dummy",
    "ensemble", "io", "kernel_ridge", "kernels", "linear_model", "metrics", "mixture",
    "model_selection", "models",
    "neighbors", "neural_network", "nn", "optim", "preprocessing", "rl", "svm", "theory",
    "train", "tree", "utils",
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
