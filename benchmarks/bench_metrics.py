"""Metrics on 10^6 samples against scikit-learn."""

from __future__ import annotations

import numpy as np

from benchmarks._harness import case

N = 1_000_000


def _labels(n_classes: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, n_classes, N)
    y_pred = np.where(rng.random(N) < 0.7, y_true, rng.integers(0, n_classes, N))
    return y_true, y_pred


def _binary_scores(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, N)
    return y, rng.normal(size=N) + y


@case("metrics: accuracy_score n=1e6 (5 classes)", reference="scikit-learn", target=1.5)
def _accuracy():
    from sklearn.metrics import accuracy_score as theirs

    from syllabus.metrics import accuracy_score as ours

    y_true, y_pred = _labels(5)
    return (lambda: ours(y_true, y_pred)), (lambda: theirs(y_true, y_pred))


@case("metrics: f1_score macro n=1e6 (5 classes)", reference="scikit-learn", target=1.5)
def _f1_macro():
    from sklearn.metrics import f1_score as theirs

    from syllabus.metrics import f1_score as ours

    y_true, y_pred = _labels(5)
    return ((lambda: ours(y_true, y_pred, average="macro")),
            (lambda: theirs(y_true, y_pred, average="macro")))


@case("metrics: f1_score macro n=1e6 (string labels)", reference="scikit-learn", target=1.5)
def _f1_macro_strings():
    from sklearn.metrics import f1_score as theirs

    from syllabus.metrics import f1_score as ours

    names = np.array(["ant", "bee", "cat", "dog", "eel"])
    y_true, y_pred = (names[y] for y in _labels(5))
    return ((lambda: ours(y_true, y_pred, average="macro")),
            (lambda: theirs(y_true, y_pred, average="macro")))


@case("metrics: confusion_matrix n=1e6 (10 classes, weighted)", reference="scikit-learn",
      target=1.5)
def _confusion_matrix():
    from sklearn.metrics import confusion_matrix as theirs

    from syllabus.metrics import confusion_matrix as ours

    y_true, y_pred = _labels(10)
    weight = np.random.default_rng(1).random(N)
    return ((lambda: ours(y_true, y_pred, sample_weight=weight)),
            (lambda: theirs(y_true, y_pred, sample_weight=weight)))


@case("metrics: roc_auc_score n=1e6", reference="scikit-learn", target=1.5)
def _roc_auc():
    from sklearn.metrics import roc_auc_score as theirs

    from syllabus.metrics import roc_auc_score as ours

    y, scores = _binary_scores()
    return (lambda: ours(y, scores)), (lambda: theirs(y, scores))


@case("metrics: average_precision_score n=1e6", reference="scikit-learn", target=1.5)
def _average_precision():
    from sklearn.metrics import average_precision_score as theirs

    from syllabus.metrics import average_precision_score as ours

    y, scores = _binary_scores()
    return (lambda: ours(y, scores)), (lambda: theirs(y, scores))


@case("metrics: log_loss n=1e6 (5 classes)", reference="scikit-learn", target=1.5)
def _log_loss():
    from sklearn.metrics import log_loss as theirs

    from syllabus.metrics import log_loss as ours

    y_true, _ = _labels(5)
    proba = np.random.default_rng(2).dirichlet(np.ones(5), N)
    return (lambda: ours(y_true, proba)), (lambda: theirs(y_true, proba))


@case("metrics: r2_score n=1e6", reference="scikit-learn", target=1.5)
def _r2():
    from sklearn.metrics import r2_score as theirs

    from syllabus.metrics import r2_score as ours

    rng = np.random.default_rng(3)
    y_true = rng.normal(size=N)
    y_pred = y_true + rng.normal(size=N)
    return (lambda: ours(y_true, y_pred)), (lambda: theirs(y_true, y_pred))
