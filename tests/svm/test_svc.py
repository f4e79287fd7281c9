"""SVC (SMO) against scikit-learn's LIBSVM, the KKT conditions, and the hard-margin geometry."""

import numpy as np
import pytest
from sklearn import svm as sk_svm
from sklearn.metrics.pairwise import pairwise_kernels

from syllabus.kernels import linear_kernel, rbf_kernel
from syllabus.svm import SVC, ConvergenceWarning

# LIBSVM keeps its kernel cache in float32, so its solution solves a problem perturbed at
# ~1e-7 relative: with tol=1e-8 on both sides the multipliers agree to ~1e-5.
TIGHT = 1e-8
COEF_ATOL = 1e-4


def _problem(seed, n=120, d=4, n_classes=2):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, n_classes, n)
    X = rng.standard_normal((n, d))
    X[:, 0] += 1.2 * y  # overlapping classes: free and bounded support vectors
    return X, y


def _assert_same_model(ours, ref, X, coef_atol=COEF_ATOL):
    np.testing.assert_array_equal(ours.classes_, ref.classes_)
    np.testing.assert_array_equal(ours.support_, ref.support_)
    np.testing.assert_array_equal(ours.n_support_, ref.n_support_)
    np.testing.assert_allclose(ours.support_vectors_, ref.support_vectors_)
    assert ours.dual_coef_.shape == ref.dual_coef_.shape
    np.testing.assert_allclose(ours.dual_coef_, ref.dual_coef_, atol=coef_atol)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=coef_atol)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=coef_atol)
    np.testing.assert_array_equal(ours.predict(X), ref.predict(X))


KERNELS = [
    dict(kernel="linear"),
    dict(kernel="rbf", gamma=0.3),
    dict(kernel="rbf"),  # gamma="scale"
    dict(kernel="poly", degree=3, gamma=0.3, coef0=0.5),
    dict(kernel="poly", degree=2, gamma="auto", coef0=1.0),
]


@pytest.mark.parametrize("params", KERNELS, ids=lambda p: "-".join(map(str, p.values())))
@pytest.mark.parametrize("n_classes", [2, 3, 4])
def test_matches_libsvm(params, n_classes):
    X, y = _problem(n_classes, n_classes=n_classes)
    ours = SVC(C=1.0, tol=TIGHT, **params).fit(X, y)
    ref = sk_svm.SVC(C=1.0, tol=TIGHT, **params).fit(X, y)
    assert ours._gamma == pytest.approx(ref._gamma, rel=1e-12)
    _assert_same_model(ours, ref, X)
    X_new = np.random.default_rng(7).standard_normal((50, X.shape[1]))
    np.testing.assert_array_equal(ours.predict(X_new), ref.predict(X_new))


@pytest.mark.parametrize("params", [dict(kernel="linear", C=10.0), dict(kernel="rbf", C=10.0),
                                    dict(kernel="poly", degree=3, C=1.0)],
                         ids=["linear", "rbf", "poly"])
def test_takes_libsvms_smo_steps_through_shrinking(params):
    # 1,000 to 250,000 SMO steps, shrinking every 600: the multipliers kept in LIBSVM's order
    # (set-aside ones swapped to the end) and the kernel diagonal summed as LIBSVM's BLAS
    # does give LIBSVM's working pairs, step for step, and its solution to the last bits.
    rng = np.random.default_rng(20)
    y = rng.integers(0, 2, 600)
    X = rng.standard_normal((600, 8)) * rng.uniform(0.5, 3.0, 8)
    X[:, 0] += y
    ours, ref = SVC(**params).fit(X, y), sk_svm.SVC(**params).fit(X, y)
    assert ours.n_iter_[0] > 1000
    np.testing.assert_array_equal(ours.n_iter_, ref.n_iter_)
    np.testing.assert_array_equal(ours.support_, ref.support_)
    np.testing.assert_allclose(ours.dual_coef_, ref.dual_coef_, rtol=0, atol=1e-13)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=0, atol=1e-13)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_sigmoid_kernel_matches_libsvm(n_classes):
    # The sigmoid kernel is not PSD: the dual is not convex and the solution depends on the
    # path. Without shrinking both solvers follow the same path from alpha = 0.
    X, y = _problem(10 + n_classes, n_classes=n_classes)
    params = dict(kernel="sigmoid", gamma=0.05, coef0=0.0, tol=TIGHT, shrinking=False)
    _assert_same_model(SVC(**params).fit(X, y), sk_svm.SVC(**params).fit(X, y), X)


@pytest.mark.parametrize("C", [0.05, 10.0])
def test_matches_libsvm_other_C_and_class_weight(C):
    X, y = _problem(3, n_classes=3)
    weights = {0: 0.5, 2: 3.0}
    ours = SVC(C=C, kernel="rbf", gamma=0.5, tol=TIGHT, class_weight=weights).fit(X, y)
    ref = sk_svm.SVC(C=C, kernel="rbf", gamma=0.5, tol=TIGHT, class_weight=weights).fit(X, y)
    np.testing.assert_allclose(ours.class_weight_, ref.class_weight_)
    _assert_same_model(ours, ref, X, coef_atol=COEF_ATOL * C)
    bal = SVC(kernel="linear", tol=TIGHT, class_weight="balanced").fit(X, y)
    bal_ref = sk_svm.SVC(kernel="linear", tol=TIGHT, class_weight="balanced").fit(X, y)
    np.testing.assert_allclose(bal.class_weight_, bal_ref.class_weight_)
    _assert_same_model(bal, bal_ref, X)


def test_sample_weight_matches_libsvm_and_zero_weight_removes_samples():
    X, y = _problem(4, n_classes=3)
    sw = np.random.default_rng(0).uniform(0.2, 3.0, len(y))
    ours = SVC(kernel="rbf", gamma=0.4, tol=TIGHT).fit(X, y, sample_weight=sw)
    ref = sk_svm.SVC(kernel="rbf", gamma=0.4, tol=TIGHT).fit(X, y, sample_weight=sw)
    _assert_same_model(ours, ref, X)
    # Weight 0 leaves a sample out; support_ still indexes the full training set.
    sw[:10] = 0.0
    weighted = SVC(kernel="linear", tol=TIGHT).fit(X, y, sample_weight=sw)
    subset = SVC(kernel="linear", tol=TIGHT).fit(X[10:], y[10:], sample_weight=sw[10:])
    np.testing.assert_array_equal(weighted.support_, subset.support_ + 10)
    np.testing.assert_allclose(weighted.dual_coef_, subset.dual_coef_, atol=1e-12)


@pytest.mark.parametrize("n_classes", [2, 4])
def test_precomputed_and_callable_kernels_match_named_kernel(n_classes):
    # The three routes compute the kernel in different block shapes, so on some BLAS kernels
    # (OPENBLAS_CORETYPE=Sandybridge) their values differ in the last bit and SMO takes a
    # different path: two solutions that each meet the stopping rule then differ by ~tol
    # (3.6e-8 at tol=1e-8 was seen). Solved to tol=1e-12, they agree to 1e-9 on any machine.
    X, y = _problem(5, n_classes=n_classes)
    X_new = np.random.default_rng(1).standard_normal((30, X.shape[1]))
    tol = 1e-12
    named = SVC(kernel="rbf", gamma=0.3, tol=tol).fit(X, y)
    pre = SVC(kernel="precomputed", tol=tol).fit(rbf_kernel(X, gamma=0.3), y)
    call = SVC(kernel=lambda A, B: rbf_kernel(A, B, gamma=0.3), tol=tol).fit(X, y)
    ref = sk_svm.SVC(kernel="precomputed", tol=TIGHT).fit(rbf_kernel(X, gamma=0.3), y)
    for model in (pre, call):
        np.testing.assert_array_equal(model.support_, named.support_)
        np.testing.assert_allclose(model.dual_coef_, named.dual_coef_, rtol=0, atol=1e-9)
        np.testing.assert_allclose(model.intercept_, named.intercept_, rtol=0, atol=1e-9)
    assert pre.support_vectors_.shape == ref.support_vectors_.shape == (0, 0)
    K_new = rbf_kernel(X_new, X, gamma=0.3)
    np.testing.assert_allclose(pre.decision_function(K_new), named.decision_function(X_new),
                               rtol=0, atol=1e-9)
    np.testing.assert_allclose(call.decision_function(X_new), named.decision_function(X_new),
                               rtol=0, atol=1e-9)
    np.testing.assert_allclose(pre.decision_function(K_new), ref.decision_function(K_new),
                               atol=COEF_ATOL)
    with pytest.raises(ValueError, match="120"):
        pre.predict(K_new[:, :-1])


def test_decision_function_shapes_and_break_ties_match_sklearn():
    X, y = _problem(6, n_classes=4)
    X_new = np.random.default_rng(2).standard_normal((200, X.shape[1])) * 2
    for shape in ("ovo", "ovr"):
        ours = SVC(kernel="rbf", gamma=0.5, tol=TIGHT, decision_function_shape=shape).fit(X, y)
        ref = sk_svm.SVC(kernel="rbf", gamma=0.5, tol=TIGHT, decision_function_shape=shape)
        ref.fit(X, y)
        dec = ours.decision_function(X_new)
        assert dec.shape == (200, 6 if shape == "ovo" else 4)
        np.testing.assert_allclose(dec, ref.decision_function(X_new), atol=COEF_ATOL)
    ours.set_params(break_ties=True)
    ref.set_params(break_ties=True)
    np.testing.assert_array_equal(ours.predict(X_new), ref.predict(X_new))
    ours.set_params(decision_function_shape="ovo")
    with pytest.raises(ValueError, match="break_ties"):
        ours.predict(X_new)


def test_coef_of_linear_kernel_matches_sklearn():
    for n_classes in (2, 3):
        X, y = _problem(8, n_classes=n_classes)
        ours = SVC(kernel="linear", tol=TIGHT).fit(X, y)
        ref = sk_svm.SVC(kernel="linear", tol=TIGHT).fit(X, y)
        np.testing.assert_allclose(ours.coef_, ref.coef_, atol=COEF_ATOL)
        # w = sum_i alpha_i y_i x_i: the decision function is linear in x
        X_new = np.random.default_rng(3).standard_normal((20, X.shape[1]))
        if n_classes == 2:
            np.testing.assert_allclose(ours.decision_function(X_new),
                                       X_new @ ours.coef_[0] + ours.intercept_[0], atol=1e-10)
    with pytest.raises(AttributeError, match="linear kernel"):
        _ = SVC(kernel="rbf").fit(X, y).coef_


@pytest.mark.parametrize("kernel", ["linear", "rbf", "poly"])
def test_kkt_conditions_hold_at_the_solution(kernel):
    # Optimality of the dual (seed 000): alpha_i = 0 -> y_i f(x_i) >= 1, 0 < alpha_i < C ->
    # y_i f(x_i) = 1, alpha_i = C -> y_i f(x_i) <= 1, and sum_i alpha_i y_i = 0; all to tol.
    # SMO solves the problem of the kernel rounded to float32 (LIBSVM's Qfloat): the
    # conditions hold to tol for that kernel, and the decision function uses the exact one.
    X, y = _problem(9, n=150)
    C, tol = 2.0, 1e-9
    clf = SVC(C=C, kernel=kernel, gamma=0.3, coef0=1.0, tol=tol).fit(X, y)
    y_pm = np.where(y == clf.classes_[1], 1.0, -1.0)
    alpha = np.zeros(len(y))
    alpha[clf.support_] = clf.dual_coef_[0] * y_pm[clf.support_]
    K = pairwise_kernels(X, metric=kernel, filter_params=True, gamma=0.3, coef0=1.0, degree=3)
    K32 = K.astype(np.float32).astype(np.float64)
    margin = y_pm * (K32 @ (alpha * y_pm) + clf.intercept_[0])
    np.testing.assert_allclose(y_pm * clf.decision_function(X), margin, atol=1e-5)
    assert np.all(alpha >= 0) and np.all(alpha <= C * (1 + 1e-12))
    assert abs(alpha @ y_pm) < 1e-10 * C * len(y)
    zero, at_c = alpha == 0, alpha >= C
    free = ~zero & ~at_c
    assert free.any() and at_c.any() and zero.any()
    assert np.all(margin[zero] >= 1 - tol)
    np.testing.assert_allclose(margin[free], 1.0, atol=tol)
    assert np.all(margin[at_c] <= 1 + tol)
    # Strong duality: the primal 1/2 ||w||^2 + C sum hinge equals minus the dual objective.
    K = K32
    ay = alpha * y_pm
    dual = alpha.sum() - 0.5 * ay @ K @ ay
    primal = 0.5 * ay @ K @ ay + C * np.maximum(0, 1 - margin).sum()
    assert primal - dual == pytest.approx(0, abs=10 * tol * C * len(y))
    assert clf.objective_[0] == pytest.approx(-dual, rel=1e-12)


def test_hard_margin_geometry_on_separable_data():
    # Classes on both sides of x1 = 0 with closest points at x1 = -1 and x1 = +1: the
    # max-margin separator is x1 = 0, w = (1, 0), b = 0 and the margin 2 / ||w|| = 2.
    rng = np.random.default_rng(0)
    far_neg = np.column_stack([rng.uniform(-4, -1.5, 30), rng.uniform(-3, 3, 30)])
    far_pos = np.column_stack([rng.uniform(1.5, 4, 30), rng.uniform(-3, 3, 30)])
    X = np.vstack([far_neg, [[-1.0, 0.0]], far_pos, [[1.0, 0.0]]])
    y = np.array([0] * 31 + [1] * 31)
    clf = SVC(kernel="linear", C=1e8, tol=1e-10).fit(X, y)
    w, b = clf.coef_[0], clf.intercept_[0]
    np.testing.assert_allclose(w, [1.0, 0.0], atol=1e-8)
    assert abs(b) < 1e-8
    assert 2 / np.linalg.norm(w) == pytest.approx(2.0, rel=1e-8)
    np.testing.assert_array_equal(clf.support_, [30, 61])  # only they have alpha > 0
    # Every point is outside the margin, the support vectors on it.
    margins = np.where(y == 1, 1, -1) * clf.decision_function(X)
    np.testing.assert_allclose(margins[clf.support_], 1.0, atol=1e-8)
    assert np.all(np.delete(margins, clf.support_) > 1.4)
    # The geometric margin: distance between the supporting hyperplanes w.x + b = +-1.
    d = X @ w / np.linalg.norm(w)
    assert d[y == 1].min() - d[y == 0].max() == pytest.approx(2 / np.linalg.norm(w), rel=1e-8)


def test_hard_margin_matches_libsvm_on_random_separable_data():
    rng = np.random.default_rng(11)
    X = rng.standard_normal((80, 3))
    y = (X @ [1.0, -2.0, 0.5] + 0.3 > 0).astype(int)
    ours = SVC(kernel="linear", C=1e6, tol=TIGHT).fit(X, y)
    ref = sk_svm.SVC(kernel="linear", C=1e6, tol=TIGHT).fit(X, y)
    np.testing.assert_array_equal(ours.support_, ref.support_)
    np.testing.assert_allclose(ours.coef_, ref.coef_, rtol=1e-4)
    # No slack at all: the closest point on the margin, up to the float32 rounding of the
    # kernel both solvers optimise with (so both see the same margin).
    margins = np.where(y == 1, 1, -1) * ours.decision_function(X)
    ref_margins = np.where(y == 1, 1, -1) * ref.decision_function(X)
    assert margins.min() == pytest.approx(ref_margins.min(), abs=1e-8)
    assert margins.min() == pytest.approx(1.0, abs=1e-5)


def test_shrinking_and_small_cache_give_the_same_solution():
    X, y = _problem(12, n=300)
    base = SVC(kernel="rbf", gamma=0.5, tol=1e-10, shrinking=False).fit(X, y)
    # Rows computed on demand, in a cache of 2 to 300 rows.
    for params in (dict(shrinking=True), dict(shrinking=True, cache_size=0.001),
                   dict(shrinking=False, cache_size=0.001), dict(shrinking=True, cache_size=0.1)):
        other = SVC(kernel="rbf", gamma=0.5, tol=1e-10, **params).fit(X, y)
        np.testing.assert_array_equal(other.support_, base.support_)
        np.testing.assert_allclose(other.dual_coef_, base.dual_coef_, atol=1e-7)
        np.testing.assert_allclose(other.intercept_, base.intercept_, atol=1e-7)


def test_max_iter_stops_early_with_a_warning():
    X, y = _problem(13, n=200)
    with pytest.warns(ConvergenceWarning, match="max_iter=5"):
        clf = SVC(kernel="linear", max_iter=5).fit(X, y)
    ref = sk_svm.SVC(kernel="linear", max_iter=5)
    with pytest.warns(Warning):
        ref.fit(X, y)
    assert clf.fit_status_ == ref.fit_status_ == 1
    assert clf.n_iter_[0] == 5


def test_string_labels_and_bad_input():
    X, y = _problem(14, n_classes=3)
    labels = np.array(["cat", "dog", "emu"])[y]
    clf = SVC(kernel="linear").fit(X, labels)
    assert set(clf.predict(X)) <= set(labels)
    with pytest.raises(ValueError, match="greater than one"):
        SVC().fit(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="kernel"):
        SVC(kernel="cubic").fit(X, y)
    with pytest.raises(ValueError, match="'C' parameter"):
        SVC(C=0).fit(X, y)
    with pytest.raises(ValueError, match="square"):
        SVC(kernel="precomputed").fit(linear_kernel(X)[:, :10], y)
    with pytest.raises(ValueError, match="NaN"):
        SVC().fit(np.where(X > 2, np.nan, X), y)
    with pytest.raises(ValueError, match="features"):
        clf.predict(X[:, :2])
    with pytest.raises(ValueError, match="not in class_weight"):
        SVC(class_weight={"bird": 2.0}).fit(X, labels)


def test_extreme_but_valid_input_is_finite():
    X, y = _problem(15)
    for scale in (1e-150, 1e150):
        clf = SVC(kernel="rbf").fit(X * scale, y)  # gamma="scale" adapts to the data
        assert np.isfinite(clf.decision_function(X * scale)).all()
    duplicated = np.vstack([X, X])
    clf = SVC(kernel="linear", tol=TIGHT).fit(duplicated, np.concatenate([y, y]))
    assert np.isfinite(clf.dual_coef_).all()


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_smo_stops_with_a_status_on_a_non_finite_kernel(bad):
    # max_iter=-1 must not spin forever on a NaN/inf gradient: the solver reports it.
    from syllabus.svm._smo import KernelRows, smo_solve

    X, y = _problem(16, n=40)
    K = linear_kernel(X)
    K[3, :] = K[:, 3] = bad
    res = smo_solve(KernelRows("precomputed", K), np.where(y == 1, 1.0, -1.0), np.ones(40),
                    max_iter=-1)
    assert res.status == 2
