"""StandardScaler (sparse, partial_fit, NaN, copy) and PolynomialFeatures (sparse) against
scikit-learn, on data each test generates."""

import numpy as np
import pytest
from sklearn import preprocessing as skp

from syllabus.preprocessing import PolynomialFeatures, StandardScaler

sp = pytest.importorskip("scipy.sparse")

_ATTRS = ("mean_", "var_", "scale_", "n_samples_seen_")


def _assert_same_scaler(ours, ref):
    for name in _ATTRS:
        a, b = getattr(ours, name), getattr(ref, name)
        if b is None:
            assert a is None, name
            continue
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14, err_msg=name)
        assert np.asarray(a).dtype == np.asarray(b).dtype, name


def _data_with_nan(rng, n=40):
    X = rng.randn(n, 4) * [1.0, 10.0, 1e-3, 0.0] + [0.0, 5.0, 1.0, 3.0]
    X[rng.rand(n, 4) < 0.2] = np.nan
    return X


@pytest.mark.parametrize("with_mean,with_std", [(True, True), (False, True), (True, False)])
@pytest.mark.parametrize("weighted", [False, True])
def test_standard_scaler_nan_ignored_in_fit_kept_in_transform(with_mean, with_std, weighted):
    rng = np.random.RandomState(0)
    X = _data_with_nan(rng)
    w = rng.rand(40) if weighted else None
    params = dict(with_mean=with_mean, with_std=with_std)
    ours = StandardScaler(**params).fit(X, sample_weight=w)
    ref = skp.StandardScaler(**params).fit(X, sample_weight=w)
    _assert_same_scaler(ours, ref)
    Z = ours.transform(X)
    np.testing.assert_array_equal(np.isnan(Z), np.isnan(X))
    np.testing.assert_allclose(Z, ref.transform(X), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.inverse_transform(Z), X, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("with_mean,with_std", [(True, True), (False, True), (True, False)])
@pytest.mark.parametrize("weighted", [False, True])
def test_standard_scaler_partial_fit_matches_sklearn_and_full_fit(with_mean, with_std, weighted):
    rng = np.random.RandomState(1)
    X = _data_with_nan(rng, n=60)
    w = rng.rand(60) if weighted else None
    params = dict(with_mean=with_mean, with_std=with_std)
    ours, ref = StandardScaler(**params), skp.StandardScaler(**params)
    for batch in (slice(0, 7), slice(7, 31), slice(31, 60)):
        wb = None if w is None else w[batch]
        ours.partial_fit(X[batch], sample_weight=wb)
        ref.partial_fit(X[batch], sample_weight=wb)
        _assert_same_scaler(ours, ref)
    full = StandardScaler(**params).fit(X, sample_weight=w)
    for name in ("mean_", "var_"):
        if getattr(full, name) is not None:
            np.testing.assert_allclose(getattr(ours, name), getattr(full, name), rtol=1e-12,
                                       atol=1e-24)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("with_std", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_standard_scaler_sparse_matches_sklearn(fmt, with_std, weighted):
    rng = np.random.RandomState(2)
    X = sp.random(50, 6, density=0.3, format=fmt, random_state=rng) * 7.0
    X.data[::9] = np.nan
    w = rng.rand(50) if weighted else None
    ours = StandardScaler(with_mean=False, with_std=with_std).fit(X, sample_weight=w)
    ref = skp.StandardScaler(with_mean=False, with_std=with_std).fit(X, sample_weight=w)
    _assert_same_scaler(ours, ref)
    Z, Zref = ours.transform(X), ref.transform(X)
    assert sp.issparse(Z) and Z.format == Zref.format == "csr"
    assert Z.nnz == X.nnz  # the zeros stay implicit
    np.testing.assert_allclose(Z.toarray(), Zref.toarray(), rtol=1e-12)
    # the sparse statistics are the dense ones
    dense = StandardScaler(with_mean=False, with_std=with_std).fit(X.toarray(), sample_weight=w)
    for name in ("var_", "scale_"):
        if getattr(dense, name) is not None:
            np.testing.assert_allclose(getattr(ours, name), getattr(dense, name), rtol=1e-12)


def test_standard_scaler_sparse_partial_fit_and_centring_error():
    rng = np.random.RandomState(3)
    X = sp.random(40, 5, density=0.4, format="csr", random_state=rng)
    ours, ref = StandardScaler(with_mean=False), skp.StandardScaler(with_mean=False)
    for batch in (slice(0, 13), slice(13, 40)):
        ours.partial_fit(X[batch])
        ref.partial_fit(X[batch])
    _assert_same_scaler(ours, ref)
    with pytest.raises(ValueError, match="Cannot center sparse matrices"):
        StandardScaler().fit(X)
    with pytest.raises(ValueError, match="Cannot center sparse matrices"):
        StandardScaler().fit(X.toarray()).transform(X)


def test_standard_scaler_copy_false_scales_in_place():
    rng = np.random.RandomState(4)
    X = rng.randn(20, 3) * 5 + 2
    expected = skp.StandardScaler().fit_transform(X)
    Xc = X.copy()
    out = StandardScaler(copy=False).fit(Xc).transform(Xc)
    assert out is Xc
    np.testing.assert_allclose(Xc, expected, rtol=1e-12)
    Xs = sp.csr_matrix(X)
    out = StandardScaler(with_mean=False, copy=False).fit(Xs).transform(Xs)
    assert out is Xs
    # copy=True (the default) leaves the input untouched
    X2 = X.copy()
    StandardScaler().fit(X2).transform(X2)
    np.testing.assert_array_equal(X2, X)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_standard_scaler_preserves_dtype_statistics_float64(dtype):
    rng = np.random.RandomState(5)
    X = (rng.randn(30, 3) * 3 + 1).astype(dtype)
    ours, ref = StandardScaler().fit(X), skp.StandardScaler().fit(X)
    Z = ours.transform(X)
    assert Z.dtype == dtype and ours.mean_.dtype == ours.scale_.dtype == np.float64
    _assert_same_scaler(ours, ref)


def test_standard_scaler_extreme_values_finite():
    """Values near the float64 limit: the variance overflows, the scaled data must not."""
    X = np.array([[1e300, -1e300], [-1e300, 1e300], [0.5e300, 1e300]])
    scaler = StandardScaler().fit(X)
    Z = scaler.transform(X)
    assert np.isfinite(Z).all() and np.isfinite(scaler.scale_).all()
    # same answer as on the data scaled down by an exact power of two
    small = X / 2.0**1000
    expected = StandardScaler().fit_transform(small)
    np.testing.assert_allclose(Z, expected, rtol=1e-14)
    np.testing.assert_allclose(scaler.scale_, StandardScaler().fit(small).scale_ * 2.0**1000,
                               rtol=1e-14)


def test_standard_scaler_feature_names_out():
    rng = np.random.RandomState(6)
    scaler = StandardScaler().fit(rng.randn(5, 3))
    np.testing.assert_array_equal(scaler.get_feature_names_out(), ["x0", "x1", "x2"])
    np.testing.assert_array_equal(scaler.get_feature_names_out(["a", "b", "c"]), ["a", "b", "c"])


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("degree", [1, 2, 3, 4, (2, 3), (0, 2), (3, 4)])
@pytest.mark.parametrize("interaction_only", [False, True])
@pytest.mark.parametrize("include_bias", [False, True])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_polynomial_features_sparse_matches_sklearn(fmt, degree, interaction_only, include_bias,
                                                    dtype):
    rng = np.random.RandomState(7)
    keep = np.ones(60)
    keep[3] = 0.0  # an all-zero row
    X = (sp.diags(keep) @ sp.random(60, 5, density=0.35, random_state=rng)).asformat(fmt)
    X = X.astype(dtype)
    # The product leaves the CSR column indices unsorted; scikit-learn's CSR expansion
    # assumes sorted indices (it gives wrong columns otherwise), so it gets a sorted copy.
    X_sorted = X.copy()
    X_sorted.sort_indices()
    params = dict(degree=degree, interaction_only=interaction_only, include_bias=include_bias)
    ours = PolynomialFeatures(**params).fit(X)
    ref = skp.PolynomialFeatures(**params).fit(X_sorted)
    out, expected = ours.transform(X), ref.transform(X_sorted)
    assert sp.issparse(out) and out.format == expected.format == fmt
    assert out.dtype == expected.dtype == dtype
    assert ours.n_output_features_ == ref.n_output_features_
    np.testing.assert_array_equal(ours.powers_, ref.powers_)
    np.testing.assert_allclose(out.toarray(), expected.toarray(), rtol=1e-6 if dtype == np.float32
                               else 1e-14)
    # no zero is stored that the dense expansion would not also produce from stored values
    np.testing.assert_allclose(out.toarray(), ours.transform(X.toarray()), rtol=1e-6)


def test_polynomial_features_sparse_wide_input_without_enumerating_columns():
    """120001 features: 7.2e9 output columns are counted, never listed."""
    n_features = 120001
    X = sp.csr_matrix((np.array([1.0, 2.0, 3.0, 4.0]),
                       ([11, 11, 12, 12], [n_features - 2, n_features - 1] * 2)),
                      shape=(13, n_features))
    ours, ref = PolynomialFeatures(2), skp.PolynomialFeatures(2)
    out, expected = ours.fit_transform(X), ref.fit_transform(X)
    assert out.shape == expected.shape
    assert (out != expected).nnz == 0


def test_polynomial_features_too_many_columns_error():
    X = sp.csr_matrix((1, 10**7))
    with pytest.raises(ValueError, match="too large to be indexed"):
        PolynomialFeatures(degree=3).fit(X)


@pytest.mark.parametrize("n_features,degree", [(65535, 2), (2344, 3), (3037000500, 2)])
@pytest.mark.parametrize("interaction_only", [False, True])
def test_polynomial_features_sparse_huge_column_indices(n_features, degree, interaction_only):
    """One non-zero in the last of very many features: its monomials' column indices are
    computed exactly even near the int64 limit, with scikit-learn's index dtype."""
    X = sp.csr_array(([2.0], ([0], [n_features - 1])), shape=(1, n_features))
    pf = PolynomialFeatures(degree, interaction_only=interaction_only)
    out = pf.fit_transform(X)
    first = n_features  # bias + (n_features - 1)
    expected_cols = [0, first]
    expected_vals = [1.0, 2.0]
    if not interaction_only:  # x^2 is the last degree-2 column, x^3 the last degree-3 one
        second = first + n_features * (n_features + 1) // 2
        expected_cols.append(second)
        expected_vals.append(4.0)
        if degree == 3:
            expected_cols.append(second + n_features * (n_features + 1) * (n_features + 2) // 6)
            expected_vals.append(8.0)
    np.testing.assert_array_equal(out.indices, expected_cols)
    np.testing.assert_array_equal(out.data, expected_vals)
    expected_dtype = np.int64 if pf.n_output_features_ > np.iinfo(np.int32).max else np.int32
    assert out.indices.dtype == out.indptr.dtype == expected_dtype


def test_polynomial_features_degree_messages():
    X = np.ones((2, 2))
    with pytest.raises(ValueError, match="Setting both min_degree and max_degree to zero"):
        PolynomialFeatures((0, 0), include_bias=False).fit(X)
    with pytest.raises(ValueError, match=r"int or tuple \(min_degree, max_degree\)"):
        PolynomialFeatures((1, 2, 3)).fit(X)


def test_feature_names_out_checked_against_fitted_names():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(np.arange(6.0).reshape(3, 2), columns=["a", "b"])
    for est in (StandardScaler().fit(df), PolynomialFeatures(2).fit(df)):
        ref = (skp.StandardScaler() if isinstance(est, StandardScaler)
               else skp.PolynomialFeatures(2)).fit(df)
        np.testing.assert_array_equal(est.get_feature_names_out(), ref.get_feature_names_out())
        with pytest.raises(ValueError, match="input_features is not equal to feature_names_in_"):
            est.get_feature_names_out(["x", "y"])


@pytest.mark.parametrize("fmt", [None, "csr", "csc"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("constant", [0.0, 1.0, 100.0])
def test_standard_scaler_weighted_constant_feature_not_scaled(fmt, dtype, constant):
    """A constant column has zero variance and scale 1, also from weighted sparse sums
    (whose round-off must not pass for variance)."""
    rng = np.random.RandomState(0)
    w = rng.uniform(size=100) * 2
    X = np.full((100, 1), constant, dtype=dtype)
    X = X if fmt is None else sp.csr_matrix(X).asformat(fmt)
    ours = StandardScaler(with_mean=False).fit(X, sample_weight=w)
    ref = skp.StandardScaler(with_mean=False).fit(X, sample_weight=w)
    np.testing.assert_array_equal(ours.scale_, ref.scale_)
    np.testing.assert_array_equal(ours.scale_, [1.0])
    assert abs(ours.var_[0]) < 1e-20
