"""StructuredSVM against scikit-learn's LIBLINEAR (Crammer-Singer, binary hinge SVMs) and
against the margin-rescaled quadratic program written out in full and solved by SciPy."""

import itertools

import numpy as np
import pytest
from scipy.optimize import minimize

from syllabus import io
from syllabus.base import ConvergenceWarning, NotFittedError, clone
from syllabus.svm import (
    MulticlassProblem,
    MultiLabelProblem,
    StructuredProblem,
    StructuredSVM,
    TaxonomyProblem,
)

sk_svm = pytest.importorskip("sklearn.svm")

SOLVERS = ["bcfw", "cutting_plane", "subgradient"]
# The cutting-plane method stops on a duality gap <= 1e-8 of the objective. Block-coordinate
# Frank-Wolfe converges at rate O(1/t) on the gap (it crawls near the optimum), so it stops
# at 5e-5; subgradient descent has no certificate and the same rate: it gets a fixed number
# of passes. The agreement asked of the three solvers is 1e-4 on the objective.
EXACT = dict(tol=1e-8, max_iter=5000)
OPTIONS = {"cutting_plane": EXACT, "bcfw": dict(tol=5e-5, max_iter=5000),
           "subgradient": dict(tol=0.0, max_iter=1000)}


def _multiclass_data(seed, n=60, d=4, k=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = np.argmax(X @ rng.normal(size=(d, k)) + 0.7 * rng.normal(size=(n, k)), axis=1)
    return X, y


def _multilabel_data(seed, n=50, d=3, k=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    Y = np.where(X @ rng.normal(size=(d, k)) + 0.5 * rng.normal(size=(n, k)) > 0, 1, -1)
    return X, Y


def _brute_force_objective(problem, outputs, w, X, Y, C):
    """0.5 ||w||^2 + C sum_i max_y [Delta + <w, psi(x_i, y) - psi(x_i, y_i)>], every y enumerated."""
    total = 0.0
    for x, y in zip(X, Y):
        true = w @ problem.joint_feature(x, y)
        total += max(problem.loss(y, o) + w @ problem.joint_feature(x, o) - true for o in outputs)
    return 0.5 * w @ w + C * total


def _full_qp(problem, outputs, X, Y, C):
    """The n-slack primal with one constraint per (sample, output), solved by SLSQP."""
    n, dim = X.shape[0], problem.joint_feature_size(X.shape[1])
    rows, offsets, owners = [], [], []
    for i, (x, y) in enumerate(zip(X, Y)):
        for o in outputs:
            rows.append(problem.joint_feature(x, y) - problem.joint_feature(x, o))
            offsets.append(problem.loss(y, o))
            owners.append(i)
    G = np.zeros((len(rows), dim + n))
    G[:, :dim] = rows
    G[np.arange(len(rows)), dim + np.array(owners)] = 1.0  # <w, dpsi> + xi_i >= Delta
    b = np.array(offsets)
    res = minimize(lambda z: 0.5 * z[:dim] @ z[:dim] + C * z[dim:].sum(), np.zeros(dim + n),
                   jac=lambda z: np.concatenate([z[:dim], np.full(n, C)]), method="SLSQP",
                   constraints=[{"type": "ineq", "fun": lambda z: G @ z - b, "jac": lambda z: G}],
                   options={"ftol": 1e-13, "maxiter": 2000})
    assert res.success, res.message
    return res.x[:dim], res.fun


def _crammer_singer_objective(W, X, y, C):
    scores = X @ W.T
    margins = scores + (np.arange(W.shape[0])[None, :] != y[:, None])
    return 0.5 * np.sum(W ** 2) + C * np.sum(margins.max(axis=1) - scores[np.arange(len(y)), y])


@pytest.mark.parametrize("C", [0.1, 1.0])
def test_multiclass_problem_is_crammer_singer(C):
    X, y = _multiclass_data(0)
    ours = StructuredSVM(MulticlassProblem(3), C=C, solver="cutting_plane", **EXACT).fit(X, y)
    ref = sk_svm.LinearSVC(multi_class="crammer_singer", fit_intercept=False, C=C, tol=1e-10,
                           max_iter=100_000, random_state=0).fit(X, y)
    assert ref.n_iter_ < 100_000  # LIBLINEAR converged
    theirs = _crammer_singer_objective(ref.coef_, X, y, C)
    assert ours.objective_ == pytest.approx(_crammer_singer_objective(
        ours.coef_.reshape(3, -1), X, y, C), rel=1e-12)
    assert ours.objective_ <= theirs * (1 + 1e-9)
    assert ours.objective_ == pytest.approx(theirs, rel=1e-6)
    np.testing.assert_allclose(ours.coef_.reshape(3, -1), ref.coef_, atol=2e-3)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


def test_multilabel_problem_is_one_binary_svm_per_label():
    X, Y = _multilabel_data(1)
    C = 0.5
    ours = StructuredSVM(MultiLabelProblem(3), C=C, solver="cutting_plane", **EXACT).fit(X, Y)
    W = ours.coef_.reshape(3, -1)
    total = 0.0
    for k in range(3):
        ref = sk_svm.LinearSVC(loss="hinge", fit_intercept=False, C=C, tol=1e-10,
                               max_iter=100_000, random_state=0).fit(X, Y[:, k])
        assert ref.n_iter_ < 100_000  # LIBLINEAR converged
        w = ref.coef_[0]
        total += 0.5 * w @ w + C * np.maximum(0, 1 - Y[:, k] * (X @ w)).sum()
        np.testing.assert_allclose(W[k], w, rtol=1e-5, atol=1e-6)
    assert ours.objective_ == pytest.approx(total, rel=1e-6)
    np.testing.assert_array_equal(ours.predict(X), np.where(X @ W.T >= 0, 1, -1))


@pytest.mark.parametrize("problem_name", ["multiclass", "multilabel", "taxonomy"])
def test_three_solvers_reach_the_same_optimum(problem_name):
    if problem_name == "multiclass":
        problem, (X, Y) = MulticlassProblem(3), _multiclass_data(2, n=30)
    elif problem_name == "multilabel":
        problem, (X, Y) = MultiLabelProblem(3), _multilabel_data(3, n=30)
    else:
        problem = TaxonomyProblem([-1, 0, 0, 1, 1, 2, 2])
        Xc, yc = _multiclass_data(4, n=30, k=4)
        X, Y = Xc, problem.leaves[yc]
    fits = {s: StructuredSVM(problem, C=0.1, solver=s, random_state=0, **OPTIONS[s]).fit(X, Y)
            for s in SOLVERS}
    reference = fits["cutting_plane"].objective_
    for solver in ("bcfw", "cutting_plane"):
        model = fits[solver]
        assert 0 <= model.duality_gap_ <= OPTIONS[solver]["tol"] * model.objective_
        assert model.dual_objective_ <= reference * (1 + 1e-12)  # a lower bound of the optimum
    for model in fits.values():
        assert model.objective_ == pytest.approx(reference, rel=1e-4)
    assert np.isnan(fits["subgradient"].duality_gap_)


def test_taxonomy_against_the_full_quadratic_program():
    problem = TaxonomyProblem([-1, 0, 0, 1, 1, 2, 2, 2])  # leaves 3, 4 | 5, 6, 7
    rng = np.random.default_rng(5)
    X = rng.normal(size=(14, 2))
    Y = problem.leaves[rng.integers(0, 5, size=14)]
    C = 0.7
    ours = StructuredSVM(problem, C=C, solver="cutting_plane", **EXACT).fit(X, Y)
    w_ref, objective_ref = _full_qp(problem, problem.leaves, X, Y, C)
    assert ours.objective_ == pytest.approx(objective_ref, rel=1e-6)
    assert ours.objective_ == pytest.approx(
        _brute_force_objective(problem, problem.leaves, ours.coef_, X, Y, C), rel=1e-12)
    np.testing.assert_allclose(ours.coef_, w_ref, atol=1e-4)


def test_taxonomy_distances_and_inference_by_enumeration():
    parents = [-1, 0, 0, 1, 1, 2, 5, 5, 2]  # a deeper, unbalanced tree
    problem = TaxonomyProblem(parents)
    assert problem.leaves.tolist() == [3, 4, 6, 7, 8]

    def path(v):
        out = []
        while v != -1:
            out.append(v)
            v = parents[v]
        return out

    for a, b in itertools.product(problem.leaves, repeat=2):
        pa, pb = path(a), path(b)
        assert problem.loss(a, b) == len(set(pa) ^ set(pb))  # edges below the common ancestor
    rng = np.random.default_rng(6)
    w, X = rng.normal(size=problem.joint_feature_size(3)), rng.normal(size=(20, 3))
    Y = problem.leaves[rng.integers(0, 5, size=20)]
    by_enumeration = [problem.leaves[np.argmax([problem.loss(y, o) + w @ problem.joint_feature(x, o)
                                                for o in problem.leaves])] for x, y in zip(X, Y)]
    np.testing.assert_array_equal(problem.batch_loss_augmented_inference(w, X, Y), by_enumeration)
    np.testing.assert_array_equal(
        problem.batch_inference(w, X),
        [problem.leaves[np.argmax([w @ problem.joint_feature(x, o) for o in problem.leaves])]
         for x in X])
    np.testing.assert_allclose(problem.batch_joint_feature(X, Y),
                               sum(problem.joint_feature(x, y) for x, y in zip(X, Y)))


class ChainProblem(StructuredProblem):
    """A user's problem: k binary labels in a chain, unary weights per label and one
    weight for "neighbours agree"; Hamming loss; exact inference by Viterbi."""

    def __init__(self, n_labels=4):
        self.n_labels = n_labels

    def joint_feature_size(self, n_features):
        return self.n_labels * n_features + 1

    def joint_feature(self, x, y):
        y = np.asarray(y)
        unary = np.outer(y == 1, x).ravel()
        return np.concatenate([unary, [np.sum(y[1:] == y[:-1])]])

    def loss(self, y, y_hat):
        return float(np.sum(np.asarray(y) != np.asarray(y_hat)))

    def max_loss(self, y):
        return float(self.n_labels)

    def check_output(self, y):
        y = np.asarray(y)
        if y.shape[-1] != self.n_labels or not set(np.unique(y).tolist()) <= {0, 1}:
            raise ValueError("chain outputs are 0/1 vectors of length n_labels")
        return y.astype(np.int64)

    def _viterbi(self, w, x, unary_bonus):
        k = self.n_labels
        scores = np.zeros((k, 2))
        scores[:, 1] = w[:-1].reshape(k, -1) @ x
        scores += unary_bonus
        best, back = scores[0].copy(), np.zeros((k, 2), dtype=int)
        for t in range(1, k):
            trans = best[:, None] + w[-1] * np.eye(2)  # previous label (rows) -> next (cols)
            back[t] = np.argmax(trans, axis=0)
            best = trans.max(axis=0) + scores[t]
        y = np.zeros(k, dtype=np.int64)
        y[-1] = np.argmax(best)
        for t in range(k - 1, 0, -1):
            y[t - 1] = back[t, y[t]]
        return y

    def inference(self, w, x):
        return self._viterbi(w, x, 0.0)

    def loss_augmented_inference(self, w, x, y):
        return self._viterbi(w, x, np.eye(2)[1 - np.asarray(y)])  # +1 where y_hat_t != y_t


def test_a_user_problem_with_viterbi_inference():
    problem = ChainProblem(4)
    outputs = [np.array(o) for o in itertools.product([0, 1], repeat=4)]
    rng = np.random.default_rng(7)
    X = rng.normal(size=(12, 2))
    Y = (X @ rng.normal(size=(2, 4)) > 0).astype(int)
    w = rng.normal(size=problem.joint_feature_size(2))
    for x, y in zip(X, Y):  # Viterbi equals enumeration of the 16 outputs
        values = [problem.loss(y, o) + w @ problem.joint_feature(x, o) for o in outputs]
        assert np.array_equal(problem.loss_augmented_inference(w, x, y), outputs[np.argmax(values)])
    C = 0.5
    _, objective_ref = _full_qp(problem, outputs, X, Y, C)
    for solver in ("bcfw", "cutting_plane"):
        model = StructuredSVM(problem, C=C, solver=solver, random_state=0,
                              **OPTIONS[solver]).fit(X, list(Y))
        assert model.objective_ == pytest.approx(objective_ref, rel=2 * OPTIONS[solver]["tol"])
        assert model.predict(X).shape == (12, 4)


def test_bcfw_dual_increases_and_gap_certifies():
    X, Y = _multilabel_data(8, n=40)
    gaps = []
    for max_iter in (1, 3, 10, 30):
        model = StructuredSVM(MultiLabelProblem(3), C=1.0, max_iter=max_iter, tol=0.0,
                              random_state=0).fit(X, Y)
        gaps.append(model.duality_gap_)
        assert model.duality_gap_ >= 0
    assert gaps == sorted(gaps, reverse=True) and gaps[-1] < 1e-2 * gaps[0]
    best = StructuredSVM(MultiLabelProblem(3), C=1.0, solver="cutting_plane", **EXACT).fit(X, Y)
    assert model.dual_objective_ <= best.objective_ <= model.objective_


def test_score_predict_clone_and_io(tmp_path):
    X, Y = _multilabel_data(9, n=40)
    model = StructuredSVM(MultiLabelProblem(3), C=1.0, solver="cutting_plane").fit(X, Y)
    hamming = np.mean(model.predict(X) != Y)
    assert model.score(X, Y) == pytest.approx(1 - hamming)
    Xc, yc = _multiclass_data(10)
    multi = StructuredSVM(MulticlassProblem(3), solver="cutting_plane").fit(Xc, yc)
    assert multi.score(Xc, yc) == pytest.approx(np.mean(multi.predict(Xc) == yc))
    copy = clone(model)
    assert copy.problem is not model.problem and copy.problem.n_labels == 3
    io.save(model, tmp_path / "ssvm.safetensors")
    loaded = io.load(tmp_path / "ssvm.safetensors")
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    tax = TaxonomyProblem([-1, 0, 0, 1, 1, 2, 2])
    fitted = StructuredSVM(tax, C=1.0, solver="cutting_plane").fit(Xc, tax.leaves[yc])
    io.save(fitted, tmp_path / "tax.safetensors")
    np.testing.assert_array_equal(io.load(tmp_path / "tax.safetensors").predict(Xc),
                                  fitted.predict(Xc))


class _BrokenProblem(MulticlassProblem):
    def loss_augmented_inference(self, w, x, y):
        return 7  # not a class

    def batch_loss_augmented_inference(self, w, X, Y):
        return np.full(len(X), 7)


def test_max_iter_reached_warns():
    X, Y = _multilabel_data(12, n=30)
    for solver in ("bcfw", "cutting_plane"):
        with pytest.warns(ConvergenceWarning, match="duality gap"):
            StructuredSVM(MultiLabelProblem(3), solver=solver, max_iter=2, tol=1e-9).fit(X, Y)


def test_bad_input_gets_clear_errors():
    X, y = _multiclass_data(11, n=20)
    with pytest.raises(ValueError, match="outside the problem's output space"):
        StructuredSVM(MulticlassProblem(3)).fit(X, np.where(y == 0, 5, y))
    with pytest.raises(ValueError, match="outside the problem's output space"):
        StructuredSVM(MultiLabelProblem(2)).fit(X, np.full((20, 2), 2))
    with pytest.raises(ValueError, match="labels"):
        StructuredSVM(MultiLabelProblem(3)).fit(X, np.ones((20, 2)))
    tax = TaxonomyProblem([-1, 0, 0, 1, 1])
    with pytest.raises(ValueError, match="leaves"):
        StructuredSVM(tax).fit(X, np.full(20, 1))  # node 1 is not a leaf
    for solver in SOLVERS:
        with pytest.raises(ValueError, match="loss_augmented_inference returned"):
            StructuredSVM(_BrokenProblem(3), solver=solver).fit(X, y)
    with pytest.raises(ValueError, match="samples"):
        StructuredSVM(MulticlassProblem(3)).fit(X, y[:-1])
    with pytest.raises(ValueError, match="'C' parameter"):
        StructuredSVM(MulticlassProblem(3), C=0.0).fit(X, y)
    with pytest.raises(ValueError, match="'solver' parameter"):
        StructuredSVM(MulticlassProblem(3), solver="qp").fit(X, y)
    with pytest.raises(ValueError, match="'problem' parameter"):
        StructuredSVM("multiclass").fit(X, y)
    with pytest.raises(ValueError, match="cycle|root"):
        TaxonomyProblem([1, 0, -1])
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        StructuredSVM(MulticlassProblem(3)).fit(X_nan, y)
    with pytest.raises(NotFittedError):
        StructuredSVM(MulticlassProblem(3)).predict(X)
