"""check_array's accept_sparse and the sparse helpers, against scikit-learn's and dense maths."""

import numpy as np
import pytest

sp = pytest.importorskip("scipy.sparse")

from syllabus.utils import check_array  # noqa: E402
from syllabus.utils._sparse import safe_sparse_dot, sparse_column_mean_var  # noqa: E402


def _random_sparse(rng, shape=(30, 7), density=0.3, fmt="csr"):
    X = sp.random(*shape, density=density, format=fmt, random_state=rng)
    X.data = rng.normal(size=X.data.shape)
    return X


@pytest.mark.parametrize("fmt", ["csr", "csc", "coo"])
@pytest.mark.parametrize("accept", [True, "csr", ["csc", "csr"]])
def test_check_array_sparse_formats_match_sklearn(fmt, accept):
    from sklearn.utils import check_array as sk_check_array

    X = _random_sparse(np.random.default_rng(0), fmt=fmt)
    ours = check_array(X, accept_sparse=accept)
    theirs = sk_check_array(X, accept_sparse=accept)
    assert ours.format == theirs.format
    np.testing.assert_array_equal(ours.toarray(), X.toarray())


def test_check_array_sparse_rejected_by_default_and_checked_for_nan():
    X = _random_sparse(np.random.default_rng(1))
    with pytest.raises(TypeError, match="Sparse data was passed for X"):
        check_array(X)
    X.data[0] = np.nan
    with pytest.raises(ValueError, match="contains NaN"):
        check_array(X, accept_sparse="csr")
    X.data[0] = np.inf
    with pytest.raises(ValueError, match="contains infinity"):
        check_array(X, accept_sparse="csr")


def test_check_array_sparse_dtype_and_copy():
    X = _random_sparse(np.random.default_rng(2)).astype(np.int64)
    out = check_array(X, accept_sparse="csr")
    assert out.dtype == np.float64
    f32 = _random_sparse(np.random.default_rng(3)).astype(np.float32)
    assert check_array(f32, accept_sparse="csr", dtype=[np.float64, np.float32]).dtype == np.float32
    copied = check_array(f32, accept_sparse="csr", copy=True)
    assert copied is not f32 and not np.shares_memory(copied.data, f32.data)
    with pytest.raises(ValueError, match="0 sample"):
        check_array(sp.csr_matrix((0, 3)), accept_sparse="csr")


def test_safe_sparse_dot_equals_dense_product():
    rng = np.random.default_rng(4)
    X = _random_sparse(rng)
    W = rng.normal(size=(7, 3))
    np.testing.assert_allclose(safe_sparse_dot(X, W), X.toarray() @ W, rtol=1e-13)
    out = safe_sparse_dot(X, X.T)
    assert isinstance(out, np.ndarray)
    np.testing.assert_allclose(out, X.toarray() @ X.toarray().T, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("weighted", [False, True])
def test_sparse_column_mean_var_equals_dense(weighted, fmt):
    rng = np.random.default_rng(5)
    X = _random_sparse(rng, shape=(40, 6), fmt=fmt)
    X.data += 1e6  # large offset: a one-pass E[x^2] - E[x]^2 would lose the variance
    w = rng.uniform(0.1, 2.0, size=40) if weighted else None
    mean, var = sparse_column_mean_var(X, w)
    dense = X.toarray()
    ref_mean = np.average(dense, axis=0, weights=w)
    ref_var = np.average((dense - ref_mean) ** 2, axis=0, weights=w)
    np.testing.assert_allclose(mean, ref_mean, rtol=1e-12)
    np.testing.assert_allclose(var, ref_var, rtol=1e-9)


def test_overflow_check_reads_the_stored_values_of_a_sparse_matrix():
    from syllabus.linear_model import SGDClassifier
    from syllabus.utils import check_no_overflow

    X = sp.csr_matrix(np.array([[1e300, 0.0], [0.0, 2.0], [3.0, 0.0]]))
    with pytest.raises(ValueError, match="too large for float64"):
        check_no_overflow(X)
    with pytest.raises(ValueError, match="too large for float64"):
        SGDClassifier().fit(X, [0, 1, 0])
    check_no_overflow(sp.csr_matrix(np.array([[1e150, 0.0], [0.0, 2.0]])))  # squares fit
