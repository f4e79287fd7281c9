"""Truncated BPTT: the state is carried across chunks, and the gradient reaches exactly k steps back."""

import numpy as np
import pytest

from syllabus import nn, optim
from syllabus.autograd import no_grad, tensor
from syllabus.train import truncated_bptt


def _model(cell):
    layer = getattr(nn, cell)(2, 3, batch_first=True).double()

    def model(x, state):
        return layer(x, state)

    return layer, model


def _weighted_sum(out, w):
    return (out * tensor(np.asarray(w))).sum()


@pytest.mark.parametrize("cell", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize(("n_steps", "k"), [(12, 4), (12, 12), (10, 3)])
def test_gradient_reaches_exactly_k_steps_back(cell, n_steps, k):
    rng = np.random.default_rng(0)
    layer, model = _model(cell)
    x = tensor(rng.standard_normal((2, n_steps, 2)), requires_grad=True)
    w = np.zeros((2, n_steps, 3))
    w[:, -1] = rng.standard_normal((2, 3))  # the loss sees only the last step
    opt = optim.SGD(layer.parameters(), lr=0.0)
    truncated_bptt(model, _weighted_sum, opt, x, w, k)
    reached = np.abs(x.grad).sum(axis=(0, 2)) > 0
    last_chunk = n_steps - ((n_steps - 1) % k + 1)  # first step of the last chunk
    np.testing.assert_array_equal(reached, np.arange(n_steps) >= last_chunk)

    # and the parameter gradient is that of the last chunk started from the carried state
    with no_grad():
        _, state = layer(x.data[:, :last_chunk]) if last_chunk else (None, None)
    layer.zero_grad()
    out, _ = layer(x.data[:, last_chunk:], state)
    _weighted_sum(out, w[:, last_chunk:]).backward()
    ref = {n: p.grad.copy() for n, p in layer.named_parameters()}
    layer.zero_grad()
    truncated_bptt(model, _weighted_sum, opt, x.data, w, k)
    for name, p in layer.named_parameters():
        np.testing.assert_allclose(p.grad, ref[name], rtol=1e-12, atol=1e-15, err_msg=name)


def test_state_is_carried_across_chunks():
    """With lr = 0 the chunked forward is the full forward: each chunk starts where the last ended."""
    rng = np.random.default_rng(1)
    layer, model = _model("LSTM")
    x = rng.standard_normal((3, 11, 2))
    seen = []

    def loss(out, target):
        seen.append(out.data.copy())
        return (out * 0).sum()

    result = truncated_bptt(model, loss, optim.SGD(layer.parameters(), lr=0.0), x,
                            np.zeros((3, 11)), 4)
    full, (h, c) = layer(x)
    np.testing.assert_allclose(np.concatenate(seen, axis=1), full.data, rtol=1e-13)
    np.testing.assert_allclose(result.state[0].data, h.data, rtol=1e-13)
    assert result.state[0].requires_grad is False and len(result.chunk_losses) == 3


def test_clipping_bounds_each_chunk_update():
    rng = np.random.default_rng(2)
    layer, model = _model("RNN")
    x = rng.standard_normal((2, 8, 2)) * 100
    before = {n: p.data.copy() for n, p in layer.named_parameters()}
    result = truncated_bptt(model, lambda o, t: (o * tensor(t)).sum() * 1e3,
                            optim.SGD(layer.parameters(), lr=1.0), x, rng.standard_normal((2, 8, 3)),
                            8, max_norm=0.5)
    step = np.sqrt(sum(((p.data - before[n]) ** 2).sum() for n, p in layer.named_parameters()))
    assert result.grad_norms[0] > 0.5
    assert step == pytest.approx(0.5, rel=1e-5)


def test_errors():
    layer, model = _model("GRU")
    opt = optim.SGD(layer.parameters(), lr=0.1)
    with pytest.raises(ValueError, match="truncation length"):
        truncated_bptt(model, _weighted_sum, opt, np.zeros((1, 4, 2)), np.zeros((1, 4, 3)), 0)
    with pytest.raises(ValueError, match="share their first two axes"):
        truncated_bptt(model, _weighted_sum, opt, np.zeros((1, 4, 2)), np.zeros((1, 5, 3)), 2)
    with pytest.raises(ValueError, match="max_norm"):
        truncated_bptt(model, _weighted_sum, opt, np.zeros((1, 4, 2)), np.zeros((1, 4, 3)), 2,
                       max_norm=-1)
