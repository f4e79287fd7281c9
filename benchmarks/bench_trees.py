"""Trees, ensembles and nearest neighbours against scikit-learn: same data and settings.

The data is scikit-learn's ``make_classification`` / ``make_regression`` (20 features).
Both sides grow the same trees (same split order from the same ``random_state``).
"""

from __future__ import annotations

from benchmarks._harness import case


def _classification(n: int, d: int = 20, seed: int = 0):
    from sklearn.datasets import make_classification

    return make_classification(n_samples=n, n_features=d, n_informative=10, random_state=seed)


@case("trees: DecisionTreeClassifier fit n=50000 d=20", reference="scikit-learn", repeats=3,
      target=1.5)
def _tree_fit():
    from sklearn.tree import DecisionTreeClassifier as Theirs

    from syllabus.tree import DecisionTreeClassifier as Ours

    X, y = _classification(50_000)
    return (lambda: Ours(random_state=0).fit(X, y)), (lambda: Theirs(random_state=0).fit(X, y))


@case("trees: DecisionTreeClassifier fit sparse CSC n=20000 d=200 density 0.05",
      reference="scikit-learn", repeats=3, target=1.5)
def _tree_fit_sparse():
    import numpy as np
    import scipy.sparse as sp
    from sklearn.tree import DecisionTreeClassifier as Theirs

    from syllabus.tree import DecisionTreeClassifier as Ours

    rng = np.random.RandomState(0)
    X = sp.random(20_000, 200, density=0.05, format="csc", random_state=rng)
    score = X @ rng.standard_normal(200)
    y = (score > np.median(score)).astype(int)
    return (lambda: Ours(random_state=0).fit(X, y)), (lambda: Theirs(random_state=0).fit(X, y))


@case("trees: RandomForestClassifier 50 trees n=10000 d=20 (one job)", reference="scikit-learn",
      repeats=3, target=1.5)
def _forest_fit():
    from sklearn.ensemble import RandomForestClassifier as Theirs

    from syllabus.ensemble import RandomForestClassifier as Ours

    X, y = _classification(10_000)
    return (lambda: Ours(n_estimators=50, random_state=0).fit(X, y)), \
        (lambda: Theirs(n_estimators=50, random_state=0, n_jobs=1).fit(X, y))


@case("trees: GradientBoostingRegressor 100 trees depth 3 n=20000 d=20",
      reference="scikit-learn", repeats=3, target=1.5)
def _gb_fit():
    from sklearn.datasets import make_regression
    from sklearn.ensemble import GradientBoostingRegressor as Theirs

    from syllabus.ensemble import GradientBoostingRegressor as Ours

    X, y = make_regression(n_samples=20_000, n_features=20, noise=1.0, random_state=0)
    return (lambda: Ours(random_state=0).fit(X, y)), (lambda: Theirs(random_state=0).fit(X, y))


@case("trees: KNeighborsClassifier predict 5000 queries on 20000 x 20",
      reference="scikit-learn", repeats=5, target=1.0)
def _knn_predict():
    from sklearn.neighbors import KNeighborsClassifier as Theirs

    from syllabus.neighbors import KNeighborsClassifier as Ours

    X, y = _classification(25_000)
    ours, theirs = Ours().fit(X[:20_000], y[:20_000]), Theirs().fit(X[:20_000], y[:20_000])
    return (lambda: ours.predict(X[20_000:])), (lambda: theirs.predict(X[20_000:]))


@case("trees: KNeighborsClassifier predict 5000 queries on 20000 x 20 (one thread)",
      reference="scikit-learn", repeats=5, target=1.0)
def _knn_predict_one_thread():
    from sklearn.neighbors import KNeighborsClassifier as Theirs
    from threadpoolctl import threadpool_limits

    from syllabus.neighbors import KNeighborsClassifier as Ours

    X, y = _classification(25_000)
    ours = Ours(n_jobs=1).fit(X[:20_000], y[:20_000])
    theirs = Theirs().fit(X[:20_000], y[:20_000])

    def reference():
        with threadpool_limits(1):  # scikit-learn's OpenMP (and BLAS) threads
            return theirs.predict(X[20_000:])

    return (lambda: ours.predict(X[20_000:])), reference


@case("trees: KNeighborsClassifier predict 2000 queries on 20000 x 20 (manhattan)",
      reference="scikit-learn", repeats=5, target=1.0)
def _knn_predict_manhattan():
    from sklearn.neighbors import KNeighborsClassifier as Theirs

    from syllabus.neighbors import KNeighborsClassifier as Ours

    X, y = _classification(22_000)
    ours = Ours(metric="manhattan").fit(X[:20_000], y[:20_000])
    theirs = Theirs(metric="manhattan").fit(X[:20_000], y[:20_000])
    return (lambda: ours.predict(X[20_000:])), (lambda: theirs.predict(X[20_000:]))


@case("trees: KNeighborsClassifier predict 2000 queries on 20000 x 20 (cosine)",
      reference="scikit-learn", repeats=5, target=1.0)
def _knn_predict_cosine():
    from sklearn.neighbors import KNeighborsClassifier as Theirs

    from syllabus.neighbors import KNeighborsClassifier as Ours

    X, y = _classification(22_000)
    ours = Ours(metric="cosine").fit(X[:20_000], y[:20_000])
    theirs = Theirs(metric="cosine").fit(X[:20_000], y[:20_000])
    return (lambda: ours.predict(X[20_000:])), (lambda: theirs.predict(X[20_000:]))
