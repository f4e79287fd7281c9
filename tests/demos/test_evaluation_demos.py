"""The evaluation demos report the right numbers
(tests/demos/test_all_demos.py runs every demo and checks its claims)."""

import numpy as np
import pytest
import sklearn.metrics as skm

from syllabus.demos import run_demo


def test_confusion_matrix_demo_reports_the_lecture_numbers(tmp_path):
    numbers = run_demo("confusion_matrix", tmp_path, fast=True).numbers
    assert [numbers[k] for k in ("TP", "FN", "FP", "TN")] == [16, 1, 3, 10]
    assert numbers["accuracy"] == round(26 / 30, 4)
    assert numbers["precision"] == round(16 / 19, 4)
    assert numbers["recall"] == round(16 / 17, 4)
    assert numbers["F-measure"] == round(32 / 36, 4)


def test_roc_auc_demo_numbers_agree_with_sklearn(tmp_path):
    # Rebuild the demo's data from the same seed and compare its AUC with scikit-learn's.
    result = run_demo("roc_auc", tmp_path, seed=3, fast=True)
    rng = np.random.default_rng(3)
    y = (rng.random(400) < 0.3).astype(int)
    scores = rng.normal(size=400) + 1.5 * y
    assert result.numbers["auc"] == pytest.approx(skm.roc_auc_score(y, scores), rel=1e-12)
    assert result.numbers["average_precision"] == pytest.approx(
        skm.average_precision_score(y, scores), rel=1e-12)
