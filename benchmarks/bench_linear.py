"""Linear models and kernel ridge against scikit-learn (same data, same hyper-parameters)."""

from __future__ import annotations

import warnings

import numpy as np

from benchmarks._harness import case


def _regression(n: int, d: int, n_informative: int | None = None, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) + rng.normal(size=d)  # non-centred columns: intercept matters
    coef = rng.normal(size=d)
    if n_informative is not None:
        coef[n_informative:] = 0.0
    return X, X @ coef + 3.0 + rng.normal(size=n)


def _classification(n: int, d: int, n_classes: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    W = 0.3 * rng.normal(size=(d, n_classes))
    if n_classes == 2:
        return X, (X @ W[:, 0] + rng.logistic(size=n) > 0).astype(int)
    return X, np.argmax(X @ W + rng.gumbel(size=(n, n_classes)), axis=1)


@case("linear: LinearRegression normal eq. n=1e5 d=100", reference="scikit-learn", target=1.5)
def _linear_regression():
    from sklearn.linear_model import LinearRegression as Theirs

    from syllabus.linear_model import LinearRegression as Ours

    X, y = _regression(100_000, 100)
    return (lambda: Ours().fit(X, y)), (lambda: Theirs().fit(X, y))


@case("linear: Ridge alpha=1 n=1e5 d=100", reference="scikit-learn", target=1.5)
def _ridge():
    from sklearn.linear_model import Ridge as Theirs

    from syllabus.linear_model import Ridge as Ours

    X, y = _regression(100_000, 100)
    return (lambda: Ours(1.0).fit(X, y)), (lambda: Theirs(1.0).fit(X, y))


@case("linear: Lasso CD alpha=0.1 n=2e4 d=500", reference="scikit-learn", repeats=5, target=1.0)
def _lasso():
    from sklearn.linear_model import Lasso as Theirs

    from syllabus.linear_model import Lasso as Ours

    X, y = _regression(20_000, 500, n_informative=50)
    return (lambda: Ours(0.1).fit(X, y)), (lambda: Theirs(0.1).fit(X, y))


def _sparse_regression(n: int, d: int, density: float, seed: int = 0):
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    X = sp.random(n, d, density=density, format="csc", random_state=seed) * 3.0
    coef = rng.normal(size=d) * (rng.random(d) < 0.1)
    return X, X @ coef + 3.0 + rng.normal(size=n)


@case("linear: Lasso CD sparse X n=2e4 d=2000 1% dense", reference="scikit-learn", repeats=5,
      target=1.5)
def _lasso_sparse():
    from sklearn.linear_model import Lasso as Theirs

    from syllabus.linear_model import Lasso as Ours

    X, y = _sparse_regression(20_000, 2000, 0.01)
    return (lambda: Ours(0.01).fit(X, y)), (lambda: Theirs(0.01).fit(X, y))


@case("linear: Ridge sparse_cg sparse X n=2e4 d=2000 1% dense", reference="scikit-learn",
      repeats=5, target=1.5)
def _ridge_sparse():
    from sklearn.linear_model import Ridge as Theirs

    from syllabus.linear_model import Ridge as Ours

    X, y = _sparse_regression(20_000, 2000, 0.01)
    return (lambda: Ours(1.0, solver="sparse_cg").fit(X, y)), \
        (lambda: Theirs(1.0, solver="sparse_cg").fit(X, y))


@case("linear: Ridge sag n=5000 d=50", reference="scikit-learn", repeats=5, target=2.0)
def _ridge_sag():
    from sklearn.linear_model import Ridge as Theirs

    from syllabus.linear_model import Ridge as Ours

    X, y = _regression(5000, 50)
    return (lambda: Ours(1.0, solver="sag", random_state=0).fit(X, y)), \
        (lambda: Theirs(1.0, solver="sag", random_state=0).fit(X, y))


def _logistic(n_classes: int):
    from sklearn.linear_model import LogisticRegression as Theirs

    from syllabus.linear_model import LogisticRegression as Ours

    X, y = _classification(50_000, 100, n_classes)

    def theirs():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Theirs().fit(X, y)

    return (lambda: Ours().fit(X, y)), theirs


@case("linear: LogisticRegression lbfgs n=5e4 d=100 binary", reference="scikit-learn",
      repeats=5, target=1.5)
def _logistic_binary():
    return _logistic(2)


@case("linear: LogisticRegression lbfgs n=5e4 d=100 10 classes", reference="scikit-learn",
      repeats=5, target=1.5)
def _logistic_multinomial():
    return _logistic(10)


def _logistic_sag(solver: str, l1_ratio: float, X, y):
    from sklearn.linear_model import LogisticRegression as Theirs

    from syllabus.linear_model import LogisticRegression as Ours

    kw = dict(solver=solver, l1_ratio=l1_ratio, C=0.1, tol=1e-4, max_iter=100, random_state=0)

    def theirs():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Theirs(**kw).fit(X, y)

    def ours():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Ours(**kw).fit(X, y)

    return ours, theirs


@case("linear: LogisticRegression sag l2 n=2e4 d=50 binary", reference="scikit-learn",
      repeats=5, target=1.0)
def _logistic_sag_l2():
    return _logistic_sag("sag", 0.0, *_classification(20_000, 50, 2))


@case("linear: LogisticRegression saga l1 n=2e4 d=50 3 classes", reference="scikit-learn",
      repeats=5, target=1.0)
def _logistic_saga_l1():
    return _logistic_sag("saga", 1.0, *_classification(20_000, 50, 3))


@case("linear: LogisticRegression saga l1 sparse X n=2e4 d=2000 1% dense",
      reference="scikit-learn", repeats=5, target=1.0)
def _logistic_saga_l1_sparse():
    X, y = _sparse_regression(20_000, 2000, 0.01)
    return _logistic_sag("saga", 1.0, X, (y > np.median(y)).astype(int))


@case("linear: KernelRidge rbf n=3000 d=10", reference="scikit-learn", repeats=5, target=1.5)
def _kernel_ridge():
    from sklearn.kernel_ridge import KernelRidge as Theirs

    from syllabus.kernel_ridge import KernelRidge as Ours

    X, y = _regression(3000, 10)
    params = {"alpha": 1.0, "kernel": "rbf", "gamma": 0.1}
    return (lambda: Ours(**params).fit(X, y)), (lambda: Theirs(**params).fit(X, y))


@case("linear: SGDClassifier hinge 20 epochs n=2e4 d=50", reference="scikit-learn", repeats=5,
      target=1.5)
def _sgd_classifier():
    from sklearn.linear_model import SGDClassifier as Theirs

    from syllabus.linear_model import SGDClassifier as Ours

    X, y = _classification(20_000, 50, 2)
    params = {"loss": "hinge", "max_iter": 20, "tol": None, "random_state": 0}
    return (lambda: Ours(**params).fit(X, y)), (lambda: Theirs(**params).fit(X, y))


@case("linear: RidgeCV leave-one-out 10 alphas n=2000 d=100", reference="scikit-learn",
      target=1.5)
def _ridge_cv():
    from sklearn.linear_model import RidgeCV as Theirs

    from syllabus.linear_model import RidgeCV as Ours

    X, y = _regression(2000, 100)
    alphas = np.logspace(-3, 3, 10)
    return (lambda: Ours(alphas=alphas).fit(X, y)), (lambda: Theirs(alphas=alphas).fit(X, y))


@case("linear: LassoCV 5 folds x 100 alphas n=2000 d=100", reference="scikit-learn",
      repeats=3, target=1.5)
def _lasso_cv():
    from sklearn.linear_model import LassoCV as Theirs

    from syllabus.linear_model import LassoCV as Ours

    X, y = _regression(2000, 100, n_informative=10)
    return (lambda: Ours().fit(X, y)), (lambda: Theirs().fit(X, y))


@case("linear: LogisticRegressionCV 5 folds x 10 Cs n=2000 d=20 3 classes",
      reference="scikit-learn", repeats=3, target=2.0)
def _logistic_cv():
    from sklearn.linear_model import LogisticRegressionCV as Theirs

    from syllabus.linear_model import LogisticRegressionCV as Ours

    X, y = _classification(2000, 20, 3)

    def theirs():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Theirs(scoring=None, l1_ratios=(0.0,), use_legacy_attributes=True).fit(X, y)

    return (lambda: Ours().fit(X, y)), theirs
