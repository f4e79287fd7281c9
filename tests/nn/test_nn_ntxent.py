"""NT-Xent (SimCLR's contrastive loss): not a PyTorch layer, so checked against the formula
written directly in NumPy and against the same formula written in PyTorch (float64, forward
and gradients), plus finite differences."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from syllabus import nn  # noqa: E402
from syllabus.autograd import gradcheck, tensor  # noqa: E402
from syllabus.nn import functional as F  # noqa: E402


def _numpy_nt_xent(z1, z2, tau):
    """Per-view losses, the formula term by term: l_i = -s_ip + log sum_{k != i} exp(s_ik)."""
    z = np.concatenate([z1, z2])
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    n2 = len(z)
    losses = np.empty(n2)
    for i in range(n2):
        p = (i + n2 // 2) % n2
        s = np.array([z[i] @ z[k] / tau for k in range(n2)])
        others = [k for k in range(n2) if k != i]
        m = s[others].max()
        losses[i] = -s[p] + m + np.log(np.sum(np.exp(s[others] - m)))
    return losses


def _torch_nt_xent(z1, z2, tau, reduction="mean"):
    n = z1.shape[0]
    z = torch.nn.functional.normalize(torch.cat([z1, z2]), dim=1)
    sim = (z @ z.T / tau).masked_fill(torch.eye(2 * n, dtype=torch.bool), float("-inf"))
    partner = torch.cat([torch.arange(n, 2 * n), torch.arange(n)])
    return torch.nn.functional.cross_entropy(sim, partner, reduction=reduction)


@pytest.mark.parametrize("tau", [0.07, 0.5, 2.0])
@pytest.mark.parametrize("n", [1, 2, 7])
def test_nt_xent_matches_the_formula_in_numpy(tau, n):
    rng = np.random.default_rng(n)
    z1, z2 = rng.standard_normal((n, 5)), rng.standard_normal((n, 5))
    expected = _numpy_nt_xent(z1, z2, tau)
    np.testing.assert_allclose(F.nt_xent_loss(z1, z2, tau, reduction="none").data, expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(F.nt_xent_loss(z1, z2, tau).item(), expected.mean(), rtol=1e-12)
    np.testing.assert_allclose(nn.NTXentLoss(tau, reduction="sum")(z1, z2).item(), expected.sum(), rtol=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("tau", [0.1, 1.0])
def test_nt_xent_matches_a_torch_reimplementation(compare_with_torch, reduction, tau):
    rng = np.random.default_rng(3)
    z1, z2 = rng.standard_normal((6, 4)), rng.standard_normal((6, 4)) * 3.0
    compare_with_torch(lambda a, b: nn.NTXentLoss(tau, reduction)(a, b),
                       lambda a, b: _torch_nt_xent(a, b, tau, reduction), [z1, z2], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("reduction", ["none", "mean", "sum"])
def test_nt_xent_gradcheck(reduction):
    rng = np.random.default_rng(4)
    z1 = tensor(rng.standard_normal((5, 3)), requires_grad=True)
    z2 = tensor(rng.standard_normal((5, 3)), requires_grad=True)
    assert gradcheck(lambda a, b: F.nt_xent_loss(a, b, 0.3, reduction=reduction), [z1, z2], eps=1e-6, atol=1e-8, rtol=1e-6)


def test_nt_xent_clipped_norm_matches_torch(compare_with_torch):
    # a zero row: its norm is clipped to 1e-12 (a constant, as in F.normalize), gradients included
    rng = np.random.default_rng(6)
    z1, z2 = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    z1[2] = 0.0
    compare_with_torch(lambda a, b: F.nt_xent_loss(a, b, 0.5, reduction="none"),
                       lambda a, b: _torch_nt_xent(a, b, 0.5, reduction="none"), [z1, z2], rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "none"])
def test_nt_xent_float32_stays_float32_and_matches_torch(reduction):
    rng = np.random.default_rng(8)
    a, b = (rng.standard_normal((16, 8)).astype(np.float32) for _ in range(2))
    z1, z2 = tensor(a, requires_grad=True), tensor(b, requires_grad=True)
    t1, t2 = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    out, ref = F.nt_xent_loss(z1, z2, 0.2, reduction), _torch_nt_xent(t1, t2, 0.2, reduction)
    v = rng.standard_normal(out.shape).astype(np.float32)
    out.backward(v)
    ref.backward(torch.tensor(v))
    assert out.dtype == z1.grad.dtype == z2.grad.dtype == np.float32
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(z1.grad, t1.grad.numpy(), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(z2.grad, t2.grad.numpy(), rtol=1e-4, atol=1e-6)


def test_nt_xent_closed_forms():
    # identical orthonormal views, N = 2 at temperature 1: log(1 + 2/e) for every view
    z = np.eye(2)
    np.testing.assert_allclose(F.nt_xent_loss(z, z, 1.0).item(), np.log(1 + 2 / np.e), rtol=1e-14)
    # scale invariance (embeddings are normalised) and the lower bound as tau -> 0 on aligned views
    rng = np.random.default_rng(5)
    a, b = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    np.testing.assert_allclose(F.nt_xent_loss(a * 7.0, b * 0.01, 0.5).item(), F.nt_xent_loss(a, b, 0.5).item(), rtol=1e-12)
    q = np.linalg.qr(rng.standard_normal((4, 4)))[0]
    assert F.nt_xent_loss(q, q, 0.01).item() < 1e-30  # the partner is the only similar view
    # extreme but valid: zero vectors give finite values (the norm is clipped as F.normalize)
    assert np.isfinite(F.nt_xent_loss(np.zeros((3, 2)), np.ones((3, 2)), 0.05).item())


def test_nt_xent_rejects_bad_input():
    z = np.ones((3, 2))
    with pytest.raises(ValueError, match="temperature"):
        F.nt_xent_loss(z, z, 0.0)
    with pytest.raises(ValueError, match="temperature"):
        F.nt_xent_loss(z, z, float("inf"))
    with pytest.raises(ValueError, match="temperature"):
        nn.NTXentLoss(temperature=-1.0)
    with pytest.raises(ValueError, match="must both be"):
        F.nt_xent_loss(z, np.ones((4, 2)), 0.5)
    with pytest.raises(ValueError, match="must both be"):
        F.nt_xent_loss(np.ones(3), np.ones(3), 0.5)
    with pytest.raises(ValueError, match="NaN"):
        F.nt_xent_loss(z, np.full((3, 2), np.nan), 0.5)
    with pytest.raises(ValueError, match="reduction"):
        F.nt_xent_loss(z, z, 0.5, reduction="batchmean")
