"""The SVM demos report numbers scikit-learn agrees with (tests/demos/test_all_demos.py runs them all)."""

import numpy as np
import pytest
from sklearn import svm as sk_svm

from syllabus.demos import run_demo
from syllabus.demos._plotting import two_blobs


def test_max_margin_demo_margin_agrees_with_libsvm(tmp_path):
    numbers = run_demo("svm_max_margin", tmp_path, fast=True, seed=0).numbers
    X, y = two_blobs(np.random.default_rng(0), 40, distance=5.0, spread=0.9)
    ref = sk_svm.SVC(kernel="linear", C=1e6, tol=1e-9).fit(X, y)
    assert numbers["margin 2/||w||"] == pytest.approx(2 / np.linalg.norm(ref.coef_[0]), abs=1e-5)
    assert numbers["support vectors"] == ref.support_.size


def test_slack_demo_counts_agree_with_libsvm(tmp_path):
    numbers = run_demo("svm_slack_variables", tmp_path, fast=True, seed=0).numbers
    X, y = two_blobs(np.random.default_rng(0), 100, distance=2.2, spread=1.0)
    ref = sk_svm.SVC(kernel="linear", C=1.0, tol=1e-9).fit(X, y)
    xi = np.maximum(0, 1 - np.where(y == 1, 1, -1) * ref.decision_function(X))
    assert numbers["training errors"] == int(np.sum(ref.predict(X) != y))
    assert numbers["sum of slacks"] == pytest.approx(xi.sum(), abs=1e-3)
    assert numbers["misclassified outside, xi > 2"] == int(np.sum(xi >= 2))
