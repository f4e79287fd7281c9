"""Regression metrics against scikit-learn and their closed forms."""

import numpy as np
import pytest
import sklearn.metrics as skm

from syllabus import metrics

FUNCS = [
    (metrics.mean_squared_error, skm.mean_squared_error),
    (metrics.mean_absolute_error, skm.mean_absolute_error),
    (metrics.root_mean_squared_error, skm.root_mean_squared_error),
    (metrics.r2_score, skm.r2_score),
]


def random_regression(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 50))
    n_outputs = [1, 1, 3][seed % 3]
    y_true = rng.normal(size=(n, n_outputs)) * rng.uniform(0.1, 10, n_outputs)
    y_pred = y_true + rng.normal(size=(n, n_outputs))
    if n_outputs == 1:
        y_true, y_pred = y_true.ravel(), y_pred.ravel()
    sample_weight = [None, rng.random(n), rng.integers(0, 3, n) + (np.arange(n) == 0)][seed % 3]
    return y_true, y_pred, sample_weight


@pytest.mark.parametrize("seed", range(18))
def test_regression_metrics_match_sklearn(compare, seed):
    y_true, y_pred, sw = random_regression(seed)
    n_outputs = 1 if y_true.ndim == 1 else y_true.shape[1]
    multioutputs = ["raw_values", "uniform_average"]
    if n_outputs > 1:
        multioutputs.append(np.random.default_rng(seed).random(n_outputs))
    for ours, ref in FUNCS:
        for multioutput in multioutputs:
            compare(ours, ref, y_true, y_pred, sample_weight=sw, multioutput=multioutput,
                    rtol=1e-12)
    compare(metrics.r2_score, skm.r2_score, y_true, y_pred, sample_weight=sw,
            multioutput="variance_weighted", rtol=1e-12)


def test_closed_forms():
    y_true = np.array([3.0, -0.5, 2.0, 7.0])
    y_pred = np.array([2.5, 0.0, 2.0, 8.0])
    assert metrics.mean_squared_error(y_true, y_pred) == pytest.approx((0.25 + 0.25 + 1) / 4)
    assert metrics.mean_absolute_error(y_true, y_pred) == pytest.approx(2.0 / 4)
    assert metrics.root_mean_squared_error(y_true, y_pred) == pytest.approx(np.sqrt(1.5 / 4))
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    assert metrics.r2_score(y_true, y_pred) == pytest.approx(1 - ss_res / ss_tot, rel=1e-14)
    # The mean predictor scores 0, a perfect one 1.
    assert metrics.r2_score(y_true, np.full(4, y_true.mean())) == pytest.approx(0.0, abs=1e-15)
    assert metrics.r2_score(y_true, y_true) == 1.0


@pytest.mark.parametrize("force_finite", [True, False])
def test_constant_targets_match_sklearn_without_runtime_warning(compare, force_finite):
    # Columns: constant and perfectly predicted (0/0), constant and missed (x/0), ordinary.
    y_true = np.array([[1.0, 2.0, 0.0], [1.0, 2.0, 1.0], [1.0, 2.0, 3.0]])
    y_pred = np.array([[1.0, 2.5, 0.1], [1.0, 2.0, 1.2], [1.0, 2.0, 2.5]])
    for multioutput in ["raw_values", "uniform_average", "variance_weighted"]:
        compare(metrics.r2_score, skm.r2_score, y_true, y_pred, multioutput=multioutput,
                force_finite=force_finite)
    compare(metrics.r2_score, skm.r2_score, y_true[:, :2], y_pred[:, :2],
            multioutput="variance_weighted", force_finite=force_finite)


def test_r2_with_one_sample_warns_and_is_nan(compare):
    compare(metrics.r2_score, skm.r2_score, [1.0], [2.0])
