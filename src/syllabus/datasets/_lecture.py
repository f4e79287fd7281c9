"""The small tables of the lecture notes, as named data sets (worked examples become tests)."""

from __future__ import annotations

import numpy as np

from ._base import Bunch

__all__ = ["load_gdp_vehicle_sales", "load_three_points"]

_THREE_POINTS_DESCR = """\
Three-point regression example (lecture on linear regression, "Question 1")
---------------------------------------------------------------------------

The points (x, y) = (1, 1), (2, 4), (3, 5). With the design matrix X = [1, x]:

    X^T X = [[3, 6], [6, 14]],   X^T y = [10, 24],

so the normal equation gives theta = (-2/3, 2), i.e. y = -2/3 + 2 x, with a mean squared
error of 2/9 on the three points.
"""

_GDP_DESCR = """\
GDP and vehicle sales (lecture on linear regression, "Question 2")
-----------------------------------------------------------------

Economists say that GDP in the current year drives vehicle sales in the next year, so the
model is y = theta_0 + theta_1 x with

    y = number of vehicles sold in a year (as in the lecture's table),
    x = GDP (growth, %) of the prior year.

The lecture's table (2011-2017):

    year  GDP   sales
    2011  6.2     -
    2012  6.5   26.3
    2013  5.48  26.65
    2014  6.54  25.03
    2015  7.18  26.01
    2016  7.93  27.9
    2017   -    30.47

Pairing each year's sales with the previous year's GDP gives six samples, years 2012-2017.
The lecture then asks for the normal equation and for the sales of 2018 if the GDP of
2017 is 7 (``query_gdp``).

Bunch fields: ``data`` (6, 1) prior-year GDP, ``target`` (6,) sales, ``year`` (6,) the
year of the sales, ``gdp_year`` (6,) the year of the GDP, ``query_gdp`` = 7.0.
"""


def load_three_points(*, return_X_y: bool = False) -> Bunch | tuple[np.ndarray, np.ndarray]:
    """The lecture's three-point regression example: (1, 1), (2, 4), (3, 5).

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a :class:`Bunch`.

    Returns
    -------
    data : Bunch
        ``data`` (3, 1) float64, ``target`` (3,) float64, ``feature_names`` ``["x"]``,
        ``DESCR``. Least squares gives ``y = -2/3 + 2 x`` and a mean squared error of 2/9.
    (data, target) : tuple of ndarray
        When ``return_X_y`` is True.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.datasets import load_three_points
    >>> X, y = load_three_points(return_X_y=True)
    >>> A = np.column_stack([np.ones(3), X])
    >>> np.linalg.solve(A.T @ A, A.T @ y).round(6).tolist()
    [-0.666667, 2.0]
    """
    data = np.array([[1.0], [2.0], [3.0]])
    target = np.array([1.0, 4.0, 5.0])
    if return_X_y:
        return data, target
    return Bunch(data=data, target=target, feature_names=["x"], DESCR=_THREE_POINTS_DESCR)


def load_gdp_vehicle_sales(*, return_X_y: bool = False) -> Bunch | tuple[np.ndarray, np.ndarray]:
    """The lecture's GDP / vehicle-sales table: each year's sales against the prior year's GDP.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a :class:`Bunch`.

    Returns
    -------
    data : Bunch
        ``data`` (6, 1): GDP of the prior year (2011-2016); ``target`` (6,): vehicle sales
        of the year (2012-2017); ``year``, ``gdp_year``, ``feature_names``
        ``["gdp_prior_year"]``, ``query_gdp`` (7.0, the lecture's question for 2018) and
        ``DESCR`` with the original table.
    (data, target) : tuple of ndarray
        When ``return_X_y`` is True.

    Examples
    --------
    >>> from syllabus.datasets import load_gdp_vehicle_sales
    >>> d = load_gdp_vehicle_sales()
    >>> d.data[:, 0].tolist(), d.target.tolist()
    ([6.2, 6.5, 5.48, 6.54, 7.18, 7.93], [26.3, 26.65, 25.03, 26.01, 27.9, 30.47])
    """
    gdp_year = np.arange(2011, 2017)
    gdp = np.array([6.2, 6.5, 5.48, 6.54, 7.18, 7.93])
    sales = np.array([26.3, 26.65, 25.03, 26.01, 27.9, 30.47])  # years 2012..2017
    data = gdp.reshape(-1, 1)
    if return_X_y:
        return data, sales
    return Bunch(
        data=data,
        target=sales,
        year=gdp_year + 1,
        gdp_year=gdp_year,
        feature_names=["gdp_prior_year"],
        query_gdp=7.0,
        DESCR=_GDP_DESCR,
    )
