"""LinearSVC (primal solvers) against scikit-learn's LIBLINEAR on the same objective."""

import warnings

import numpy as np
import pytest
from sklearn.svm import LinearSVC as SkLinearSVC

from syllabus.svm import ConvergenceWarning, LinearSVC


def _problem(seed, n=300, d=5, n_classes=2):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, n_classes, n)
    X = rng.standard_normal((n, d))
    X[:, 0] += y
    X[:, 1] -= 0.5 * y
    return X, y


def _objective(coef, intercept, X, y, C, loss, multi_class, scaling=1.0, positive_weight=None):
    """LIBLINEAR's primal, written out independently of the library.

    ``C`` is per sample; for one-vs-rest with more than two classes ``positive_weight[k]``
    multiplies C of class k's samples in problem k only (LIBLINEAR's convention).
    """
    coef, intercept = np.atleast_2d(coef), np.atleast_1d(intercept)
    classes = np.unique(y)
    if multi_class == "crammer_singer" and len(classes) == 2:
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    value = 0.5 * (np.sum(coef**2) + np.sum((intercept / scaling) ** 2))
    scores = X @ coef.T + intercept
    if multi_class == "crammer_singer":
        true = scores[np.arange(len(y)), y]
        slack = np.max(scores - true[:, None] + (classes[None, :] != y[:, None]), axis=1)
        return value + C @ slack
    problems = [(1, scores[:, 0])] if len(classes) == 2 else list(enumerate(scores.T))
    for k, s in problems:
        y_pm = np.where(y == k, 1.0, -1.0)
        h = np.maximum(0, 1 - y_pm * s)
        C_k = C if positive_weight is None else C * np.where(y == k, positive_weight[k], 1.0)
        value += C_k @ (h**2 if loss == "squared_hinge" else h)
    return value


def _reference(X, y, sample_weight=None, **params):
    dual = params.get("loss") == "hinge" or params.get("multi_class") == "crammer_singer"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # liblinear's dual solver is slow to reach tol=1e-10
        return SkLinearSVC(tol=1e-10, max_iter=200_000, dual=dual, **params).fit(
            X, y, sample_weight=sample_weight)


CASES = [
    dict(loss="squared_hinge"),
    dict(loss="hinge"),
    dict(loss="hinge", multi_class="crammer_singer"),
]


@pytest.mark.parametrize("params", CASES, ids=lambda p: "-".join(p.values()))
@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("C", [0.05, 5.0])
def test_primal_objective_matches_liblinear(params, n_classes, C):
    X, y = _problem(n_classes, n_classes=n_classes)
    ours = LinearSVC(C=C, **params).fit(X, y)
    ref = _reference(X, y, C=C, **params)
    assert ours.coef_.shape == ref.coef_.shape and ours.intercept_.shape == ref.intercept_.shape
    mc = params.get("multi_class", "ovr")
    f_ours = _objective(ours.coef_, ours.intercept_, X, y, np.full(len(y), C), params["loss"], mc)
    f_ref = _objective(ref.coef_, ref.intercept_, X, y, np.full(len(y), C), params["loss"], mc)
    # The issue asks for 1e-3; the solver reaches about 1e-7.
    assert abs(f_ours - f_ref) <= 1e-5 * f_ref
    X_new = np.random.default_rng(3).standard_normal((100, X.shape[1]))
    agree = np.mean(ours.predict(X_new) == ref.predict(X_new))
    assert agree >= 0.98


@pytest.mark.parametrize("n_classes", [2, 4])
def test_squared_hinge_coefficients_match_liblinear(n_classes):
    # Smooth and strongly convex: the minimiser itself agrees tightly.
    X, y = _problem(10 + n_classes, n_classes=n_classes)
    ours = LinearSVC(C=2.0, tol=1e-8).fit(X, y)
    ref = _reference(X, y, C=2.0)
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=1e-6)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-6)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=1e-5)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_weights_intercept_options_match_liblinear():
    X, y = _problem(20, n_classes=3)
    sw = np.random.default_rng(0).uniform(0.1, 3.0, len(y))
    cw = {0: 2.0, 2: 0.5}
    for params in (dict(class_weight=cw), dict(fit_intercept=False),
                   dict(intercept_scaling=5.0), dict(class_weight="balanced")):
        for mc in ("ovr", "crammer_singer"):
            loss = "hinge" if mc == "crammer_singer" else "squared_hinge"
            ours = LinearSVC(C=1.5, loss=loss, multi_class=mc, tol=1e-8, **params)
            ours.fit(X, y, sample_weight=sw)
            ref = _reference(X, y, sw, C=1.5, loss=loss, multi_class=mc, **params)
            scaling = params.get("intercept_scaling", 1.0)
            if params.get("class_weight") == "balanced":  # weighted by sample_weight too
                counts = np.bincount(y, weights=sw)
                w = sw.sum() / (3 * counts)
            elif "class_weight" in params:
                w = np.array([cw.get(k, 1.0) for k in range(3)])
            else:
                w = np.ones(3)
            if mc == "ovr":  # only the positive class of each problem is re-weighted
                C, pos = 1.5 * sw, w
            else:
                C, pos = 1.5 * sw * w[y], None
            f_ours = _objective(ours.coef_, ours.intercept_, X, y, C, loss, mc, scaling, pos)
            f_ref = _objective(ref.coef_, ref.intercept_, X, y, C, loss, mc, scaling, pos)
            assert abs(f_ours - f_ref) <= 1e-6 * f_ref, (params, mc)
            if not params.get("fit_intercept", True):
                np.testing.assert_array_equal(ours.intercept_, 0.0)


@pytest.mark.parametrize("solver", ["subgradient", "pegasos"])
@pytest.mark.parametrize("loss", ["hinge", "squared_hinge"])
def test_subgradient_solvers_approach_the_optimum(solver, loss):
    X, y = _problem(30, n=200, n_classes=2)
    exact = LinearSVC(C=0.5, loss=loss, tol=1e-8).fit(X, y)
    approx = LinearSVC(C=0.5, loss=loss, solver=solver, max_iter=400, random_state=0).fit(X, y)
    C = np.full(len(y), 0.5)
    f_exact = _objective(exact.coef_, exact.intercept_, X, y, C, loss, "ovr")
    f_approx = _objective(approx.coef_, approx.intercept_, X, y, C, loss, "ovr")
    assert f_exact * (1 - 1e-9) <= f_approx <= f_exact * (1 + 1e-3)
    curve = approx.objective_curve_[0]
    assert len(curve) == 400
    # The returned weights are the best iterate.
    assert f_approx == pytest.approx(curve.min(), rel=1e-12)


def test_crammer_singer_subgradient_and_pegasos_approach_the_optimum():
    X, y = _problem(31, n=200, n_classes=3)
    exact = LinearSVC(C=0.5, multi_class="crammer_singer").fit(X, y)
    C = np.full(len(y), 0.5)
    f_exact = _objective(exact.coef_, exact.intercept_, X, y, C, "hinge", "crammer_singer")
    for solver in ("subgradient", "pegasos"):
        approx = LinearSVC(C=0.5, multi_class="crammer_singer", solver=solver, max_iter=400,
                           random_state=0).fit(X, y)
        f = _objective(approx.coef_, approx.intercept_, X, y, C, "hinge", "crammer_singer")
        assert f_exact * (1 - 1e-6) <= f <= f_exact * (1 + 1e-2), solver


def test_pegasos_is_deterministic_given_random_state():
    X, y = _problem(32, n=150)
    a = LinearSVC(solver="pegasos", max_iter=20, random_state=3).fit(X, y)
    b = LinearSVC(solver="pegasos", max_iter=20, random_state=3).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)


def test_convergence_warning_and_bad_input():
    X, y = _problem(33)
    with pytest.warns(ConvergenceWarning, match="max_iter=1"):
        LinearSVC(max_iter=1).fit(X, y)
    with pytest.raises(ValueError, match="only one class"):
        LinearSVC().fit(X, np.ones(len(y)))
    with pytest.raises(ValueError, match="'solver' parameter"):
        LinearSVC(solver="newton").fit(X, y)
    with pytest.raises(ValueError, match="features"):
        LinearSVC().fit(X, y).predict(X[:, :3])
