"""Layers, activations and losses against PyTorch (weights copied, float64, rtol 1e-10); init; summary."""

import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import syllabus  # noqa: E402
from syllabus import nn  # noqa: E402
from syllabus.nn import init  # noqa: E402

RTOL, ATOL = 1e-10, 1e-12


def copy_weights(ours, theirs):
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})


def assert_same_step(ours, theirs, x, loss_ours=None, loss_theirs=None, target=None):
    """One forward + backward: same output, same input gradient, same parameter gradients."""
    xs = syllabus.tensor(x, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    out, ref = ours(xs), theirs(xt)
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=RTOL, atol=ATOL)
    if loss_ours is None:
        g = np.random.default_rng(0).standard_normal(out.shape)
        out.backward(g)
        ref.backward(torch.tensor(g))
    else:
        lo, lt = loss_ours(out, target), loss_theirs(ref, torch.tensor(target))
        np.testing.assert_allclose(lo.data, lt.detach().numpy(), rtol=RTOL, atol=ATOL)
        lo.backward()
        lt.backward()
    np.testing.assert_allclose(xs.grad, xt.grad.numpy(), rtol=RTOL, atol=ATOL)
    theirs_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.grad, theirs_params[name].grad.numpy(), rtol=RTOL, atol=ATOL,
                                   err_msg=name)


ACTIVATIONS = [("ReLU", ()), ("LeakyReLU", (0.1,)), ("ELU", (0.8,)), ("Sigmoid", ()), ("Tanh", ()),
               ("Softplus", (1.5, 4.0)), ("Softmax", (1,)), ("LogSoftmax", (1,))]


@pytest.mark.parametrize(("name", "args"), ACTIVATIONS)
@pytest.mark.parametrize("training", [True, False])
def test_mlp_with_each_activation_matches_torch(name, args, training):
    rng = np.random.default_rng(1)
    ours = nn.Sequential(nn.Linear(6, 5), getattr(nn, name)(*args), nn.Linear(5, 4)).double()
    theirs = torch.nn.Sequential(torch.nn.Linear(6, 5), getattr(torch.nn, name)(*args),
                                 torch.nn.Linear(5, 4)).double()
    copy_weights(ours, theirs)
    ours.train(training), theirs.train(training)
    assert_same_step(ours, theirs, rng.standard_normal((7, 6)) * 2)


@pytest.mark.parametrize("momentum", [0.1, 0.5, None])
@pytest.mark.parametrize("shape", [(8, 4), (5, 4, 3)])
def test_batchnorm1d_train_and_eval_match_torch(momentum, shape):
    rng = np.random.default_rng(2)
    ours = nn.BatchNorm1d(4, momentum=momentum, eps=1e-3).double()
    theirs = torch.nn.BatchNorm1d(4, momentum=momentum, eps=1e-3).double()
    with torch.no_grad():
        theirs.weight.uniform_(0.5, 2), theirs.bias.uniform_(-1, 1)
    copy_weights(ours, theirs)
    for _ in range(3):
        x = rng.standard_normal(shape) * 3 + 1
        ours.zero_grad(), theirs.zero_grad()
        assert_same_step(ours, theirs, x)
    for k, v in theirs.state_dict().items():
        np.testing.assert_allclose(ours.state_dict()[k], v.numpy(), rtol=RTOL, err_msg=k)
    ours.eval(), theirs.eval()
    ours.zero_grad(), theirs.zero_grad()
    assert_same_step(ours, theirs, rng.standard_normal(shape))


@pytest.mark.parametrize("kwargs", [{"affine": False}, {"track_running_stats": False}, {"bias": False}])
def test_batchnorm_options_match_torch(kwargs):
    rng = np.random.default_rng(3)
    ours, theirs = nn.BatchNorm1d(3, **kwargs).double(), torch.nn.BatchNorm1d(3, **kwargs).double()
    assert list(ours.state_dict()) == list(theirs.state_dict())
    assert_same_step(ours, theirs, rng.standard_normal((6, 3)))
    ours.eval(), theirs.eval()
    ours.zero_grad(), theirs.zero_grad()
    assert_same_step(ours, theirs, rng.standard_normal((6, 3)))


def test_batchnorm2d_matches_torch():
    rng = np.random.default_rng(4)
    ours, theirs = nn.BatchNorm2d(3).double(), torch.nn.BatchNorm2d(3).double()
    assert_same_step(ours, theirs, rng.standard_normal((4, 3, 5, 2)))
    with pytest.raises(ValueError, match="expected 4D input"):
        ours(np.ones((4, 3)))
    with pytest.raises(ValueError, match="expected 2D or 3D input"):
        nn.BatchNorm1d(3)(np.ones((4, 3, 2, 2)))


def test_dropout_module_mask_and_modes():
    x = np.random.default_rng(5).standard_normal((50, 40)) + 10
    layer = nn.Dropout(0.25)
    syllabus.autograd.manual_seed(0)
    out = layer(syllabus.tensor(x, requires_grad=True))
    mask = out.data != 0
    assert 0.7 < mask.mean() < 0.8
    np.testing.assert_allclose(out.data, torch.nn.functional.dropout(torch.tensor(x), 0.0).numpy() * mask / 0.75)
    syllabus.autograd.manual_seed(0)
    np.testing.assert_array_equal(layer(x).data, out.data)  # seeded: the same mask
    layer.eval()
    np.testing.assert_array_equal(layer(x).data, x)


def test_flatten_identity_match_torch():
    x = np.random.default_rng(6).standard_normal((2, 3, 4, 5))
    for args in [(), (2,), (0, 2), (1, -2)]:
        assert_same_step(nn.Flatten(*args), torch.nn.Flatten(*args), x)
    assert_same_step(nn.Identity(), torch.nn.Identity(), x)


def test_maxout_matches_linear_then_max_and_generalises_relu():
    rng = np.random.default_rng(7)
    layer = nn.Maxout(5, 3, pool_size=4).double()
    x = rng.standard_normal((6, 5))
    w, b = torch.tensor(layer.weight.data, requires_grad=True), torch.tensor(layer.bias.data, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    ref = torch.nn.functional.linear(xt, w, b).view(6, 3, 4).amax(-1)
    xs = syllabus.tensor(x, requires_grad=True)
    out = layer(xs)
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=RTOL)
    g = rng.standard_normal((6, 3))
    out.backward(g), ref.backward(torch.tensor(g))
    np.testing.assert_allclose(layer.weight.grad, w.grad.numpy(), rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(xs.grad, xt.grad.numpy(), rtol=RTOL, atol=ATOL)
    # a 2-piece maxout with one zero piece is a ReLU unit
    relu_like = nn.Maxout(5, 3, pool_size=2).double()
    relu_like.weight.data[1::2] = 0
    relu_like.bias.data[1::2] = 0
    lin = torch.nn.functional.linear(torch.tensor(x), torch.tensor(relu_like.weight.data[::2]),
                                     torch.tensor(relu_like.bias.data[::2]))
    np.testing.assert_allclose(relu_like(x).data, torch.relu(lin).numpy(), rtol=RTOL)


LOSSES = [
    ("CrossEntropyLoss", {}, "index"),
    ("CrossEntropyLoss", {"weight": "w", "ignore_index": 1, "label_smoothing": 0.1}, "index"),
    ("CrossEntropyLoss", {"reduction": "sum"}, "probs"),
    ("NLLLoss", {"weight": "w"}, "index"),
    ("MultiMarginLoss", {"p": 2, "margin": 0.7, "weight": "w"}, "index"),
    ("MultiMarginLoss", {"reduction": "none"}, "index"),
    ("MSELoss", {}, "real"),
    ("MSELoss", {"reduction": "sum"}, "real"),
    ("HuberLoss", {"delta": 0.5}, "real"),
    ("BCEWithLogitsLoss", {"pos_weight": "w4"}, "binary"),
    ("BCEWithLogitsLoss", {"weight": "w4", "reduction": "none"}, "binary"),
    ("BCELoss", {"weight": "w4"}, "binary"),
]


@pytest.mark.parametrize(("name", "kwargs", "target_kind"), LOSSES)
def test_losses_match_torch(name, kwargs, target_kind):
    rng = np.random.default_rng(8)
    kw = {k: (rng.uniform(0.5, 2, 4) if v in ("w", "w4") else v) for k, v in kwargs.items()}
    ours = getattr(nn, name)(**kw)
    theirs = getattr(torch.nn, name)(**{k: (torch.tensor(v) if isinstance(v, np.ndarray) else v)
                                         for k, v in kw.items()})
    assert list(ours.state_dict()) == list(theirs.state_dict())  # class weights are buffers
    target = {"index": rng.integers(0, 4, 6), "probs": rng.dirichlet(np.ones(4), 6),
              "real": rng.standard_normal((6, 4)), "binary": (rng.random((6, 4)) > 0.5) * 1.0}[target_kind]
    head = [torch.nn.Sigmoid()] if name == "BCELoss" else []
    model_t = torch.nn.Sequential(torch.nn.Linear(3, 4), *head).double()
    model_o = nn.Sequential(nn.Linear(3, 4), *([nn.Sigmoid()] if head else [])).double()
    copy_weights(model_o, model_t)
    x = rng.standard_normal((6, 3))
    if kw.get("reduction") == "none":
        assert_same_step(nn.Sequential(model_o), torch.nn.Sequential(model_t), x)  # checks shapes
        out_o, out_t = ours(model_o(x), target), theirs(model_t(torch.tensor(x)), torch.tensor(target))
        np.testing.assert_allclose(out_o.data, out_t.detach().numpy(), rtol=RTOL, atol=ATOL)
    else:
        assert_same_step(model_o, model_t, x, ours, theirs, target)


def test_loss_modules_reject_bad_reduction():
    with pytest.raises(ValueError, match="reduction"):
        nn.MSELoss(reduction="average")


# ---- initialisation -------------------------------------------------------------------
@pytest.mark.parametrize(("nonlinearity", "param"), [("linear", None), ("sigmoid", None), ("tanh", None),
                                                     ("relu", None), ("leaky_relu", None),
                                                     ("leaky_relu", 0.2), ("selu", None), ("conv2d", None)])
def test_calculate_gain_matches_torch(nonlinearity, param):
    assert init.calculate_gain(nonlinearity, param) == pytest.approx(
        torch.nn.init.calculate_gain(nonlinearity, param), rel=1e-15)


def test_init_distributions_have_the_documented_spread():
    fan_out, fan_in = 300, 500
    w = np.empty((fan_out, fan_in))
    rng = np.random.default_rng(9)
    cases = [
        (lambda a: init.kaiming_uniform_(a, a=math.sqrt(5), generator=rng), math.sqrt(1 / (3 * fan_in)), 1 / math.sqrt(fan_in)),
        (lambda a: init.kaiming_normal_(a, nonlinearity="relu", generator=rng), math.sqrt(2 / fan_in), None),
        (lambda a: init.kaiming_normal_(a, mode="fan_out", nonlinearity="relu", generator=rng), math.sqrt(2 / fan_out), None),
        (lambda a: init.xavier_uniform_(a, gain=init.calculate_gain("tanh"), generator=rng),
         5 / 3 * math.sqrt(2 / (fan_in + fan_out)), 5 / 3 * math.sqrt(6 / (fan_in + fan_out))),
        (lambda a: init.xavier_normal_(a, generator=rng), math.sqrt(2 / (fan_in + fan_out)), None),
        (lambda a: init.lecun_normal_(a, generator=rng), math.sqrt(1 / fan_in), None),          # Var = 1/n
        (lambda a: init.lecun_uniform_(a, generator=rng), math.sqrt(1 / fan_in), math.sqrt(3 / fan_in)),
        (lambda a: init.bengio_normal_(a, generator=rng), math.sqrt(2 / (fan_in + fan_out)), None),
        (lambda a: init.bengio_uniform_(a, generator=rng), math.sqrt(2 / (fan_in + fan_out)), None),
        (lambda a: init.normal_(a, 1.0, 0.1, generator=rng), 0.1, None),
    ]
    for fill, std, bound in cases:
        fill(w)
        assert w.std() == pytest.approx(std, rel=0.01)
        if bound is not None:
            assert np.abs(w).max() <= bound and np.abs(w).max() > 0.999 * bound
    init.uniform_(w, -2, 3, generator=rng)
    assert w.min() >= -2 and w.max() <= 3 and w.mean() == pytest.approx(0.5, abs=0.01)
    init.constant_(w, 0.3)
    assert np.all(w == 0.3)
    assert np.all(init.zeros_(w) == 0) and np.all(init.ones_(w) == 1)
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform_(np.zeros(3))


def test_linear_default_init_is_torchs():
    # kaiming_uniform_(a=sqrt(5)) gives U(+-1/sqrt(fan_in)); the bias uses the same bound
    layer = nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)
    assert layer.weight.dtype == np.float32 and layer.bias.dtype == np.float32
    for p in (layer.weight.data, layer.bias.data):
        assert np.abs(p).max() <= bound and np.abs(p).max() > 0.98 * bound
    assert layer.weight.data.std() == pytest.approx(bound / math.sqrt(3), rel=0.01)
    t = torch.nn.Linear(400, 300)
    assert layer.weight.data.std() == pytest.approx(t.weight.detach().numpy().std(), rel=0.02)


def test_init_is_deterministic_given_a_generator():
    a, b = np.empty((4, 3)), np.empty((4, 3))
    init.kaiming_normal_(a, generator=np.random.default_rng(1))
    init.kaiming_normal_(b, generator=np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    p = nn.Parameter(np.empty((4, 3), dtype=np.float32))
    assert init.xavier_uniform_(p) is p and p.dtype == np.float32


# ---- summary --------------------------------------------------------------------------
def test_summary_counts_and_shapes(capsys):
    model = nn.Sequential(nn.Linear(784, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(),
                          nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    reference = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.BatchNorm1d(256),
                                    torch.nn.Linear(256, 128), torch.nn.Linear(128, 10))
    model.train()
    result = syllabus.summary(model, (2, 784))
    assert result.total_params == sum(p.numel() for p in reference.parameters()) == 235_658
    assert result.trainable_params == result.total_params
    assert [r[1] for r in result.rows] == [(2, 256)] * 4 + [(2, 128)] * 2 + [(2, 10)]
    assert [r[2] for r in result.rows] == [200_960, 512, 0, 0, 32_896, 0, 1_290]
    printed = capsys.readouterr().out
    assert "Total params: 235,658" in printed and "Linear-3" in printed
    assert model.training and all(m.training for m in model.modules())  # mode restored
    model[0].requires_grad_(False)
    # a shape without the batch dimension works too
    result = syllabus.summary(model, (784,), print_summary=False)
    assert result.trainable_params == 235_658 - 200_960 and result.rows[-1][1] == (1, 10)


# ---- the lecture notes' worked example: a 2-2-1 sigmoid network, one update -----------
def test_seed_two_two_one_sigmoid_network():
    hidden = nn.Linear(2, 2, bias=False).double()
    output = nn.Linear(2, 1, bias=False).double()
    hidden.weight.data[...] = [[0.1, 0.8], [0.4, 0.6]]  # top: w1A, w1B; bottom: w2A, w2B
    output.weight.data[...] = [[0.3, 0.9]]
    model = nn.Sequential(hidden, nn.Sigmoid(), output, nn.Sigmoid())
    x, target = np.array([[0.35, 0.9]]), np.array([[0.5]])
    out = model(x)
    assert out.item() == pytest.approx(0.69, abs=0.005)
    assert out.item() == pytest.approx(1 / (1 + math.exp(-(0.3 * 0.68 + 0.9 * 0.6637))), abs=1e-4)
    # squared error E = (t - o)^2 / 2 gives the notes' delta rule; eta = 1
    loss = 0.5 * nn.MSELoss(reduction="sum")(out, target)
    loss.backward()
    with syllabus.no_grad():
        for p in model.parameters():
            p.data -= 1.0 * p.grad
    # the notes round the output to 0.69 and delta to -0.0406; 3e-4 covers that rounding
    np.testing.assert_allclose(output.weight.data, [[0.272392, 0.87305]], atol=3e-4)
    np.testing.assert_allclose(hidden.weight.data, [[0.0991, 0.7976], [0.3971, 0.5927]], atol=3e-4)
    new_out = model(x).item()
    assert new_out == pytest.approx(0.682, abs=1e-3)
    assert 0.5 - new_out == pytest.approx(-0.182, abs=1e-3)  # error reduced from -0.19
