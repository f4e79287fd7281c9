"""Module mechanics: registration, traversal, modes, dtypes, state_dict parity with PyTorch, repr."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import syllabus  # noqa: E402
from syllabus import nn  # noqa: E402


def both_models():
    """The same architecture in syllabus and PyTorch (float64)."""
    ours = nn.Sequential(nn.Linear(5, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.2),
                         nn.Linear(8, 8), nn.Tanh(), nn.Linear(8, 3)).double()
    theirs = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.BatchNorm1d(8), torch.nn.ReLU(),
                                 torch.nn.Dropout(0.2), torch.nn.Linear(8, 8), torch.nn.Tanh(),
                                 torch.nn.Linear(8, 3)).double()
    return ours, theirs


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(4, 6), nn.ReLU())
        self.heads = nn.ModuleList([nn.Linear(6, 2), nn.Linear(6, 1, bias=False)])
        self.norm = nn.BatchNorm1d(6, momentum=None)
        self.scale = nn.Parameter(np.ones(1, dtype=np.float32))
        self.register_buffer("step", np.zeros((), dtype=np.int64))

    def forward(self, x):
        h = self.norm(self.encoder(x)) * self.scale
        return self.heads[0](h), self.heads[1](h)


class TorchBlock(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Sequential(torch.nn.Linear(4, 6), torch.nn.ReLU())
        self.heads = torch.nn.ModuleList([torch.nn.Linear(6, 2), torch.nn.Linear(6, 1, bias=False)])
        self.norm = torch.nn.BatchNorm1d(6, momentum=None)
        self.scale = torch.nn.Parameter(torch.ones(1))
        self.register_buffer("step", torch.zeros((), dtype=torch.long))

    def forward(self, x):
        h = self.norm(self.encoder(x)) * self.scale
        return self.heads[0](h), self.heads[1](h)


def test_registration_and_names_match_torch():
    ours, theirs = Block(), TorchBlock()
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [n for n, _ in ours.named_children()] == [n for n, _ in theirs.named_children()]
    for (_, a), (_, b) in zip(ours.state_dict().items(), theirs.state_dict().items()):
        assert a.shape == tuple(b.shape) and a.dtype == b.numpy().dtype
    assert all(isinstance(p, nn.Parameter) and p.requires_grad for p in ours.parameters())
    assert isinstance(ours.heads[1], nn.Linear) and ours.heads[1].bias is None


def test_shared_parameters_are_listed_once():
    shared = nn.Linear(3, 3)
    model = nn.Sequential(shared, nn.ReLU(), shared)
    assert len(list(model.parameters())) == 2
    assert list(model.state_dict()) == ["0.weight", "0.bias"]


def test_attribute_errors_and_reassignment():
    m = nn.Linear(2, 3)
    with pytest.raises(TypeError, match="Parameter or None"):
        m.weight = np.zeros((3, 2))
    m.bias = None
    assert "bias" not in m.state_dict()
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = m.nope

    class Broken(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(np.zeros(1))

    with pytest.raises(AttributeError, match="before Module.__init__"):
        Broken()


def test_repr_matches_torch():
    ours, theirs = both_models()
    assert repr(ours) == repr(theirs)
    layers = [("ReLU", ()), ("LeakyReLU", (0.2,)), ("ELU", (0.5,)), ("Sigmoid", ()), ("Tanh", ()),
              ("Softplus", (2.0, 10.0)), ("Softmax", (1,)), ("LogSoftmax", (-1,)), ("Flatten", ()),
              ("Identity", ()), ("BatchNorm1d", (4,)), ("Dropout", (0.1,)), ("Linear", (2, 3, False)),
              ("CrossEntropyLoss", ()), ("MSELoss", ()), ("MultiMarginLoss", ())]
    ours = nn.Sequential(*[getattr(nn, name)(*args) for name, args in layers])
    theirs = torch.nn.Sequential(*[getattr(torch.nn, name)(*args) for name, args in layers])
    theirs.append(torch.nn.ModuleList([torch.nn.BatchNorm1d(3, affine=False, momentum=None)]))
    ours.append(nn.ModuleList([nn.BatchNorm1d(3, affine=False, momentum=None)]))
    assert repr(ours) == repr(theirs)


def test_torch_state_dict_loads_and_gives_same_outputs_in_both_modes():
    ours, theirs = both_models()
    ours.load_state_dict({k: v.numpy() for k, v in theirs.state_dict().items()})
    x = np.random.default_rng(0).standard_normal((6, 5))
    ours.eval(), theirs.eval()
    np.testing.assert_allclose(ours(x).data, theirs(torch.tensor(x)).detach().numpy(), rtol=1e-10)
    # back: our (trained) state goes into a fresh torch model
    ours.train(), theirs.train()
    ours[3].p = 0.0
    theirs[3].p = 0.0
    for _ in range(3):
        ours(x), theirs(torch.tensor(x))
    fresh = both_models()[1]
    fresh.load_state_dict({k: torch.tensor(v) for k, v in ours.state_dict().items()})
    for k, v in fresh.state_dict().items():
        np.testing.assert_allclose(v.numpy(), theirs.state_dict()[k].numpy(), rtol=1e-10)
    assert int(ours.state_dict()["1.num_batches_tracked"]) == 3


def test_load_state_dict_errors_name_keys_and_shapes():
    m = nn.Sequential(nn.Linear(3, 2))
    state = {k: v.copy() for k, v in m.state_dict().items()}
    with pytest.raises(RuntimeError, match=r'Missing key\(s\) in state_dict: "0.bias"'):
        m.load_state_dict({"0.weight": state["0.weight"]})
    with pytest.raises(RuntimeError, match=r'Unexpected key\(s\) in state_dict: "extra"'):
        m.load_state_dict({**state, "extra": np.zeros(1)})
    with pytest.raises(RuntimeError, match=r"size mismatch for 0.weight.*\(3, 2\).*\(2, 3\)"):
        m.load_state_dict({**state, "0.weight": np.zeros((3, 2))})
    result = m.load_state_dict({"0.weight": state["0.weight"] + 1}, strict=False)
    assert result.missing_keys == ["0.bias"] and result.unexpected_keys == []
    np.testing.assert_array_equal(m[0].weight.data, state["0.weight"] + 1)


def test_state_dict_values_are_the_module_arrays():
    m = nn.Linear(3, 2)
    assert m.state_dict()["weight"] is m.weight.data
    kept = m.state_dict(keep_vars=True)
    assert kept["weight"] is m.weight


def test_train_eval_zero_grad_requires_grad():
    ours, _ = both_models()
    ours.eval()
    assert not any(m.training for m in ours.modules())
    ours.train()
    assert all(m.training for m in ours.modules())
    x = np.random.default_rng(0).standard_normal((4, 5))
    ours(x).sum().backward()
    assert all(p.grad is not None and p.grad.shape == p.shape for p in ours.parameters())
    ours.zero_grad(set_to_none=False)
    assert all(np.all(p.grad == 0) for p in ours.parameters())
    ours.zero_grad()
    assert all(p.grad is None for p in ours.parameters())
    ours.requires_grad_(False)
    assert not ours(x).requires_grad


def test_dtype_casting_keeps_parameter_objects():
    m = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
    params = list(m.parameters())
    assert all(p.dtype == np.float32 for p in params)
    m.double()
    assert [id(p) for p in m.parameters()] == [id(p) for p in params]
    assert all(v.dtype == np.float64 for k, v in m.state_dict().items() if "num_batches" not in k)
    assert m.state_dict()["1.num_batches_tracked"].dtype == np.int64
    assert m(np.ones((2, 3))).dtype == np.float64
    m.to(np.float32)
    assert m(np.ones((2, 3), dtype=np.float32)).dtype == np.float32
    with pytest.raises(TypeError, match="floating point"):
        m.to(np.int32)


def test_array_inputs_take_the_layer_dtype():
    layer = nn.Linear(3, 2)
    assert layer(np.ones((4, 3))).dtype == np.float32  # float64 data, float32 layer
    assert layer([[1, 2, 3]]).dtype == np.float32
    assert layer.double()(syllabus.tensor(np.ones((4, 3)))).dtype == np.float64


def test_manual_seed_makes_initialisation_reproducible():
    syllabus.autograd.manual_seed(3)
    a = nn.Sequential(nn.Linear(5, 4), nn.Maxout(4, 2))
    syllabus.autograd.manual_seed(3)
    b = nn.Sequential(nn.Linear(5, 4), nn.Maxout(4, 2))
    for k, v in a.state_dict().items():
        np.testing.assert_array_equal(v, b.state_dict()[k])


def test_deepcopy_gives_an_independent_model():
    import copy

    m = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    c = copy.deepcopy(m)
    assert c[0].weight is not m[0].weight and c.state_dict(keep_vars=True)["0.weight"] is c[0].weight
    c[0].weight.data += 1
    assert not np.allclose(c[0].weight.data, m[0].weight.data)


def test_io_round_trip_keeps_the_model(tmp_path):
    io = pytest.importorskip("syllabus.io")
    ours, _ = both_models()
    x = np.random.default_rng(0).standard_normal((6, 5))
    ours(x)  # moves the running statistics
    ours.eval()
    path = tmp_path / "model.safetensors"
    io.save(ours, path)
    loaded = io.load(path)
    assert type(loaded) is nn.Sequential and repr(loaded) == repr(ours)
    np.testing.assert_array_equal(loaded(x).data, ours(x).data)
    assert list(loaded.state_dict()) == list(ours.state_dict())
    assert loaded[0].weight is loaded.state_dict(keep_vars=True)["0.weight"]
