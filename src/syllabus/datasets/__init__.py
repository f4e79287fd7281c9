"""Data sets: real data bundled with the package, synthetic generators, the lectures' tables.

Real data (read offline from compressed ``.npz`` files, values identical to scikit-learn's):
:func:`load_iris`, :func:`load_digits`, :func:`load_breast_cancer`, :func:`load_wine`,
:func:`load_diabetes`. Generators with a ``random_state``: :func:`make_blobs`,
:func:`make_moons`, :func:`make_circles`, :func:`make_regression` (same draws as
scikit-learn's), :func:`make_xor`, :func:`make_spirals`, :func:`make_sine`. Worked examples
of the lecture notes: :func:`load_three_points`, :func:`load_gdp_vehicle_sales`.
"""

from ._base import (
    Bunch,
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
)
from ._lecture import load_gdp_vehicle_sales, load_three_points
from ._samples_generator import (
    make_blobs,
    make_circles,
    make_moons,
    make_regression,
    make_sine,
    make_spirals,
    make_xor,
)

__all__ = [
    "Bunch",
    "load_breast_cancer",
    "load_diabetes",
    "load_digits",
    "load_gdp_vehicle_sales",
    "load_iris",
    "load_three_points",
    "load_wine",
    "make_blobs",
    "make_circles",
    "make_moons",
    "make_regression",
    "make_sine",
    "make_spirals",
    "make_xor",
]
