"""Demo: encoder-decoder with additive attention learns to reverse digit strings."""

from __future__ import annotations

import numpy as np

from syllabus import nn, optim
from syllabus.autograd import manual_seed
from syllabus.demos import register
from syllabus.models import Seq2Seq
from syllabus.nn import functional as F

BOS = 0  # target token 0 begins decoding; digits d are tokens d + 1 on both sides


def _batch(rng, n, length):
    src = rng.integers(1, 11, (n, length))
    tgt = src[:, ::-1]
    tgt_in = np.concatenate([np.full((n, 1), BOS), tgt[:, :-1]], axis=1)
    return src, tgt_in, tgt


@register("seq2seq_attention", topic="rnn", order=7,
          title="Encoder-decoder with attention: reversing digit strings")
def seq2seq_attention(ctx):
    r"""An encoder GRU reads a digit string; a decoder GRU writes it reversed, one digit
    per step, fed its previous output (teacher forcing in training). With additive
    (Bahdanau) attention the decoder looks back at every encoder state $h_j$ at each step:
    $$ e_{tj} = v^\top \tanh(W_q s_{t-1} + W_k h_j),\quad \alpha_{tj} = \frac{e^{e_{tj}}}{\sum_i e^{e_{ti}}},
    \quad c_t = \sum_j \alpha_{tj} h_j . $$
    Without attention the decoder only has the encoder's final state, one vector that must
    hold the whole string. Both are trained with the same budget; the attention weights of
    a test string are drawn.

    What to notice: output position t of the reversal needs input position L + 1 - t, and
    the learned weights $\alpha_{tj}$ concentrate on that anti-diagonal without ever being told
    to (often one step to its right: the encoder reads left to right, so the state after a
    digit still holds it); the model without attention is clearly less accurate."""
    manual_seed(ctx.seed)  # the layers' default initialisation draws from the global generator
    rng = ctx.rng
    length, steps, batch, hidden = (6, 150, 32, 32) if ctx.fast else (10, 350, 64, 48)
    src_test, tgt_in_test, tgt_test = _batch(rng, 500, length)
    accuracy, exact, curves, models = {}, {}, {}, {}
    for attention in (True, False):
        name = "attention" if attention else "no attention"
        net = Seq2Seq(11, 11, hidden, embedding_dim=16, attention=attention)
        opt = optim.Adam(net.parameters(), lr=0.01)
        batches = np.random.default_rng(ctx.seed)
        curves[name] = []
        for _ in range(steps):
            src, tgt_in, tgt = _batch(batches, batch, length)
            opt.zero_grad()
            logits, _ = net(src, tgt_in)
            loss = F.cross_entropy(logits.reshape(-1, 11), tgt.reshape(-1))
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            opt.step()
            curves[name].append(float(loss.data))
        pred, attn = net.generate(src_test, length, BOS)
        accuracy[name] = float((pred == tgt_test).mean())
        exact[name] = float((pred == tgt_test).all(axis=1).mean())
        models[name] = attn
        ctx.number(f"{name}: digit accuracy (greedy decoding, length {length})", round(accuracy[name], 3))
        ctx.number(f"{name}: whole strings right", round(exact[name], 3))

    attn = models["attention"]  # (N, T, S)
    steps_t = np.arange(length)
    offset = np.arange(length)[None, :] - (length - 1 - steps_t)[:, None]  # j - (L + 1 - t)
    band = (attn * (np.abs(offset) <= 1)).sum(axis=2).mean()
    uniform_band = (np.abs(offset) <= 1).mean()
    ctx.number("mean attention mass within one position of the anti-diagonal", round(float(band), 3))
    ctx.number("mean attention weight at offsets j - (L + 1 - t) = -1, 0, +1",
               [round(float((attn * (offset == d)).sum(axis=2).mean()), 3) for d in (-1, 0, 1)])
    ctx.check("attention lies near the anti-diagonal: > 70% of the weight within one position "
              "of j = L + 1 - t", band > 0.7,
              detail=f"{band:.3f} (uniform attention: {uniform_band:.3f})")
    ctx.check("with attention the digit accuracy is higher than without",
              accuracy["attention"] > accuracy["no attention"],
              detail=f"{accuracy['attention']:.3f} vs {accuracy['no attention']:.3f}")

    fig, axes = ctx.figure("attention", 1, 2, figsize=(9.5, 4))
    im = axes[0].imshow(attn[0], cmap="viridis", vmin=0, vmax=1)
    digits = [str(d - 1) for d in src_test[0]]
    axes[0].set_xticks(range(length), digits)
    axes[0].set_yticks(range(length), [str(d - 1) for d in tgt_test[0]])
    axes[0].set_xlabel("input digit (position j)")
    axes[0].set_ylabel("output digit (step t)")
    axes[0].set_title("attention weights alpha_tj of a test string", fontsize=10)
    fig.colorbar(im, ax=axes[0], label="alpha")
    window = 10
    for (name, curve), color in zip(curves.items(), ("#0072B2", "#D55E00")):
        smooth = np.convolve(curve, np.ones(window) / window, mode="valid")
        axes[1].plot(np.arange(window, steps + 1), smooth, color=color, label=name)
    axes[1].set_yscale("log")
    axes[1].set_xlabel(f"Adam step (batch {batch})")
    axes[1].set_ylabel("cross-entropy per digit (nats)")
    axes[1].set_title(f"training on strings of {length} digits", fontsize=10)
    axes[1].legend(fontsize=8)
