"""The lecture tables reproduce the worked examples' numbers (seed 000, linear regression)."""

import numpy as np
from numpy.testing import assert_allclose

from syllabus.datasets import load_gdp_vehicle_sales, load_three_points


def _normal_equation(X, y):
    A = np.column_stack([np.ones(len(X)), X])
    return A, A.T @ A, A.T @ y


def test_three_points_worked_example():
    X, y = load_three_points(return_X_y=True)
    A, gram, moment = _normal_equation(X, y)
    # The lecture's numbers: X^T X = [[3, 6], [6, 14]], X^T y = [10, 24].
    assert_allclose(gram, [[3, 6], [6, 14]])
    assert_allclose(moment, [10, 24])
    theta = np.linalg.solve(gram, moment)
    assert_allclose(theta, [-2 / 3, 2], rtol=1e-12)
    assert_allclose(np.mean((A @ theta - y) ** 2), 2 / 9, rtol=1e-12)
    bunch = load_three_points()
    assert bunch.feature_names == ["x"]
    assert "2/9" in bunch.DESCR


def test_gdp_vehicle_sales_pairs_sales_with_prior_year_gdp():
    d = load_gdp_vehicle_sales()
    assert d.data.shape == (6, 1) and d.target.shape == (6,)
    assert_allclose(d.year - d.gdp_year, 1)
    table = {  # year: (GDP, sales), as printed in the lecture
        2011: (6.2, None), 2012: (6.5, 26.3), 2013: (5.48, 26.65), 2014: (6.54, 25.03),
        2015: (7.18, 26.01), 2016: (7.93, 27.9), 2017: (None, 30.47),
    }
    for gdp, sales, year, gdp_year in zip(d.data[:, 0], d.target, d.year, d.gdp_year):
        assert table[int(year)][1] == sales
        assert table[int(gdp_year)][0] == gdp
    # The economists' story: the lowest GDP (2013) is followed by the lowest sales (2014).
    assert d.gdp_year[np.argmin(d.data[:, 0])] == 2013
    assert d.year[np.argmin(d.target)] == 2014
    X, y = load_gdp_vehicle_sales(return_X_y=True)
    assert_allclose(X, d.data)
    assert_allclose(y, d.target)


def test_gdp_vehicle_sales_prediction_for_2018():
    X, y = load_gdp_vehicle_sales(return_X_y=True)
    A, gram, moment = _normal_equation(X, y)
    theta = np.linalg.solve(gram, moment)
    slope_ref, intercept_ref = np.polyfit(X[:, 0], y, 1)
    assert_allclose(theta, [intercept_ref, slope_ref], rtol=1e-10)
    prediction_2018 = theta[0] + theta[1] * load_gdp_vehicle_sales().query_gdp
    assert_allclose(prediction_2018, intercept_ref + 7.0 * slope_ref, rtol=1e-12)
    assert theta[1] > 0  # sales grow with the prior year's GDP
