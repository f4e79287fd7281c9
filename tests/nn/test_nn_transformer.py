"""LayerNorm, GELU, scaled dot-product attention, MultiheadAttention and the Transformer layers
against PyTorch in float64 (forward, input and parameter gradients), and gradcheck."""

import numpy as np
import pytest

import syllabus
from syllabus import nn
from syllabus.autograd import gradcheck
from syllabus.nn import functional as F

torch = pytest.importorskip("torch")
tF = torch.nn.functional


def _pair(rng, *shape):
    a = rng.standard_normal(shape)
    return syllabus.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)


def _close(ours, theirs, rtol=1e-10, atol=1e-12):
    np.testing.assert_allclose(ours.data if hasattr(ours, "data") and not isinstance(
        ours, np.ndarray) else ours, theirs.detach().numpy(), rtol=rtol, atol=atol)


def _backward_both(out, ref, rng):
    v = rng.standard_normal(out.shape)
    out.backward(v)
    ref.backward(torch.tensor(v))


def test_layer_norm_matches_torch_and_gradcheck():
    rng = np.random.default_rng(0)
    x, tx = _pair(rng, 3, 4, 5)
    w, tw = _pair(rng, 4, 5)
    b, tb = _pair(rng, 4, 5)
    out, ref = F.layer_norm(x, (4, 5), w, b, eps=1e-3), tF.layer_norm(tx, (4, 5), tw, tb, eps=1e-3)
    _close(out, ref)
    _backward_both(out, ref, rng)
    for ours, theirs in ((x, tx), (w, tw), (b, tb)):
        np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-9, atol=1e-11)
    assert gradcheck(lambda a, c, d: F.layer_norm(a, 5, c, d), [
        syllabus.tensor(rng.standard_normal((2, 3, 5)), requires_grad=True),
        syllabus.tensor(rng.standard_normal(5), requires_grad=True),
        syllabus.tensor(rng.standard_normal(5), requires_grad=True)])
    module = nn.LayerNorm(5, elementwise_affine=False)
    _close(module(x.data[..., 0, :]), tF.layer_norm(tx[..., 0, :], (5,)))


@pytest.mark.parametrize("approximate", ["none", "tanh"])
def test_gelu_matches_torch(approximate):
    rng = np.random.default_rng(1)
    x, tx = _pair(rng, 50)
    x.data[:3] = [-40.0, 0.0, 40.0]
    tx.data[:3] = torch.tensor([-40.0, 0.0, 40.0])
    out, ref = nn.GELU(approximate)(x), tF.gelu(tx, approximate=approximate)
    _close(out, ref, rtol=1e-12, atol=1e-14)
    _backward_both(out, ref, rng)
    np.testing.assert_allclose(x.grad, tx.grad.numpy(), rtol=1e-10, atol=1e-14)
    assert gradcheck(lambda a: F.gelu(a, approximate),
                     [syllabus.tensor(rng.standard_normal(7), requires_grad=True)])


def _masks(rng, L, S):
    bool_mask = rng.random((L, S)) < 0.7
    bool_mask[:, 0] = True  # every query keeps a key
    float_mask = rng.standard_normal((L, S))
    return bool_mask, float_mask


@pytest.mark.parametrize("kind", ["none", "bool", "float", "causal", "broadcast"])
def test_scaled_dot_product_attention_matches_torch(kind):
    rng = np.random.default_rng(2)
    shape_q, shape_kv = (2, 3, 4, 6), (2, 3, 5, 6)
    if kind == "broadcast":
        shape_kv = (1, 3, 5, 6)
    if kind == "causal":
        shape_kv = (2, 3, 4, 6)
    (q, tq), (k, tk), (v, tv) = _pair(rng, *shape_q), _pair(rng, *shape_kv), _pair(rng, *shape_kv)
    bool_mask, float_mask = _masks(rng, 4, shape_kv[2])
    kwargs = {"none": {}, "bool": {"attn_mask": bool_mask}, "float": {"attn_mask": float_mask},
              "causal": {"is_causal": True}, "broadcast": {"scale": 0.3}}[kind]
    tkwargs = {key: torch.tensor(val) if isinstance(val, np.ndarray) else val
               for key, val in kwargs.items()}
    out = F.scaled_dot_product_attention(q, k, v, **kwargs)
    ref = tF.scaled_dot_product_attention(tq, tk, tv, **tkwargs)
    _close(out, ref)
    _backward_both(out, ref, rng)
    for ours, theirs in ((q, tq), (k, tk), (v, tv)):
        np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-9, atol=1e-11)


def test_attention_fully_masked_query_gives_zeros_like_torch_and_gradcheck():
    rng = np.random.default_rng(3)
    (q, tq), (k, tk), (v, tv) = _pair(rng, 3, 4), _pair(rng, 5, 4), _pair(rng, 5, 4)
    mask = rng.random((3, 5)) < 0.5
    mask[1] = False
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    ref = tF.scaled_dot_product_attention(tq, tk, tv, attn_mask=torch.tensor(mask))
    np.testing.assert_array_equal(out.data[1], 0.0)
    _close(out, torch.nan_to_num(ref))
    mask[1, 0] = True
    assert gradcheck(lambda a, b, c: F.scaled_dot_product_attention(a, b, c, attn_mask=mask),
                     [syllabus.tensor(rng.standard_normal(s), requires_grad=True)
                      for s in ((3, 4), (5, 4), (5, 2))])
    additive = syllabus.tensor(rng.standard_normal((3, 5)), requires_grad=True)
    assert gradcheck(lambda a, m: F.scaled_dot_product_attention(a, k.detach(), v.detach(),
                                                                 attn_mask=m),
                     [syllabus.tensor(rng.standard_normal((3, 4)), requires_grad=True), additive])


def _load(ours, theirs):
    ours.load_state_dict({key: value.detach().numpy() for key, value in
                          theirs.state_dict().items()})
    return ours


def _grads_equal(ours, theirs, rtol=1e-8, atol=1e-10):
    ours_params = dict(ours.named_parameters())
    for name, param in theirs.named_parameters():
        np.testing.assert_allclose(ours_params[name].grad, param.grad.numpy(), rtol=rtol,
                                   atol=atol, err_msg=name)


@pytest.mark.parametrize("batch_first", [False, True])
def test_multihead_attention_matches_torch(batch_first):
    rng = np.random.default_rng(4)
    E, H, L, S, N = 8, 2, 4, 6, 3
    theirs = torch.nn.MultiheadAttention(E, H, batch_first=batch_first).double()
    ours = _load(nn.MultiheadAttention(E, H, batch_first=batch_first).double(), theirs)
    shape = (lambda T: (N, T, E)) if batch_first else (lambda T: (T, N, E))
    (q, tq), (k, tk), (v, tv) = _pair(rng, *shape(L)), _pair(rng, *shape(S)), _pair(rng, *shape(S))
    padding = rng.random((N, S)) < 0.3
    padding[:, 0] = False
    bool_mask, _ = _masks(rng, L, S)
    float_mask = rng.standard_normal((N * H, L, S))
    for kwargs in ({}, {"key_padding_mask": padding, "attn_mask": ~bool_mask},
                   {"attn_mask": float_mask, "average_attn_weights": False}):
        tkwargs = {key: torch.tensor(val) if isinstance(val, np.ndarray) else val
                   for key, val in kwargs.items()}
        out, weights = ours(q, k, v, **kwargs)
        ref, ref_weights = theirs(tq, tk, tv, **tkwargs)
        _close(out, ref, rtol=1e-9, atol=1e-11)
        _close(weights, ref_weights, rtol=1e-9, atol=1e-11)
    _backward_both(out, ref, rng)
    for a, b in ((q, tq), (k, tk), (v, tv)):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=1e-8, atol=1e-10)
    _grads_equal(ours, theirs)


def test_multihead_attention_unbatched_and_gradcheck():
    rng = np.random.default_rng(5)
    theirs = torch.nn.MultiheadAttention(4, 2).double()
    ours = _load(nn.MultiheadAttention(4, 2).double(), theirs)
    x, tx = _pair(rng, 3, 4)
    out, weights = ours(x, x, x)
    ref, ref_weights = theirs(tx, tx, tx)
    _close(out, ref, rtol=1e-9)
    _close(weights, ref_weights, rtol=1e-9)
    assert gradcheck(lambda a: ours(a, a, a)[0],
                     [syllabus.tensor(rng.standard_normal((3, 2, 4)), requires_grad=True)])


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.parametrize("activation", ["relu", "gelu"])
def test_transformer_encoder_and_decoder_match_torch(norm_first, activation):
    rng = np.random.default_rng(6)
    d, H, ff, N, S, T = 8, 2, 16, 2, 5, 4
    options = dict(dim_feedforward=ff, activation=activation, norm_first=norm_first,
                   batch_first=True, dropout=0.1)
    t_enc = torch.nn.TransformerEncoder(torch.nn.TransformerEncoderLayer(d, H, **options), 2,
                                        enable_nested_tensor=False).double().eval()
    t_dec = torch.nn.TransformerDecoder(torch.nn.TransformerDecoderLayer(d, H, **options),
                                        2).double().eval()
    enc = _load(nn.TransformerEncoder(nn.TransformerEncoderLayer(d, H, **options), 2).double(),
                t_enc).eval()
    dec = _load(nn.TransformerDecoder(nn.TransformerDecoderLayer(d, H, **options), 2).double(),
                t_dec).eval()
    (src, tsrc), (tgt, ttgt) = _pair(rng, N, S, d), _pair(rng, N, T, d)
    padding = np.zeros((N, S), dtype=bool)
    padding[1, -2:] = True
    causal = np.triu(np.ones((T, T), dtype=bool), k=1)  # True = masked out (PyTorch layers)
    memory = enc(src, src_key_padding_mask=padding)
    t_memory = t_enc(tsrc, src_key_padding_mask=torch.tensor(padding))
    _close(memory, t_memory, rtol=1e-9, atol=1e-11)
    out = dec(tgt, memory, tgt_mask=causal, memory_key_padding_mask=padding)
    ref = t_dec(ttgt, t_memory, tgt_mask=torch.tensor(causal),
                memory_key_padding_mask=torch.tensor(padding))
    _close(out, ref, rtol=1e-9, atol=1e-11)
    _backward_both(out, ref, rng)
    for a, b in ((src, tsrc), (tgt, ttgt)):
        np.testing.assert_allclose(a.grad, b.grad.numpy(), rtol=1e-8, atol=1e-10)
    _grads_equal(enc, t_enc)
    _grads_equal(dec, t_dec)


def test_sinusoidal_positional_encoding_closed_form():
    pe = nn.sinusoidal_positional_encoding(50, 6, dtype=np.float64).data
    p, i = 37, 2
    assert pe[p, 2 * i] == pytest.approx(np.sin(p / 10000 ** (2 * i / 6)), rel=1e-12)
    assert pe[p, 2 * i + 1] == pytest.approx(np.cos(p / 10000 ** (2 * i / 6)), rel=1e-12)


def test_bad_input_gets_clear_errors():
    with pytest.raises(ValueError, match="divisible"):
        nn.MultiheadAttention(10, 3)
    mha = nn.MultiheadAttention(4, 2, batch_first=True)
    x = np.ones((2, 3, 4), dtype=np.float32)
    with pytest.raises(ValueError, match="attn_mask of shape"):
        mha(x, x, x, attn_mask=np.zeros((3, 4), dtype=bool))
    with pytest.raises(ValueError, match="attn_mask"):
        mha(x, x, x, attn_mask=np.zeros((5, 3, 3), dtype=bool))
    with pytest.raises(ValueError, match="key_padding_mask"):
        mha(x, x, x, key_padding_mask=np.zeros((2, 4), dtype=bool))
    with pytest.raises(ValueError, match="embed_dim"):
        mha(np.ones((2, 3, 5)), x, x)
    with pytest.raises(ValueError, match="is_causal"):
        mha(x, x, x, is_causal=True)
    with pytest.raises(ValueError, match="not both"):
        F.scaled_dot_product_attention(x, x, x, attn_mask=np.ones((3, 3), dtype=bool),
                                       is_causal=True)
    with pytest.raises(ValueError, match="normalized_shape"):
        F.layer_norm(x, 5)
    with pytest.raises(ValueError, match="approximate"):
        nn.GELU("fast")


@pytest.mark.filterwarnings("ignore:reduction. .mean. divides:UserWarning")
@pytest.mark.parametrize("reduction", ["mean", "batchmean", "sum", "none"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div_loss_matches_torch(reduction, log_target):
    rng = np.random.default_rng(7)
    x, tx = _pair(rng, 4, 5)
    target = rng.dirichlet(np.ones(5), size=4)
    target[0, 1] = 0.0  # 0 log 0 = 0
    if log_target:
        target = np.log(target + 0.1)
    out = nn.KLDivLoss(reduction=reduction, log_target=log_target)(x, target)
    ref = torch.nn.KLDivLoss(reduction=reduction, log_target=log_target)(tx, torch.tensor(target))
    _close(out, ref)
    _backward_both(out, ref, rng)
    np.testing.assert_allclose(x.grad, tx.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("p, swap", [(2.0, False), (1.0, True), (3.0, False)])
def test_triplet_margin_loss_matches_torch(p, swap):
    rng = np.random.default_rng(8)
    (a, ta), (b, tb), (c, tc) = _pair(rng, 6, 4), _pair(rng, 6, 4), _pair(rng, 6, 4)
    out = nn.TripletMarginLoss(margin=0.7, p=p, swap=swap)(a, b, c)
    ref = torch.nn.TripletMarginLoss(margin=0.7, p=p, swap=swap)(ta, tb, tc)
    _close(out, ref)
    _backward_both(out, ref, rng)
    for ours, theirs in ((a, ta), (b, tb), (c, tc)):
        np.testing.assert_allclose(ours.grad, theirs.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_cosine_embedding_loss_matches_torch_and_gradcheck():
    rng = np.random.default_rng(9)
    (a, ta), (b, tb) = _pair(rng, 7, 3), _pair(rng, 7, 3)
    y = np.array([1, -1, 1, -1, -1, 1, -1])
    for reduction in ("mean", "sum", "none"):
        out = nn.CosineEmbeddingLoss(margin=0.2, reduction=reduction)(a, b, y)
        ref = torch.nn.CosineEmbeddingLoss(margin=0.2, reduction=reduction)(ta, tb,
                                                                            torch.tensor(y))
        _close(out, ref)
    _backward_both(out, ref, rng)
    np.testing.assert_allclose(a.grad, ta.grad.numpy(), rtol=1e-9, atol=1e-12)
    assert gradcheck(lambda u, v: F.cosine_embedding_loss(u, v, y, 0.2),
                     [syllabus.tensor(rng.standard_normal((7, 3)), requires_grad=True),
                      syllabus.tensor(rng.standard_normal((7, 3)), requires_grad=True)])
    with pytest.raises(ValueError, match="1 or -1"):
        F.cosine_embedding_loss(a, b, np.zeros(7))
    with pytest.raises(ValueError, match="one shape"):
        F.triplet_margin_loss(a, b, np.zeros((7, 2)))


def test_transformer_layers_save_and_load(tmp_path):
    from syllabus import io

    rng = np.random.default_rng(10)
    model = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, activation="gelu",
                                                             batch_first=True), 2).double().eval()
    x = rng.standard_normal((2, 5, 8))
    io.save(model, tmp_path / "encoder.safetensors")
    loaded = io.load(tmp_path / "encoder.safetensors").eval()
    np.testing.assert_array_equal(loaded(x).data, model(x).data)
