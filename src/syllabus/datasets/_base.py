"""The real data sets bundled with syllabus, read offline from compressed ``.npz`` files.

The files are copies of scikit-learn's (``scripts/make_datasets.py`` regenerates them) and
hold plain arrays only, so they load with ``allow_pickle=False``: opening one never runs code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "Bunch",
    "load_breast_cancer",
    "load_diabetes",
    "load_digits",
    "load_iris",
    "load_wine",
]

DATA_DIR = Path(__file__).resolve().parent / "data"


class Bunch(dict):
    """A dictionary whose keys are also attributes, like scikit-learn's ``Bunch``.

    Parameters
    ----------
    **kwargs
        The initial items.

    Examples
    --------
    >>> from syllabus.datasets import Bunch
    >>> b = Bunch(data=[1, 2], target=[0, 1])
    >>> b.data, b["target"]
    ([1, 2], [0, 1])
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(kwargs)

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del self[key]
        except KeyError:
            raise AttributeError(key) from None

    def __dir__(self) -> list[str]:
        return list(self.keys())


def _read_npz(name: str) -> dict[str, np.ndarray]:
    path = DATA_DIR / f"{name}.npz"
    if not path.is_file():
        raise FileNotFoundError(
            f"The bundled data file {path} is missing: reinstall syllabus, or regenerate it "
            "with `python scripts/make_datasets.py` (needs scikit-learn)."
        )
    with np.load(path, allow_pickle=False) as npz:
        return {key: npz[key] for key in npz.files}


def _check_bool(value: Any, name: str) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a bool, got {value!r}.")


def _bunch(name: str, *, data_key: str = "data", feature_names_as_list: bool = True) -> Bunch:
    arrays = _read_npz(name)
    names = arrays["feature_names"]
    bunch = Bunch(
        data=arrays[data_key],
        target=arrays["target"],
        feature_names=names.tolist() if feature_names_as_list else names,
        DESCR=str(arrays["DESCR"]),
    )
    if "target_names" in arrays:
        bunch.target_names = arrays["target_names"]
    return bunch


def _finish(bunch: Bunch, caller: str, return_X_y: bool, as_frame: bool) -> Any:
    """Return the Bunch, or ``(data, target)``; with pandas objects when ``as_frame``."""
    _check_bool(return_X_y, "return_X_y")
    _check_bool(as_frame, "as_frame")
    if as_frame:
        try:
            import pandas as pd
        except ImportError as exc:  # pandas is optional
            raise ImportError(f"{caller} with as_frame=True requires pandas.") from exc
        columns = [str(c) for c in bunch.feature_names]
        frame = pd.concat([pd.DataFrame(bunch.data, columns=columns, copy=False),
                           pd.DataFrame({"target": bunch.target})], axis=1)
        bunch.update(frame=frame, data=frame[columns], target=frame["target"])
    if return_X_y:
        return bunch.data, bunch.target
    return bunch


def load_iris(*, return_X_y: bool = False, as_frame: bool = False) -> Bunch | tuple:
    """Fisher's iris data: 150 flowers, 4 measurements (cm), 3 species.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a :class:`Bunch`.
    as_frame : bool, default=False
        Give ``data`` as a pandas DataFrame and ``target`` as a Series (and the Bunch a
        ``frame`` with both), as scikit-learn does; needs pandas.

    Returns
    -------
    data : Bunch
        ``data`` (150, 4) float64, ``target`` (150,) int64 in {0, 1, 2}, ``feature_names``,
        ``target_names``, ``DESCR``. The values are scikit-learn's.
    (data, target) : tuple of ndarray
        When ``return_X_y`` is True.

    Examples
    --------
    >>> from syllabus.datasets import load_iris
    >>> iris = load_iris()
    >>> iris.data.shape, iris.target_names.tolist()
    ((150, 4), ['setosa', 'versicolor', 'virginica'])
    """
    return _finish(_bunch("iris"), "load_iris", return_X_y, as_frame)


def load_digits(
    *, n_class: int = 10, return_X_y: bool = False, as_frame: bool = False
) -> Bunch | tuple:
    """Hand-written digits: 1797 images of 8x8 pixels (grey levels 0-16), 10 classes.

    Parameters
    ----------
    n_class : int, default=10
        Keep the digits ``0 .. n_class - 1`` only (as scikit-learn's ``n_class``).
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a :class:`Bunch`.
    as_frame : bool, default=False
        Give ``data`` as a pandas DataFrame and ``target`` as a Series (and the Bunch a
        ``frame`` with both), as scikit-learn does; needs pandas.

    Returns
    -------
    data : Bunch
        ``data`` (n, 64) float64, ``images`` (n, 8, 8), ``target`` int64, ``feature_names``
        (``pixel_<row>_<col>``), ``target_names``, ``DESCR``.
    (data, target) : tuple of ndarray
        When ``return_X_y`` is True.

    Examples
    --------
    >>> from syllabus.datasets import load_digits
    >>> X, y = load_digits(n_class=2, return_X_y=True)
    >>> X.shape
    (360, 64)
    """
    if isinstance(n_class, bool) or not isinstance(n_class, (int, np.integer)) or not (
        1 <= n_class <= 10
    ):
        raise ValueError(f"n_class must be an int in [1, 10], got {n_class!r}.")
    bunch = _bunch("digits")
    keep = bunch.target < n_class
    data = bunch.data[keep]
    bunch.update(data=data, target=bunch.target[keep], images=data.reshape(-1, 8, 8),
                 target_names=np.arange(10))
    return _finish(bunch, "load_digits", return_X_y, as_frame)


def load_breast_cancer(*, return_X_y: bool = False, as_frame: bool = False) -> Bunch | tuple:
    """Wisconsin diagnostic breast cancer data: 569 tumours, 30 features, 2 classes.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a :class:`Bunch`.
    as_frame : bool, default=False
        Give ``data`` as a pandas DataFrame and ``target`` as a Series (and the Bunch a
        ``frame`` with both), as scikit-learn does; needs pandas.

    Returns
    -------
    data : Bunch
        ``data`` (569, 30) float64, ``target`` (569,) int64 (0 = malignant, 1 = benign),
        ``feature_names`` (an array, as in scikit-learn), ``target_names``, ``DESCR``.
    (data, target) : tuple of ndarray
        When ``return_X_y`` is True.

    Examples
    --------
    >>> from syllabus.datasets import load_breast_cancer
    >>> load_breast_cancer().target_names.tolist()
    ['malignant', 'benign']
    """
    bunch = _bunch("breast_cancer", feature_names_as_list=False)
    return _finish(bunch, "load_breast_cancer", return_X_y, as_frame)


def load_wine(*, return_X_y: bool = False, as_frame: bool = False) -> Bunch | tuple:
    """Wine recognition data: 178 wines, 13 chemical measurements, 3 cultivars.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a :class:`Bunch`.
    as_frame : bool, default=False
        Give ``data`` as a pandas DataFrame and ``target`` as a Series (and the Bunch a
        ``frame`` with both), as scikit-learn does; needs pandas.

    Returns
    -------
    data : Bunch
        ``data`` (178, 13) float64, ``target`` (178,) int64, ``feature_names``,
        ``target_names``, ``DESCR``.
    (data, target) : tuple of ndarray
        When ``return_X_y`` is True.

    Examples
    --------
    >>> from syllabus.datasets import load_wine
    >>> load_wine().data.shape
    (178, 13)
    """
    return _finish(_bunch("wine"), "load_wine", return_X_y, as_frame)


def load_diabetes(
    *, return_X_y: bool = False, as_frame: bool = False, scaled: bool = True
) -> Bunch | tuple:
    """Diabetes progression data: 442 patients, 10 baseline variables, a continuous target.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a :class:`Bunch`.
    as_frame : bool, default=False
        Give ``data`` as a pandas DataFrame and ``target`` as a Series (and the Bunch a
        ``frame`` with both), as scikit-learn does; needs pandas.
    scaled : bool, default=True
        As in scikit-learn: each feature centred and scaled so that its sum of squares is 1.
        ``False`` gives the original measurements.

    Returns
    -------
    data : Bunch
        ``data`` (442, 10) float64, ``target`` (442,) float64 (disease progression after
        one year), ``feature_names``, ``DESCR``.
    (data, target) : tuple of ndarray
        When ``return_X_y`` is True.

    Examples
    --------
    >>> from syllabus.datasets import load_diabetes
    >>> load_diabetes().feature_names[:3]
    ['age', 'sex', 'bmi']
    """
    _check_bool(scaled, "scaled")
    bunch = _bunch("diabetes", data_key="data" if scaled else "data_raw")
    return _finish(bunch, "load_diabetes", return_X_y, as_frame)
