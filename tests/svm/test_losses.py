"""Surrogate losses against scikit-learn's SGD losses, PyTorch autograd and closed forms."""

import numpy as np
import pytest
import torch
from sklearn.linear_model import _sgd_fast
from sklearn.metrics import hinge_loss as sk_hinge_loss
from sklearn.metrics import log_loss as sk_log_loss

from syllabus.svm import losses

Z = np.concatenate([np.linspace(-3.0, 3.0, 61) + 0.013, [-0.5, 0.25, 0.75, 1.5]])


def test_hinge_and_squared_hinge_match_sklearn_sgd_losses():
    for z in Z:
        for y in (1.0, -1.0):  # sklearn's loss(p, y) is l(y p); dloss is y l'(y p)
            p = z * y
            assert losses.hinge(z) == pytest.approx(_sgd_fast.Hinge(1.0).py_loss(p, y), abs=1e-15)
            assert losses.squared_hinge(z) == pytest.approx(
                _sgd_fast.SquaredHinge(1.0).py_loss(p, y), rel=1e-14, abs=1e-15)
            assert y * losses.squared_hinge_grad(z) == pytest.approx(
                _sgd_fast.SquaredHinge(1.0).py_dloss(p, y), abs=1e-14)
            if abs(z - 1.0) > 1e-9:
                assert y * losses.hinge_grad(z) == pytest.approx(
                    _sgd_fast.Hinge(1.0).py_dloss(p, y), abs=1e-15)


def test_modified_huber_zhang_variant_matches_sklearn_and_seed_variant_matches_seed():
    for z in Z:
        ref = _sgd_fast.ModifiedHuber()
        assert losses.modified_huber(z, quadratic_start=-1.0) == pytest.approx(
            ref.py_loss(z, 1.0), rel=1e-14, abs=1e-15)
        assert losses.modified_huber_grad(z, quadratic_start=-1.0) == pytest.approx(
            ref.py_dloss(z, 1.0), rel=1e-14, abs=1e-15)
    # Seed 001: -2 y f + 1 for y f <= 0; (y f - 1)^2 for 0 < y f <= 1; 0 otherwise.
    seed = np.where(Z <= 0, -2 * Z + 1, np.where(Z <= 1, (Z - 1) ** 2, 0.0))
    np.testing.assert_allclose(losses.modified_huber(Z), seed, rtol=1e-14, atol=1e-15)
    with pytest.raises(ValueError, match="quadratic_start"):
        losses.modified_huber(Z, quadratic_start=1.0)


def test_binary_losses_match_sklearn_metrics():
    rng = np.random.default_rng(0)
    y = rng.choice([-1, 1], 50)
    f = rng.normal(size=50) * 2
    assert losses.hinge(y * f).mean() == pytest.approx(sk_hinge_loss(y, f), rel=1e-14)
    # log2(1 + e^{-y f}) = -log2 p(y | x) with p(+1 | x) = sigmoid(f)
    p = 1 / (1 + np.exp(-f))
    expected = sk_log_loss(y, p) / np.log(2)
    assert losses.logistic(y * f).mean() == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("name", ["hinge", "squared_hinge", "logistic", "modified_huber",
                                  "exponential", "sigmoid"])
def test_gradients_match_torch_autograd(name):
    z = torch.tensor(Z[np.abs(Z - 1.0) > 1e-6], dtype=torch.float64, requires_grad=True)
    torch_losses = {
        "hinge": lambda t: torch.clamp(1 - t, min=0),
        "squared_hinge": lambda t: torch.clamp(1 - t, min=0) ** 2,
        "logistic": lambda t: torch.nn.functional.softplus(-t) / np.log(2),
        "modified_huber": lambda t: torch.where(t <= 0, 1 - 2 * t, torch.clamp(1 - t, min=0) ** 2),
        "exponential": lambda t: torch.exp(-t),
        "sigmoid": lambda t: 1 - torch.tanh(t),
    }
    out = torch_losses[name](z)
    out.sum().backward()
    loss, grad = losses.MARGIN_LOSSES[name]
    z_np = z.detach().numpy()
    np.testing.assert_allclose(loss(z_np), out.detach().numpy(), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(grad(z_np), z.grad.numpy(), rtol=1e-13, atol=1e-15)


def test_every_surrogate_upper_bounds_zero_one_and_is_one_at_zero():
    zero_one = losses.zero_one(Z)
    np.testing.assert_array_equal(zero_one, (Z <= 0).astype(float))
    np.testing.assert_array_equal(losses.zero_one_grad(Z), 0.0)
    for name, (loss, _) in losses.MARGIN_LOSSES.items():
        assert loss(np.array([0.0]))[0] == pytest.approx(1.0, rel=1e-15), name
        if name != "sigmoid":  # 1 - tanh(z) < 1 for z > 0 but >= 1 = 0-1 for z <= 0
            assert np.all(loss(Z) >= zero_one - 1e-15), name
        assert np.all(losses.sigmoid(Z[Z <= 0]) >= 1.0)


def test_extreme_margins_are_finite_without_warnings():
    z = np.array([-1e300, -800.0, 0.0, 800.0, 1e300])
    for name, (loss, grad) in losses.MARGIN_LOSSES.items():
        assert np.isfinite(loss(z)).all(), name
        assert np.isfinite(grad(z)).all(), name
    np.testing.assert_allclose(losses.logistic(np.array([-800.0])), 800 / np.log(2))
    big = np.finfo(np.float64).max
    assert losses.exponential(np.array([-1e300]))[0] == pytest.approx(big, rel=1e-12)
    assert losses.squared_hinge(np.array([-1e300]))[0] == pytest.approx(big, rel=1e-12)
    assert losses.modified_huber(np.array([-1e300]))[0] == pytest.approx(2e300)


def test_multiclass_hinge_seed_example_and_torch_multi_margin_loss():
    # Seed 001: f = (3, -5, 2.5), true label 0: max(0, -5 - 3 + 1) + max(0, 2.5 - 3 + 1) = 0.5
    assert losses.multiclass_hinge([[3.0, -5.0, 2.5]], [0])[0] == 0.5
    rng = np.random.default_rng(1)
    scores = rng.normal(size=(40, 5))
    y = rng.integers(0, 5, 40)
    t_scores = torch.tensor(scores, requires_grad=True)
    t_loss = torch.nn.MultiMarginLoss(reduction="none")(t_scores, torch.tensor(y))
    # torch divides the seeds' sum by the number of classes C
    np.testing.assert_allclose(losses.multiclass_hinge(scores, y), 5 * t_loss.detach().numpy(),
                               rtol=1e-14)
    (5 * t_loss).sum().backward()
    np.testing.assert_allclose(losses.multiclass_hinge_grad(scores, y), t_scores.grad.numpy(),
                               atol=1e-15)


def test_crammer_singer_hinge_is_the_slack_of_the_multiclass_svm():
    rng = np.random.default_rng(2)
    scores = rng.normal(size=(30, 4))
    y = rng.integers(0, 4, 30)
    # xi_i = max_y (Delta(y_i, y) + f_y - f_{y_i}) with Delta = 1 - 1[y_i = y]
    delta = 1.0 - np.eye(4)[y]
    slack = (delta + scores - scores[np.arange(30), y][:, None]).max(axis=1)
    np.testing.assert_allclose(losses.multiclass_hinge(scores, y, aggregate="max"), slack)
    t_scores = torch.tensor(scores, requires_grad=True)
    t_y = torch.tensor(y)
    t_delta = 1.0 - torch.nn.functional.one_hot(t_y, 4).double()
    t_slack = (t_delta + t_scores - t_scores.gather(1, t_y[:, None])).max(dim=1).values
    t_slack.sum().backward()
    np.testing.assert_allclose(losses.multiclass_hinge_grad(scores, y, aggregate="max"),
                               t_scores.grad.numpy(), atol=1e-15)


def test_multiclass_hinge_bad_input():
    with pytest.raises(ValueError, match="2-D"):
        losses.multiclass_hinge([1.0, 2.0], [0])
    with pytest.raises(ValueError, match="class indices"):
        losses.multiclass_hinge([[1.0, 2.0]], [2])
    with pytest.raises(ValueError, match="aggregate"):
        losses.multiclass_hinge([[1.0, 2.0]], [1], aggregate="mean")
