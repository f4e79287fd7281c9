"""GaussianMixture against scikit-learn's EM iterates, and EM's monotone lower bound."""

import re
import warnings

import numpy as np
import pytest
from sklearn import mixture as skm

from syllabus import io
from syllabus.mixture import GaussianMixture

_TYPES = ["full", "tied", "diag", "spherical"]


def _mixture(seed, n=200, d=3, k=4):
    rng = np.random.RandomState(seed)
    return np.vstack([rng.randn(n, d) @ rng.randn(d, d) + c for c in rng.randn(k, d) * 3])


def _fit_both(X, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return GaussianMixture(**kw).fit(X), skm.GaussianMixture(**kw).fit(X)


def _assert_same(ours, theirs, X, rtol=1e-8):
    assert ours.n_iter_ == theirs.n_iter_ and ours.converged_ == theirs.converged_
    for a in ("weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_"):
        np.testing.assert_allclose(getattr(ours, a), getattr(theirs, a), rtol=rtol, atol=1e-10,
                                   err_msg=a)
    np.testing.assert_allclose(ours.lower_bound_, theirs.lower_bound_, rtol=1e-12)
    np.testing.assert_allclose(ours.lower_bounds_, theirs.lower_bounds_, rtol=1e-12)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=1e-7, atol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    # log-densities of O(1) terms can cross zero: compare them absolutely there (a value of
    # 0.0047 differed by 7e-13 between OpenBLAS's kernels for two CPUs)
    np.testing.assert_allclose(ours.score_samples(X), theirs.score_samples(X), rtol=1e-10,
                               atol=1e-10)
    np.testing.assert_allclose(ours.bic(X), theirs.bic(X), rtol=1e-12)
    np.testing.assert_allclose(ours.aic(X), theirs.aic(X), rtol=1e-12)


@pytest.mark.parametrize("covariance_type", _TYPES)
@pytest.mark.parametrize("init_params", ["kmeans", "random", "k-means++", "random_from_data"])
def test_em_iterates_match_sklearn(covariance_type, init_params):
    X = _mixture(0)
    kw = dict(n_components=4, covariance_type=covariance_type, init_params=init_params,
              random_state=1, n_init=2, tol=1e-6, max_iter=200)
    ours, theirs = _fit_both(X, **kw)
    _assert_same(ours, theirs, X)
    Xs, ys = ours.sample(50)
    Xt, yt = theirs.sample(50)
    np.testing.assert_allclose(Xs, Xt, rtol=1e-8, atol=1e-10)
    np.testing.assert_array_equal(ys, yt)


@pytest.mark.parametrize("covariance_type", _TYPES)
def test_user_initialisation_matches_sklearn(covariance_type):
    X = _mixture(2, d=2, k=3)
    rng = np.random.RandomState(0)
    k, d = 3, 2
    prec = {"full": np.array([np.eye(d) * (1 + i) for i in range(k)]), "tied": np.eye(d) * 2.0,
            "diag": rng.rand(k, d) + 0.5, "spherical": rng.rand(k) + 0.5}[covariance_type]
    kw = dict(n_components=k, covariance_type=covariance_type, weights_init=[0.2, 0.3, 0.5],
              means_init=X[rng.choice(len(X), k, replace=False)], precisions_init=prec,
              max_iter=30, tol=1e-8)
    ours, theirs = _fit_both(X, **kw)
    _assert_same(ours, theirs, X)
    # only means given: the other parameters come from the k-means responsibilities
    ours, theirs = _fit_both(X, n_components=k, covariance_type=covariance_type,
                             means_init=kw["means_init"], random_state=0)
    _assert_same(ours, theirs, X)


@pytest.mark.parametrize("covariance_type", _TYPES)
def test_lower_bound_never_decreases(covariance_type):
    # EM's guarantee: each E+M step cannot lower the log-likelihood (up to round-off).
    X = _mixture(3, n=150, d=4, k=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gm = GaussianMixture(6, covariance_type=covariance_type, init_params="random",
                             tol=0.0, max_iter=60, random_state=0).fit(X)
    bounds = np.asarray(gm.lower_bounds_)
    assert len(bounds) == 60
    assert np.all(np.diff(bounds) >= -1e-12 * np.abs(bounds[1:]))
    # and the final lower bound is the mean log-likelihood of the parameters before the last M-step
    assert bounds[-1] <= gm.score(X) + 1e-10


def test_one_component_is_the_sample_gaussian():
    X = _mixture(4, n=100, k=1)
    gm = GaussianMixture(1, reg_covar=0.0).fit(X)
    np.testing.assert_allclose(gm.means_[0], X.mean(0), rtol=1e-12)
    np.testing.assert_allclose(gm.covariances_[0], np.cov(X.T, bias=True), rtol=1e-10)
    mu, S = X.mean(0), np.cov(X.T, bias=True)
    diff = X - mu
    logpdf = -0.5 * (3 * np.log(2 * np.pi) + np.linalg.slogdet(S)[1]
                     + np.einsum("ij,jk,ik->i", diff, np.linalg.inv(S), diff))
    np.testing.assert_allclose(gm.score_samples(X), logpdf, rtol=1e-10)


def test_bad_input():
    X = _mixture(5, n=10, d=2, k=1)
    with pytest.raises(ValueError, match="n_samples >= n_components"):
        GaussianMixture(20).fit(X)
    Xn = X.copy()
    Xn[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        GaussianMixture(2).fit(Xn)
    # a collapsed component (all samples equal) without regularisation is singular
    Xs = np.zeros((10, 2))
    with pytest.raises(ValueError, match="ill-defined empirical covariance"):
        GaussianMixture(1, reg_covar=0.0).fit(Xs)
    GaussianMixture(1).fit(Xs)  # reg_covar=1e-6 makes it well defined
    with pytest.raises(ValueError, match="normalized"):
        GaussianMixture(2, weights_init=[0.5, 0.6]).fit(X)
    with pytest.raises(ValueError, match="positive-definite"):
        GaussianMixture(1, precisions_init=[[[1.0, 0.0], [0.0, -1.0]]]).fit(X)
    with pytest.raises(ValueError, match="covariance_type"):
        GaussianMixture(covariance_type="cholesky").fit(X)


def test_save_load(tmp_path):
    X = _mixture(6)
    for ct in _TYPES:
        gm = GaussianMixture(3, covariance_type=ct, random_state=0).fit(X)
        io.save(gm, tmp_path / "gm.safetensors")
        back = io.load(tmp_path / "gm.safetensors")
        np.testing.assert_array_equal(back.predict(X), gm.predict(X))
        np.testing.assert_allclose(back.score_samples(X), gm.score_samples(X), rtol=1e-14)


@pytest.mark.parametrize("covariance_type", _TYPES)
def test_warm_start_continues_em_as_sklearn(covariance_type):
    # Three fits of 3 EM iterations with warm_start: the same path as scikit-learn's, and
    # the last state equal to 9 iterations of one cold fit.
    X = _mixture(3)
    kw = dict(n_components=4, covariance_type=covariance_type, max_iter=3, random_state=0,
              warm_start=True, tol=1e-12, n_init=1)
    ours, theirs = GaussianMixture(**kw), skm.GaussianMixture(**kw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            ours.fit(X)
            theirs.fit(X)
            _assert_same(ours, theirs, X)
        cold = GaussianMixture(**{**kw, "max_iter": 9, "warm_start": False}).fit(X)
    np.testing.assert_allclose(ours.means_, cold.means_, rtol=1e-9)
    np.testing.assert_allclose(ours.lower_bound_, cold.lower_bound_, rtol=1e-12)


@pytest.mark.parametrize("verbose", [1, 2])
def test_verbose_messages_as_sklearn(capsys, verbose):
    X = _mixture(4, d=2, k=2)
    kw = dict(n_components=2, verbose=verbose, verbose_interval=2, n_init=2, random_state=0)
    GaussianMixture(**kw).fit(X)
    ours = capsys.readouterr().out
    skm.GaussianMixture(**kw).fit(X)
    theirs = capsys.readouterr().out
    if verbose == 2:  # the times differ; everything else is the same text
        ours, theirs = (re.sub(r"time lapse [0-9.]+s", "time lapse s", t) for t in (ours, theirs))
    assert ours == theirs and "Initialization 1" in ours and "Iteration 2" in ours
