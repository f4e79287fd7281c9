"""Demo: masked-token pre-training of a small BERT-style encoder on sequences with structure."""

from __future__ import annotations

import numpy as np

from syllabus import optim
from syllabus.autograd import manual_seed, no_grad
from syllabus.demos import register
from syllabus.demos._plotting import COLORS
from syllabus.models import MaskedLanguageModel

VOCAB, LENGTH = 10, 12


def periodic_sequences(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` sequences of LENGTH tokens, each a random motif of period 2, 3 or 4 repeated
    (e.g. 3 7 1 3 7 1 ...), and the periods."""
    period = rng.integers(2, 5, n)
    motif = rng.integers(0, VOCAB, (n, 4))
    return motif[np.arange(n)[:, None], np.arange(LENGTH)[None] % period[:, None]], period


@register("masked_tokens", topic="paradigms", order=30, title="Masked-token pre-training (BERT)")
def masked_tokens(ctx):
    r"""A small bidirectional Transformer encoder (token and position embeddings, self-attention
    layers, a linear head) learns by filling in blanks, as BERT does: 15% of the positions
    are chosen, and of those 80% become [MASK], 10% a random token and 10% stay as they
    are; the loss is the cross-entropy at the chosen positions only. The sequences repeat
    a random motif of period 2, 3 or 4 over 10 tokens, so a hidden token can be read off
    its context on either side, but not guessed without it.

    $$ \mathcal{L} = -\frac{1}{|M|} \sum_{t \in M} \log p_\theta(x_t \mid \tilde{x}) $$

    What to notice: no label is ever given, yet the accuracy at the hidden positions rises
    far above the 10% of a guess: self-attention learns to look one period away."""
    rng = ctx.rng
    fast = ctx.fast
    steps, layers, lr = (60, 1, 1e-2) if fast else (1500, 2, 3e-3)
    manual_seed(ctx.seed)
    mlm = MaskedLanguageModel(VOCAB, d_model=32, nhead=2, num_layers=layers, max_len=LENGTH)
    opt = optim.Adam(mlm.parameters(), lr=lr)
    losses = []
    for _ in range(steps):
        inputs, targets = mlm.mask_tokens(periodic_sequences(rng, 64)[0], 0.15, rng)
        loss = mlm.loss(inputs, targets)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())

    test_rng = np.random.default_rng(ctx.seed + 1)
    test, period = periodic_sequences(test_rng, 500)
    inputs, targets = mlm.mask_tokens(test, 0.15, test_rng)
    mlm.eval()
    with no_grad():
        predicted = mlm(inputs).data.argmax(axis=-1)
    chosen = targets != -100
    correct = predicted == targets
    accuracy = ctx.number("masked-token accuracy on 500 held-out sequences", round(float(correct[chosen].mean()), 3))
    by_period = {p: float(correct[chosen & (period[:, None] == p)].mean()) for p in (2, 3, 4)}
    ctx.number("accuracy by period 2 / 3 / 4", tuple(round(v, 3) for v in by_period.values()))
    ctx.number("chance (1 / vocabulary)", 1 / VOCAB)
    threshold = 0.4 if fast else 0.8
    ctx.check(f"masked-token accuracy is above {threshold} ({threshold * VOCAB:.0f}x chance) after "
              f"{steps} steps", accuracy > threshold, detail=f"{accuracy:.3f} (chance {1 / VOCAB:.2f})")
    ctx.check("the loss falls below half of log(10), the loss of a uniform guess",
              np.mean(losses[-10:]) < 0.5 * np.log(VOCAB), detail=f"last 10 steps {np.mean(losses[-10:]):.3f} nats")

    fig, axes = ctx.figure("mlm", 1, 2, figsize=(12, 4.2), width_ratios=(1, 1.3))
    axes[0].plot(np.arange(1, steps + 1), losses, color=COLORS[0], lw=1)
    axes[0].axhline(np.log(VOCAB), color=COLORS[7], ls="--", lw=1, label="log 10: a uniform guess")
    axes[0].set_xlabel("training step (64 sequences each)")
    axes[0].set_ylabel("cross-entropy at masked positions (nats)")
    axes[0].set_title(f"{layers}-layer encoder, masked-token loss", fontsize=10)
    axes[0].legend(loc="upper right")
    ax = axes[1]
    rows = np.flatnonzero(chosen.sum(axis=1) >= 2)[:6]
    ax.imshow(np.ones((len(rows), LENGTH)), cmap="gray", vmin=0, vmax=1)
    for r, i in enumerate(rows):
        for t in range(LENGTH):
            if chosen[i, t]:
                ok = correct[i, t]
                shown = "M" if inputs[i, t] == mlm.mask_id else str(inputs[i, t])
                ax.add_patch(_cell(r, t, COLORS[2] if ok else COLORS[3]))
                ax.text(t, r - 0.18, shown, ha="center", va="center", fontsize=7, color="white")
                ax.text(t, r + 0.2, str(predicted[i, t]), ha="center", va="center", fontsize=10,
                        color="white", weight="bold")
            else:
                ax.text(t, r, str(test[i, t]), ha="center", va="center", fontsize=10)
        ax.text(LENGTH - 0.3, r, f"period {period[i]}", va="center", fontsize=8)
    ax.set_xticks(range(LENGTH))
    ax.set_yticks([])
    ax.set_xlabel("position")
    ax.set_title("Held-out sequences: chosen positions show the input (small: M = [MASK]) and the\n"
                 "prediction (bold); green = correct, vermillion = wrong", fontsize=9)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _cell(row: int, col: int, color: str):
    from matplotlib.patches import Rectangle

    return Rectangle((col - 0.45, row - 0.45), 0.9, 0.9, color=color)
