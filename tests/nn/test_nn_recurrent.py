"""RNN, LSTM and GRU against PyTorch (weights copied, float64, rtol 1e-10) and gradcheck of the steps."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from syllabus import nn  # noqa: E402
from syllabus.autograd import _recurrent as rec  # noqa: E402
from syllabus.autograd import gradcheck, tensor  # noqa: E402

RTOL, ATOL = 1e-10, 1e-12

CONFIGS = [
    {},
    {"num_layers": 2, "batch_first": True},
    {"bidirectional": True},
    {"num_layers": 2, "bidirectional": True, "bias": False},
]


def _pair(name, kwargs):
    ours = getattr(nn, name)(3, 4, **kwargs).double()
    theirs = getattr(torch.nn, name)(3, 4, **kwargs).double()
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert repr(ours) == repr(theirs)
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    return ours, theirs


def _as_list(out):
    values, states = out
    return [values, *(states if isinstance(states, tuple) else (states,))]


@pytest.mark.parametrize("kwargs", CONFIGS + [{"nonlinearity": "relu"}])
@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("with_state", [False, True])
def test_recurrent_layers_match_torch(name, kwargs, with_state):
    if "nonlinearity" in kwargs and name != "RNN":
        pytest.skip("nonlinearity is an RNN option")
    rng = np.random.default_rng(0)
    ours, theirs = _pair(name, kwargs)
    n_dirs = 2 if kwargs.get("bidirectional") else 1
    shape = (2, 5, 3) if kwargs.get("batch_first") else (5, 2, 3)
    x = rng.standard_normal(shape)
    xs, xt = tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    hx_ours = hx_theirs = None
    if with_state:
        states = [rng.standard_normal((kwargs.get("num_layers", 1) * n_dirs, 2, 4))
                  for _ in range(2 if name == "LSTM" else 1)]
        hx_ours = [tensor(s, requires_grad=True) for s in states]
        hx_theirs = [torch.tensor(s, requires_grad=True) for s in states]
        hx_ours = tuple(hx_ours) if name == "LSTM" else hx_ours[0]
        hx_theirs = tuple(hx_theirs) if name == "LSTM" else hx_theirs[0]
    outs, refs = _as_list(ours(xs, hx_ours)), _as_list(theirs(xt, hx_theirs))
    total, ref_total = 0, 0
    for k, (o, r) in enumerate(zip(outs, refs)):
        np.testing.assert_allclose(o.data, r.detach().numpy(), rtol=RTOL, atol=ATOL)
        w = rng.standard_normal(o.shape)
        total = total + (o * w).sum()
        ref_total = ref_total + (r * torch.tensor(w)).sum()
        assert o.shape == tuple(r.shape), k
    total.backward(), ref_total.backward()
    np.testing.assert_allclose(xs.grad, xt.grad.numpy(), rtol=RTOL, atol=ATOL)
    theirs_params = dict(theirs.named_parameters())
    for pname, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, theirs_params[pname].grad.numpy(), rtol=RTOL, atol=ATOL,
                                   err_msg=pname)
    if with_state:
        for s_o, s_t in zip(hx_ours if name == "LSTM" else (hx_ours,),
                            hx_theirs if name == "LSTM" else (hx_theirs,)):
            np.testing.assert_allclose(s_o.grad, s_t.grad.numpy(), rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_unbatched_input_matches_torch(name):
    ours, theirs = _pair(name, {"num_layers": 2})
    x = np.random.default_rng(1).standard_normal((6, 3))
    for o, r in zip(_as_list(ours(x)), _as_list(theirs(torch.tensor(x)))):
        np.testing.assert_allclose(o.data, r.detach().numpy(), rtol=RTOL, atol=ATOL)


def test_recurrent_errors_and_dtype():
    lstm = nn.LSTM(3, 4)
    with pytest.raises(ValueError, match=r"\(5, 2, 2\).*input_size=3"):
        lstm(np.zeros((5, 2, 2)))
    with pytest.raises(ValueError, match=r"expected hidden state of shape \(1, 2, 4\), got \(1, 3, 4\)"):
        nn.GRU(3, 4)(np.zeros((5, 2, 3)), np.zeros((1, 3, 4)))
    with pytest.raises(ValueError, match="nonlinearity"):
        nn.RNN(3, 4, nonlinearity="sigmoid")
    out, (h, c) = lstm(np.zeros((5, 2, 3)))  # float64 data, float32 layer
    assert out.dtype == h.dtype == c.dtype == np.float32
    bound = 1 / np.sqrt(4)
    assert all(np.abs(p.data).max() <= bound for p in lstm.parameters())


@pytest.mark.parametrize("batch", [1, 3])
def test_step_functions_gradcheck(batch):
    rng = np.random.default_rng(2)
    h_size = 3

    def t(*shape):
        return tensor(rng.standard_normal(shape), requires_grad=True)

    assert gradcheck(lambda xi, h, w, b: rec.RNNStep.apply(xi, h, w, b, nonlinearity="tanh"),
                     (t(batch, h_size), t(batch, h_size), t(h_size, h_size), t(h_size)))
    assert gradcheck(lambda xi, h, w, b: rec.RNNStep.apply(xi, h, w, b, nonlinearity="relu"),
                     (t(batch, h_size), t(batch, h_size), t(h_size, h_size), t(h_size)))
    assert gradcheck(lambda xi, h, c, w, b: rec.LSTMStep.apply(xi, h, c, w, b),
                     (t(batch, 4 * h_size), t(batch, h_size), t(batch, h_size), t(4 * h_size, h_size), t(4 * h_size)))
    assert gradcheck(lambda xi, h, w, b: rec.GRUStep.apply(xi, h, w, b),
                     (t(batch, 3 * h_size), t(batch, h_size), t(3 * h_size, h_size), t(3 * h_size)))
    assert gradcheck(lambda x: rec.Unbind.apply(x, axis=1), (t(2, batch, 2),))


def test_long_sequence_backprop_through_time_has_no_recursion_limit():
    rnn = nn.GRU(2, 3)
    out, _ = rnn(np.random.default_rng(3).standard_normal((1500, 1, 2)).astype(np.float32))
    out.sum().backward()
    assert np.all(np.isfinite(rnn.weight_hh_l0.grad))


@pytest.mark.parametrize(("dropout", "training"), [(1.0, True), (0.5, False)])
def test_dropout_between_layers_matches_torch_when_deterministic(dropout, training):
    ours, theirs = _pair("LSTM", {"num_layers": 2, "dropout": dropout})
    ours.train(training), theirs.train(training)
    x = np.random.default_rng(4).standard_normal((4, 2, 3))
    for o, r in zip(_as_list(ours(x)), _as_list(theirs(torch.tensor(x)))):
        np.testing.assert_allclose(o.data, r.detach().numpy(), rtol=RTOL, atol=ATOL)
