"""Learning-theory helpers against their closed forms, brute force, and known VC dimensions."""

import itertools
import math

import numpy as np
import pytest

from syllabus.theory import (
    can_shatter,
    growth_function,
    pac_sample_complexity,
    vc_dimension_linear,
    vc_generalization_bound,
)


@pytest.mark.parametrize("eps,delta,h", [(0.1, 0.05, 1000), (0.01, 0.01, 2**20), (0.3, 0.5, 1)])
def test_pac_finite_class_closed_forms(eps, delta, h):
    m = pac_sample_complexity(eps, delta, n_hypotheses=h)
    assert m == math.ceil((math.log(h) + math.log(1 / delta)) / eps)
    # the guarantee it encodes: |H| (1 - eps)^m <= |H| e^{-eps m} <= delta
    assert h * (1 - eps) ** m <= delta + 1e-12
    m_ag = pac_sample_complexity(eps, delta, n_hypotheses=h, realizable=False)
    assert m_ag == math.ceil(2 * math.log(2 * h / delta) / eps**2)
    # Hoeffding + union bound: 2 |H| exp(-2 m (eps/2)^2) <= delta
    assert 2 * h * math.exp(-2 * m_ag * (eps / 2) ** 2) <= delta * (1 + 1e-12)
    assert m_ag >= m


def test_pac_vc_forms():
    eps, delta, d = 0.05, 0.1, 4
    m = pac_sample_complexity(eps, delta, vc_dim=d)
    assert m == math.ceil(max(4 / eps * math.log2(2 / delta), 8 * d / eps * math.log2(13 / eps)))
    m_ag = pac_sample_complexity(eps, delta, vc_dim=d, realizable=False)
    assert vc_generalization_bound(m_ag, d, delta) <= eps < vc_generalization_bound(m_ag - 1, d, delta)
    # more samples for smaller epsilon, smaller delta, larger VC dimension
    assert pac_sample_complexity(eps / 2, delta, vc_dim=d) > m
    assert pac_sample_complexity(eps, delta / 10, vc_dim=d) >= m  # the d term dominates here
    assert pac_sample_complexity(eps, delta / 10, vc_dim=d, realizable=False) > m_ag
    assert pac_sample_complexity(eps, delta, vc_dim=d + 1) > m
    with pytest.raises(ValueError, match="epsilon"):
        pac_sample_complexity(0.0, 0.1, n_hypotheses=3)
    with pytest.raises(ValueError, match="delta"):
        pac_sample_complexity(0.1, 1.0, n_hypotheses=3)
    with pytest.raises(ValueError, match="n_hypotheses"):
        pac_sample_complexity(0.1, 0.1)


def test_growth_function_is_sauer_and_counts_intervals():
    for n in range(0, 12):
        for d in range(0, 6):
            expected = sum(math.comb(n, i) for i in range(d + 1))
            assert growth_function(n, d) == expected
            assert growth_function(n, d) <= 2**n
            if n <= d:
                assert growth_function(n, d) == 2**n
            if n > d > 0:
                assert growth_function(n, d) <= (math.e * n / d) ** d
    # Sauer's bound is tight: intervals [a, b] on the line (VC dimension 2) realise exactly
    # 1 + n + C(n, 2) labellings of n distinct points.
    for n in range(1, 8):
        xs = np.arange(n)
        realised = {tuple((xs >= a) & (xs <= b)) for a in range(-1, n + 1) for b in range(-1, n + 1)}
        assert len(realised) == growth_function(n, 2)


def test_vc_bound_closed_form():
    n, d, delta = 5000, 7, 0.01
    expected = math.sqrt((d * (math.log(2 * n / d) + 1) + math.log(4 / delta)) / n)
    assert vc_generalization_bound(n, d, delta) == pytest.approx(expected, rel=1e-15)
    bounds = [vc_generalization_bound(m, d, delta) for m in (10, 100, 1000, 10000)]
    assert all(a > b for a, b in itertools.pairwise(bounds))
    assert vc_generalization_bound(3, 5, 0.1) == math.inf


def test_can_shatter_lines_in_the_plane():
    tri = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    assert can_shatter(tri)
    xor = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    assert not can_shatter(xor)
    assert can_shatter(xor, labelings=[[1, 1, -1, -1], [1, -1, 1, -1]]) is False
    assert can_shatter(xor, labelings=[[1, -1, 1, -1], [1, 1, 1, 1], [1, 1, -1, 1]])
    # three collinear points cannot be shattered (the middle one cannot differ from both ends)
    assert not can_shatter([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
    # any 4 points in the plane: some labelling fails (Radon), e.g. a point inside a triangle
    assert not can_shatter(np.vstack([tri, [[0.2, 0.2]]]))
    with pytest.raises(ValueError, match="labelings"):
        can_shatter(tri, labelings=[[1, 0, 1]])


def test_can_shatter_agrees_with_brute_force_on_the_line():
    # On the line, sign(w x + b) realises exactly the threshold labellings: brute force.
    rng = np.random.RandomState(0)
    x = np.sort(rng.randn(5))
    for y in itertools.product((-1, 1), repeat=5):
        y = np.array(y)
        thresholds = np.r_[x[0] - 1, (x[:-1] + x[1:]) / 2, x[-1] + 1]
        realisable = any(np.all(s * np.sign(x - t) == y) for t in thresholds for s in (-1, 1))
        assert can_shatter(x[:, None], labelings=[y]) == realisable


@pytest.mark.parametrize("d", [1, 2, 3])
def test_vc_dimension_of_halfspaces_is_d_plus_one(d):
    assert vc_dimension_linear(d, random_state=0) == d + 1
