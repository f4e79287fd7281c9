"""The autograd core: Tensor, Function, backward, no_grad, dtypes; against PyTorch in float64."""

import math
import sys

import numpy as np
import pytest
import torch

import syllabus
from syllabus.autograd import Function, cat, gradcheck, no_grad, stack, tensor, where


def randn(rng, *shape):
    return rng.standard_normal(shape)


# ---- the lecture notes' worked examples ----------------------------------------------
def test_seed_add_mul_example():
    # f(x, y, z) = (x + y) z at (-2, 5, -4): f = -12, df/dx = df/dy = z = -4, df/dz = x + y = 3
    x, y, z = (tensor(v, requires_grad=True) for v in (-2.0, 5.0, -4.0))
    f = (x + y) * z
    f.backward()
    assert f.item() == -12.0
    assert (x.grad, y.grad, z.grad) == (-4.0, -4.0, 3.0)


def test_seed_sigmoid_neuron():
    # f(w, x) = sigma(w0 x0 + w1 x1 + w2); df/dw_i = (1 - sigma) sigma x_i (x2 = 1)
    w = tensor(np.array([2.0, -3.0, -3.0]), requires_grad=True)
    x = tensor(np.array([-1.0, -2.0]), requires_grad=True)
    y = w[0] * x[0] + w[1] * x[1] + w[2]
    f = 1 / (1 + (-y).exp())
    f.backward()
    s = 1 / (1 + math.exp(-(2 * -1 + -3 * -2 - 3)))
    assert f.item() == pytest.approx(s, rel=1e-15)
    np.testing.assert_allclose(w.grad, [(1 - s) * s * -1, (1 - s) * s * -2, (1 - s) * s], rtol=1e-14)
    np.testing.assert_allclose(x.grad, [(1 - s) * s * 2, (1 - s) * s * -3], rtol=1e-14)


def test_seed_staged_backprop_example():
    # f(x, y) = (x + sigma(y)) / (sigma(x) + (x + y)^2) at x = 3, y = -4: the staged code of
    # the notes, line by line, against the graph.
    x0, y0 = 3.0, -4.0
    sigy = 1.0 / (1 + math.exp(-y0))
    num = x0 + sigy
    sigx = 1.0 / (1 + math.exp(-x0))
    xpy = x0 + y0
    xpysqr = xpy**2
    den = sigx + xpysqr
    invden = 1.0 / den
    f_ref = num * invden
    dnum = invden
    dinvden = num
    dden = (-1.0 / (den**2)) * dinvden
    dsigx = dden
    dxpysqr = dden
    dxpy = (2 * xpy) * dxpysqr
    dx = dxpy
    dy = dxpy
    dx += ((1 - sigx) * sigx) * dsigx
    dx += dnum
    dsigy = dnum
    dy += ((1 - sigy) * sigy) * dsigy

    x = tensor(np.float64(x0), requires_grad=True)
    y = tensor(np.float64(y0), requires_grad=True)
    f = (x + y.sigmoid()) / (x.sigmoid() + (x + y) ** 2)
    f.backward()
    assert f.item() == pytest.approx(f_ref, rel=1e-14)
    assert x.grad == pytest.approx(dx, rel=1e-14)
    assert y.grad == pytest.approx(dy, rel=1e-14)


# ---- dtype rules ----------------------------------------------------------------------
def test_dtype_rules():
    assert tensor([1.0, 2.0]).dtype == np.float32
    assert tensor(1.5).dtype == np.float32
    assert tensor(np.zeros(3)).dtype == np.float64
    assert tensor(np.zeros(3, np.float32)).dtype == np.float32
    assert tensor([1, 2]).dtype.kind == "i"
    assert tensor([1, 2], dtype=np.float64).dtype == np.float64
    assert syllabus.Tensor([1.0]).dtype == np.float32
    x = tensor([1.0, 2.0], requires_grad=True)
    assert (x * 2.5 + 1).dtype == np.float32  # Python scalars do not upcast
    (x * 2.5).sum().backward()
    assert x.grad.dtype == np.float32
    with pytest.raises(RuntimeError, match="floating point"):
        tensor([1, 2], requires_grad=True)


def test_tensor_basics():
    a = np.arange(6.0).reshape(2, 3)
    t = tensor(a, requires_grad=True)
    assert t.shape == (2, 3) and t.ndim == 2 and t.size() == (2, 3) and t.size(1) == 3
    assert t.numel() == 6 and len(t) == 2
    assert t.numpy() is t.data and np.asarray(t) is t.data
    assert tensor([[3.0]]).item() == 3.0
    d = (t * 2).detach()
    assert not d.requires_grad and d.is_leaf
    assert "requires_grad=True" in repr(t)
    assert "grad_fn=<MulBackward>" in repr(t * 2)
    assert np.array_equal((t > 2).data, a > 2) and not (t > 2).requires_grad
    assert np.array_equal((t == 1).data, a == 1)
    # ndarray (op) Tensor gives a Tensor through the reflected operator
    r = np.ones(3) * t
    assert isinstance(r, syllabus.Tensor) and r.requires_grad


# ---- backward mechanics ---------------------------------------------------------------
def test_gradients_accumulate_across_uses_and_calls():
    x = tensor(np.array([1.5, -2.0]), requires_grad=True)
    y = x * x + x * 3 + x
    y.sum().backward()
    np.testing.assert_allclose(x.grad, 2 * x.data + 4)
    (x * 2).sum().backward()  # accumulates into .grad, as PyTorch
    np.testing.assert_allclose(x.grad, 2 * x.data + 6)


def test_leaf_grads_never_alias():
    a = tensor(np.ones(3), requires_grad=True)
    b = tensor(np.ones(3), requires_grad=True)
    (a + b).sum().backward()
    a.grad *= 10  # an optimiser scaling one gradient in place must not touch the other
    np.testing.assert_array_equal(b.grad, np.ones(3))
    c = tensor(np.ones((2, 3)), requires_grad=True)
    d = tensor(np.ones(6), requires_grad=True)
    (c.reshape(6) + d).sum().backward()
    c.grad += 1
    np.testing.assert_array_equal(d.grad, np.ones(6))


def test_deep_graph_has_no_recursion_limit():
    x = tensor(np.array([1.0]), requires_grad=True)
    y = x
    for _ in range(sys.getrecursionlimit() * 3):
        y = y * 1.0001
    y.sum().backward()
    assert x.grad[0] == pytest.approx(1.0001 ** (sys.getrecursionlimit() * 3), rel=1e-9)


def test_diamond_graph_matches_torch(compare_with_torch):
    rng = np.random.default_rng(0)
    def fn(x, lib_exp):
        a = x * 2
        b = lib_exp(a)
        c = a * b + b / (a * a + 1)
        return c * a

    compare_with_torch(lambda x: fn(x, lambda t: t.exp()), lambda x: fn(x, torch.exp), [randn(rng, 4, 3)])


def test_backward_twice_needs_retain_graph():
    x = tensor(np.array([2.0]), requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    assert x.grad[0] == 8.0
    with pytest.raises(RuntimeError, match="second time"):
        y.backward()


def test_backward_errors():
    with pytest.raises(RuntimeError, match="does not require grad"):
        tensor([1.0]).backward()
    x = tensor(np.ones(3), requires_grad=True)
    with pytest.raises(RuntimeError, match="one-element"):
        (x * 2).backward()
    with pytest.raises(ValueError, match=r"\(2,\).*\(3,\)"):
        (x * 2).backward(np.ones(2))


def test_no_grad_and_enable_grad():
    x = tensor(np.ones(2), requires_grad=True)
    with no_grad():
        y = x * 2
        with syllabus.autograd.enable_grad():
            z = x * 2
    assert not y.requires_grad and y.grad_fn is None
    assert z.requires_grad
    assert syllabus.autograd.is_grad_enabled()

    @no_grad()
    def f(t):
        return t * 3

    assert not f(x).requires_grad and syllabus.autograd.is_grad_enabled()
    with syllabus.autograd.set_grad_enabled(False):
        assert not (x * 1).requires_grad
    assert (x * 1).requires_grad


def test_retain_grad_of_intermediate():
    x = tensor(np.array([1.0, 2.0]), requires_grad=True)
    q = x * 3
    q.retain_grad()
    (q * q).sum().backward()
    np.testing.assert_allclose(q.grad, 2 * q.data)


# ---- custom Functions -----------------------------------------------------------------
class Cube(Function):
    @staticmethod
    def forward(ctx, x, scale):
        ctx.save_for_backward(x)
        ctx.scale = scale
        return scale * x**3

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * 3 * ctx.scale * x**2, None


class SplitHalves(Function):  # two outputs
    @staticmethod
    def forward(ctx, x):
        n = x.shape[0] // 2
        return x[:n] * 2, x[n:] ** 2

    @staticmethod
    def backward(ctx, g1, g2):
        return np.concatenate([g1 * 2, g2 * 0])  # wrong on purpose for the second half


class BadShape(Function):
    @staticmethod
    def forward(ctx, x):
        return x.sum(axis=0)

    @staticmethod
    def backward(ctx, g):
        return g[:2]  # neither the input's shape nor broadcastable to it


class BroadcastGrad(Function):
    @staticmethod
    def forward(ctx, x, y):
        return x + y

    @staticmethod
    def backward(ctx, g):
        return g, g  # y was broadcast: the engine sums g back to y's shape, as PyTorch does


def test_backward_gradient_shapes_are_checked_or_summed_back():
    rng = np.random.default_rng(0)
    x = tensor(randn(rng, 3, 4), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"BadShape.backward returned a gradient of shape \(2,\) for input 0 of shape \(3, 4\)"):
        BadShape.apply(x).sum().backward()
    y = tensor(randn(rng, 4), requires_grad=True)
    BroadcastGrad.apply(x, y).sum().backward()
    np.testing.assert_array_equal(y.grad, np.full(4, 3.0))


def test_custom_function_apply_and_gradcheck():
    rng = np.random.default_rng(0)
    x = tensor(randn(rng, 3, 2), requires_grad=True)
    y = Cube.apply(x, 2.0)
    np.testing.assert_allclose(y.data, 2 * x.data**3)
    assert gradcheck(lambda t: Cube.apply(t, 2.0), (x,))


def test_gradcheck_reports_wrong_gradient():
    rng = np.random.default_rng(0)
    x = tensor(randn(rng, 4), requires_grad=True)
    with pytest.raises(syllabus.autograd.GradcheckError, match=r"input 0 .*worst element \((2|3),\)"):
        gradcheck(lambda t: SplitHalves.apply(t), (x,))
    assert gradcheck(lambda t: SplitHalves.apply(t), (x,), raise_exception=False) is False
    # an unused output gets a zero gradient
    x = tensor(randn(rng, 4), requires_grad=True)
    a, _ = SplitHalves.apply(x)
    a.sum().backward()
    np.testing.assert_array_equal(x.grad, [2, 2, 0, 0])


# ---- primitive operations against PyTorch ---------------------------------------------
BINARY_SHAPES = [((3, 4), (3, 4)), ((3, 4), (4,)), ((2, 1, 4), (3, 1)), ((), (2, 3)), ((5,), (1,))]


@pytest.mark.parametrize(("sa", "sb"), BINARY_SHAPES)
@pytest.mark.parametrize("op", ["add", "sub", "mul", "div", "pow"])
def test_binary_ops_match_torch(compare_with_torch, op, sa, sb):
    rng = np.random.default_rng(0)
    a, b = randn(rng, *sa), randn(rng, *sb)
    if op == "pow":
        a = np.abs(a) + 0.5
    if op == "div":
        b = np.sign(b) * (np.abs(b) + 0.5)
    f = {"add": lambda x, y: x + y, "sub": lambda x, y: x - y, "mul": lambda x, y: x * y,
         "div": lambda x, y: x / y, "pow": lambda x, y: x**y}[op]
    compare_with_torch(f, f, [a, b])


def test_scalar_operands_match_torch(compare_with_torch):
    rng = np.random.default_rng(0)
    f = lambda x: (2.0 - x) * 3 / (1.5 + x * x) + 2.0**x - x**3 + 1 / (x * x + 1)  # noqa: E731
    compare_with_torch(f, f, [randn(rng, 3, 2)])


@pytest.mark.parametrize(("sa", "sb"), [((3, 4), (4, 5)), ((4,), (4, 2)), ((3, 4), (4,)), ((4,), (4,)),
                                        ((2, 3, 4), (4, 5)), ((2, 3, 4), (2, 4, 5)), ((3, 4), (2, 4, 5))])
def test_matmul_matches_torch(compare_with_torch, sa, sb):
    rng = np.random.default_rng(0)
    compare_with_torch(lambda a, b: a @ b, lambda a, b: a @ b, [randn(rng, *sa), randn(rng, *sb)])


def test_matmul_shape_error_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(3, 4\) and \(5, 2\)"):
        tensor(np.ones((3, 4))) @ tensor(np.ones((5, 2)))
    with pytest.raises(ValueError, match=r"\(3, 4\) and \(3,\)"):
        tensor(np.ones((3, 4))) + tensor(np.ones(3))


@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "abs", "neg", "clip", "sigmoid", "tanh", "relu"])
def test_unary_ops_match_torch(compare_with_torch, name):
    rng = np.random.default_rng(0)
    a = randn(rng, 3, 5)
    if name in ("log", "sqrt"):
        a = np.abs(a) + 0.1
    if name in ("abs", "relu", "clip"):
        a[0, :3] = [0.0, -0.5, 0.5]  # subgradient conventions at the kinks: |x|'(0) = relu'(0) = 0
    ours = {"neg": lambda t: -t, "clip": lambda t: t.clip(-0.5, 0.5)}.get(name, lambda t: getattr(t, name)())
    theirs = {"neg": lambda t: -t, "clip": lambda t: t.clamp(-0.5, 0.5)}.get(name, lambda t: getattr(t, name)())
    compare_with_torch(ours, theirs, [a])


@pytest.mark.parametrize("axis", [None, 0, 1, (0, 2), -1])
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("name", ["sum", "mean", "max", "min"])
def test_reductions_match_torch(compare_with_torch, name, axis, keepdims):
    rng = np.random.default_rng(0)
    a = np.round(randn(rng, 3, 4, 2), 0)  # rounding creates ties: amax/amin share the gradient
    torch_name = {"max": "amax", "min": "amin"}.get(name, name)

    def theirs(t):
        if axis is None:
            out = getattr(t, torch_name)(dim=tuple(range(t.ndim)), keepdim=keepdims)
            return out
        return getattr(t, torch_name)(dim=axis, keepdim=keepdims)

    compare_with_torch(lambda t: getattr(t, name)(axis=axis, keepdims=keepdims), theirs, [a])


@pytest.mark.parametrize("dim", [0, 1, -1])
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("name", ["max", "min"])
def test_max_min_with_dim_return_indices_and_route_gradient_to_the_first(name, dim, keepdim):
    rng = np.random.default_rng(0)
    a = np.round(randn(rng, 4, 5), 0)  # ties: torch.max(dim) sends the gradient to one element
    x, xt = tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    values, indices = getattr(x, name)(dim=dim, keepdim=keepdim)
    ref = getattr(xt, name)(dim=dim, keepdim=keepdim)
    np.testing.assert_array_equal(values.data, ref.values.detach().numpy())
    np.testing.assert_array_equal(indices.data, ref.indices.numpy())
    assert not indices.requires_grad
    g = randn(rng, *values.shape)
    values.backward(g)
    ref.values.backward(torch.tensor(g))
    np.testing.assert_array_equal(x.grad, xt.grad.numpy())


def test_torch_style_dim_keywords():
    rng = np.random.default_rng(0)
    a = randn(rng, 3, 4)
    t = tensor(a)
    np.testing.assert_allclose(t.sum(dim=1, keepdim=True).data, a.sum(1, keepdims=True))
    np.testing.assert_array_equal(t.argmax(dim=1).data, a.argmax(1))


def test_shape_ops_match_torch(compare_with_torch):
    rng = np.random.default_rng(0)
    a = randn(rng, 2, 3, 4)
    compare_with_torch(lambda t: t.reshape(4, 6) * 2, lambda t: t.reshape(4, 6) * 2, [a])
    compare_with_torch(lambda t: t.permute(2, 0, 1) * 2, lambda t: t.permute(2, 0, 1) * 2, [a])
    compare_with_torch(lambda t: t.transpose(0, 2) * 2, lambda t: t.transpose(0, 2) * 2, [a])
    compare_with_torch(lambda t: t.flatten(1) * 2, lambda t: t.flatten(1) * 2, [a])
    compare_with_torch(lambda t: t.unsqueeze(1).squeeze(1) * 2, lambda t: t.unsqueeze(1).squeeze(1) * 2, [a])
    compare_with_torch(lambda t: t[0].T * 2, lambda t: t[0].T * 2, [a])
    with pytest.raises(ValueError, match=r"\(2, 3, 4\).*\(5, 5\)"):
        tensor(a).reshape(5, 5)


@pytest.mark.parametrize("index", [
    (slice(None), 1), (0,), (slice(1, None), slice(None, None, 2)), (Ellipsis, -1),
    ([0, 1, 1],), (slice(None), [2, 2, 0]), (np.array([[True, False, True, True]] * 3),),
])
def test_indexing_matches_torch(compare_with_torch, index):
    rng = np.random.default_rng(0)
    a = randn(rng, 3, 4)
    torch_index = tuple(torch.tensor(i) if isinstance(i, (list, np.ndarray)) else i for i in index)
    compare_with_torch(lambda t: t[index] * 2, lambda t: t[torch_index] * 2, [a])


def test_indexing_with_tensor_index():
    rng = np.random.default_rng(0)
    x = tensor(randn(rng, 4, 3), requires_grad=True)
    idx = tensor([1, 1, 3])
    x[idx].sum().backward()
    np.testing.assert_array_equal(x.grad[:, 0], [0, 2, 0, 1])


def test_cat_stack_where_match_torch(compare_with_torch):
    rng = np.random.default_rng(0)
    a, b = randn(rng, 2, 3), randn(rng, 4, 3)
    compare_with_torch(lambda x, y: cat([x, y], axis=0) * 2, lambda x, y: torch.cat([x, y], 0) * 2, [a, b])
    c, d = randn(rng, 2, 3), randn(rng, 2, 3)
    compare_with_torch(lambda x, y: stack([x, y], axis=1) * 2, lambda x, y: torch.stack([x, y], 1) * 2, [c, d])
    cond = c > 0
    compare_with_torch(lambda x, y: where(cond, x, y) * 2,
                       lambda x, y: torch.where(torch.tensor(cond), x, y) * 2, [c, d])


@pytest.mark.parametrize("shape", [(3,), (2, 3), (2, 2, 2)])
def test_primitives_gradcheck(shape):
    rng = np.random.default_rng(0)
    # every primitive Function, on several shapes
    a = tensor(randn(rng, *shape), requires_grad=True)
    b = tensor(np.abs(randn(rng, *shape)) + 0.5, requires_grad=True)
    assert gradcheck(lambda x, y: (x * y / (y + 1)) ** 2 - x.exp() * y.log() + y.sqrt() + y**x, (a, b))
    assert gradcheck(lambda x: x.max(axis=-1) + x.mean() + x.sum(axis=0).abs().sum(), (a,))
    assert gradcheck(lambda x: x.max(dim=0).values * x.min(dim=-1, keepdim=True).values.sum(), (a,))
    assert gradcheck(lambda x: cat([x, x * 2], axis=-1).reshape(-1)[::2] - 1, (a,))
    assert gradcheck(lambda x, y: stack([x, -y], axis=0).clip(-0.8, 0.9), (a, b))
    assert gradcheck(lambda x, y: where(x.data > 0, x, y).permute(*reversed(range(x.ndim))), (a, b))
    assert gradcheck(lambda x: x.clone().astype(np.float64)[..., [0, 0]] * 3, (a,))
    w = tensor(randn(rng, shape[-1], 2), requires_grad=True)
    assert gradcheck(lambda x, m: x @ m, (a, w))
