"""MLPClassifier / MLPRegressor on scipy.sparse input: the same model as on the dense array,
and scikit-learn's model on the same sparse data; X is never densified."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn import neural_network as sknn
from sklearn.exceptions import ConvergenceWarning as SkConvergenceWarning

from syllabus.linear_model import ConvergenceWarning
from syllabus.neural_network import MLPClassifier, MLPRegressor


def _sparse_problem(seed, n=90, d=15, density=0.3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * (rng.random((n, d)) < density)
    score = X @ rng.normal(size=d)
    y_class = np.digitize(score, np.quantile(score, [1 / 3, 2 / 3]))
    return X, y_class, score + 0.1 * rng.normal(size=n)


def _fit(estimator, X, y, **fit_params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", SkConvergenceWarning)
        return estimator.fit(X, y, **fit_params)


def _assert_same_weights(a, b, rtol):
    assert len(a.coefs_) == len(b.coefs_)
    for p, q in zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_):
        assert p.shape == q.shape and p.dtype == q.dtype
        np.testing.assert_allclose(p, q, rtol=rtol, atol=1e-13)


@pytest.fixture
def no_densify(monkeypatch):
    """Any attempt to turn a sparse matrix into a dense array fails the test."""
    def refuse(self, *args, **kwargs):
        raise AssertionError("a sparse X was densified")

    for cls in (sp.csr_matrix, sp.csc_matrix, sp.csr_array, sp.csc_array):
        monkeypatch.setattr(cls, "toarray", refuse)
        monkeypatch.setattr(cls, "todense", refuse)
        monkeypatch.setattr(cls, "__array__", refuse, raising=False)


@pytest.mark.parametrize("solver", ["lbfgs", "sgd", "adam"])
@pytest.mark.parametrize("container", [sp.csr_matrix, sp.csc_matrix, sp.csr_array])
def test_sparse_and_dense_fits_are_the_same_model(solver, container, no_densify):
    X, y, target = _sparse_problem(0)
    Xs = container(X)
    # L-BFGS amplifies the last-bit differences of the two products (BLAS vs the stored
    # values' order) over its iterations: 10 keep them below 1e-10; SGD/Adam run 40 epochs.
    params = dict(hidden_layer_sizes=(6, 4), activation="tanh", solver=solver, alpha=1e-3,
                  max_iter=10 if solver == "lbfgs" else 40, random_state=0)
    for cls, labels in ((MLPClassifier, y), (MLPRegressor, target)):
        dense = _fit(cls(**params), X, labels)
        sparse = _fit(cls(**params), Xs, labels)
        _assert_same_weights(sparse, dense, rtol=1e-10)
        np.testing.assert_allclose(sparse.loss_, dense.loss_, rtol=1e-10)
        np.testing.assert_allclose(sparse.predict(Xs), dense.predict(X), rtol=1e-10)
        if cls is MLPClassifier:
            np.testing.assert_allclose(sparse.predict_proba(Xs), dense.predict_proba(X),
                                       rtol=1e-10, atol=1e-15)


def test_sparse_partial_fit_and_early_stopping_equal_dense(no_densify):
    X, y, _ = _sparse_problem(1, n=120)
    params = dict(hidden_layer_sizes=(5,), solver="sgd", learning_rate_init=0.05,
                  random_state=2)
    dense, sparse = MLPClassifier(**params), MLPClassifier(**params)
    for _ in range(3):
        dense.partial_fit(X, y, classes=[0, 1, 2])
        sparse.partial_fit(sp.csr_matrix(X), y, classes=[0, 1, 2])
    _assert_same_weights(sparse, dense, rtol=1e-10)
    dense = _fit(MLPClassifier(early_stopping=True, max_iter=30, **params), X, y)
    sparse = _fit(MLPClassifier(early_stopping=True, max_iter=30, **params), sp.csc_matrix(X), y)
    assert sparse.n_iter_ == dense.n_iter_
    np.testing.assert_allclose(sparse.validation_scores_, dense.validation_scores_, rtol=1e-12)
    _assert_same_weights(sparse, dense, rtol=1e-10)


def test_float32_sparse_input_trains_in_float32():
    X, y, _ = _sparse_problem(2)
    Xs = sp.csr_matrix(X.astype(np.float32))
    params = dict(hidden_layer_sizes=(4,), solver="adam", max_iter=10, random_state=0)
    sparse = _fit(MLPClassifier(**params), Xs, y)
    dense = _fit(MLPClassifier(**params), X.astype(np.float32), y)
    assert all(c.dtype == np.float32 for c in sparse.coefs_)
    _assert_same_weights(sparse, dense, rtol=1e-5)


@pytest.mark.parametrize("kind", ["multiclass", "binary", "regression"])
def test_sgd_on_sparse_data_follows_sklearns_steps(kind):
    """Same initial weights, same mini-batches, same objective: scikit-learn's SGD on the
    same sparse matrix reaches the same weights."""
    X, y, target = _sparse_problem(3)
    Xs = sp.csr_matrix(X)
    params = dict(hidden_layer_sizes=(7,), activation="relu", solver="sgd", alpha=0.01,
                  learning_rate_init=0.05, batch_size=16, momentum=0.9, max_iter=15,
                  shuffle=False, random_state=4)
    if kind == "regression":
        ours = _fit(MLPRegressor(**params), Xs, target)
        theirs = _fit(sknn.MLPRegressor(**params), Xs, target)
        np.testing.assert_allclose(ours.predict(Xs), theirs.predict(Xs), rtol=1e-9)
    else:
        labels = (y > 0).astype(int) if kind == "binary" else y
        ours = _fit(MLPClassifier(**params), Xs, labels)
        theirs = _fit(sknn.MLPClassifier(**params), Xs, labels)
        np.testing.assert_allclose(ours.predict_proba(Xs), theirs.predict_proba(Xs), rtol=1e-9)
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-10)
    _assert_same_weights(ours, theirs, rtol=1e-8)


def test_lbfgs_on_sparse_data_reaches_the_optimum_of_sklearns_objective():
    """No hidden layer: convex objectives, so L-BFGS on the sparse matrix must reach their
    minimisers -- scikit-learn's LogisticRegression (C = 1 / alpha) and Ridge (alpha) on the
    same sparse data -- and at least as low a loss as scikit-learn's MLP (whose L-BFGS-B
    stops a little earlier)."""
    from sklearn.linear_model import LogisticRegression, Ridge

    X, y, target = _sparse_problem(5, n=150, d=8, density=0.5)
    Xs = sp.csr_matrix(X)
    alpha = 1.0
    params = dict(hidden_layer_sizes=(), solver="lbfgs", alpha=alpha, tol=1e-12,
                  max_iter=2000, random_state=0)
    ours = _fit(MLPClassifier(**params), Xs, y)
    theirs = _fit(sknn.MLPClassifier(**params), Xs, y)
    reference = LogisticRegression(C=1 / alpha, solver="newton-cg", tol=1e-12).fit(Xs, y)
    np.testing.assert_allclose(ours.coefs_[0], reference.coef_.T, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(ours.predict_proba(Xs), reference.predict_proba(Xs), atol=1e-7)
    assert ours.loss_ <= theirs.loss_ + 1e-12
    np.testing.assert_allclose(ours.predict_proba(Xs), theirs.predict_proba(Xs), atol=1e-4)
    # Half squared error + alpha/(2n)||w||^2 is Ridge's objective / n with Ridge's alpha.
    ours = _fit(MLPRegressor(**params), Xs, target)
    reference = Ridge(alpha=alpha, tol=1e-12, solver="sparse_cg").fit(Xs, target)
    np.testing.assert_allclose(ours.coefs_[0][:, 0], reference.coef_, rtol=1e-6)
    np.testing.assert_allclose(ours.predict(Xs), reference.predict(Xs), rtol=1e-6)
