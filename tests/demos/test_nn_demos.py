"""The neural-network and optimisation demos are registered and report the right numbers
(tests/demos/test_all_demos.py runs every demo and checks its claims)."""

import numpy as np
import pytest

from syllabus.demos import all_demos, run_demo

DEMOS = [
    "optimiser_trajectories",
    "adagrad_vs_gd",
    "learning_rate_choice",
    "xor_hidden_layer",
    "universal_approximation",
    "mlp_decision_regions",
    "weight_initialisation",
    "vanishing_gradients",
    "batch_norm_convergence",
    "dropout_regularisation",
    "early_stopping",
    "gradient_check",
    "mlp_digits",
    "lr_schedules",
]


def test_all_nn_demos_are_registered():
    registered = {d.name: d.topic for d in all_demos()}
    assert all(registered.get(name) in ("neural-networks", "optimisation") for name in DEMOS)


def test_learning_rate_demo_limit_matches_numpy(tmp_path):
    # The stability limit is 2 / lambda_max of the lecture's Hessian 2 X^T X on the demo's x.
    x = np.linspace(0.0, 1.0, 4)
    X = np.column_stack([np.ones_like(x), x])
    lam = np.linalg.eigvalsh(2 * X.T @ X)
    numbers = run_demo("learning_rate_choice", tmp_path, fast=True).numbers
    assert numbers["stability limit 2 / lambda_max"] == pytest.approx(2 / lam[-1], rel=1e-12)
    assert numbers["best fixed rate eta* = 2 / (lambda_max + lambda_min)"] == pytest.approx(2 / (lam[0] + lam[-1]), rel=1e-12)
