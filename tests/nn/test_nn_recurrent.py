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


@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("with_lengths", [False, True])
@pytest.mark.parametrize(("cell", "nonlinearity"),
                         [("rnn", "tanh"), ("rnn", "relu"), ("lstm", "tanh"), ("gru", "tanh")])
def test_recurrence_gradcheck(cell, nonlinearity, with_lengths, reverse):
    rng = np.random.default_rng(2)
    h_size, n_steps, batch = 3, 4, 3
    gates = {"rnn": 1, "lstm": 4, "gru": 3}[cell] * h_size
    lengths = np.array([4, 1, 3]) if with_lengths else None

    def t(*shape):
        return tensor(rng.standard_normal(shape), requires_grad=True)

    inputs = [t(n_steps, batch, gates), t(batch, h_size), t(batch, h_size) if cell == "lstm" else None,
              t(gates, h_size), t(gates)]

    def fn(xp, h0, c0, w, b):
        return rec.Recurrence.apply(xp, h0, c0, w, b, cell=cell, nonlinearity=nonlinearity,
                                    lengths=lengths, reverse=reverse)

    assert gradcheck(fn, inputs)


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


def _compare_outputs_and_grads(rng, outs, refs, inputs, ref_inputs, ours, theirs):
    """Outputs equal; then the gradients of sum_k <w_k, out_k> (random w_k) for the inputs
    and every parameter equal."""
    total, ref_total = 0, 0
    for o, r in zip(outs, refs):
        np.testing.assert_allclose(o.data, r.detach().numpy(), rtol=RTOL, atol=ATOL)
        w = rng.standard_normal(o.shape)
        total, ref_total = total + (o * w).sum(), ref_total + (r * torch.tensor(w)).sum()
    total.backward(), ref_total.backward()
    for a, b in zip(inputs, ref_inputs):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=RTOL, atol=ATOL)
    ref = dict(theirs.named_parameters())
    for pname, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, ref[pname].grad.numpy(), rtol=RTOL, atol=ATOL, err_msg=pname)


# ---- cells ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "kwargs"), [("RNNCell", {}), ("RNNCell", {"nonlinearity": "relu"}),
                                              ("RNNCell", {"bias": False}), ("LSTMCell", {}),
                                              ("LSTMCell", {"bias": False}), ("GRUCell", {})])
@pytest.mark.parametrize("batched", [True, False])
def test_cells_match_torch(name, kwargs, batched):
    rng = np.random.default_rng(5)
    ours, theirs = _pair(name, kwargs)
    lead = (2,) if batched else ()
    x = rng.standard_normal((*lead, 3))
    states = [rng.standard_normal((*lead, 4)) for _ in range(2 if name == "LSTMCell" else 1)]
    xs, xt = tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    so = [tensor(s, requires_grad=True) for s in states]
    st = [torch.tensor(s, requires_grad=True) for s in states]
    out_o = ours(xs, tuple(so) if name == "LSTMCell" else so[0])
    out_t = theirs(xt, tuple(st) if name == "LSTMCell" else st[0])
    out_o = out_o if isinstance(out_o, tuple) else (out_o,)
    out_t = out_t if isinstance(out_t, tuple) else (out_t,)
    _compare_outputs_and_grads(rng, out_o, out_t, [xs, *so], [xt, *st], ours, theirs)


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_cell_unrolled_equals_sequence_layer(name):
    """The cell stepped by hand over a sequence gives the sequence layer's outputs."""
    rng = np.random.default_rng(6)
    layer = getattr(nn, name)(3, 4).double()
    cell = getattr(nn, name + "Cell")(3, 4).double()
    cell.load_state_dict({k[:-3]: v for k, v in layer.state_dict().items()})
    x = rng.standard_normal((6, 2, 3))
    out, _ = layer(x)
    state = None
    for t in range(6):
        state = cell(x[t], state)
        h = state[0] if name == "LSTM" else state
        np.testing.assert_allclose(h.data, out.data[t], rtol=1e-12, atol=1e-14)


def test_cell_errors():
    cell = nn.LSTMCell(3, 4)
    with pytest.raises(ValueError, match=r"expected input of shape \(N, 3\)"):
        cell(np.zeros((2, 5)))
    with pytest.raises(ValueError, match="expected 2 state"):
        cell(np.zeros((2, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"hidden state of shape \(2, 4\), got \(3, 4\)"):
        nn.GRUCell(3, 4)(np.zeros((2, 3)), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="nonlinearity"):
        nn.RNNCell(3, 4, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match="hidden_size must be a positive integer"):
        nn.GRUCell(3, 0)


# ---- variable-length batches ----------------------------------------------------------------
def _padded_batch(rng, name, kwargs):
    """Twin layers, a padded batch of 4 sequences of 6 steps and random initial states, as
    leaf tensors of both libraries: ``ours, theirs, xs, xt, states_ours, states_theirs``."""
    ours, theirs = _pair(name, kwargs)
    x = rng.standard_normal((4, 6, 3) if kwargs.get("batch_first") else (6, 4, 3))
    layers = kwargs.get("num_layers", 1) * (2 if kwargs.get("bidirectional") else 1)
    states = [rng.standard_normal((layers, 4, 4)) for _ in range(2 if name == "LSTM" else 1)]
    return (ours, theirs, tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True),
            [tensor(s, requires_grad=True) for s in states],
            [torch.tensor(s, requires_grad=True) for s in states])


@pytest.mark.parametrize("kwargs", [{}, {"bidirectional": True, "num_layers": 2},
                                    {"batch_first": True}])
@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_lengths_match_torch_packed_sequences(name, kwargs):
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    rng = np.random.default_rng(7)
    ours, theirs, xs, xt, so, st = _padded_batch(rng, name, kwargs)
    batch_first, n_states = kwargs.get("batch_first", False), len(so)
    lengths = np.array([3, 6, 1, 6])
    out_o, fin_o = ours(xs, tuple(so) if n_states == 2 else so[0], lengths=lengths)
    packed = pack_padded_sequence(xt, torch.tensor(lengths), batch_first=batch_first,
                                  enforce_sorted=False)
    out_t, fin_t = theirs(packed, tuple(st) if n_states == 2 else st[0])
    out_t, _ = pad_packed_sequence(out_t, batch_first=batch_first, total_length=6)
    outs = [out_o, *(fin_o if n_states == 2 else (fin_o,))]
    refs = [out_t, *(fin_t if n_states == 2 else (fin_t,))]
    _compare_outputs_and_grads(rng, outs, refs, [xs, *so], [xt, *st], ours, theirs)


def test_sequence_errors():
    gru = nn.GRU(3, 4)
    with pytest.raises(ValueError, match="sequence is empty"):
        gru(np.zeros((0, 2, 3)))
    with pytest.raises(ValueError, match="batch is empty"):
        gru(np.zeros((5, 0, 3)))
    with pytest.raises(ValueError, match="expected a 2D"):
        gru(np.zeros((5, 2, 3, 1)))
    with pytest.raises(ValueError, match=r"every length must be in \[1, 5\]"):
        gru(np.zeros((5, 2, 3)), lengths=[0, 5])
    with pytest.raises(ValueError, match=r"every length must be in \[1, 5\]"):
        gru(np.zeros((5, 2, 3)), lengths=[6, 5])
    with pytest.raises(ValueError, match="lengths must be 2 integers"):
        gru(np.zeros((5, 2, 3)), lengths=[5, 5, 5])
    with pytest.raises(ValueError, match="expected 2 initial state"):
        nn.LSTM(3, 4)(np.zeros((5, 2, 3)), np.zeros((1, 2, 4)))
    with pytest.raises(ValueError, match=r"expected hidden state of shape \(1, 4\)"):
        nn.RNN(3, 4)(np.zeros((5, 3)), np.zeros((1, 2, 4)))


# ---- PackedSequence ---------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs", [{}, {"bidirectional": True, "num_layers": 2},
                                    {"batch_first": True}])
@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
@pytest.mark.parametrize("enforce_sorted", [True, False])
def test_packed_sequence_matches_torch(name, kwargs, enforce_sorted):
    """pack_padded_sequence -> layer -> PackedSequence output: data, batch_sizes, indices,
    final states and every gradient (input, h0/c0, parameters) equal PyTorch's."""
    from torch.nn.utils.rnn import pack_padded_sequence as torch_pack
    from torch.nn.utils.rnn import pad_packed_sequence as torch_pad

    from syllabus.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence

    rng = np.random.default_rng(11)
    ours, theirs, xs, xt, so, st = _padded_batch(rng, name, kwargs)
    batch_first, n_states = kwargs.get("batch_first", False), len(so)
    lengths = np.array([6, 6, 3, 1]) if enforce_sorted else np.array([3, 6, 1, 6])
    packed_o = pack_padded_sequence(xs, lengths, batch_first=batch_first, enforce_sorted=enforce_sorted)
    packed_t = torch_pack(xt, torch.tensor(lengths), batch_first=batch_first,
                          enforce_sorted=enforce_sorted)
    np.testing.assert_array_equal(packed_o.batch_sizes, packed_t.batch_sizes.numpy())
    for mine, ref in zip(packed_o[2:], packed_t[2:]):
        assert (mine is None) == (ref is None)
        if ref is not None:
            np.testing.assert_array_equal(mine, ref.numpy())
    out_o, fin_o = ours(packed_o, tuple(so) if n_states == 2 else so[0])
    out_t, fin_t = theirs(packed_t, tuple(st) if n_states == 2 else st[0])
    assert isinstance(out_o, PackedSequence)
    np.testing.assert_array_equal(out_o.batch_sizes, out_t.batch_sizes.numpy())
    pad_o, len_o = pad_packed_sequence(out_o, batch_first=batch_first, padding_value=-2.0)
    pad_t, len_t = torch_pad(out_t, batch_first=batch_first, padding_value=-2.0)
    np.testing.assert_array_equal(len_o, len_t.numpy())
    outs = [out_o.data, pad_o, *(fin_o if n_states == 2 else (fin_o,))]
    refs = [out_t.data, pad_t, *(fin_t if n_states == 2 else (fin_t,))]
    _compare_outputs_and_grads(rng, outs, refs, [xs, *so], [xt, *st], ours, theirs)


def test_pack_pad_round_trip_and_errors():
    from torch.nn.utils.rnn import pack_padded_sequence as torch_pack
    from torch.nn.utils.rnn import pad_packed_sequence as torch_pad

    from syllabus.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    rng = np.random.default_rng(12)
    x = rng.standard_normal((5, 3, 2))
    lengths = np.array([2, 5, 4])
    packed = pack_padded_sequence(x, lengths, enforce_sorted=False)
    ref = torch_pack(torch.tensor(x), torch.tensor(lengths), enforce_sorted=False)
    np.testing.assert_array_equal(packed.data.numpy(), ref.data.numpy())
    padded, got = pad_packed_sequence(packed, total_length=7)
    ref_padded, ref_lengths = torch_pad(ref, total_length=7)
    np.testing.assert_array_equal(padded.numpy(), ref_padded.numpy())
    np.testing.assert_array_equal(got, ref_lengths.numpy())
    with pytest.raises(ValueError, match="sorted in decreasing order"):
        pack_padded_sequence(x, lengths)
    with pytest.raises(ValueError, match=r"every length must be in \[1, 5\]"):
        pack_padded_sequence(x, [6, 1, 1])
    with pytest.raises(ValueError, match="total_length=3 is smaller"):
        pad_packed_sequence(packed, total_length=3)
    with pytest.raises(ValueError, match="not both"):
        nn.GRU(2, 3)(packed, lengths=lengths)


@pytest.mark.parametrize("name", ["RNN", "LSTM", "GRU"])
def test_repeated_calls_leave_the_weights_unchanged(name):
    # the LSTM multiplies a scaled copy of W_hh: W_hh itself must stay as it was
    layer = getattr(nn, name)(3, 4).double()
    before = {k: v.copy() for k, v in layer.state_dict().items()}
    x = np.random.default_rng(9).standard_normal((5, 2, 3))
    first, second = layer(x)[0].data, layer(x)[0].data
    np.testing.assert_array_equal(first, second)
    for k, v in layer.state_dict().items():
        np.testing.assert_array_equal(v, before[k], err_msg=k)
