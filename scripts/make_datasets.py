"""Regenerate the real data sets bundled in ``src/syllabus/datasets/data/`` from scikit-learn.

Run from the repository root (scikit-learn must be installed, it is a development extra)::

    .venv/bin/python scripts/make_datasets.py

Each data set becomes one compressed ``.npz`` holding plain arrays only (numbers and
fixed-width unicode strings), so ``np.load(..., allow_pickle=False)`` reads it offline and
no file can run code when it is loaded.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn import datasets

OUT = Path(__file__).resolve().parents[1] / "src" / "syllabus" / "datasets" / "data"
NAMES = ("iris", "digits", "breast_cancer", "wine", "diabetes")


def _arrays(name: str) -> dict[str, np.ndarray]:
    bunch = getattr(datasets, f"load_{name}")()
    arrays = {
        "data": np.asarray(bunch.data),
        "target": np.asarray(bunch.target),
        "feature_names": np.asarray(bunch.feature_names, dtype=str),
        "DESCR": np.asarray(bunch.DESCR, dtype=str),
    }
    if "target_names" in bunch:
        arrays["target_names"] = np.asarray(bunch.target_names)
    if name == "diabetes":
        # scikit-learn's default is the scaled copy; the raw one is `load_diabetes(scaled=False)`.
        arrays["data_raw"] = np.asarray(datasets.load_diabetes(scaled=False).data)
    return arrays


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        arrays = _arrays(name)
        for key, value in arrays.items():
            if value.dtype.kind == "O":
                raise TypeError(f"{name}.{key} would need pickle (object dtype)")
        path = OUT / f"{name}.npz"
        np.savez_compressed(path, **arrays)
        print(f"{path.relative_to(OUT.parents[3])}: {path.stat().st_size / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
