"""MaskedLanguageModel and PrototypicalNetwork: PyTorch twins (float64), closed forms, BERT's
masking statistics on a seeded generator, gradcheck and bad input."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from syllabus.autograd import gradcheck, tensor  # noqa: E402
from syllabus.models import MaskedLanguageModel, PrototypicalNetwork  # noqa: E402


def _state_to_torch(module_t, ours):
    module_t.load_state_dict({k: torch.tensor(np.asarray(v))
                              for k, v in ours.state_dict().items()})


class _TorchMLM(torch.nn.Module):
    def __init__(self, V, d, nhead, layers, ff, max_len):
        super().__init__()
        self.token_embedding = torch.nn.Embedding(V + 1, d)
        self.position_embedding = torch.nn.Embedding(max_len, d)
        layer = torch.nn.TransformerEncoderLayer(d, nhead, ff, 0.0, activation="gelu", batch_first=True,
                                                 norm_first=True)
        self.encoder = torch.nn.TransformerEncoder(layer, layers, norm=torch.nn.LayerNorm(d),
                                                   enable_nested_tensor=False)
        self.head = torch.nn.Linear(d, V)

    def forward(self, ids):
        x = self.token_embedding(ids) + self.position_embedding(torch.arange(ids.shape[1]))
        return self.head(self.encoder(x))


def test_masked_language_model_matches_torch_twin():
    rng = np.random.default_rng(0)
    V, d = 7, 8
    mlm = MaskedLanguageModel(V, d_model=d, nhead=2, num_layers=2, dim_feedforward=12, max_len=9).double()
    twin = _TorchMLM(V, d, 2, 2, 12, 9).double()
    _state_to_torch(twin, mlm)
    ids = rng.integers(0, V, (3, 9))
    inputs, targets = mlm.mask_tokens(ids, mask_prob=0.4, seed=1)
    assert (targets != -100).sum() > 3
    out = mlm(inputs)
    ref = twin(torch.tensor(inputs))
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=1e-9, atol=1e-11)
    loss = mlm.loss(inputs, targets)
    ref_loss = torch.nn.functional.cross_entropy(ref.reshape(-1, V), torch.tensor(targets).reshape(-1),
                                                 ignore_index=-100)
    loss.backward()
    ref_loss.backward()
    np.testing.assert_allclose(loss.item(), ref_loss.item(), rtol=1e-10)
    ours = dict(mlm.named_parameters())
    for name, p in twin.named_parameters():
        np.testing.assert_allclose(ours[name].grad, p.grad.numpy(), rtol=1e-7, atol=1e-10, err_msg=name)


def test_masked_language_model_loss_scores_only_the_chosen_positions():
    rng = np.random.default_rng(1)
    mlm = MaskedLanguageModel(5, d_model=8, nhead=2, num_layers=1, max_len=6).double()
    ids = rng.integers(0, 5, (4, 6))
    inputs, targets = mlm.mask_tokens(ids, mask_prob=0.5, seed=2)
    logits = mlm(inputs).data
    chosen = targets != -100
    logp = logits - logits.max(-1, keepdims=True)
    logp = logp - np.log(np.exp(logp).sum(-1, keepdims=True))
    expected = -np.mean(logp[chosen, targets[chosen]])
    np.testing.assert_allclose(mlm.loss(inputs, targets).item(), expected, rtol=1e-12)
    # the unscored positions' target values do not matter; the gradient ignores them too
    other = np.where(chosen, targets, -100)
    mlm.loss(inputs, other).backward()
    g = mlm.head.weight.grad.copy()
    mlm.zero_grad()
    mlm.loss(inputs, targets).backward()
    np.testing.assert_array_equal(mlm.head.weight.grad, g)


def test_mask_tokens_follows_bert_80_10_10():
    V = 20
    mlm = MaskedLanguageModel(V, d_model=8, nhead=2, num_layers=1, max_len=400)
    ids = np.random.default_rng(3).integers(0, V, (250, 400))  # 100,000 tokens
    inputs, targets = mlm.mask_tokens(ids, mask_prob=0.15, seed=4)
    chosen = targets != -100
    n, m = ids.size, chosen.sum()
    np.testing.assert_array_equal(targets[chosen], ids[chosen])
    np.testing.assert_array_equal(inputs[~chosen], ids[~chosen])  # untouched outside
    frac = lambda k, total, p: abs(k / total - p) <= 4 * np.sqrt(p * (1 - p) / total)  # noqa: E731
    assert frac(m, n, 0.15)
    masked = inputs[chosen] == mlm.mask_id
    kept = inputs[chosen] == ids[chosen]
    replaced = ~masked & ~kept
    assert frac(masked.sum(), m, 0.8)
    assert frac(kept.sum(), m, 0.1 + 0.1 / V)  # a random token may equal the original
    assert frac(replaced.sum(), m, 0.1 * (1 - 1 / V))
    assert inputs[chosen][replaced].max() < V  # random tokens are ordinary ones, never [MASK]
    assert np.all(inputs[~chosen] != mlm.mask_id)
    # seeded: the same seed gives the same corruption, another one a different one
    again = mlm.mask_tokens(ids, 0.15, seed=4)
    np.testing.assert_array_equal(again[0], inputs)
    assert not np.array_equal(mlm.mask_tokens(ids, 0.15, seed=5)[0], inputs)
    # the limits
    none_in, none_t = mlm.mask_tokens(ids[:5], 0.0, seed=0)
    np.testing.assert_array_equal(none_in, ids[:5])
    assert np.all(none_t == -100)
    np.testing.assert_array_equal(mlm.mask_tokens(ids[:5], 1.0, seed=0)[1], ids[:5])


def test_masked_language_model_rejects_bad_input():
    mlm = MaskedLanguageModel(5, d_model=8, nhead=2, num_layers=1, max_len=4)
    with pytest.raises(ValueError, match="max_len"):
        mlm(np.zeros((1, 5), dtype=int))
    with pytest.raises(IndexError, match="outside the vocabulary"):
        mlm(np.full((1, 3), 6))
    with pytest.raises(IndexError, match="outside the vocabulary"):  # [MASK] is no target token
        mlm.mask_tokens(np.full((1, 3), 5), 0.5, seed=0)
    with pytest.raises(ValueError, match="mask_prob"):
        mlm.mask_tokens(np.zeros((1, 3), dtype=int), 1.5, seed=0)
    with pytest.raises(ValueError, match="targets"):
        mlm.loss(np.zeros((1, 3), dtype=int), np.zeros((1, 2), dtype=int))
    with pytest.raises(ValueError, match="divisible|num_heads|embed_dim"):
        MaskedLanguageModel(5, d_model=6, nhead=4)
    with pytest.raises(ValueError, match="vocab_size"):
        MaskedLanguageModel(0)


def _episode(rng, n_way=3, k_shot=2, n_query=4, d=5):
    labels = rng.choice(10, n_way, replace=False)
    support_y = np.repeat(labels, k_shot)
    query_y = rng.choice(labels, n_query)
    return rng.standard_normal((n_way * k_shot, d)), support_y, rng.standard_normal((n_query, d)), query_y


def test_prototypical_logits_match_a_direct_computation():
    rng = np.random.default_rng(6)
    net = PrototypicalNetwork(5, embedding_dim=3, hidden_size=6).double()
    sx, sy, qx, qy = _episode(rng)
    W = [net.encoder[i] for i in (0, 2, 4)]

    def embed(x):
        h = np.maximum(x @ W[0].weight.data.T + W[0].bias.data, 0)
        h = np.maximum(h @ W[1].weight.data.T + W[1].bias.data, 0)
        return h @ W[2].weight.data.T + W[2].bias.data

    classes = np.unique(sy)
    protos = np.stack([embed(sx[sy == c]).mean(axis=0) for c in classes])
    eq = embed(qx)
    expected = -np.array([[np.sum((q - c) ** 2) for c in protos] for q in eq])
    np.testing.assert_allclose(net.prototypes(sx, sy).data, protos, rtol=1e-12)
    np.testing.assert_allclose(net.logits(qx, sx, sy).data, expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(net.predict(qx, sx, sy), classes[expected.argmax(axis=1)])


def test_prototypical_loss_and_gradients_match_torch_twin():
    rng = np.random.default_rng(7)
    net = PrototypicalNetwork(5, embedding_dim=4, hidden_size=6).double()
    twin = torch.nn.Sequential(torch.nn.Linear(5, 6), torch.nn.ReLU(), torch.nn.Linear(6, 6),
                               torch.nn.ReLU(), torch.nn.Linear(6, 4)).double()
    _state_to_torch(twin, net.encoder)
    sx, sy, qx, qy = _episode(rng, n_way=4, k_shot=3, n_query=9)
    loss = net.loss(sx, sy, qx, qy)
    classes = np.unique(sy)
    es, eq = twin(torch.tensor(sx)), twin(torch.tensor(qx))
    protos = torch.stack([es[torch.tensor(sy == c)].mean(0) for c in classes])
    ref = torch.nn.functional.cross_entropy(-torch.cdist(eq, protos) ** 2,
                                            torch.tensor(np.searchsorted(classes, qy)))
    loss.backward()
    ref.backward()
    np.testing.assert_allclose(loss.item(), ref.item(), rtol=1e-10)
    ours = dict(net.encoder.named_parameters())
    for name, p in twin.named_parameters():
        np.testing.assert_allclose(ours[name].grad, p.grad.numpy(), rtol=1e-8, atol=1e-12, err_msg=name)


def test_prototypical_gradcheck_and_bad_input():
    rng = np.random.default_rng(8)
    net = PrototypicalNetwork(5, embedding_dim=3, hidden_size=4).double()
    sx, sy, qx, qy = _episode(rng)
    s, q = tensor(sx, requires_grad=True), tensor(qx, requires_grad=True)
    assert gradcheck(lambda a, b: net.logits(b, a, sy), [s, q], atol=1e-7, rtol=1e-6)
    with pytest.raises(ValueError, match="not seen"):
        net.loss(sx, sy, qx, np.full(len(qx), 99))
    with pytest.raises(ValueError, match="support examples"):
        net.prototypes(sx, sy[:-1])
    with pytest.raises(ValueError, match="in_features"):
        PrototypicalNetwork()


def test_paradigm_models_save_and_load(tmp_path):
    from syllabus import io

    rng = np.random.default_rng(9)
    proto = PrototypicalNetwork(4, embedding_dim=3, hidden_size=5).double()
    sx, sy, qx = rng.standard_normal((6, 4)), np.array([0, 0, 1, 1, 2, 2]), rng.standard_normal((3, 4))
    io.save(proto, tmp_path / "proto.safetensors")
    loaded = io.load(tmp_path / "proto.safetensors")
    assert type(loaded) is PrototypicalNetwork
    np.testing.assert_array_equal(loaded.logits(qx, sx, sy).data, proto.logits(qx, sx, sy).data)
    # the encoder layers hold their activation function, which io.save refuses (no pickle):
    # the MLM goes through its state_dict
    mlm = MaskedLanguageModel(6, d_model=8, nhead=2, num_layers=1, max_len=5).double()
    io.save(mlm.state_dict(), tmp_path / "mlm.safetensors")
    fresh = MaskedLanguageModel(6, d_model=8, nhead=2, num_layers=1, max_len=5).double()
    fresh.load_state_dict(io.load(tmp_path / "mlm.safetensors"))
    ids = rng.integers(0, 7, (2, 5))
    np.testing.assert_array_equal(fresh(ids).data, mlm(ids).data)
