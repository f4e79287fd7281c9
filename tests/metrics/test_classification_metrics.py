"""Classification metrics against scikit-learn on many random cases, and the seeds' example."""

import warnings

import numpy as np
import pytest
import sklearn.metrics as skm

from syllabus import metrics

SEEDS = range(24)
NAMES = np.array(["ant", "bee", "cat", "dog", "eel"])


def random_case(seed, *, binary=None):
    """Random (y_true, y_pred, sample_weight, labels_kind) with varied classes and weights.

    Predictions copy the truth with probability 0.6, so the confusion matrices have both
    hits and misses; with few samples some classes are never predicted or never true, which
    exercises the zero-division rules.
    """
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 40))
    n_classes = 2 if binary or (binary is None and seed % 3 == 0) else int(rng.integers(3, 6))
    true_index = rng.integers(0, n_classes, n)
    pred_index = np.where(rng.random(n) < 0.6, true_index, rng.integers(0, n_classes, n))
    kind = ["int", "str", "float"][seed % 3]
    if kind == "int":
        y_true, y_pred = true_index - 1, pred_index - 1
    elif kind == "str":
        y_true, y_pred = NAMES[true_index], NAMES[pred_index]
    else:
        y_true, y_pred = true_index * 2.0 + 1, pred_index * 2.0 + 1
    weight_kind = seed % 4
    if weight_kind == 0:
        sample_weight = None
    elif weight_kind == 1:
        sample_weight = rng.random(n) * (rng.random(n) > 0.2)  # some zero weights
        sample_weight[0] = 1.0
    elif weight_kind == 2:
        sample_weight = rng.integers(1, 4, n)
    else:
        sample_weight = rng.exponential(size=n)
    return y_true, y_pred, sample_weight


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("normalize", [True, False])
def test_accuracy_and_zero_one_loss_match_sklearn(compare, seed, normalize):
    y_true, y_pred, sw = random_case(seed)
    for ours, ref in [(metrics.accuracy_score, skm.accuracy_score),
                      (metrics.zero_one_loss, skm.zero_one_loss)]:
        compare(ours, ref, y_true, y_pred, normalize=normalize, sample_weight=sw)


@pytest.mark.parametrize("seed", SEEDS)
def test_confusion_matrix_matches_sklearn(compare, seed):
    y_true, y_pred, sw = random_case(seed)
    present = np.union1d(y_true, y_pred)
    rng = np.random.default_rng(seed)
    label_choices = [None, present[::-1], rng.permutation(present)[: max(1, len(present) - 1)]]
    for labels in label_choices:
        if labels is not None and not np.isin(y_true, labels).any():
            continue
        for normalize in [None, "true", "pred", "all"]:
            cm = compare(metrics.confusion_matrix, skm.confusion_matrix, y_true, y_pred,
                         labels=labels, sample_weight=sw, normalize=normalize)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                reference = skm.confusion_matrix(y_true, y_pred, labels=labels,
                                                 sample_weight=sw, normalize=normalize)
            assert cm.dtype == reference.dtype


def test_confusion_matrix_ignores_unlisted_labels_and_counts_listed_absent_ones():
    y_true = ["a", "b", "c", "a", "c"]
    y_pred = ["a", "c", "c", "b", "z"]
    cm = metrics.confusion_matrix(y_true, y_pred, labels=["c", "a", "q"])
    # rows/cols: c, a, q; the "z" prediction and the "b" samples fall outside.
    np.testing.assert_array_equal(cm, [[1, 0, 0], [0, 1, 0], [0, 0, 0]])
    np.testing.assert_array_equal(
        cm, skm.confusion_matrix(y_true, y_pred, labels=["c", "a", "q"]))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("zero_division", ["warn", 0.0, 1.0, np.nan])
def test_precision_recall_fscore_support_match_sklearn(compare, seed, zero_division):
    y_true, y_pred, sw = random_case(seed)
    averages = [None, "micro", "macro", "weighted"]
    present = np.union1d(y_true, y_pred)
    if len(present) <= 2:
        averages.append("binary")
    for average in averages:
        pos_label = present[-1] if average == "binary" else 1
        for beta in [0.0, 0.5, 1.0, 2.0, np.inf]:
            compare(metrics.precision_recall_fscore_support, skm.precision_recall_fscore_support,
                    y_true, y_pred, beta=beta, average=average, pos_label=pos_label,
                    sample_weight=sw, zero_division=zero_division)
        for ours, ref in [(metrics.precision_score, skm.precision_score),
                          (metrics.recall_score, skm.recall_score),
                          (metrics.f1_score, skm.f1_score)]:
            compare(ours, ref, y_true, y_pred, average=average, pos_label=pos_label,
                    sample_weight=sw, zero_division=zero_division)
        compare(metrics.fbeta_score, skm.fbeta_score, y_true, y_pred, beta=0.5,
                average=average, pos_label=pos_label, sample_weight=sw,
                zero_division=zero_division)


@pytest.mark.parametrize("seed", SEEDS[:8])
def test_precision_recall_with_explicit_labels_match_sklearn(compare, seed):
    y_true, y_pred, sw = random_case(seed, binary=False)
    present = np.union1d(y_true, y_pred)
    absent = {"U": "zzz", "i": 99, "f": 99.0}[present.dtype.kind]
    for labels in [present[:2], present[::-1], np.append(present[1:], absent)]:
        for average in [None, "micro", "macro", "weighted"]:
            compare(metrics.precision_recall_fscore_support, skm.precision_recall_fscore_support,
                    y_true, y_pred, labels=labels, average=average, sample_weight=sw)


@pytest.mark.parametrize("seed", SEEDS[:12])
def test_classification_report_matches_sklearn(compare, seed):
    y_true, y_pred, sw = random_case(seed)
    present = np.union1d(y_true, y_pred)
    # Integer weights keep the text report's supports exact; float ones go to the dict below.
    text_weight = sw if sw is not None and sw.dtype.kind == "i" else None
    for digits in [2, 4]:
        compare(metrics.classification_report, skm.classification_report, y_true, y_pred,
                sample_weight=text_weight, digits=digits, zero_division=0.0)
    names = [f"class {i}" for i in range(len(present))]
    compare(metrics.classification_report, skm.classification_report, y_true, y_pred,
            target_names=names)
    if len(present) > 1:
        compare(metrics.classification_report, skm.classification_report, y_true, y_pred,
                labels=present[1:])  # a label is dropped: "micro avg" instead of "accuracy"
    # Dict output with any weights (weighted supports agree to rounding).
    compare(metrics.classification_report, skm.classification_report, y_true, y_pred,
            sample_weight=sw, output_dict=True, rtol=1e-12)


def test_seed_worked_example_thirty_photographs():
    """Lecture 000: 30 photographs, 19 predicted male (3 wrong), 11 female (1 wrong)."""
    # Male is the positive class: TP = 16, FN = 1, FP = 3, TN = 10.
    y_true = np.array(["male"] * 16 + ["male"] * 1 + ["female"] * 3 + ["female"] * 10)
    y_pred = np.array(["male"] * 16 + ["female"] * 1 + ["male"] * 3 + ["female"] * 10)
    cm = metrics.confusion_matrix(y_true, y_pred, labels=["male", "female"])
    np.testing.assert_array_equal(cm, [[16, 1], [3, 10]])

    accuracy = metrics.accuracy_score(y_true, y_pred)
    precision = metrics.precision_score(y_true, y_pred, pos_label="male")
    recall = metrics.recall_score(y_true, y_pred, pos_label="male")
    f_measure = metrics.f1_score(y_true, y_pred, pos_label="male")
    # The seed's rounded values...
    assert round(accuracy, 3) == 0.867
    assert round(precision, 3) == 0.842
    assert round(recall, 3) == 0.941
    assert round(f_measure, 3) == 0.889
    # ... and the exact fractions behind them.
    assert accuracy == pytest.approx(26 / 30, rel=1e-15)
    assert precision == pytest.approx(16 / 19, rel=1e-15)
    assert recall == pytest.approx(16 / 17, rel=1e-15)
    assert f_measure == pytest.approx(2 * 16 / (2 * 16 + 1 + 3), rel=1e-15)
    # The F-measure is the harmonic mean of the two.
    assert f_measure == pytest.approx(2 * precision * recall / (precision + recall), rel=1e-14)


@pytest.mark.parametrize("seed", SEEDS)
def test_log_loss_matches_sklearn(compare, seed):
    rng = np.random.default_rng(seed)
    y_true, _, sw = random_case(seed)
    classes = np.unique(y_true)
    normalize = bool(seed % 2)
    if len(classes) == 2:
        proba = rng.random(len(y_true))
        proba[: len(proba) // 3] = np.round(proba[: len(proba) // 3])  # exact 0 and 1
        compare(metrics.log_loss, skm.log_loss, y_true, proba, sample_weight=sw,
                normalize=normalize)
    proba = rng.dirichlet(np.ones(len(classes) + 1), len(y_true))
    labels = np.append(classes, {"U": "zzz", "i": 99, "f": 99.0}[classes.dtype.kind])
    compare(metrics.log_loss, skm.log_loss, y_true, proba, labels=labels, sample_weight=sw,
            normalize=normalize)
    if len(classes) > 1:
        proba = rng.dirichlet(np.ones(len(classes)), len(y_true))
        compare(metrics.log_loss, skm.log_loss, y_true, proba, sample_weight=sw)
        compare(metrics.log_loss, skm.log_loss, y_true, proba * 0.9)  # warns: not normalised


def test_log_loss_closed_form():
    y_true = [0, 1, 1]
    proba = np.array([0.2, 0.7, 0.9])
    expected = -(np.log(0.8) + np.log(0.7) + np.log(0.9)) / 3
    assert metrics.log_loss(y_true, proba) == pytest.approx(expected, rel=1e-14)
    with pytest.warns(FutureWarning, match="`y_pred` was renamed to `y_proba`"):  # as sklearn
        assert metrics.log_loss(y_true, y_pred=proba) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("seed", SEEDS)
def test_hinge_loss_matches_sklearn(compare, seed):
    rng = np.random.default_rng(seed)
    y_true, _, sw = random_case(seed)
    sw = None if sw is None else np.asarray(sw, dtype=float)
    classes = np.unique(y_true)
    if len(classes) <= 2:
        decision = rng.normal(size=len(y_true))
        compare(metrics.hinge_loss, skm.hinge_loss, y_true, decision, sample_weight=sw)
    else:
        decision = rng.normal(size=(len(y_true), len(classes)))
        compare(metrics.hinge_loss, skm.hinge_loss, y_true, decision, sample_weight=sw)
        extra = {"U": "zzz", "i": 99, "f": 99.0}[classes.dtype.kind]
        decision = rng.normal(size=(len(y_true), len(classes) + 1))
        compare(metrics.hinge_loss, skm.hinge_loss, y_true, decision,
                labels=np.append(classes, extra), sample_weight=sw)


def test_hinge_loss_closed_form():
    # Binary: margins y f = (-1)(-2) = 2, 1 * 0.5, (-1)(0.3) -> losses 0, 0.5, 1.3
    assert metrics.hinge_loss([0, 1, 0], [-2.0, 0.5, 0.3]) == pytest.approx(1.8 / 3)
    # Crammer-Singer: true score minus the best other score.
    decision = np.array([[2.0, 1.5, 0.0], [0.0, 0.2, 3.0]])
    # sample 1: 1 - (2 - 1.5) = 0.5; sample 2 (true class 1): 1 - (0.2 - 3) = 3.8
    assert metrics.hinge_loss([0, 1], decision, labels=[0, 1, 2]) == pytest.approx(4.3 / 2)


def test_pandas_and_list_inputs_agree_with_arrays():
    pd = pytest.importorskip("pandas")
    y_true, y_pred, _ = random_case(1, binary=False)
    for func in [metrics.accuracy_score, metrics.confusion_matrix]:
        expected = func(y_true, y_pred)
        np.testing.assert_array_equal(func(pd.Series(y_true), pd.Series(y_pred)), expected)
        np.testing.assert_array_equal(func(list(y_true), list(y_pred)), expected)
    assert metrics.f1_score(pd.Series(y_true), y_pred, average="macro") == \
        metrics.f1_score(y_true, y_pred, average="macro")


def test_column_vectors_are_accepted():
    y_true, y_pred, _ = random_case(2)
    assert metrics.accuracy_score(y_true[:, None], y_pred[:, None]) == \
        skm.accuracy_score(y_true, y_pred)


def test_undefined_scores_warn_without_runtime_warning():
    # No predicted positive: precision is 0/0. Only an UndefinedMetricWarning, never a
    # RuntimeWarning (the pytest config turns those into errors).
    with pytest.warns(metrics.UndefinedMetricWarning, match="Precision is ill-defined"):
        assert metrics.precision_score([0, 1, 1], [0, 0, 0]) == 0.0
    assert np.isnan(metrics.precision_score([0, 1, 1], [0, 0, 0], zero_division=np.nan))
    assert metrics.precision_score([0, 1, 1], [0, 0, 0], zero_division=1.0) == 1.0
    cm = metrics.confusion_matrix([0, 0], [0, 0], labels=[0, 1], normalize="true")
    np.testing.assert_array_equal(cm, [[1.0, 0.0], [0.0, 0.0]])


@pytest.mark.parametrize(("y_true", "y_pred"), [
    ([0, 1, 1], [0.0, 1.0, 0.0]),  # int truth, float predictions: labels print as ints
    ([0.0, 1.0, 1.0], [0, 2, 1]),  # a label only in the predictions
    ([-1, -2], [0, -1]),  # no correct prediction at all
    ([True, False], [False, True]),
])
def test_report_labels_and_supports_print_like_sklearn(compare, y_true, y_pred):
    compare(metrics.classification_report, skm.classification_report, y_true, y_pred,
            zero_division=0.0)
    compare(metrics.precision_recall_fscore_support, skm.precision_recall_fscore_support,
            y_true, y_pred, zero_division=0.0)
