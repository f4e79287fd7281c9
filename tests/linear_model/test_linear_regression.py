"""LinearRegression (normal equation) against scikit-learn and the worked examples of seed 000."""

import warnings

import numpy as np
import pytest
from sklearn import linear_model as sk

from syllabus.datasets import load_gdp_vehicle_sales
from syllabus.linear_model import ConvergenceWarning, LinearRegression, least_squares
from syllabus.metrics import mean_squared_error


def _data(n=60, d=5, targets=None):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3, size=d) + rng.normal(size=d)
    shape = (n,) if targets is None else (n, targets)
    y = X @ rng.normal(size=(d,) if targets is None else (d, targets)) + rng.normal(size=shape)
    return X, y


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("targets", [None, 3])
@pytest.mark.parametrize("weighted", [False, True])
def test_normal_equation_matches_sklearn(fit_intercept, targets, weighted):
    rng = np.random.default_rng(0)
    X, y = _data(targets=targets)
    sw = rng.uniform(0.1, 3, size=len(X)) if weighted else None
    ours = LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=sw)
    ref = sk.LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-9, atol=1e-10)
    assert np.shape(ours.intercept_) == np.shape(ref.intercept_)


def test_rank_deficient_gives_minimum_norm_solution_like_sklearn():
    X, y = _data(d=4)
    X = np.column_stack([X, X[:, 0] + 2 * X[:, 1], X[:, 2]])  # two exactly collinear columns
    ours = LinearRegression().fit(X, y)
    ref = sk.LinearRegression().fit(X, y)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-7, atol=1e-9)
    # more features than samples: still the minimum-norm interpolant
    X, y = _data(n=5, d=12)
    np.testing.assert_allclose(LinearRegression().fit(X, y).coef_,
                               sk.LinearRegression().fit(X, y).coef_, rtol=1e-8, atol=1e-10)


def test_least_squares_ill_conditioned_falls_back_to_svd():
    t = np.linspace(0, 1, 40)
    A = np.vander(t, 12)  # cond(A^T A) ~ 1e16: the normal equation would lose every digit
    b = np.sin(3 * t)
    np.testing.assert_allclose(least_squares(A, b), np.linalg.lstsq(A, b, rcond=None)[0],
                               rtol=1e-6, atol=1e-8)


def test_seed_000_normal_equation_worked_example():
    # Dataset (1,1), (2,4), (3,5): X^T X = [[3, 6], [6, 14]], X^T y = [10, 24],
    # theta = (-2/3, 2), MSE = 2/9.
    X, y = np.array([[1.0], [2.0], [3.0]]), np.array([1.0, 4.0, 5.0])
    design = np.column_stack([np.ones(3), X])
    np.testing.assert_array_equal(design.T @ design, [[3, 6], [6, 14]])
    np.testing.assert_array_equal(design.T @ y, [10, 24])
    reg = LinearRegression().fit(X, y)
    assert reg.intercept_ == pytest.approx(-2 / 3, abs=1e-12)
    assert reg.coef_[0] == pytest.approx(2.0, abs=1e-12)
    assert reg.loss_curve_[-1] == pytest.approx(2 / 9, abs=1e-12)
    assert np.mean((reg.predict(X) - y) ** 2) == pytest.approx(2 / 9, abs=1e-12)
    # the same theta without an intercept, on the design matrix with its column of ones
    np.testing.assert_allclose(LinearRegression(fit_intercept=False).fit(design, y).coef_,
                               [-2 / 3, 2.0], atol=1e-12)


def test_seed_000_mse_worked_examples():
    # Y = 2X + 1 on (1,1), (2,4), (3,5): predictions 3, 5, 7, MSE = (4 + 1 + 4) / 3 = 3.
    x, y = np.array([1.0, 2.0, 3.0]), np.array([1.0, 4.0, 5.0])
    model = LinearRegression(fit_intercept=False).fit(np.column_stack([np.ones(3), x]), 2 * x + 1)
    np.testing.assert_allclose(model.coef_, [1.0, 2.0], atol=1e-12)
    pred = model.predict(np.column_stack([np.ones(3), x]))
    np.testing.assert_allclose(pred, [3.0, 5.0, 7.0])
    assert np.mean((y - pred) ** 2) == pytest.approx(3.0)
    assert mean_squared_error(y, pred) == pytest.approx(3.0)
    real = [1.2, 0.9, -0.3, 1.3, 1.1]
    predicted = [1.7, 0.2, 0.1, 0.3, 1.2]
    assert mean_squared_error(real, predicted) == pytest.approx(0.382)


GDP_SALES = {  # seed 000 homework: year -> (GDP growth %, vehicle sales)
    2011: (6.2, None), 2012: (6.5, 26.3), 2013: (5.48, 26.65), 2014: (6.54, 25.03),
    2015: (7.18, 26.01), 2016: (7.93, 27.9), 2017: (None, 30.47),
}


def test_seed_000_gdp_vehicle_sales_homework():
    # y = sales of a year, x = GDP of the year before: pairs 2011->2012 ... 2016->2017.
    years = range(2012, 2018)
    x = np.array([GDP_SALES[t - 1][0] for t in years])
    y = np.array([GDP_SALES[t][1] for t in years])
    reg = LinearRegression().fit(x[:, None], y)
    # normal equation written out: [[n, sum x], [sum x, sum x^2]] theta = [sum y, sum x y]
    A = np.array([[len(x), x.sum()], [x.sum(), (x**2).sum()]])
    theta = np.linalg.solve(A, [y.sum(), (x * y).sum()])
    np.testing.assert_allclose([reg.intercept_, reg.coef_[0]], theta, rtol=1e-10)
    np.testing.assert_allclose(reg.coef_[0], np.polyfit(x, y, 1)[0], rtol=1e-10)
    sales_2018 = reg.predict([[7.0]])[0]  # GDP growth of 7% in 2017
    assert sales_2018 == pytest.approx(theta[0] + 7.0 * theta[1], rel=1e-12)
    assert 26.0 < sales_2018 < 29.0  # between the observed sales, as a fitted line must be
    data = load_gdp_vehicle_sales()  # the same table, as shipped by syllabus.datasets
    np.testing.assert_array_equal(data.data[:, 0], x)
    np.testing.assert_array_equal(data.target, y)
    assert reg.predict([[data.query_gdp]])[0] == sales_2018


def test_bad_input():
    X, y = _data()
    with pytest.raises(ValueError, match="solver"):
        LinearRegression(solver="qr").fit(X, y)
    with pytest.raises(ValueError, match="NaN"):
        LinearRegression().fit(np.where(X > 2, np.nan, X), y)
    with pytest.raises(ValueError, match="inconsistent"):
        LinearRegression().fit(X, y[:-1])
    reg = LinearRegression().fit(X, y)
    with pytest.raises(ValueError, match="features"):
        reg.predict(X[:, :2])
    from syllabus.base import NotFittedError
    with pytest.raises(NotFittedError):
        LinearRegression().predict(X)


def test_extreme_scale_finite():
    X, y = _data()
    for scale in (1e-150, 1e150, 1e160):
        reg = LinearRegression().fit(X * scale, y)
        np.testing.assert_allclose(reg.predict(X * scale), sk.LinearRegression().fit(X, y).predict(X),
                                   rtol=1e-6, atol=1e-8)


def _well_conditioned(n=200, targets=None):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, 3))
    shape = (n,) if targets is None else (n, targets)
    y = X @ rng.normal(size=(3,) if targets is None else (3, targets)) + 1.5 + 0.1 * rng.normal(size=shape)
    return X, y


@pytest.mark.parametrize("targets", [None, 2])
def test_batch_gradient_descent_reaches_normal_equation(targets):
    rng = np.random.default_rng(0)
    X, y = _well_conditioned(targets=targets)
    sw = rng.uniform(0.5, 2, size=len(X))
    exact = LinearRegression().fit(X, y, sample_weight=sw)
    gd = LinearRegression(solver="gd", learning_rate=0.2, tol=1e-10, max_iter=5000).fit(
        X, y, sample_weight=sw)
    np.testing.assert_allclose(gd.coef_, exact.coef_, atol=1e-9)
    np.testing.assert_allclose(gd.intercept_, exact.intercept_, atol=1e-9)
    assert np.all(np.diff(gd.loss_curve_) <= 1e-15)  # GD on a convex quadratic: monotone
    np.testing.assert_allclose(gd.loss_curve_[-1], exact.loss_curve_[-1], rtol=1e-12)


def test_seed_004_gd_update_is_the_least_squares_gradient_step():
    # One GD step from theta = 0 with rate eta: theta_1 = eta * (2 / n) X^T y (intercept column
    # included), the lecture's theta_{k+1} = theta_k - eta [2 X^T (X theta_k - y)] / n.
    X, y = _well_conditioned(n=50)
    eta = 0.05
    with pytest.warns(Warning):  # one iteration does not converge
        one = LinearRegression(solver="gd", learning_rate=eta, max_iter=1).fit(X, y)
    X1 = np.column_stack([X, np.ones(len(X))])
    theta_1 = eta * 2 * X1.T @ y / len(X)
    np.testing.assert_allclose(np.r_[one.coef_, one.intercept_], theta_1, rtol=1e-12)


@pytest.mark.parametrize("solver", ["sgd", "minibatch"])
def test_stochastic_solvers_approach_normal_equation(solver):
    X, y = _well_conditioned()
    exact = LinearRegression().fit(X, y)
    params = {"solver": solver, "learning_rate": lambda t: 0.05 / (1 + 0.5 * t), "batch_size": 16,
              "max_iter": 60, "tol": 1e-12, "random_state": 0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = LinearRegression(**params).fit(X, y)
        again = LinearRegression(**params).fit(X, y)
    np.testing.assert_array_equal(model.coef_, again.coef_)  # same seed, same iterates
    # A decaying step: the MSE ends within 1% of the minimum, coefficients within 0.01.
    assert exact.loss_curve_[0] <= model.loss_curve_[-1] < 1.01 * exact.loss_curve_[0]
    np.testing.assert_allclose(model.coef_, exact.coef_, atol=1e-2)
    assert model.loss_curve_[-1] < model.loss_curve_[0]


def test_gradient_descent_divergence_is_an_error():
    X, y = _well_conditioned()
    for solver in ("gd", "sgd", "minibatch"):
        with pytest.raises(ValueError, match="diverged"):
            LinearRegression(solver=solver, learning_rate=50.0, max_iter=50).fit(X * 100, y)
