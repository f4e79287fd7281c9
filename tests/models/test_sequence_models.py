"""CharRNN, Seq2Seq and CaptionNet: PyTorch parity where a twin exists, gradcheck, decoding consistency."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from syllabus.autograd import gradcheck, tensor  # noqa: E402
from syllabus.models import CaptionNet, CharRNN, Seq2Seq  # noqa: E402
from syllabus.nn import functional as F  # noqa: E402


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("embedding_dim", [None, 3])
def test_char_rnn_matches_torch_twin(cell, embedding_dim):
    rng = np.random.default_rng(0)
    net = CharRNN(5, 4, cell=cell, num_layers=2, embedding_dim=embedding_dim).double()
    rnn_t = getattr(torch.nn, cell.upper())(5 if embedding_dim is None else 3, 4, 2, batch_first=True).double()
    head_t = torch.nn.Linear(4, 5).double()
    net.rnn.load_state_dict({k: v.detach().numpy() for k, v in rnn_t.state_dict().items()})
    net.head.load_state_dict({k: v.detach().numpy() for k, v in head_t.state_dict().items()})
    ids = rng.integers(0, 5, (3, 6))
    if embedding_dim is None:
        x_t = torch.nn.functional.one_hot(torch.tensor(ids), 5).double()
    else:
        x_t = torch.tensor(net.embedding.weight.data)[torch.tensor(ids)]
    ref = head_t(rnn_t(x_t)[0])
    out = net(ids)
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=1e-10, atol=1e-12)
    loss = net.loss(ids)
    ref_loss = torch.nn.functional.cross_entropy(head_t(rnn_t(x_t[:, :-1])[0]).reshape(-1, 5),
                                                 torch.tensor(ids[:, 1:]).reshape(-1))
    loss.backward(), ref_loss.backward()
    np.testing.assert_allclose(loss.data, ref_loss.item(), rtol=1e-12)
    np.testing.assert_allclose(net.head.weight.grad, head_t.weight.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(net.rnn.weight_hh_l0.grad, rnn_t.weight_hh_l0.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_char_rnn_state_continues_and_sampling():
    rng = np.random.default_rng(1)
    net = CharRNN(6, 5, cell="gru").double()
    ids = rng.integers(0, 6, (2, 8))
    full = net(ids)
    first, state = net(ids[:, :3], return_state=True)
    rest = net(ids[:, 3:], state)
    np.testing.assert_allclose(np.concatenate([first.data, rest.data], axis=1), full.data, rtol=1e-12)
    # greedy sampling = feeding back the arg-max of the logits by hand
    greedy = net.sample([2, 3], 6, temperature=0)
    seq = [2, 3]
    for _ in range(6):
        seq.append(int(net(np.array([seq])).data[0, -1].argmax()))
    np.testing.assert_array_equal(greedy, seq[2:])
    a, b = net.sample([1], 20, 1.0, seed=3), net.sample([1], 20, 1.0, seed=3)
    np.testing.assert_array_equal(a, b)
    assert net.training


def test_char_rnn_errors():
    net = CharRNN(4, 3)
    with pytest.raises(IndexError, match=r"token id 4 is outside the vocabulary \[0, 4\)"):
        net(np.array([[0, 4]]))
    with pytest.raises(IndexError, match="token id -1"):
        net.sample([-1], 3)
    with pytest.raises(ValueError, match="temperature"):
        net.sample([0], 3, temperature=-1)
    with pytest.raises(ValueError, match="at least one token"):
        net.sample([], 3)
    with pytest.raises(ValueError, match="cell must be one of"):
        CharRNN(4, 3, cell="transformer")
    with pytest.raises(TypeError, match="integers"):
        net(np.array([[0.5]]))


@pytest.mark.parametrize("cell", ["gru", "lstm"])
@pytest.mark.parametrize("attention", [True, False])
def test_seq2seq_gradcheck_and_attention(cell, attention):
    rng = np.random.default_rng(2)
    net = Seq2Seq(5, 4, 3, embedding_dim=2, cell=cell, attention=attention).double()
    src, tgt = rng.integers(0, 5, (2, 4)), rng.integers(0, 4, (2, 3))
    lengths = np.array([4, 2])
    logits, attn = net(src, tgt, src_lengths=lengths)
    assert logits.shape == (2, 3, 4)
    if attention:
        np.testing.assert_allclose(attn.data.sum(-1), 1, rtol=1e-12)
        assert np.all(attn.data[1, :, 2:] == 0)  # padded source positions get no weight
    else:
        assert attn is None
    # every parameter's gradient against central differences (one random entry each)
    out = net(src, tgt, src_lengths=lengths)[0]
    v = rng.standard_normal(out.shape)
    (out * tensor(v)).sum().backward()
    eps = 1e-6
    for name, p in net.named_parameters():
        if p.grad is None:  # the attention layers are unused without attention
            assert not attention and name.startswith("attn_"), name
            continue
        idx = tuple(rng.integers(0, s) for s in p.shape)
        old = p.data[idx]
        p.data[idx] = old + eps
        up = (net(src, tgt, src_lengths=lengths)[0].data * v).sum()
        p.data[idx] = old - eps
        down = (net(src, tgt, src_lengths=lengths)[0].data * v).sum()
        p.data[idx] = old
        np.testing.assert_allclose(p.grad[idx], (up - down) / (2 * eps), rtol=1e-5, atol=1e-8,
                                   err_msg=name)


def test_seq2seq_greedy_generation_matches_teacher_forcing_on_its_own_output():
    rng = np.random.default_rng(3)
    net = Seq2Seq(6, 6, 5, embedding_dim=4).double()
    src = rng.integers(1, 6, (3, 5))
    tokens, attn = net.generate(src, 4, bos=0)
    tgt_in = np.concatenate([np.zeros((3, 1), dtype=np.int64), tokens[:, :-1]], axis=1)
    logits, attn_tf = net(src, tgt_in)
    np.testing.assert_array_equal(logits.data.argmax(-1), tokens)
    np.testing.assert_allclose(attn, attn_tf.data, rtol=1e-12)
    with pytest.raises(IndexError, match="outside the vocabulary"):
        net(src, np.array([[0, 7], [0, 1], [0, 1]]))


def test_caption_net_gradcheck_decoding_and_errors():
    rng = np.random.default_rng(4)
    net = CaptionNet(5, in_channels=1, image_size=8, embedding_dim=3, hidden_size=4).double()
    images = rng.standard_normal((2, 1, 8, 8))
    captions = rng.integers(0, 5, (2, 3))
    assert gradcheck(lambda im: net(im, captions), (tensor(images, requires_grad=True),))
    greedy = net.greedy(images, 4, end=0)
    # greedy = arg-max of the teacher-forced logits on its own tokens, up to the end token
    logits = net(images, greedy).data.argmax(-1)
    for n in range(2):
        stop = list(greedy[n]).index(0) + 1 if 0 in greedy[n] else 4
        np.testing.assert_array_equal(logits[n, :stop], greedy[n, :stop])
    beams1 = net.beam_search(images, 4, end=0, beam_size=1)
    for n in range(2):
        stop = list(greedy[n]).index(0) + 1 if 0 in greedy[n] else 4
        assert beams1[n] == list(greedy[n, :stop])

    def logprob(n, caption):
        lp = F.log_softmax(net(images[n:n + 1], np.array([caption])), dim=-1).data[0]
        return lp[np.arange(len(caption)), caption].sum()

    beams3 = net.beam_search(images, 4, end=0, beam_size=3)
    for n in range(2):
        assert logprob(n, beams3[n]) >= logprob(n, beams1[n]) - 1e-12
    with pytest.raises(ValueError, match=r"expected images of shape \(N, 1, 8, 8\)"):
        net(np.zeros((2, 3, 8, 8)), captions)
    with pytest.raises(IndexError, match="outside the vocabulary"):
        net(images, np.array([[1, 5, 0], [1, 1, 0]]))
