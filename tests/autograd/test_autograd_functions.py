"""Layer-level Functions: gradcheck on several shapes and PyTorch parity (float64, rtol 1e-10)."""

import math
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as TF

import syllabus.nn.functional as F
from syllabus.autograd import gradcheck, tensor


def randn(rng, *shape):
    return rng.standard_normal(shape)


def as_t(a):
    return torch.tensor(a)


# ---- dense layer and activations ------------------------------------------------------
@pytest.mark.parametrize(("x_shape", "bias"), [((5, 4), True), ((2, 3, 4), True), ((4,), True), ((6, 4), False)])
def test_linear(compare_with_torch, x_shape, bias):
    rng = np.random.default_rng(1)
    args = [randn(rng, *x_shape), randn(rng, 3, 4)] + ([randn(rng, 3)] if bias else [])
    compare_with_torch(F.linear, TF.linear, args)
    assert gradcheck(F.linear, [tensor(a, requires_grad=True) for a in args])


@pytest.mark.parametrize("bias", [True, False])
def test_linear_on_a_sparse_input(compare_with_torch, bias):
    """A scipy.sparse input: torch's sparse product (values and weight/bias gradients),
    gradcheck in float64, and the sparse matrix is never densified."""
    import scipy.sparse as sp

    rng = np.random.default_rng(2)
    X = sp.random(7, 5, density=0.4, format="csr", random_state=3, dtype=np.float64)
    X_torch = torch.sparse_coo_tensor(np.vstack(X.nonzero()), X.data, X.shape)
    args = [randn(rng, 3, 5)] + ([randn(rng, 3)] if bias else [])

    def ours(w, b=None):
        return F.linear(X, w, b)

    def theirs(w, b=None):
        out = torch.sparse.mm(X_torch, w.T)
        return out if b is None else out + b

    compare_with_torch(ours, theirs, args)
    assert gradcheck(ours, [tensor(a, requires_grad=True) for a in args])
    with pytest.raises(ValueError, match=r"\(7, 5\).*\(3, 4\)"):
        F.linear(X, tensor(np.ones((3, 4))))


def test_linear_shape_error_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(5, 3\).*\(2, 4\)"):
        F.linear(tensor(np.ones((5, 3))), tensor(np.ones((2, 4))))


ACTIVATIONS = {
    "relu": (F.relu, TF.relu),
    "leaky_relu": (lambda t: F.leaky_relu(t, 0.2), lambda t: TF.leaky_relu(t, 0.2)),
    "elu": (lambda t: F.elu(t, 0.7), lambda t: TF.elu(t, 0.7)),
    "sigmoid": (F.sigmoid, torch.sigmoid),
    "tanh": (F.tanh, torch.tanh),
    "softplus": (lambda t: F.softplus(t, beta=2.0, threshold=3.0),
                 lambda t: TF.softplus(t, beta=2.0, threshold=3.0)),
    "softmax0": (lambda t: F.softmax(t, dim=0), lambda t: TF.softmax(t, dim=0)),
    "softmax-1": (lambda t: F.softmax(t, dim=-1), lambda t: TF.softmax(t, dim=-1)),
    "log_softmax0": (lambda t: F.log_softmax(t, dim=0), lambda t: TF.log_softmax(t, dim=0)),
    "log_softmax-1": (lambda t: F.log_softmax(t, dim=-1), lambda t: TF.log_softmax(t, dim=-1)),
}


@pytest.mark.parametrize("shape", [(7,), (3, 4), (2, 3, 4)])
@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation(compare_with_torch, name, shape):
    rng = np.random.default_rng(1)
    ours, theirs = ACTIVATIONS[name]
    x = randn(rng, *shape) * 3
    x.flat[0] = 0.0  # the kink: relu'(0) = 0, leaky/elu take the negative branch
    compare_with_torch(ours, theirs, [x])
    x.flat[0] = 0.3  # finite differences need a point away from the kink
    assert gradcheck(ours, (tensor(x, requires_grad=True),))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_with_nan_and_inf_as_torch(dtype):
    """ReLU's compiled loops give PyTorch's values and gradients, also where x or the
    incoming gradient is NaN or infinite, on a non-contiguous input too."""
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 5, 97, 101)).astype(dtype)
    g = rng.standard_normal(x.shape).astype(dtype)
    x.flat[[0, 7, 11]] = [np.nan, np.inf, -np.inf]
    g.flat[[1, 2, 12]] = [np.nan, np.inf, -np.inf]
    ours, theirs = tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out = F.relu(ours)
    out.backward(g)
    ref = TF.relu(theirs)
    ref.backward(torch.tensor(g))
    np.testing.assert_array_equal(out.data, ref.detach().numpy())
    np.testing.assert_array_equal(ours.grad, theirs.grad.numpy())
    assert out.data.dtype == dtype and ours.grad.dtype == dtype
    view = x.transpose(0, 2, 1, 3)[:, ::2]  # strided
    np.testing.assert_array_equal(F.relu(tensor(view)).data, TF.relu(torch.tensor(view)).numpy())


def test_softmax_default_dim_follows_torch():
    rng = np.random.default_rng(1)
    for shape in [(4,), (3, 4), (2, 3, 4), (2, 3, 4, 5)]:
        x = randn(rng, *shape)
        np.testing.assert_allclose(F.softmax(tensor(x)).data,
                                   TF.softmax(as_t(x), dim=0 if len(shape) in (1, 3) else 1).numpy(),
                                   rtol=1e-12)


# ---- classification losses ------------------------------------------------------------
CE_CASES = [
    # (input shape, target kind, kwargs)
    ((6, 4), "index", {}),
    ((6, 4), "index", {"reduction": "sum"}),
    ((6, 4), "index", {"reduction": "none"}),
    ((6, 4), "index", {"weight": "w", "ignore_index": 2}),
    ((6, 4), "index", {"label_smoothing": 0.2}),
    ((6, 4), "index", {"label_smoothing": 0.2, "weight": "w", "ignore_index": 1}),
    ((6, 4), "index", {"label_smoothing": 0.1, "weight": "w", "reduction": "none", "ignore_index": 0}),
    ((6, 4), "index", {"label_smoothing": 0.3, "weight": "w", "reduction": "sum"}),
    ((3, 4, 5), "index", {"weight": "w", "label_smoothing": 0.1}),
    ((2, 4, 3, 2), "index", {"reduction": "none", "ignore_index": 3}),
    ((4,), "index", {"label_smoothing": 0.1}),
    ((6, 4), "probs", {}),
    ((6, 4), "probs", {"weight": "w", "label_smoothing": 0.2}),
    ((3, 4, 5), "probs", {"reduction": "none"}),
]


def _ce_args(shape, kind, kwargs, rng):
    n_classes = shape[1] if len(shape) > 1 else shape[0]
    target_shape = shape[:1] + shape[2:] if len(shape) > 1 else ()
    if kind == "index":
        target = rng.integers(0, n_classes, target_shape)
    else:
        target = np.exp(rng.standard_normal(shape))
        target /= target.sum(axis=1 if len(shape) > 1 else 0, keepdims=True)
    kw = dict(kwargs)
    if kw.get("weight") == "w":
        kw["weight"] = rng.uniform(0.5, 2.0, n_classes)
    return target, kw


@pytest.mark.parametrize(("shape", "kind", "kwargs"), CE_CASES)
def test_cross_entropy(compare_with_torch, shape, kind, kwargs):
    rng = np.random.default_rng(len(shape) * 10 + len(kwargs))
    target, kw = _ce_args(shape, kind, kwargs, rng)
    kw_t = {k: (as_t(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
    compare_with_torch(lambda x: F.cross_entropy(x, target, **kw),
                       lambda x: TF.cross_entropy(x, as_t(target), **kw_t), [randn(rng, *shape)])
    assert gradcheck(lambda x: F.cross_entropy(x, target, **kw), (tensor(randn(rng, *shape), requires_grad=True),))


@pytest.mark.parametrize(("shape", "kwargs"), [((5, 3), {}), ((5, 3), {"weight": "w", "ignore_index": 1}),
                                               ((2, 3, 4), {"reduction": "none"}), ((3,), {"reduction": "sum"})])
def test_nll_loss(compare_with_torch, shape, kwargs):
    rng = np.random.default_rng(7)
    target, kw = _ce_args(shape, "index", kwargs, rng)
    kw_t = {k: (as_t(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
    compare_with_torch(lambda x: F.nll_loss(F.log_softmax(x, dim=0 if len(shape) == 1 else 1), target, **kw),
                       lambda x: TF.nll_loss(TF.log_softmax(x, dim=0 if len(shape) == 1 else 1), as_t(target), **kw_t),
                       [randn(rng, *shape)])
    assert gradcheck(lambda x: F.nll_loss(x, target, **kw), (tensor(randn(rng, *shape), requires_grad=True),))


def test_cross_entropy_all_ignored_is_nan_without_warning():
    rng = np.random.default_rng(1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = F.cross_entropy(tensor(randn(rng, 3, 2)), np.full(3, -100))
    assert math.isnan(loss.item())


@pytest.mark.parametrize(("shape", "kwargs"), [((5, 4), {}), ((5, 4), {"p": 2, "margin": 0.5}),
                                               ((5, 4), {"weight": "w", "reduction": "sum"}),
                                               ((4,), {"reduction": "none"}), ((5, 4), {"reduction": "none", "p": 2})])
def test_multi_margin_loss(compare_with_torch, shape, kwargs):
    rng = np.random.default_rng(3)
    target, kw = _ce_args(shape, "index", kwargs, rng)
    kw_t = {k: (as_t(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
    compare_with_torch(lambda x: F.multi_margin_loss(x, target, **kw),
                       lambda x: TF.multi_margin_loss(x, as_t(target), **kw_t), [randn(rng, *shape)])
    assert gradcheck(lambda x: F.multi_margin_loss(x, target, **kw), (tensor(randn(rng, *shape), requires_grad=True),))


def test_seed_multiclass_svm_losses():
    # cat/car/frog scores, one column per training example (labels cat, car, frog): losses
    # 2.9, 0, 12.9; PyTorch's MultiMarginLoss divides the sum by C = 3.
    scores = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    losses = F.multi_margin_loss(tensor(scores), [0, 1, 2], reduction="none").data * 3
    np.testing.assert_allclose(losses, [2.9, 0.0, 12.9], atol=1e-12)
    # f = (3, -5, 2.5) with label 0: max(0, -5 - 3 + 1) + max(0, 2.5 - 3 + 1) = 0.5
    loss = F.multi_margin_loss(tensor(np.array([3.0, -5.0, 2.5])), 0).item() * 3
    assert loss == pytest.approx(0.5, abs=1e-12)


def test_seed_cross_entropy_of_a_point():
    # (x, 0) predicted P(y = 1 | x) = 0.4: loss = -log(1 - 0.4) = log(5/3)
    assert F.binary_cross_entropy(tensor(np.array([0.4])), np.array([0.0])).item() == pytest.approx(math.log(5 / 3))
    logit = math.log(0.4 / 0.6)
    bce = F.binary_cross_entropy_with_logits(tensor(np.array([logit])), np.array([0.0])).item()
    assert bce == pytest.approx(math.log(5 / 3), rel=1e-14)
    ce = F.cross_entropy(tensor(np.log([[0.6, 0.4]])), [0]).item()
    assert ce == pytest.approx(math.log(5 / 3), rel=1e-14)


BINARY_CASES = [((6,), {}), ((4, 3), {"weight": "w"}), ((4, 3), {"reduction": "sum"}),
                ((2, 3, 2), {"reduction": "none", "weight": "w"})]


@pytest.mark.parametrize(("shape", "kwargs"), BINARY_CASES)
def test_binary_cross_entropy(compare_with_torch, shape, kwargs):
    rng = np.random.default_rng(5)
    p = rng.uniform(0.05, 0.95, shape)
    y = rng.uniform(0, 1, shape)
    kw = {k: (rng.uniform(0.5, 2, shape[-1:]) if v == "w" else v) for k, v in kwargs.items()}
    kw_t = {k: (as_t(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
    compare_with_torch(lambda a, b: F.binary_cross_entropy(a, b, **kw),
                       lambda a, b: TF.binary_cross_entropy(a, b, **kw_t), [p, y], grad_of=[0])
    assert gradcheck(lambda a, b: F.binary_cross_entropy(a, b, **kw),
                     (tensor(p, requires_grad=True), tensor(y, requires_grad=True)))


def test_binary_cross_entropy_clamps_log_at_minus_100():
    p = np.array([0.0, 1.0, 0.5])
    y = np.array([1.0, 0.0, 1.0])
    ours = F.binary_cross_entropy(tensor(p), y, reduction="none").data
    np.testing.assert_allclose(ours, TF.binary_cross_entropy(as_t(p), as_t(y), reduction="none").numpy())
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.binary_cross_entropy(tensor(np.array([1.5])), np.array([1.0]))


@pytest.mark.parametrize(("shape", "kwargs"), BINARY_CASES + [((4, 3), {"pos_weight": "w"}),
                                                             ((4, 3), {"pos_weight": "w", "weight": "w"})])
def test_binary_cross_entropy_with_logits(compare_with_torch, shape, kwargs):
    rng = np.random.default_rng(6)
    x = rng.standard_normal(shape) * 3
    y = rng.uniform(0, 1, shape)
    kw = {k: (rng.uniform(0.5, 2, shape[-1:]) if v == "w" else v) for k, v in kwargs.items()}
    kw_t = {k: (as_t(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
    compare_with_torch(lambda a, b: F.binary_cross_entropy_with_logits(a, b, **kw),
                       lambda a, b: TF.binary_cross_entropy_with_logits(a, b, **kw_t), [x, y])
    assert gradcheck(lambda a, b: F.binary_cross_entropy_with_logits(a, b, **kw),
                     (tensor(x, requires_grad=True), tensor(y, requires_grad=True)))


# ---- regression losses ----------------------------------------------------------------
@pytest.mark.parametrize("shape", [(5,), (3, 4), (2, 3, 2)])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_mse_and_huber(compare_with_torch, shape, reduction):
    rng = np.random.default_rng(1)
    x, y = randn(rng, *shape) * 2, randn(rng, *shape)
    compare_with_torch(lambda a, b: F.mse_loss(a, b, reduction=reduction),
                       lambda a, b: TF.mse_loss(a, b, reduction=reduction), [x, y])
    compare_with_torch(lambda a, b: F.huber_loss(a, b, reduction=reduction, delta=0.7),
                       lambda a, b: TF.huber_loss(a, b, reduction=reduction, delta=0.7), [x, y])
    for f in (F.mse_loss, lambda a, b, reduction: F.huber_loss(a, b, reduction=reduction, delta=0.7)):
        assert gradcheck(lambda a, b: f(a, b, reduction=reduction),  # noqa: B023
                         (tensor(x, requires_grad=True), tensor(y, requires_grad=True)))


@pytest.mark.parametrize("loss", [F.mse_loss, F.huber_loss, F.binary_cross_entropy_with_logits])
def test_loss_shape_mismatch_names_both_shapes(loss):
    with pytest.raises(ValueError, match=r"\(4, 1\).*\(4,\)"):
        loss(tensor(np.full((4, 1), 0.5)), np.zeros(4))


def test_class_target_errors():
    rng = np.random.default_rng(1)
    x = tensor(randn(rng, 4, 3))
    with pytest.raises(ValueError, match=r"\(4, 3\).*\(4,\).*\(3,\)"):
        F.cross_entropy(x, [0, 1, 2])
    with pytest.raises(IndexError, match="target 3 is out of bounds for 3 classes"):
        F.cross_entropy(x, [0, 1, 2, 3])
    with pytest.raises(ValueError, match="integers"):
        F.nll_loss(x, [0.5, 1, 2, 0])
    with pytest.raises(ValueError, match="reduction"):
        F.mse_loss(x, x.data, reduction="avg")


# ---- extreme inputs -------------------------------------------------------------------
def test_extreme_logits_give_finite_values_without_warnings():
    x = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4], [1e4, 1e4, -1e4]])
    y = np.array([1, 0, 2])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for dtype in (np.float32, np.float64):
            outs = [
                lambda t: F.cross_entropy(t, y),
                lambda t: F.cross_entropy(t, y, label_smoothing=0.1, reduction="sum"),
                lambda t: F.nll_loss(F.log_softmax(t, dim=1), y),
                lambda t: F.multi_margin_loss(t, y),
                lambda t: F.binary_cross_entropy_with_logits(t, (x > 0).astype(t.dtype)),
                lambda t: F.binary_cross_entropy_with_logits(t, (x < 0).astype(t.dtype), pos_weight=np.ones(3)),
                lambda t: F.softmax(t, dim=1).sum(),
                lambda t: F.log_softmax(t, dim=1).sum(),
                lambda t: F.sigmoid(t).sum(),
                lambda t: F.softplus(t).sum(),
                lambda t: F.elu(t).sum(),
                lambda t: F.tanh(t).sum(),
                lambda t: F.binary_cross_entropy(F.sigmoid(t), (x < 0).astype(t.dtype)),
            ]
            for f in outs:
                t = tensor(x.astype(dtype), requires_grad=True)
                loss = f(t)
                loss.backward()
                assert np.isfinite(loss.item()) and np.all(np.isfinite(t.grad))
    # the loss of a confidently wrong logit is the logit gap itself, not inf
    assert F.cross_entropy(tensor(np.array([[1e4, -1e4]])), [1]).item() == pytest.approx(2e4)


# ---- dropout and batch norm -----------------------------------------------------------
def test_dropout_mask_and_gradient():
    rng = np.random.default_rng(1)
    x = tensor(randn(rng, 200, 50) + 5, requires_grad=True)  # no zeros in x
    out = F.dropout(x, 0.3, generator=np.random.default_rng(0))
    mask = out.data != 0
    assert abs(mask.mean() - 0.7) < 0.01
    np.testing.assert_allclose(out.data[mask], x.data[mask] / 0.7, rtol=1e-15)
    g = randn(rng, 200, 50)
    out.backward(g)
    np.testing.assert_allclose(x.grad, g * mask / 0.7, rtol=1e-15)
    # the same mask applied by torch gives the same output and gradient
    xt = torch.tensor(x.data, requires_grad=True)
    (xt * torch.tensor(mask) / 0.7).backward(torch.tensor(g))
    np.testing.assert_allclose(x.grad, xt.grad.numpy(), rtol=1e-15)
    assert F.dropout(x, 0.3, training=False) is x
    assert np.all(F.dropout(x, 1.0).data == 0)
    assert gradcheck(lambda t: F.dropout(t, 0.5, generator=np.random.default_rng(3)),
                     (tensor(randn(rng, 4, 3), requires_grad=True),))
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.dropout(x, 1.5)


@pytest.mark.parametrize("shape", [(8, 3), (5, 3, 4), (4, 3, 2, 3)])
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("affine", [True, False])
def test_batch_norm(shape, training, affine):
    rng = np.random.default_rng(2)
    x = rng.standard_normal(shape) * 2 + 1
    rm, rv = rng.standard_normal(3), rng.uniform(0.5, 2, 3)
    w, b = (rng.standard_normal(3), rng.standard_normal(3)) if affine else (None, None)
    g = rng.standard_normal(shape)

    ours_rm, ours_rv = rm.copy(), rv.copy()
    xs = tensor(x, requires_grad=True)
    ws, bs = (tensor(w, requires_grad=True), tensor(b, requires_grad=True)) if affine else (None, None)
    out = F.batch_norm(xs, ours_rm, ours_rv, ws, bs, training=training, momentum=0.3, eps=1e-4)
    out.backward(g)

    ref_rm, ref_rv = torch.tensor(rm), torch.tensor(rv)
    xt = torch.tensor(x, requires_grad=True)
    wt, bt = (torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)) if affine else (None, None)
    ref = TF.batch_norm(xt, ref_rm, ref_rv, wt, bt, training=training, momentum=0.3, eps=1e-4)
    ref.backward(torch.tensor(g))

    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(xs.grad, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours_rm, ref_rm.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours_rv, ref_rv.numpy(), rtol=1e-12)  # unbiased variance
    if affine:
        np.testing.assert_allclose(ws.grad, wt.grad.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(bs.grad, bt.grad.numpy(), rtol=1e-10, atol=1e-12)
        assert gradcheck(lambda a, c, d: F.batch_norm(a, rm.copy(), rv.copy(), c, d, training=training),
                         (tensor(x, requires_grad=True), tensor(w, requires_grad=True),
                          tensor(b, requires_grad=True)))


def test_batch_norm_errors():
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        F.batch_norm(tensor(np.ones((1, 3))), np.zeros(3), np.ones(3), training=True)
    with pytest.raises(ValueError, match=r"\(4, 3\).*\(2,\)"):
        F.batch_norm(tensor(np.ones((4, 3))), np.zeros(2), np.ones(2), training=True)
