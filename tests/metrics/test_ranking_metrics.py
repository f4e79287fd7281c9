"""ROC / PR curves and their areas against scikit-learn (ties included) and closed forms."""

import numpy as np
import pytest
import sklearn.metrics as skm
from hypothesis import given, settings
from hypothesis import strategies as st

from syllabus import metrics

SEEDS = range(24)


def random_scores(seed):
    """Binary labels, scores with many ties, and weights of varied kinds."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 60))
    y = rng.integers(0, 2, n)
    y[0], y[1] = 0, 1  # both classes present
    # Few distinct values -> many ties; shifted by the label so the AUC is not ~0.5.
    scores = np.round(rng.normal(size=n) + 0.8 * y, decimals=int(rng.integers(0, 3)))
    weight_kind = seed % 4
    if weight_kind == 0:
        sample_weight = None
    elif weight_kind == 1:
        sample_weight = rng.random(n) * (rng.random(n) > 0.3)  # zero weights are dropped
        sample_weight[:2] = 1.0
    elif weight_kind == 2:
        sample_weight = rng.integers(1, 4, n)
    else:
        sample_weight = rng.exponential(size=n)
    return y, scores, sample_weight


def mann_whitney_auc(y, scores, sample_weight=None):
    """P(score of a positive > score of a negative) + P(tie) / 2 over all weighted pairs."""
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, float)
    pos, neg = y == 1, y == 0
    diff = scores[pos][:, None] - scores[neg][None, :]
    pair_weight = w[pos][:, None] * w[neg][None, :]
    wins = (diff > 0) + 0.5 * (diff == 0)
    return np.sum(pair_weight * wins) / np.sum(pair_weight)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("drop_intermediate", [True, False])
def test_curves_match_sklearn(compare, seed, drop_intermediate):
    y, scores, sw = random_scores(seed)
    for ours, ref in [(metrics.roc_curve, skm.roc_curve),
                      (metrics.precision_recall_curve, skm.precision_recall_curve)]:
        compare(ours, ref, y, scores, sample_weight=sw, drop_intermediate=drop_intermediate)


@pytest.mark.parametrize("seed", SEEDS)
def test_curves_with_string_labels_and_pos_label(compare, seed):
    y, scores, sw = random_scores(seed)
    names = np.array(["neg", "pos"])[y]
    for pos_label in ["pos", "neg"]:
        compare(metrics.roc_curve, skm.roc_curve, names, scores, pos_label=pos_label,
                sample_weight=sw)
        compare(metrics.precision_recall_curve, skm.precision_recall_curve, names, scores,
                pos_label=pos_label, sample_weight=sw)
        compare(metrics.average_precision_score, skm.average_precision_score, names, scores,
                pos_label=pos_label, sample_weight=sw)
    # {-1, 1} labels need no pos_label; a multiclass y with pos_label is one-vs-rest.
    compare(metrics.roc_curve, skm.roc_curve, 2 * y - 1, scores, sample_weight=sw)
    three = np.where(scores > np.median(scores), 2, y)
    compare(metrics.roc_curve, skm.roc_curve, three, scores, pos_label=2, sample_weight=sw)


@pytest.mark.parametrize("seed", SEEDS)
def test_binary_areas_match_sklearn_and_mann_whitney(compare, seed):
    y, scores, sw = random_scores(seed)
    auc = compare(metrics.roc_auc_score, skm.roc_auc_score, y, scores, sample_weight=sw,
                  rtol=1e-12)
    assert auc == pytest.approx(mann_whitney_auc(y, scores, sw), rel=1e-12)
    for max_fpr in [0.1, 0.5, 1.0]:
        compare(metrics.roc_auc_score, skm.roc_auc_score, y, scores, sample_weight=sw,
                max_fpr=max_fpr)
    compare(metrics.average_precision_score, skm.average_precision_score, y, scores,
            sample_weight=sw)
    fpr, tpr, _ = metrics.roc_curve(y, scores, sample_weight=sw)
    assert metrics.auc(fpr, tpr) == pytest.approx(auc, rel=1e-12)
    assert metrics.auc(fpr[::-1], tpr[::-1]) == pytest.approx(auc, rel=1e-12)


def test_average_precision_closed_form():
    # Ranking by score: 1 (pos), 0.8 (neg), 0.6 (pos), 0.4 (neg), 0.2 (pos)
    # AP = sum over positives of precision at their rank / n_pos = (1 + 2/3 + 3/5) / 3
    y = [1, 0, 1, 0, 1]
    scores = [1.0, 0.8, 0.6, 0.4, 0.2]
    assert metrics.average_precision_score(y, scores) == pytest.approx((1 + 2 / 3 + 3 / 5) / 3)


@given(
    labels=st.lists(st.integers(0, 1), min_size=2, max_size=30),
    score_levels=st.integers(1, 6),
    data=st.data(),
)
@settings(max_examples=60, deadline=None)
def test_auc_is_the_mann_whitney_statistic(labels, score_levels, data):
    y = np.array(labels)
    if len(np.unique(y)) < 2:
        y[0], y[1] = 0, 1
    scores = np.array(data.draw(st.lists(st.integers(0, score_levels), min_size=len(y),
                                         max_size=len(y))), dtype=float)
    assert metrics.roc_auc_score(y, scores) == pytest.approx(mann_whitney_auc(y, scores),
                                                             rel=1e-12)


@pytest.mark.parametrize("seed", SEEDS[:12])
def test_multiclass_roc_auc_matches_sklearn(compare, seed):
    rng = np.random.default_rng(seed)
    n_classes = int(rng.integers(3, 6))
    n = int(rng.integers(n_classes * 2, 60))
    y = rng.permutation(np.arange(n) % n_classes)
    proba = rng.dirichlet(np.ones(n_classes), n)
    proba[np.arange(n), y] += 0.5  # informative but imperfect
    proba = np.round(proba / proba.sum(axis=1, keepdims=True), 2)
    proba /= proba.sum(axis=1, keepdims=True)
    sw = rng.random(n) if seed % 2 else None
    for average in ["macro", "weighted", "micro", None]:
        compare(metrics.roc_auc_score, skm.roc_auc_score, y, proba, multi_class="ovr",
                average=average, sample_weight=sw)
    for average in ["macro", "weighted"]:
        compare(metrics.roc_auc_score, skm.roc_auc_score, y, proba, multi_class="ovo",
                average=average)
    # String labels, and labels naming a class absent from y_true.
    names = np.array(["a", "b", "c", "d", "e", "f"])
    compare(metrics.roc_auc_score, skm.roc_auc_score, names[y], proba, multi_class="ovr")
    keep = y != 0
    compare(metrics.roc_auc_score, skm.roc_auc_score, names[y[keep]], proba[keep],
            multi_class="ovo", labels=names[:n_classes])
    # Average precision one-vs-rest.
    for average in ["macro", "weighted", "micro", None]:
        compare(metrics.average_precision_score, skm.average_precision_score, y, proba,
                average=average, sample_weight=sw)


@pytest.mark.parametrize("seed", SEEDS[:8])
def test_multilabel_areas_match_sklearn(compare, seed):
    rng = np.random.default_rng(seed)
    n, n_labels = int(rng.integers(6, 50)), 4
    y = rng.integers(0, 2, (n, n_labels))
    y[0], y[1] = 0, 1
    scores = np.round(rng.normal(size=(n, n_labels)) + y, 1)
    sw = rng.random(n) if seed % 2 else None
    for average in ["macro", "weighted", "micro", None]:
        compare(metrics.roc_auc_score, skm.roc_auc_score, y, scores, average=average,
                sample_weight=sw)
        compare(metrics.average_precision_score, skm.average_precision_score, y, scores,
                average=average, sample_weight=sw)


def test_perfect_random_and_reversed_scorers():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 4000)
    assert metrics.roc_auc_score(y, y + rng.random(4000) * 0.5) == 1.0
    assert metrics.roc_auc_score(y, -y) == 0.0
    assert metrics.roc_auc_score(y, np.zeros(4000)) == 0.5  # all tied
    assert abs(metrics.roc_auc_score(y, rng.random(4000)) - 0.5) < 0.05


def test_single_class_warns_and_returns_nan(compare):
    compare(metrics.roc_auc_score, skm.roc_auc_score, [1, 1, 1], [0.2, 0.3, 0.4])
    compare(metrics.roc_curve, skm.roc_curve, [0, 0, 0], [0.2, 0.3, 0.4])
    compare(metrics.precision_recall_curve, skm.precision_recall_curve, [0, 0], [0.2, 0.3])


def test_integer_and_boolean_scores(compare):
    y = np.array([0, 1, 1, 0, 1])
    compare(metrics.roc_curve, skm.roc_curve, y, np.array([3, 5, 5, 1, 2]))
    compare(metrics.precision_recall_curve, skm.precision_recall_curve, y,
            np.array([3, 5, 5, 1, 2]))
    assert metrics.roc_auc_score(y, y.astype(bool)) == 1.0
