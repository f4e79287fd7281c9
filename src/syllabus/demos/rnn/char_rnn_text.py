"""Demo: a character-level LSTM language model trained on the package's own docstrings."""

from __future__ import annotations

import textwrap

import numpy as np

from syllabus import optim
from syllabus.autograd import manual_seed, no_grad
from syllabus.demos import register
from syllabus.demos._text import docstring_corpus
from syllabus.models import CharRNN
from syllabus.nn import functional as F
from syllabus.train import truncated_bptt
from syllabus.utils import softmax

from ._shared import OKABE_ITO, entropy_bits


def _sample_with_entropy(net, prefix, n, temperature, seed):
    """Sample like CharRNN.sample, recording the entropy of each sampling distribution."""
    rng = np.random.default_rng(seed)
    out, entropies = [], []
    with no_grad():
        logits, state = net(np.array([prefix]), return_state=True)
        for _ in range(n):
            p = softmax(logits.data[0, -1].astype(np.float64) / temperature)
            entropies.append(float(entropy_bits(p)))
            token = int(rng.choice(len(p), p=p))
            out.append(token)
            logits, state = net(np.array([[token]]), state, return_state=True)
    return out, float(np.mean(entropies))


@register("char_rnn_text", topic="rnn", order=2,
          title="A character-level LSTM on the package's own docstrings, sampled at three temperatures")
def char_rnn_text(ctx):
    r"""A larger character model: an LSTM reads the docstrings of syllabus itself (collected
    at run time) and learns to predict the next character. It is trained by truncated
    backpropagation through time (``syllabus.train.truncated_bptt``): the text is cut into
    chunks of 32 characters, the hidden state is carried from chunk to chunk but the gradient
    stops at chunk boundaries. Generated text is sampled at a temperature $\tau$:
    $$ p_\tau(c) = \frac{\exp(z_c / \tau)}{\sum_{c'} \exp(z_{c'} / \tau)} . $$

    What to notice: the loss falls well below the entropy of the character frequencies
    (the model uses context); at $\tau = 0.5$ the samples are conservative and repetitive
    (low entropy per character), at $\tau = 1.5$ they are varied and garbled."""
    manual_seed(ctx.seed)  # the layers' default initialisation draws from the global generator
    n_chars, passes, hidden, margin = (3000, 14, 64, 0.3) if ctx.fast else (30000, 8, 128, 0.8)
    text = docstring_corpus(n_chars)
    chars = sorted(set(text))
    ids = np.array([chars.index(c) for c in text])
    streams, k = 16, 32
    usable = (len(ids) - 1) // streams * streams
    x = ids[:usable].reshape(streams, -1)
    y = ids[1:usable + 1].reshape(streams, -1)
    counts = np.bincount(ids, minlength=len(chars)) / len(ids)
    unigram = float(-(counts * np.log(np.where(counts > 0, counts, 1))).sum())
    ctx.number("corpus: characters, distinct characters", [len(text), len(chars)])
    ctx.number("entropy of the character frequencies (nats)", round(unigram, 3))

    net = CharRNN(len(chars), hidden, cell="lstm", embedding_dim=24)
    opt = optim.Adam(net.parameters(), lr=0.01)

    def model(chunk, state):
        return net(chunk, state, return_state=True)

    def loss_fn(logits, target):
        return F.cross_entropy(logits.reshape(-1, len(chars)), np.asarray(target).reshape(-1))

    losses = []
    for _ in range(passes):
        result = truncated_bptt(model, loss_fn, opt, x, y, k, max_norm=1.0)
        losses += result.chunk_losses
    final = float(np.mean(losses[-5:]))
    ctx.number("final training loss (nats per character)", round(final, 3))
    ctx.check(f"the model beats the character frequencies: final loss below their entropy - {margin} nat",
              final < unigram - margin, detail=f"loss {final:.3f} vs unigram entropy {unigram:.3f}")

    prefix = [chars.index(c) for c in "The "]
    samples, entropy = {}, {}
    net.eval()
    for tau in (0.5, 1.0, 1.5):
        tokens, entropy[tau] = _sample_with_entropy(net, prefix, 120 if ctx.fast else 240, tau, ctx.seed)
        samples[tau] = "The " + "".join(chars[t] for t in tokens)
        ctx.number(f"sample at temperature {tau}", samples[tau])
        ctx.number(f"mean entropy per sampled character at temperature {tau} (bits)", round(entropy[tau], 3))
    ctx.check("lower temperature gives lower per-character entropy: H(0.5) < H(1) < H(1.5)",
              entropy[0.5] < entropy[1.0] < entropy[1.5],
              detail=", ".join(f"{t}: {h:.3f} bits" for t, h in entropy.items()))

    fig, axes = ctx.figure("char_rnn", 1, 2, figsize=(12, 4), gridspec_kw={"width_ratios": [1, 1.6]})
    axes[0].plot(np.arange(1, len(losses) + 1), losses, color=OKABE_ITO[0], lw=0.8, label="chunk loss")
    axes[0].axhline(unigram, color="k", ls=":", label="entropy of character frequencies")
    axes[0].set_xlabel(f"update (one per chunk of {k} characters, {streams} streams)")
    axes[0].set_ylabel("cross-entropy (nats per character)")
    axes[0].set_title("truncated BPTT training", fontsize=10)
    axes[0].legend(fontsize=8)
    axes[1].axis("off")
    y_pos = 1.0
    for tau, color in zip(samples, OKABE_ITO[1:]):
        wrapped = textwrap.fill(samples[tau][:240], 62)
        axes[1].text(0, y_pos, f"temperature {tau}  (entropy {entropy[tau]:.2f} bits/char)",
                     fontsize=9, weight="bold", color=color, va="top", transform=axes[1].transAxes)
        axes[1].text(0, y_pos - 0.07, wrapped, fontsize=7.5, family="monospace", va="top",
                     transform=axes[1].transAxes)
        y_pos -= 0.34
