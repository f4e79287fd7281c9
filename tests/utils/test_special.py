"""The one stable sigmoid / softplus / softmax every area uses, against SciPy in float64."""

import warnings

import numpy as np
import pytest
from scipy import special

from syllabus.utils._special import (
    expit,
    log1pexp,
    log1pexp_and_expit,
    log_softmax,
    log_softmax_parts,
    softmax,
)

Z = np.concatenate([np.linspace(-800, 800, 41), [-1e300, -30.0, -1e-12, 0.0, 1e-12, 30.0, 1e300]])


def test_sigmoid_and_softplus_match_scipy_and_stay_finite():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warnings at +-800 or +-1e300
        s, lp = expit(Z), log1pexp(Z)
        lp2, s2 = log1pexp_and_expit(Z)
    # atol covers only the subnormal range (exp(-720) ~ 2e-313 has few significant bits)
    np.testing.assert_allclose(s, special.expit(Z), rtol=1e-15, atol=1e-300)
    np.testing.assert_array_equal(s2, s)
    # log(1 + e^z) = logaddexp(0, z)
    np.testing.assert_allclose(lp, np.logaddexp(0.0, Z), rtol=1e-15)
    np.testing.assert_array_equal(lp2, lp)
    assert expit(np.float32(3.0)).dtype == np.float32


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_softmax_family_matches_scipy(axis):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 7)) * 300  # spreads of several hundred: naive exp overflows
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(log_softmax(X, axis), special.log_softmax(X, axis),
                                   rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(softmax(X, axis), special.softmax(X, axis),
                                   rtol=1e-12, atol=1e-300)
    lse, P = log_softmax_parts(X)
    np.testing.assert_allclose(lse, special.logsumexp(X, axis=1), rtol=1e-14)
    np.testing.assert_allclose(P, special.softmax(X, axis=1), rtol=1e-12, atol=1e-300)
