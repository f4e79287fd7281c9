"""Find every public estimator class in syllabus (the common tests run over them all)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

# Packages that hold no classical estimators; skipping them keeps discovery light.
_SKIP = {"demos", "report", "autograd", "nn", "optim", "data", "rl", "cli", "utils", "datasets"}


def all_estimators() -> list[tuple[str, type]]:
    """``(name, class)`` of every public, concrete ``BaseEstimator`` subclass in syllabus."""
    import syllabus
    from syllabus.base import BaseEstimator

    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(syllabus.__path__, prefix="syllabus."):
        parts = info.name.split(".")
        if parts[1] in _SKIP or any(p.startswith("_") for p in parts[1:-1]):
            continue
        if "tests" in parts:
            continue
        module = importlib.import_module(info.name)
        for name, obj in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(obj, BaseEstimator)
                and obj is not BaseEstimator
                and not name.startswith("_")
                and obj.__module__.startswith("syllabus.")
                and not inspect.isabstract(obj)
                and hasattr(obj, "fit")  # problems and other parameter objects are not estimators
            ):
                found[name] = obj
    return sorted(found.items())
