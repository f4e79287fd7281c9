"""The fits of model selection run on a Dask cluster through joblib, with the serial results."""

import joblib
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.linear_model import Ridge

from syllabus.model_selection import (
    GridSearchCV,
    KFold,
    bias_variance_decomposition,
    bootstrap_confidence_interval,
    cross_validate,
)

distributed = pytest.importorskip("dask.distributed")

def _data():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(40, 3))
    Y = X @ [1.0, -1.0, 0.5] + 0.4 * rng.normal(size=40)
    return X, Y


X, Y = _data()


@pytest.fixture(scope="module")
def client():
    # In-process workers talking TCP on the loopback interface: fast to start, and nothing
    # leaves the machine.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  protocol="tcp", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        with distributed.Client(cluster) as dask_client:
            yield dask_client


def _on_dask(client, run):
    """Result of ``run()`` under the Dask backend, and the number of tasks Dask ran."""
    with distributed.get_task_stream(client) as stream:
        with joblib.parallel_config(backend="dask"):
            result = run()
    return result, len(stream.data)


def test_grid_search_on_dask_equals_serial(client):
    def search(n_jobs):
        return GridSearchCV(Ridge(), {"alpha": [0.1, 1.0, 10.0]}, cv=KFold(4), n_jobs=n_jobs,
                            return_train_score=True).fit(X, Y)

    serial = search(None)
    on_dask, n_tasks = _on_dask(client, lambda: search(-1))
    assert n_tasks > 0  # the fits really ran on the cluster
    for key, value in serial.cv_results_.items():
        if key.startswith(("split", "mean_test", "std_test", "mean_train", "std_train", "rank")):
            assert_array_equal(on_dask.cv_results_[key], value, err_msg=key)
    assert on_dask.best_params_ == serial.best_params_
    assert_array_equal(on_dask.best_estimator_.coef_, serial.best_estimator_.coef_)


def test_cross_validate_and_resampling_on_dask_equal_serial(client):
    serial = cross_validate(Ridge(), X, Y, cv=5, scoring="neg_mean_squared_error")
    on_dask, n_tasks = _on_dask(
        client, lambda: cross_validate(Ridge(), X, Y, cv=5, scoring="neg_mean_squared_error",
                                       n_jobs=-1))
    assert n_tasks > 0
    assert_array_equal(on_dask["test_score"], serial["test_score"])

    band = bootstrap_confidence_interval(Ridge(), X, Y, X[:5], n_bootstraps=12, random_state=0)
    band_dask, _ = _on_dask(client, lambda: bootstrap_confidence_interval(
        Ridge(), X, Y, X[:5], n_bootstraps=12, random_state=0, n_jobs=-1))
    assert_allclose(band_dask, band, rtol=0, atol=0)

    decomposition = bias_variance_decomposition(Ridge(), X, Y, X[:8], Y[:8], loss="mse",
                                                num_rounds=12, random_state=0)
    decomposition_dask, _ = _on_dask(client, lambda: bias_variance_decomposition(
        Ridge(), X, Y, X[:8], Y[:8], loss="mse", num_rounds=12, random_state=0, n_jobs=-1))
    assert decomposition_dask == decomposition
