"""Shared helper: run the same computation in syllabus and PyTorch (float64) and compare."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import syllabus  # noqa: E402


def _compare(ours_fn, torch_fn, arrays, rtol=1e-10, atol=1e-12, grad_of=None, seed=0):
    """Forward values and the gradients of sum(out * v) for random v must agree."""
    grad_of = range(len(arrays)) if grad_of is None else grad_of
    ours = [syllabus.tensor(np.array(a), requires_grad=i in grad_of and np.asarray(a).dtype.kind == "f")
            for i, a in enumerate(arrays)]
    theirs = [torch.tensor(np.array(a), requires_grad=i in grad_of and np.asarray(a).dtype.kind == "f")
              for i, a in enumerate(arrays)]
    out, ref = ours_fn(*ours), torch_fn(*theirs)
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=rtol, atol=atol)
    assert out.dtype == np.dtype(str(ref.dtype).replace("torch.", ""))
    v = np.random.default_rng(seed).standard_normal(out.shape)
    if out.requires_grad:
        out.backward(v)
        ref.backward(torch.tensor(v))
        for i in grad_of:
            if ours[i].requires_grad:
                np.testing.assert_allclose(ours[i].grad, theirs[i].grad.numpy(), rtol=rtol,
                                           atol=atol, err_msg=f"gradient of input {i}")
    return out, ref


@pytest.fixture
def compare_with_torch():
    return _compare
