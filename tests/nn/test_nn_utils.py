"""nn.utils.clip_grad_norm_ / clip_grad_value_ against torch.nn.utils (float64)."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from syllabus import nn  # noqa: E402
from syllabus.autograd import tensor  # noqa: E402


def _params(rng, scale=1.0, special=None):
    shapes = [(3, 4), (4,), (2, 2, 2)]
    grads = [rng.standard_normal(s) * scale for s in shapes]
    if special is not None:
        grads[1][2] = special
    ours = [tensor(np.zeros(s), requires_grad=True) for s in shapes]
    theirs = [torch.zeros(s, dtype=torch.float64, requires_grad=True) for s in shapes]
    for o, t, g in zip(ours, theirs, grads):
        o.grad, t.grad = g.copy(), torch.tensor(g.copy())
    # a parameter without gradient is skipped by both
    ours.append(tensor(np.zeros(2), requires_grad=True))
    theirs.append(torch.zeros(2, dtype=torch.float64, requires_grad=True))
    return ours, theirs


@pytest.mark.parametrize("norm_type", [1.0, 2.0, 3.5, float("inf")])
@pytest.mark.parametrize(("scale", "max_norm"), [(1.0, 0.5), (1.0, 100.0), (1e-3, 1e-2)])
def test_clip_grad_norm_matches_torch(norm_type, scale, max_norm):
    rng = np.random.default_rng(0)
    ours, theirs = _params(rng, scale)
    total = nn.utils.clip_grad_norm_(ours, max_norm, norm_type=norm_type)
    ref = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type=norm_type)
    np.testing.assert_allclose(total.data, ref.numpy(), rtol=1e-13)
    assert total.dtype == np.float64
    for o, t in zip(ours[:-1], theirs[:-1]):
        np.testing.assert_allclose(o.grad, t.grad.numpy(), rtol=1e-13, atol=1e-300)
    assert ours[-1].grad is None


@pytest.mark.parametrize("special", [np.inf, np.nan])
@pytest.mark.parametrize("norm_type", [2.0, float("inf")])
def test_non_finite_gradients_as_torch(special, norm_type):
    rng = np.random.default_rng(1)
    ours, theirs = _params(rng, special=special)
    with pytest.raises(RuntimeError, match="non-finite"):
        nn.utils.clip_grad_norm_(ours, 1.0, norm_type=norm_type, error_if_nonfinite=True)
    with pytest.raises(RuntimeError, match="non-finite"):
        torch.nn.utils.clip_grad_norm_(theirs, 1.0, norm_type=norm_type, error_if_nonfinite=True)
    total = nn.utils.clip_grad_norm_(ours, 1.0, norm_type=norm_type)
    ref = torch.nn.utils.clip_grad_norm_(theirs, 1.0, norm_type=norm_type)
    np.testing.assert_array_equal(total.data, ref.numpy())
    for o, t in zip(ours[:-1], theirs[:-1]):
        np.testing.assert_array_equal(o.grad, t.grad.numpy())


def test_single_tensor_and_no_gradient():
    p = tensor(np.zeros(3), requires_grad=True)
    assert float(nn.utils.clip_grad_norm_(p, 1.0)) == 0.0
    p.grad = np.array([3.0, 0.0, 4.0])
    total = nn.utils.clip_grad_norm_(p, 1.0)
    assert float(total) == 5.0
    np.testing.assert_allclose(p.grad, np.array([3.0, 0.0, 4.0]) / (5 + 1e-6), rtol=1e-15)


def test_clip_grad_value_matches_torch():
    rng = np.random.default_rng(2)
    ours, theirs = _params(rng, scale=2.0)
    assert nn.utils.clip_grad_value_(ours, 0.7) is None
    torch.nn.utils.clip_grad_value_(theirs, 0.7)
    for o, t in zip(ours[:-1], theirs[:-1]):
        np.testing.assert_array_equal(o.grad, t.grad.numpy())


def test_bad_arguments():
    p = tensor(np.zeros(3), requires_grad=True)
    p.grad = np.ones(3)
    with pytest.raises(ValueError, match="max_norm"):
        nn.utils.clip_grad_norm_([p], -1.0)
    with pytest.raises(ValueError, match="norm_type"):
        nn.utils.clip_grad_norm_([p], 1.0, norm_type=0)
    with pytest.raises(ValueError, match="clip_value"):
        nn.utils.clip_grad_value_([p], float("nan"))
