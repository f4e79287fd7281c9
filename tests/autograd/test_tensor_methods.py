"""The operator surface (autograd/_tensor_methods.py) installed on the autograd core's Tensor."""

import numpy as np

from syllabus.autograd import Tensor, tensor
from syllabus.autograd._tensor_methods import TensorMethods


def test_every_surface_method_is_installed_on_tensor():
    skip = {"__module__", "__qualname__", "__doc__", "__dict__", "__weakref__",
            "__firstlineno__", "__static_attributes__"}
    for name, value in vars(TensorMethods).items():
        if name not in skip:
            assert Tensor.__dict__[name] is value, name


def test_tensors_stay_hashable_while_eq_is_elementwise():
    # Defining __eq__ on the surface class sets its __hash__ to None; Tensor must keep one.
    a, b = tensor([1.0, 2.0]), tensor([1.0, 3.0])
    assert len({a, b}) == 2
    np.testing.assert_array_equal((a == b).data, [True, False])


def test_surface_operators_and_their_gradients_follow_the_closed_forms():
    rng = np.random.default_rng(0)
    x_np, w_np = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
    x, w = tensor(x_np, requires_grad=True), tensor(w_np, requires_grad=True)
    loss = ((x @ w).relu() ** 2).sum() / 2 - x.exp().mean()
    loss.backward()
    z = x_np @ w_np
    r = np.maximum(z, 0)
    np.testing.assert_allclose(loss.item(), (r**2).sum() / 2 - np.exp(x_np).mean(), rtol=1e-12)
    np.testing.assert_allclose(w.grad, x_np.T @ r, rtol=1e-12)
    np.testing.assert_allclose(x.grad, r @ w_np.T - np.exp(x_np) / x_np.size, rtol=1e-12)
