"""The linear-model demos report the right numbers
(tests/demos/test_all_demos.py runs every demo and checks its claims)."""

import numpy as np
import pytest

from syllabus.demos import all_demos, run_demo

LINEAR_DEMOS = [
    "linear_solvers", "ridge_lasso_paths", "polynomial_degree", "lambda_cv",
    "logistic_breast_cancer", "irls_vs_gd", "softmax_iris", "rbf_regression",
    "kernel_ridge_bandwidth", "bootstrap_band",
]


def test_all_linear_demos_are_registered():
    registered = {d.name: d.topic for d in all_demos()}
    assert all(registered.get(name) == "linear" for name in LINEAR_DEMOS)


def test_linear_solvers_reports_the_seed_000_numbers(tmp_path):
    numbers = run_demo("linear_solvers", tmp_path, fast=True).numbers
    assert numbers["three points theta0"] == round(-2 / 3, 6)
    assert numbers["three points theta1"] == 2.0
    assert numbers["three points MSE"] == round(2 / 9, 6)


def test_logistic_demo_agrees_with_sklearn(tmp_path):
    # Rebuild the demo's split from the same seed and fit scikit-learn's model on it.
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression
    from sklearn.metrics import roc_auc_score

    from syllabus.datasets import load_breast_cancer
    from syllabus.model_selection import train_test_split
    from syllabus.preprocessing import StandardScaler

    result = run_demo("logistic_breast_cancer", tmp_path, seed=5, fast=True)
    data = load_breast_cancer()
    y = 1 - data.target
    split_seed = int(np.random.default_rng(5).integers(2**31))
    X_train, X_test, y_train, y_test = train_test_split(data.data, y, test_size=0.25,
                                                        stratify=y, random_state=split_seed)
    scaler = StandardScaler().fit(X_train)
    ref = SkLogisticRegression(tol=1e-10, max_iter=10_000).fit(scaler.transform(X_train), y_train)
    auc = roc_auc_score(y_test, ref.predict_proba(scaler.transform(X_test))[:, 1])
    assert result.numbers["test AUC (30 features)"] == pytest.approx(round(auc, 4), abs=1e-4)
