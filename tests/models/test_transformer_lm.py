"""TransformerLM: parity with a PyTorch twin, causality, generation and bad input."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from syllabus.models import TransformerLM  # noqa: E402
from syllabus.utils._special import softmax  # noqa: E402


class TorchTwin(torch.nn.Module):
    """The same architecture from torch.nn layers (keys match our state_dict)."""

    def __init__(self, vocab, d_model, nhead, num_layers, ff, max_len, positional, activation):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, d_model)
        self.pos_embedding = torch.nn.Embedding(max_len, d_model) if positional == "learned" else None
        layer = torch.nn.TransformerEncoderLayer(d_model, nhead, ff, dropout=0.0, activation=activation,
                                                 batch_first=True, norm_first=True)
        self.encoder = torch.nn.TransformerEncoder(layer, num_layers, enable_nested_tensor=False)
        self.norm = torch.nn.LayerNorm(d_model)
        self.head = torch.nn.Linear(d_model, vocab)
        # the sinusoidal table written independently of ours, from the paper's formula
        pos = np.arange(max_len)[:, None]
        i = np.arange(d_model)[None, :]
        angle = pos / 10000.0 ** ((i - i % 2) / d_model)
        self.register_buffer("pe", torch.tensor(np.where(i % 2 == 0, np.sin(angle), np.cos(angle))),
                             persistent=False)

    def forward(self, ids):
        T = ids.shape[1]
        x = self.embedding(ids)
        x = x + (self.pe[:T] if self.pos_embedding is None else self.pos_embedding(torch.arange(T)))
        mask = torch.nn.Transformer.generate_square_subsequent_mask(T, dtype=torch.float64)
        return self.head(self.norm(self.encoder(x, mask=mask, is_causal=True)))


@pytest.mark.parametrize("positional", ["sinusoidal", "learned"])
@pytest.mark.parametrize("activation", ["gelu", "relu"])
def test_forward_loss_and_gradients_match_torch_twin(positional, activation):
    rng = np.random.default_rng(0)
    V, D, H, L, FF, M = 11, 12, 3, 2, 20, 16
    lm = TransformerLM(V, D, H, L, FF, max_len=M, positional=positional, activation=activation).double()
    twin = TorchTwin(V, D, H, L, FF, M, positional, activation).double()
    # random non-trivial LayerNorm affines and biases so every parameter matters
    with torch.no_grad():
        for p in twin.parameters():
            p.copy_(torch.tensor(rng.normal(0, 0.5, p.shape)))
    lm.load_state_dict({k: v.detach().numpy() for k, v in twin.state_dict().items()})
    ids = rng.integers(0, V, (3, 9))
    ref = twin(torch.tensor(ids))
    np.testing.assert_allclose(lm(ids).data, ref.detach().numpy(), rtol=1e-10, atol=1e-12)
    loss = lm.loss(ids)
    ref_loss = torch.nn.functional.cross_entropy(twin(torch.tensor(ids[:, :-1])).reshape(-1, V),
                                                 torch.tensor(ids[:, 1:]).reshape(-1))
    loss.backward()
    ref_loss.backward()
    np.testing.assert_allclose(loss.data, ref_loss.item(), rtol=1e-12)
    ours = dict(lm.named_parameters())
    for name, p in twin.named_parameters():
        np.testing.assert_allclose(ours[name].grad, p.grad.numpy(), rtol=1e-8, atol=1e-11, err_msg=name)


def test_causal_changing_a_token_leaves_earlier_logits_unchanged():
    rng = np.random.default_rng(1)
    lm = TransformerLM(7, 8, 2, 2, max_len=12).double()
    ids = rng.integers(0, 7, (2, 10))
    base = lm(ids).data
    for t in (0, 4, 9):
        other = ids.copy()
        other[:, t] = (other[:, t] + 1) % 7
        changed = lm(other).data
        np.testing.assert_array_equal(changed[:, :t], base[:, :t])
        assert np.abs(changed[:, t:] - base[:, t:]).max() > 1e-6  # later positions see it


def _next_distribution(lm, seq):
    return softmax(lm(np.array([seq])).data[0, -1].astype(np.float64))


def test_generate_seeded_greedy_and_top_k():
    rng = np.random.default_rng(2)
    lm = TransformerLM(9, 8, 2, 1, max_len=6).double()
    a = lm.generate([1, 2], 12, temperature=1.0, seed=5)
    np.testing.assert_array_equal(a, lm.generate([1, 2], 12, temperature=1.0, seed=5))
    assert lm.training
    # temperature 0 is greedy: feed back the arg-max by hand (context cropped to max_len)
    greedy = lm.generate([3], 8, temperature=0)
    seq = [3]
    for _ in range(8):
        seq.append(int(np.argmax(lm(np.array([seq[-6:]])).data[0, -1])))
    np.testing.assert_array_equal(greedy, seq[1:])
    # a tiny temperature gives the greedy sequence too
    np.testing.assert_array_equal(lm.generate([3], 8, temperature=1e-4, seed=0), greedy)
    # top_k=1 is greedy whatever the temperature
    np.testing.assert_array_equal(lm.generate([3], 8, temperature=5.0, top_k=1, seed=1), greedy)
    # top_k restricts every draw to the k most likely next tokens
    prefix = list(rng.integers(0, 9, 3))
    k = 3
    allowed = np.argsort(_next_distribution(lm, prefix))[-k:]
    firsts = {int(lm.generate(prefix, 1, temperature=3.0, top_k=k, seed=s)[0]) for s in range(60)}
    assert firsts <= set(allowed.tolist())
    assert len(firsts) == k  # at a high temperature all k are drawn
    # the frequencies follow the renormalised top-k distribution
    p = _next_distribution(lm, prefix)
    draws = [int(lm.generate(prefix, 1, temperature=1.0, top_k=k, seed=s)[0]) for s in range(400)]
    freq = np.array([draws.count(int(t)) for t in allowed]) / 400
    np.testing.assert_allclose(freq, p[allowed] / p[allowed].sum(), atol=0.08)


def test_errors():
    lm = TransformerLM(5, 8, 2, 1, max_len=4)
    with pytest.raises(ValueError, match="sequence length 5 exceeds max_len=4"):
        lm(np.zeros((1, 5), dtype=int))
    with pytest.raises(IndexError, match=r"token id 5 is outside the vocabulary \[0, 5\)"):
        lm(np.array([[0, 5]]))
    with pytest.raises(IndexError, match="outside the vocabulary"):
        lm.generate([-1], 3)
    with pytest.raises(ValueError, match="prefix must hold at least one token"):
        lm.generate([], 3)
    with pytest.raises(ValueError, match="temperature must be >= 0"):
        lm.generate([0], 3, temperature=-1.0)
    with pytest.raises(ValueError, match="top_k must be a positive int"):
        lm.generate([0], 3, top_k=0)
    with pytest.raises(ValueError, match="divisible"):
        TransformerLM(5, 6, 4)
    with pytest.raises(ValueError, match="positional must be"):
        TransformerLM(5, 8, 2, positional="rotary")
    with pytest.raises(TypeError, match="must be integers"):
        lm(np.zeros((1, 2)))
    # a sequence of exactly max_len is fine and finite
    assert np.isfinite(lm(np.zeros((2, 4), dtype=int)).data).all()
