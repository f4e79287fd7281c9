"""The dummy estimators give scikit-learn's answers, draws included."""

import numpy as np
import pytest
from sklearn import dummy as sk_dummy

from syllabus.dummy import DummyClassifier, DummyRegressor


@pytest.mark.parametrize("strategy", ["most_frequent", "prior", "stratified", "uniform", "constant"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_classifier_matches_sklearn(strategy, seed):
    rng = np.random.RandomState(seed)
    X = rng.randn(40, 3)
    y = rng.choice(["cat", "dog", "frog"], size=40, p=[0.5, 0.3, 0.2])
    w = rng.rand(40)
    kw = {"strategy": strategy, "random_state": seed}
    if strategy == "constant":
        kw["constant"] = "dog"
    ours = DummyClassifier(**kw).fit(X, y, sample_weight=w)
    ref = sk_dummy.DummyClassifier(**kw).fit(X, y, sample_weight=w)
    np.testing.assert_array_equal(ours.classes_, ref.classes_)
    np.testing.assert_allclose(ours.class_prior_, ref.class_prior_, rtol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-12)


@pytest.mark.parametrize("strategy,extra", [("mean", {}), ("median", {}),
                                            ("quantile", {"quantile": 0.3}),
                                            ("constant", {"constant": 2.5})])
def test_regressor_matches_sklearn(strategy, extra):
    rng = np.random.RandomState(0)
    X, y = rng.randn(31, 2), rng.randn(31) * 3 + 1
    ours = DummyRegressor(strategy=strategy, **extra).fit(X, y)
    ref = sk_dummy.DummyRegressor(strategy=strategy, **extra).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-12)
    assert ours.score(X, y) == pytest.approx(ref.score(X, y), rel=1e-12, abs=1e-12)


def test_weighted_mean_and_median():
    X, y = np.zeros((4, 1)), np.array([1.0, 2.0, 3.0, 10.0])
    w = np.array([1.0, 1.0, 5.0, 1.0])
    assert DummyRegressor().fit(X, y, sample_weight=w).constant_ == pytest.approx(np.average(y, weights=w))
    # weighted median = median of the sample with each point repeated w times
    assert DummyRegressor(strategy="median").fit(X, y, sample_weight=w).constant_ == 3.0


def test_bad_input():
    with pytest.raises(ValueError, match="must be present in the training data"):
        DummyClassifier(strategy="constant", constant="x").fit(np.zeros((2, 1)), ["a", "b"])
    with pytest.raises(ValueError, match="The 'strategy' parameter of DummyClassifier"):
        DummyClassifier(strategy="best").fit(np.zeros((2, 1)), [0, 1])
    with pytest.raises(ValueError, match="specify the desired quantile"):
        DummyRegressor(strategy="quantile").fit(np.zeros((2, 1)), [0.5, 1.5])
    with pytest.raises(TypeError, match="Constant target value has to be specified"):
        DummyRegressor(strategy="constant").fit(np.zeros((2, 1)), [0.5, 1.5])
    with pytest.raises(ValueError, match=r"should have shape \(3, 1\)"):
        DummyRegressor(strategy="constant", constant=[1, 2]).fit(np.zeros((2, 1)),
                                                                  np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"should have shape \(2, 1\)"):
        DummyClassifier(strategy="constant", constant=1).fit(np.zeros((2, 1)), np.ones((2, 2)))


def test_sparse_target_uniform_warns_and_predicts_dense():
    sp = pytest.importorskip("scipy.sparse")
    y = sp.csc_matrix(np.array([[2, 1], [2, 2], [1, 4], [4, 2], [1, 1]]))
    clf = DummyClassifier(strategy="uniform", random_state=0)
    with pytest.warns(UserWarning, match="would not save memory"):
        clf.fit(np.zeros((5, 1)), y)
    ref = sk_dummy.DummyClassifier(strategy="uniform", random_state=0)
    with pytest.warns(UserWarning):
        ref.fit(np.zeros((5, 1)), y)
    assert not clf.sparse_output_
    np.testing.assert_array_equal(clf.predict(np.zeros((50, 1))), ref.predict(np.zeros((50, 1))))


def _ref_and_ours(cls_name, **params):
    return getattr(sk_dummy, cls_name)(**params), globals()[cls_name](**params)


@pytest.mark.parametrize("X", [None, np.arange(6.0), np.zeros((6, 2, 3)),
                               np.array([["a"], ["b"], ["c"], ["d"], ["e"], ["f"]])])
def test_features_are_ignored(X):
    """X is only counted: 1-D, 3-D, strings; None in score."""
    y = np.array([0, 1, 1, 2, 1, 0])
    Xfit = np.zeros((6, 1)) if X is None else X
    for strategy in ["most_frequent", "prior", "stratified", "uniform"]:
        ref, ours = _ref_and_ours("DummyClassifier", strategy=strategy, random_state=3)
        ref.fit(Xfit, y)
        ours.fit(Xfit, y)
        np.testing.assert_array_equal(ours.predict(Xfit), ref.predict(Xfit))
        np.testing.assert_allclose(ours.predict_proba(Xfit), ref.predict_proba(Xfit), rtol=0)
        assert ours.score(X, y) == ref.score(X, y)
        assert getattr(ours, "n_features_in_", None) == getattr(ref, "n_features_in_", None)
    yr = np.linspace(-1.0, 2.0, 6) ** 2
    ref, ours = _ref_and_ours("DummyRegressor", strategy="median")
    np.testing.assert_allclose(ours.fit(Xfit, yr).predict(Xfit), ref.fit(Xfit, yr).predict(Xfit),
                               rtol=1e-15)
    assert ours.score(X, yr) == pytest.approx(ref.score(X, yr), abs=1e-15)


@pytest.mark.parametrize("strategy", ["most_frequent", "prior", "stratified", "uniform",
                                      "constant"])
def test_classifier_multioutput_matches_sklearn(strategy):
    rng = np.random.RandomState(4)
    X = rng.randn(30, 2)
    y = np.column_stack([rng.randint(3, size=30), rng.choice([5, 7], size=30)])
    w = rng.rand(30)
    params = dict(strategy=strategy, random_state=1, constant=[2, 7])
    ref, ours = _ref_and_ours("DummyClassifier", **params)
    ref.fit(X, y, sample_weight=w)
    ours.fit(X, y, sample_weight=w)
    assert ours.n_outputs_ == ref.n_outputs_ == 2
    for a, b in zip(ours.class_prior_, ref.class_prior_):
        np.testing.assert_allclose(a, b, rtol=1e-14)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))
    for a, b in zip(ours.predict_proba(X), ref.predict_proba(X)):
        np.testing.assert_allclose(a, b, rtol=1e-14)


@pytest.mark.parametrize("strategy", ["most_frequent", "prior", "constant", "stratified"])
def test_classifier_sparse_target_matches_sklearn(strategy):
    sp = pytest.importorskip("scipy.sparse")
    rng = np.random.RandomState(5)
    dense = rng.choice([0, 0, 1, 4], size=(40, 3))
    y = sp.csc_matrix(dense)
    w = rng.rand(40)
    params = dict(strategy=strategy, random_state=0, constant=[1, 0, 4])
    ref, ours = _ref_and_ours("DummyClassifier", **params)
    ref.fit(np.zeros((40, 1)), y, sample_weight=w)
    ours.fit(np.zeros((40, 1)), y, sample_weight=w)
    for a, b in zip(ours.classes_, ref.classes_):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(ours.class_prior_, ref.class_prior_):
        np.testing.assert_allclose(a, b, rtol=1e-14)
    pred = ours.predict(np.zeros((2000, 1)))
    assert sp.issparse(pred) and pred.format == "csc"
    if strategy == "stratified":  # scikit-learn draws differently: compare the frequencies
        for k in range(3):
            freq = np.bincount(pred.toarray()[:, k].astype(int), minlength=5)[ours.classes_[k]]
            np.testing.assert_allclose(freq / 2000, ours.class_prior_[k], atol=0.05)
    else:
        np.testing.assert_array_equal(pred.toarray(), ref.predict(np.zeros((2000, 1))).toarray())


@pytest.mark.parametrize("strategy,extra", [("mean", {}), ("median", {}),
                                            ("quantile", {"quantile": 0.8}),
                                            ("constant", {"constant": [1.0, -2.0, 3.5]})])
@pytest.mark.parametrize("weighted", [False, True])
def test_regressor_multioutput_matches_sklearn(strategy, extra, weighted):
    rng = np.random.RandomState(6)
    X, y = rng.randn(25, 2), rng.randn(25, 3)
    w = rng.rand(25) if weighted else None
    ref, ours = _ref_and_ours("DummyRegressor", strategy=strategy, **extra)
    ref.fit(X, y, sample_weight=w)
    ours.fit(X, y, sample_weight=w)
    assert ours.constant_.shape == ref.constant_.shape == (1, 3)
    np.testing.assert_allclose(ours.constant_, ref.constant_, rtol=1e-14)
    pred, std = ours.predict(X, return_std=True)
    ref_pred, ref_std = ref.predict(X, return_std=True)
    np.testing.assert_allclose(pred, ref_pred, rtol=1e-14)
    np.testing.assert_array_equal(std, ref_std)


def test_regressor_array_constant_single_output():
    X, y = np.zeros((4, 1)), np.arange(4.0)
    ref, ours = _ref_and_ours("DummyRegressor", strategy="constant", constant=[43])
    np.testing.assert_array_equal(ours.fit(X, y).predict(X), ref.fit(X, y).predict(X))
