"""Stale graphs are refused as PyTorch refuses them (issue 9, item 5): a tensor saved for
backward and then modified in place makes backward raise RuntimeError, for every Function,
without per-Function code (ctx.save_for_backward records versions, ctx.saved_tensors checks).
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import syllabus  # noqa: E402
from syllabus import nn, optim  # noqa: E402
from syllabus.autograd import Function, no_grad, tensor  # noqa: E402

STALE = "modified by an inplace operation"


def _both(build, mutate):
    """Run ``build`` (returns the loss) and ``mutate`` in both libraries; True if each raised."""
    raised = []
    for lib, grad_off in ((syllabus, no_grad), (torch, torch.no_grad)):
        x = lib.tensor(np.arange(1.0, 7.0).reshape(2, 3), requires_grad=True)
        loss = build(x)
        with grad_off():
            mutate(x, loss)
        try:
            loss.backward()
        except RuntimeError as exc:
            assert lib is torch or STALE in str(exc)
            raised.append(True)
        else:
            raised.append(False)
    return raised


@pytest.mark.parametrize("name", ["mul", "matmul", "view", "linear"])
def test_in_place_change_of_a_saved_tensor_raises_like_torch(name):
    build = {
        "mul": lambda x: (x * x).sum(),  # saves its inputs
        "linear": lambda x: (syllabus.nn.functional if isinstance(x, syllabus.Tensor)
                             else torch.nn.functional).linear(x, x).sum(),
        "matmul": lambda x: (x @ x.T).sum(),
        "view": lambda x: (x * x).sum(),
    }[name]

    def mutate(x, loss):
        if name == "view":
            v = x[0]  # a view shares its base's version counter
            v[1] = 10.0
        else:
            x[0, 0] = 10.0

    assert _both(build, mutate) == [True, True]


def test_saved_output_modified_in_place_raises():
    for lib, grad_off in ((syllabus, no_grad), (torch, torch.no_grad)):
        x = lib.tensor(np.array([0.5, -1.0]), requires_grad=True)
        y = x.exp()  # backward uses y itself
        with grad_off():
            y[0] = 3.0
        with pytest.raises(RuntimeError):
            y.sum().backward()


def test_unsaved_or_untouched_tensors_do_not_raise_and_give_torch_gradients():
    # Add saves nothing, so changing its input is harmless (as in PyTorch); a tensor that is
    # changed and not saved leaves the gradient of the others exact.
    grads = []
    for lib, grad_off in ((syllabus, no_grad), (torch, torch.no_grad)):
        x = lib.tensor(np.array([1.0, 2.0]), requires_grad=True)
        w = lib.tensor(np.array([3.0, -1.0]), requires_grad=True)
        loss = ((x + w) * w).sum()
        with grad_off():
            x[0] = 100.0
        loss.backward()
        grads.append(tuple(g if isinstance(g, np.ndarray) else g.numpy() for g in (x.grad, w.grad)))
    for ours, ref in zip(*grads):
        np.testing.assert_array_equal(ours, ref)


def test_version_numbers_follow_torch():
    ours = tensor(np.zeros(3))
    ref = torch.tensor(np.zeros(3))
    seen = []
    for t in (ours, ref):
        t[0] = 1.0
        t.zero_()
        d = t.detach()  # shares the counter
        d[1] = 2.0
        seen.append((t._version, d._version))
    assert seen[0] == seen[1] == (3, 3)


def test_optimizer_step_between_two_backward_passes_raises():
    # retain_graph=True keeps the saved arrays, but the weights they came from have moved.
    for lib in (syllabus, torch):
        lib.manual_seed(0)
        model = (nn if lib is syllabus else torch.nn).Linear(3, 2).double()
        opt = (optim if lib is syllabus else torch.optim).SGD(model.parameters(), lr=0.1)
        x = lib.tensor(np.ones((4, 3)), requires_grad=True)
        loss = model(x).sum()
        loss.backward(retain_graph=True)
        opt.step()
        with pytest.raises(RuntimeError, match="inplace operation"):
            loss.backward()


def test_load_state_dict_makes_old_graphs_stale():
    syllabus.manual_seed(0)
    model = nn.Linear(3, 2).double()
    x = tensor(np.ones((4, 3)), requires_grad=True)
    loss = model(x).sum()
    model.load_state_dict({k: np.asarray(v) * 2 for k, v in model.state_dict().items()})
    with pytest.raises(RuntimeError, match="inplace operation"):
        loss.backward()


def test_custom_function_gets_the_check_for_free():
    class Cube(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return 3 * x ** 2 * g

    x = tensor(np.array([1.0, 2.0]), requires_grad=True)
    y = Cube.apply(x).sum()
    with no_grad():
        x[1] = 0.0
    with pytest.raises(RuntimeError, match=r"input 0 of Cube is at version 1; expected version 0"):
        y.backward()
    # Unmodified: backward works and is exact.
    x = tensor(np.array([1.0, 2.0]), requires_grad=True)
    Cube.apply(x).sum().backward()
    np.testing.assert_array_equal(x.grad, [3.0, 12.0])
