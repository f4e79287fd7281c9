"""Demo: a tiny decoder-only Transformer trained on the package's own docstrings."""

from __future__ import annotations

import textwrap

import numpy as np

from syllabus import optim
from syllabus.autograd import manual_seed, no_grad
from syllabus.demos import register
from syllabus.demos._plotting import COLORS
from syllabus.demos._text import docstring_corpus
from syllabus.models import TransformerLM
from syllabus.utils import softmax

from ._shared import first_layer_attention


def _windows(ids, rng, batch, length):
    start = rng.integers(0, len(ids) - length - 1, batch)
    return ids[start[:, None] + np.arange(length + 1)]


@register("transformer_lm_text", topic="attention", order=3,
          title="A tiny Transformer language model on the package's own docstrings")
def transformer_lm_text(ctx):
    r"""A decoder-only Transformer (``TransformerLM``: token embedding plus sinusoidal
    positions, pre-norm blocks of causal self-attention and a feed-forward network) reads
    the docstrings of syllabus itself, collected at run time, and learns to predict the next
    character from the previous ones in a window. Training minimises the next-token
    cross-entropy $-\frac{1}{T}\sum_t \log p_\theta(x_{t+1} \mid x_{\le t})$ on random
    windows; generation draws one character at a time from
    $$ p_\tau(c) = \frac{\exp(z_c / \tau)}{\sum_{c'} \exp(z_{c'} / \tau)} $$
    and appends it to the context.

    What to notice: the training and held-out losses fall below the entropy of the character
    frequencies (the model uses its context); the sample at $\tau = 0.5$ is conservative and
    repetitive, the one at $\tau = 1$ more varied and more garbled; the attention map is
    lower-triangular (the causal mask) and many heads look at the last few characters."""
    manual_seed(ctx.seed)
    rng = ctx.rng
    if ctx.fast:
        n_chars, length, d_model, layers, batch, steps, lr, dropout = 3000, 32, 32, 1, 16, 40, 0.01, 0.0
    else:
        n_chars, length, d_model, layers, batch, steps, lr, dropout = 30000, 64, 64, 2, 32, 300, 0.003, 0.1
    text = docstring_corpus(n_chars).replace("`", "")  # drop the reST code quotes
    chars = sorted(set(text))
    ids = np.array([chars.index(c) for c in text])
    block = np.arange(len(ids)) // 200  # every 10th block of 200 characters is held out
    train_ids, test_ids = ids[block % 10 != 9], ids[block % 10 == 9]
    counts = np.bincount(train_ids, minlength=len(chars)) / len(train_ids)
    unigram = float(-(counts * np.log(np.where(counts > 0, counts, 1))).sum())
    ctx.number("corpus: characters, distinct characters", [len(text), len(chars)])
    ctx.number("entropy of the character frequencies (nats)", round(unigram, 3))

    lm = TransformerLM(len(chars), d_model, 2 if d_model < 64 else 4, layers, max_len=length,
                       dropout=dropout)
    ctx.number("parameters", int(sum(p.data.size for p in lm.parameters())))
    opt = optim.Adam(lm.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = lm.loss(_windows(train_ids, rng, batch, length))
        loss.backward()
        opt.step()
        losses.append(float(loss.data))
    final = float(np.mean(losses[-10:]))
    lm.eval()
    with no_grad():
        held_out = float(lm.loss(_windows(test_ids, rng, 64, length)).data)
    ctx.number("final training loss, held-out loss (nats per character)", [round(final, 3), round(held_out, 3)])
    margin = 0.3 if ctx.fast else 0.8
    ctx.check(f"the model beats the character frequencies on held-out text: loss below their "
              f"entropy - {margin} nat", held_out < unigram - margin,
              detail=f"train {final:.3f}, held-out {held_out:.3f}, unigram entropy {unigram:.3f}")

    prefix = [chars.index(c) for c in "The "]
    n_sample = length - len(prefix)  # one window: the entropy below is one forward pass
    samples, entropy = {}, {}
    for tau in (0.5, 1.0):
        tokens = lm.generate(prefix, (1 if ctx.fast else 3) * n_sample, temperature=tau, seed=ctx.seed)
        samples[tau] = "The " + "".join(chars[t] for t in tokens)
        with no_grad():
            logits = lm(np.array([prefix + list(tokens[:n_sample - 1])])).data[0, len(prefix) - 1:]
        p = softmax(logits.astype(np.float64) / tau)
        entropy[tau] = float(-(p * np.log2(np.where(p > 0, p, 1))).sum(axis=1).mean())
        ctx.number(f"sample at temperature {tau}", samples[tau])
        ctx.number(f"mean entropy per sampled character at temperature {tau} (bits)", round(entropy[tau], 3))
    ctx.check("lower temperature gives lower per-character entropy: H(0.5) < H(1)",
              entropy[0.5] < entropy[1.0],
              detail=", ".join(f"{t}: {h:.3f} bits" for t, h in entropy.items()))

    fig, axes = ctx.figure("transformer_lm", 1, 3, figsize=(14, 4.2),
                           gridspec_kw={"width_ratios": [1, 1.2, 1]})
    axes[0].plot(np.arange(1, steps + 1), losses, color=COLORS[0], lw=0.8, label="training batch loss")
    axes[0].axhline(held_out, color=COLORS[2], ls="--", label="held-out loss (end)")
    axes[0].axhline(unigram, color="k", ls=":", label="entropy of character frequencies")
    axes[0].set_xlabel(f"Adam step ({batch} windows of {length} characters)")
    axes[0].set_ylabel("cross-entropy (nats per character)")
    axes[0].set_title("training")
    axes[0].legend(fontsize=7)
    axes[1].axis("off")
    y_pos = 1.0
    for tau, color in zip(samples, COLORS[1:]):
        axes[1].text(0, y_pos, f"temperature {tau}  (entropy {entropy[tau]:.2f} bits/char)",
                     fontsize=9, weight="bold", color=color, va="top", transform=axes[1].transAxes)
        axes[1].text(0, y_pos - 0.08, textwrap.fill(samples[tau], 60), fontsize=7.5,
                     family="monospace", va="top", transform=axes[1].transAxes)
        y_pos -= 0.5
    snippet = test_ids[:24]
    weights = first_layer_attention(lm, snippet[None])[0].mean(axis=0)
    image = axes[2].imshow(weights, cmap="viridis", vmin=0)
    labels = [chars[t] if chars[t] != " " else "_" for t in snippet]
    axes[2].set_xticks(range(len(snippet)), labels, fontsize=7, family="monospace")
    axes[2].set_yticks(range(len(snippet)), labels, fontsize=7, family="monospace")
    axes[2].set_xlabel("key character (attended to)")
    axes[2].set_ylabel("query character")
    axes[2].set_title("first-layer attention on held-out text")
    fig.colorbar(image, ax=axes[2], label="attention weight (heads averaged)", shrink=0.8)
