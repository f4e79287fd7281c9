"""Support vector machines against scikit-learn (LIBSVM, LIBLINEAR): same data and settings.

The data is scikit-learn's ``make_classification`` (20 or 100 features, 10 or 20
informative, 1% label noise), so the SVMs have free and bounded support vectors.
Accuracies are printed by ``python -m benchmarks.bench_svm``.
"""

from __future__ import annotations

import warnings

from benchmarks._harness import case


def _data(n: int, d: int, n_informative: int, seed: int = 0):
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=n + 1000, n_features=d, n_informative=n_informative,
                               random_state=seed)
    return X[:n], y[:n], X[n:], y[n:]


@case("svm: SVC rbf fit n=5000 d=20", reference="LIBSVM", repeats=5, target=1.0)
def _svc_rbf_fit():
    from sklearn.svm import SVC as Theirs

    from syllabus.svm import SVC as Ours

    X, y, _, _ = _data(5000, 20, 10)
    return (lambda: Ours().fit(X, y)), (lambda: Theirs().fit(X, y))


@case("svm: SVC rbf predict 1000 x 5000-sample model", reference="LIBSVM", target=2.0)
def _svc_rbf_predict():
    from sklearn.svm import SVC as Theirs

    from syllabus.svm import SVC as Ours

    X, y, X_test, _ = _data(5000, 20, 10)
    ours, theirs = Ours().fit(X, y), Theirs().fit(X, y)
    return (lambda: ours.predict(X_test)), (lambda: theirs.predict(X_test))


@case("svm: SVC linear fit n=5000 d=20", reference="LIBSVM", repeats=3, target=1.0)
def _svc_linear_fit():
    from sklearn.svm import SVC as Theirs

    from syllabus.svm import SVC as Ours

    X, y, _, _ = _data(5000, 20, 10)
    return (lambda: Ours(kernel="linear").fit(X, y)), (lambda: Theirs(kernel="linear").fit(X, y))


@case("svm: LinearSVC squared hinge fit n=50000 d=100", reference="LIBLINEAR", repeats=5,
      target=2.0)
def _linear_svc_fit():
    from sklearn.svm import LinearSVC as Theirs

    from syllabus.svm import LinearSVC as Ours

    X, y, _, _ = _data(50_000, 100, 20)
    return (lambda: Ours().fit(X, y)), (lambda: Theirs().fit(X, y))


def _report() -> None:
    """Accuracies and objectives of the benchmark models (printed, not timed)."""
    import numpy as np
    from sklearn import svm as sk

    from syllabus import svm

    X, y, X_test, y_test = _data(5000, 20, 10)
    for kernel in ("rbf", "linear"):
        ours, theirs = svm.SVC(kernel=kernel).fit(X, y), sk.SVC(kernel=kernel).fit(X, y)
        agree = np.mean(ours.predict(X_test) == theirs.predict(X_test))
        print(f"SVC {kernel}: test accuracy syllabus {ours.score(X_test, y_test):.4f}, "
              f"scikit-learn {theirs.score(X_test, y_test):.4f}; same prediction on "
              f"{agree:.2%}; SMO steps {ours.n_iter_[0]} vs {theirs.n_iter_[0]}; "
              f"support vectors {ours.support_.size} vs {theirs.support_.size}")
    X, y, X_test, y_test = _data(50_000, 100, 20)
    ours = svm.LinearSVC().fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = sk.LinearSVC().fit(X, y)
    y_pm = np.where(y == 1, 1.0, -1.0)

    def objective(m):
        w, b = m.coef_[0], m.intercept_[0]
        return 0.5 * (w @ w + b * b) + np.sum(np.maximum(0, 1 - y_pm * (X @ w + b)) ** 2)

    print(f"LinearSVC: test accuracy syllabus {ours.score(X_test, y_test):.4f}, scikit-learn "
          f"{theirs.score(X_test, y_test):.4f}; primal objective {objective(ours):.6f} vs "
          f"{objective(theirs):.6f}")


if __name__ == "__main__":
    _report()


@case("svm: StructuredSVM bcfw multi-label k=20 n=5000 d=50 to gap 1e-3", reference="20 LinearSVC",
      repeats=3)
def _structured_multilabel():
    import numpy as np
    from sklearn.svm import LinearSVC as Theirs

    from syllabus.svm import MultiLabelProblem, StructuredSVM

    rng = np.random.default_rng(0)
    X = rng.normal(size=(5000, 50))
    Y = np.where(X @ rng.normal(size=(50, 20)) + 2 * rng.normal(size=(5000, 20)) > 0, 1, -1)
    C = 0.01  # the sum of 20 binary hinge SVMs without intercept, at the same C

    def ours():
        model = StructuredSVM(MultiLabelProblem(20), C=C, tol=1e-3, random_state=0).fit(X, Y)
        assert model.duality_gap_ <= 1e-3 * model.objective_

    def theirs():
        for k in range(20):
            Theirs(loss="hinge", fit_intercept=False, C=C, tol=1e-4).fit(X, Y[:, k])

    return ours, theirs
