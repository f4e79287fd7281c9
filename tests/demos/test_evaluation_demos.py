"""The evaluation demos run (fast), pass their checks, and report the right numbers."""

import numpy as np
import pytest
import sklearn.metrics as skm

from syllabus.demos import run_demo


@pytest.mark.parametrize("name", ["confusion_matrix", "roc_auc"])
def test_demo_runs_and_its_checks_pass(name, tmp_path):
    result = run_demo(name, tmp_path, fast=True)
    assert result.error is None, result.error
    assert result.checks, "a demo must make checkable claims"
    failed = [c for c in result.checks if not c.passed]
    assert not failed, failed
    assert result.figures and all(p.exists() and p.stat().st_size > 0 for p in result.figures)


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
