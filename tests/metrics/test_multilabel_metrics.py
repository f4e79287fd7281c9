"""Multilabel (label indicator) targets in the label metrics, against scikit-learn."""

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn.metrics as skm

from syllabus import metrics


def indicator_case(seed, n_labels=4):
    """Random (y_true, y_pred, sample_weight) indicator matrices with some empty rows/columns."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 30))
    y_true = (rng.random((n, n_labels)) < 0.4).astype(int)
    flip = rng.random((n, n_labels)) < 0.25
    y_pred = np.where(flip, 1 - y_true, y_true)
    if seed % 3 == 0:
        y_pred[:, -1] = 0  # a label never predicted
        y_true[0] = 0  # a sample without labels
    weights = [None, rng.random(n) + 0.1, rng.integers(1, 4, n)][seed % 3]
    return y_true, y_pred, weights


SEEDS = range(12)


@pytest.mark.parametrize("seed", SEEDS)
def test_subset_accuracy_hamming_and_zero_one_loss_match_sklearn(compare, seed):
    y_true, y_pred, sw = indicator_case(seed)
    for normalize in (True, False):
        compare(metrics.accuracy_score, skm.accuracy_score, y_true, y_pred,
                normalize=normalize, sample_weight=sw)
        compare(metrics.zero_one_loss, skm.zero_one_loss, y_true, y_pred,
                normalize=normalize, sample_weight=sw)
    compare(metrics.hamming_loss, skm.hamming_loss, y_true, y_pred, sample_weight=sw)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted", "samples"])
@pytest.mark.parametrize("zero_division", ["warn", 0.0, 1.0, np.nan])
def test_precision_recall_f_on_indicator_matrices_match_sklearn(compare, seed, average,
                                                                 zero_division):
    y_true, y_pred, sw = indicator_case(seed)
    kwargs = dict(average=average, sample_weight=sw, zero_division=zero_division)
    compare(metrics.precision_recall_fscore_support, skm.precision_recall_fscore_support,
            y_true, y_pred, beta=0.5, **kwargs)
    compare(metrics.f1_score, skm.f1_score, y_true, y_pred, **kwargs)
    # A subset of the labels, in a given order.
    compare(metrics.recall_score, skm.recall_score, y_true, y_pred, labels=[2, 0], **kwargs)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted", "samples"])
def test_jaccard_on_indicator_matrices_matches_sklearn(compare, seed, average):
    y_true, y_pred, sw = indicator_case(seed)
    for zero_division in ("warn", 0, 1):
        compare(metrics.jaccard_score, skm.jaccard_score, y_true, y_pred, average=average,
                sample_weight=sw, zero_division=zero_division)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("average", [None, "binary", "micro", "macro", "weighted"])
def test_jaccard_on_label_vectors_matches_sklearn(compare, seed, average):
    rng = np.random.default_rng(seed)
    n_classes = 2 if average == "binary" else 3
    y_true = rng.integers(0, n_classes, 20)
    y_pred = np.where(rng.random(20) < 0.5, y_true, rng.integers(0, n_classes, 20))
    compare(metrics.jaccard_score, skm.jaccard_score, y_true, y_pred, average=average,
            sample_weight=rng.random(20))


@pytest.mark.parametrize("seed", SEEDS)
def test_multilabel_confusion_matrix_matches_sklearn(seed):
    y_true, y_pred, sw = indicator_case(seed)
    for kwargs in ({}, {"samplewise": True}, {"labels": [3, 1]},
                   {"labels": [2, 0], "samplewise": True}):
        ours = metrics.multilabel_confusion_matrix(y_true, y_pred, sample_weight=sw, **kwargs)
        ref = skm.multilabel_confusion_matrix(y_true, y_pred, sample_weight=sw, **kwargs)
        np.testing.assert_allclose(ours, ref, rtol=1e-12)
        assert ours.shape == ref.shape
    rng = np.random.default_rng(seed)
    labels_true, labels_pred = rng.integers(0, 4, 15), rng.integers(0, 4, 15)
    for labels in (None, [3, 0, 5]):
        np.testing.assert_array_equal(
            metrics.multilabel_confusion_matrix(labels_true, labels_pred, labels=labels),
            skm.multilabel_confusion_matrix(labels_true, labels_pred, labels=labels))


def test_sparse_indicator_matrices_give_the_dense_results():
    y_true, y_pred, sw = indicator_case(4)
    for func in (metrics.accuracy_score, metrics.hamming_loss):
        assert func(sp.csr_matrix(y_true), sp.csr_matrix(y_pred), sample_weight=sw) == \
            func(y_true, y_pred, sample_weight=sw)
    np.testing.assert_allclose(
        metrics.f1_score(sp.csr_matrix(y_true), sp.csr_matrix(y_pred), average="samples"),
        skm.f1_score(sp.csr_matrix(y_true), sp.csr_matrix(y_pred), average="samples"),
        rtol=1e-12)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("output_dict", [False, True])
def test_multilabel_classification_report_matches_sklearn(compare, seed, output_dict):
    y_true, y_pred, sw = indicator_case(seed + 1)  # seeds with every label predicted
    compare(metrics.classification_report, skm.classification_report, y_true, y_pred,
            sample_weight=sw, output_dict=output_dict, zero_division=0.0)


@pytest.mark.parametrize("seed", range(6))
def test_multilabel_log_loss_matches_sklearn(compare, seed):
    y_true, _, sw = indicator_case(seed)
    rng = np.random.default_rng(seed)
    y_proba = rng.dirichlet(np.ones(y_true.shape[1]), size=y_true.shape[0])
    compare(metrics.log_loss, skm.log_loss, y_true, y_proba, sample_weight=sw)


def test_multilabel_errors_match_sklearn():
    y_true, y_pred, _ = indicator_case(1)
    for func, kwargs in [(metrics.confusion_matrix, {}),
                         (metrics.f1_score, {"average": "binary"}),
                         (metrics.recall_score, {"average": "macro", "labels": [0, 7]})]:
        with pytest.raises(ValueError) as ours:
            func(y_true, y_pred, **kwargs)
        with pytest.raises(ValueError) as ref:
            getattr(skm, func.__name__)(y_true, y_pred, **kwargs)
        assert str(ours.value) == str(ref.value)
    with pytest.raises(ValueError, match="mix of multilabel-indicator and"):
        metrics.accuracy_score(y_true, y_pred[:, 0])


def test_confusion_matrix_sums_integer_weights_exactly():
    y = [0, 1, 1]
    big = np.full(3, 2**53 + 1, dtype=np.int64)
    cm = metrics.confusion_matrix(y, y, sample_weight=big)
    assert cm.dtype == np.int64 and cm[1, 1] == 2**54 + 2  # float64 would give 2**54
    np.testing.assert_array_equal(cm, skm.confusion_matrix(y, y, sample_weight=big))
    top = np.full(3, np.iinfo(np.int64).max, dtype=np.int64)
    cm = metrics.confusion_matrix(y, y, sample_weight=top)
    assert cm[0, 0] == np.iinfo(np.int64).max  # a float64 round trip wraps it to -2**63
    np.testing.assert_array_equal(cm, skm.confusion_matrix(y, y, sample_weight=top))
    unsigned = np.full(3, np.iinfo(np.uint32).max, dtype=np.uint32)
    np.testing.assert_array_equal(metrics.confusion_matrix(y, y, sample_weight=unsigned),
                                  skm.confusion_matrix(y, y, sample_weight=unsigned))


@pytest.mark.parametrize("name", ["accuracy_score", "f1_score", "confusion_matrix", "r2_score",
                                  "mean_absolute_error", "hamming_loss"])
def test_complex_and_non_finite_inputs_are_rejected_as_scikit_learn(name):
    ours, ref = getattr(metrics, name), getattr(skm, name)
    y = np.array([0, 1, 1])
    complex_weight = np.array([1 + 2j, 3 + 4j, 5 + 7j])
    with pytest.raises(ValueError, match="Complex data not supported"):
        ours(y, y, sample_weight=complex_weight)
    with pytest.raises(ValueError, match="Complex data not supported"):
        ref(y, y, sample_weight=complex_weight)
    if name in ("r2_score", "mean_absolute_error"):
        return  # regression inputs name the array in their message (scikit-learn's do not)
    for bad in (np.array([0.0, np.inf, 1.0]), np.array([0.0, np.nan, 1.0])):
        with pytest.raises(ValueError) as our_error:
            ours(y, bad)
        with pytest.raises(ValueError) as ref_error:
            ref(y, bad)
        assert str(our_error.value) == str(ref_error.value)


def test_estimators_reject_complex_sample_weight():
    from syllabus.linear_model import Ridge

    X, y = np.arange(6.0).reshape(3, 2), np.array([0.0, 1.0, 3.0])
    with pytest.raises(ValueError, match="Complex data not supported"):
        Ridge().fit(X, y, sample_weight=np.array([1 + 2j, 3 + 4j, 5 + 7j]))


@pytest.mark.parametrize("name", ["roc_curve", "precision_recall_curve", "accuracy_score"])
def test_bytes_labels_are_refused_as_scikit_learn(name):
    labels, other = np.array([b"a", b"b"]), [0.0, 1.0]
    if name == "accuracy_score":
        other = labels
    for func in (getattr(metrics, name), getattr(skm, name)):
        with pytest.raises(TypeError, match="labels represented as bytes"):
            func(labels, other)
