"""Embedding: bad indices raise IndexError as PyTorch does; gradcheck of the lookup Function."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from syllabus import nn  # noqa: E402
from syllabus.autograd import _embedding, gradcheck, tensor  # noqa: E402


@pytest.mark.parametrize("bad", [[-1], [0, 5], [[1, 2], [3, -6]], [7]])
def test_out_of_range_indices_raise_index_error_like_torch(bad):
    with pytest.raises(IndexError):
        torch.nn.Embedding(5, 2)(torch.tensor(bad))
    with pytest.raises(IndexError, match=r"out of range for 5 embeddings \(indices must be in \[0, 5\)\)"):
        nn.Embedding(5, 2)(bad)


def test_float_indices_are_refused():
    with pytest.raises(TypeError, match="must be integers"):
        nn.Embedding(5, 2)(np.array([1.0, 2.0]))


def test_lookup_gradcheck_with_repeats_and_padding():
    rng = np.random.default_rng(0)
    idx = np.array([[1, 3, 3], [0, 1, 1]])
    w = tensor(rng.standard_normal((4, 2)), requires_grad=True)
    assert gradcheck(lambda w: _embedding.Embedding.apply(w, idx), (w,))
    out = _embedding.Embedding.apply(w, idx, padding_idx=1)
    out.backward(np.ones(out.shape))
    assert np.all(w.grad[1] == 0) and np.all(w.grad[3] == 2) and np.all(w.grad[0] == 1)


def test_empty_index_array_gives_empty_output():
    ref = torch.nn.Embedding(5, 3)(torch.zeros((2, 0), dtype=torch.long))
    assert nn.Embedding(5, 3)(np.zeros((2, 0), dtype=np.int64)).shape == tuple(ref.shape)
