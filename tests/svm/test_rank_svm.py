"""RankSVM: pairwise transform, recovery of a known linear ranking, LIBLINEAR's objective."""

import itertools
import warnings

import numpy as np
import pytest
from scipy.stats import kendalltau
from sklearn.svm import LinearSVC as SkLinearSVC

from syllabus.svm import RankSVM, pairwise_transform


def _queries(seed, n_queries=30, per_query=15, d=5, noise=0.05, w_true=None):
    """Documents scored by a known linear function, graded 0..4 within each query."""
    rng = np.random.default_rng(seed)
    w_true = rng.standard_normal(d) if w_true is None else w_true
    X = rng.standard_normal((n_queries * per_query, d))
    groups = np.repeat(np.arange(n_queries), per_query)
    utility = X @ w_true + noise * rng.standard_normal(len(X))
    y = np.empty(len(X), dtype=int)
    for q in range(n_queries):
        members = groups == q
        ranks = np.argsort(np.argsort(utility[members]))
        y[members] = ranks * 5 // per_query  # five relevance grades
    return X, y, groups, w_true


def test_pairwise_transform_matches_brute_force():
    X, y, groups, _ = _queries(0, n_queries=4, per_query=7)
    diffs, pairs = pairwise_transform(X, y, groups)
    expected = {(i, j) for i, j in itertools.permutations(range(len(y)), 2)
                if groups[i] == groups[j] and y[i] > y[j]}
    assert {tuple(p) for p in pairs.tolist()} == expected
    assert len(pairs) == len(expected)
    np.testing.assert_array_equal(diffs, X[pairs[:, 0]] - X[pairs[:, 1]])
    # Without groups every pair of different relevance counts.
    _, all_pairs = pairwise_transform(X, y)
    assert len(all_pairs) == sum(y[i] > y[j] for i, j in itertools.permutations(range(len(y)), 2))


def test_recovers_a_known_linear_ranking():
    X, y, groups, w_true = _queries(1)
    X_test, y_test, groups_test, _ = _queries(100, n_queries=20, w_true=w_true)  # new queries
    ranker = RankSVM(C=1.0).fit(X, y, groups)
    assert ranker.n_pairs_ > 0
    assert ranker.score(X_test, y_test, groups_test) >= 0.95
    cosine = ranker.coef_ @ w_true / np.linalg.norm(ranker.coef_) / np.linalg.norm(w_true)
    assert cosine > 0.99


def test_objective_matches_liblinear_on_symmetric_pairs():
    # Pairs (d, +1) and (-d, -1) with C / 2 each give the same objective as (d, +1) with C.
    X, y, groups, _ = _queries(2, n_queries=8, per_query=10, noise=1.0)
    C = 0.3
    ranker = RankSVM(C=C).fit(X, y, groups)
    diffs, _ = pairwise_transform(X, y, groups)
    X_sym = np.vstack([diffs, -diffs])
    y_sym = np.concatenate([np.ones(len(diffs)), -np.ones(len(diffs))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = SkLinearSVC(C=C / 2, loss="hinge", fit_intercept=False, dual=True, tol=1e-10,
                          max_iter=200_000).fit(X_sym, y_sym)

    def objective(w):
        return 0.5 * w @ w + C * np.maximum(0, 1 - diffs @ w).sum()

    f_ours, f_ref = objective(ranker.coef_), objective(ref.coef_[0])
    assert abs(f_ours - f_ref) <= 1e-5 * f_ref


def test_score_is_pairwise_accuracy_kendall_tau():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((40, 3))
    y = rng.permutation(40).astype(float)  # no ties
    ranker = RankSVM().fit(X, y)
    scores = ranker.predict(X)
    tau = kendalltau(scores, y).statistic
    # Without ties, concordant fraction = (1 + tau) / 2.
    assert ranker.score(X, y) == pytest.approx((1 + tau) / 2, rel=1e-12)
    np.testing.assert_allclose(scores, X @ ranker.coef_)


def test_groups_restrict_the_pairs_and_solvers_agree():
    X, y, groups, _ = _queries(4, n_queries=6, per_query=8)
    grouped = RankSVM(C=0.5).fit(X, y, groups)
    pooled = RankSVM(C=0.5).fit(X, y)
    assert grouped.n_pairs_ < pooled.n_pairs_
    for solver in ("subgradient", "pegasos"):
        other = RankSVM(C=0.5, solver=solver, max_iter=300, random_state=0).fit(X, y, groups)
        diffs, _ = pairwise_transform(X, y, groups)

        def objective(w, diffs=diffs):
            return 0.5 * w @ w + 0.5 * np.maximum(0, 1 - diffs @ w).sum()

        assert objective(other.coef_) <= objective(grouped.coef_) * (1 + 1e-2)


def test_constant_relevance_and_bad_input():
    X, y, groups, _ = _queries(5, n_queries=2, per_query=5)
    flat = RankSVM().fit(X, np.ones(len(X)))
    assert flat.n_pairs_ == 0 and np.all(flat.coef_ == 0)
    with pytest.raises(ValueError, match="No pair"):
        flat.score(X, np.ones(len(X)))
    with pytest.raises(ValueError, match="inconsistent"):
        RankSVM().fit(X, y, groups[:-1])
    with pytest.raises(ValueError, match="'C' parameter"):
        RankSVM(C=-1.0).fit(X, y)
