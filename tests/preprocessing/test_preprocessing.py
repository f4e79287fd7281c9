"""StandardScaler, PolynomialFeatures and RBFFeatures against scikit-learn and seed 004."""

import numpy as np
import pytest
from sklearn import preprocessing as skp

from syllabus.linear_model import LinearRegression
from syllabus.preprocessing import PolynomialFeatures, RBFFeatures, StandardScaler


def _data():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 4)) * [1.0, 10.0, 0.01, 3.0] + [5.0, -2.0, 0.0, 1e3]
    return X


X = _data()


@pytest.mark.parametrize("with_mean", [True, False])
@pytest.mark.parametrize("with_std", [True, False])
def test_standard_scaler_equals_sklearn(with_mean, with_std):
    ours = StandardScaler(with_mean=with_mean, with_std=with_std).fit(X)
    ref = skp.StandardScaler(with_mean=with_mean, with_std=with_std).fit(X)
    np.testing.assert_allclose(ours.transform(X), ref.transform(X), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X)), X, rtol=1e-12)
    for name in ("mean_", "var_", "scale_"):
        a, b = getattr(ours, name), getattr(ref, name)
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-12)


def test_standard_scaler_weights_constant_features_float32():
    rng = np.random.default_rng(3)
    sw = rng.uniform(0.1, 2, size=len(X))
    np.testing.assert_allclose(StandardScaler().fit(X, sample_weight=sw).transform(X),
                               skp.StandardScaler().fit(X, sample_weight=sw).transform(X),
                               rtol=1e-10, atol=1e-12)
    Xc = np.column_stack([X[:, 0], np.full(len(X), 0.1)])  # 0.1 is not exact: var ~ 1e-34
    ours, ref = StandardScaler().fit(Xc), skp.StandardScaler().fit(Xc)
    np.testing.assert_array_equal(ours.scale_, ref.scale_)
    assert ours.scale_[1] == 1.0 and np.all(np.abs(ours.transform(Xc)[:, 1]) < 1e-15)
    X32 = X.astype(np.float32)
    out = StandardScaler().fit_transform(X32)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, skp.StandardScaler().fit_transform(X32), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("degree", [0, 1, 2, 3, (2, 3), (0, 2), (1, 3), (3, 3)])
@pytest.mark.parametrize("interaction_only", [False, True])
@pytest.mark.parametrize("include_bias", [False, True])
def test_polynomial_features_equal_sklearn(degree, interaction_only, include_bias):
    params = {"degree": degree, "interaction_only": interaction_only, "include_bias": include_bias}
    if degree == 0 and not include_bias:
        with pytest.raises(ValueError, match="empty"):
            PolynomialFeatures(**params).fit(X)
        return
    ours, ref = PolynomialFeatures(**params).fit(X), skp.PolynomialFeatures(**params).fit(X)
    np.testing.assert_array_equal(ours.powers_, ref.powers_)
    assert ours.n_output_features_ == ref.n_output_features_
    np.testing.assert_allclose(ours.transform(X), ref.transform(X), rtol=1e-14)
    assert list(ours.get_feature_names_out()) == list(ref.get_feature_names_out())
    assert list(ours.get_feature_names_out(["a", "b", "c", "d"])) == list(
        ref.get_feature_names_out(["a", "b", "c", "d"]))


def test_polynomial_features_seed_004_examples():
    # 1-D: phi(x) = [1, x, x^2]; 2-D: [1, x1, x2, x1^2, x1 x2, x2^2] (scikit-learn's order).
    np.testing.assert_array_equal(PolynomialFeatures(2).fit_transform([[3.0]]), [[1, 3, 9]])
    np.testing.assert_array_equal(PolynomialFeatures(2).fit_transform([[2.0, 5.0]]),
                                  [[1, 2, 5, 4, 10, 25]])
    out = PolynomialFeatures(2, order="F").fit_transform(X)
    assert out.flags.f_contiguous
    with pytest.raises(ValueError, match="min_degree"):
        PolynomialFeatures((3, 1)).fit(X)


def test_rbf_features_seed_004_example():
    # lambda = 1, centres 1, 2, 4: y_hat(x) = t0 + e^{-|x-1|^2} t1 + e^{-|x-2|^2} t2 + e^{-|x-4|^2} t3
    x = np.linspace(0, 5, 30)[:, None]
    rbf = RBFFeatures(centers=[[1.0], [2.0], [4.0]], gamma=1.0, include_bias=True).fit(x)
    Phi = rbf.transform(x)
    expected = np.column_stack([np.ones(30)] + [np.exp(-((x[:, 0] - m) ** 2)) for m in (1, 2, 4)])
    np.testing.assert_allclose(Phi, expected, rtol=1e-12)
    # fitted by least squares it recovers a target built from the same bases
    theta = np.array([0.5, 2.0, -1.0, 3.0])
    y = expected @ theta
    reg = LinearRegression(fit_intercept=False).fit(Phi, y)
    np.testing.assert_allclose(reg.coef_, theta, rtol=1e-8)
    assert list(rbf.get_feature_names_out()) == ["1", "rbf0", "rbf1", "rbf2"]


def test_rbf_features_centres_from_data():
    full = RBFFeatures(gamma=0.5).fit(X)
    np.testing.assert_array_equal(full.centers_, X)
    assert np.allclose(np.diag(full.transform(X)), 1.0)
    a = RBFFeatures(centers=5, random_state=0).fit(X)
    b = RBFFeatures(centers=5, random_state=0).fit(X)
    np.testing.assert_array_equal(a.centers_, b.centers_)
    assert a.centers_.shape == (5, 4) and all(any(np.array_equal(c, r) for r in X) for c in a.centers_)
    with pytest.raises(ValueError, match="larger than the number of samples"):
        RBFFeatures(centers=100).fit(X)
    with pytest.raises(ValueError, match="features"):
        RBFFeatures(centers=[[1.0, 2.0]]).fit(X)
    with pytest.raises(ValueError, match="gamma"):
        RBFFeatures(gamma=0.0).fit(X)
