"""The attention demos' helper: the maps drawn are the model's own attention weights."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from syllabus.demos.attention._shared import first_layer_attention  # noqa: E402
from syllabus.models import TransformerLM  # noqa: E402


def test_first_layer_attention_matches_torch_multihead_attention():
    rng = np.random.default_rng(0)
    lm = TransformerLM(7, 12, 3, 2, 16, max_len=10, positional="learned").double()
    ids = rng.integers(0, 7, (2, 9))
    layer = lm.encoder.layers[0]
    x = torch.tensor(lm.embed(ids).data)
    norm = torch.nn.LayerNorm(12).double()
    norm.load_state_dict({k: torch.tensor(v) for k, v in layer.norm1.state_dict().items()})
    mha = torch.nn.MultiheadAttention(12, 3, batch_first=True).double()
    mha.load_state_dict({k: torch.tensor(v) for k, v in layer.self_attn.state_dict().items()})
    h = norm(x)
    mask = torch.triu(torch.ones(9, 9, dtype=torch.bool), 1)
    _, ref = mha(h, h, h, attn_mask=mask, need_weights=True, average_attn_weights=False)
    weights = first_layer_attention(lm, ids)
    np.testing.assert_allclose(weights, ref.detach().numpy(), rtol=1e-10, atol=1e-13)
    assert np.all(weights[..., mask.numpy()] == 0)
