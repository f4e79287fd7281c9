"""Demo: a Transformer and an LSTM asked to recall a marked token from far back."""

from __future__ import annotations

import numpy as np

from syllabus import optim
from syllabus.autograd import manual_seed, no_grad
from syllabus.demos import register
from syllabus.demos._plotting import COLORS
from syllabus.models import CharRNN, TransformerLM
from syllabus.nn import functional as F

from ._shared import first_layer_attention

DIGITS = 8  # tokens 0..7 plain digits, 8..15 the same digits marked, 16 the query "?"
QUERY = 2 * DIGITS


def _batch(rng, n, length):
    """Random digits, one of them marked; the sequence ends with the query token."""
    x = rng.integers(0, DIGITS, (n, length))
    where = rng.integers(0, length - 1, n)
    y = x[np.arange(n), where].copy()
    x[np.arange(n), where] += DIGITS
    x[:, -1] = QUERY
    return x, y, length - 1 - where  # distance back from the query to the marked token


def _train(model, length, steps, lr, rng, batch=32):
    opt = optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        x, y, _ = _batch(rng, batch, length)
        opt.zero_grad()
        F.cross_entropy(model(x)[:, -1], y).backward()
        opt.step()


def _correct(model, x, y):
    with no_grad():
        return model(x).data[:, -1].argmax(axis=1) == y


@register("long_range_recall", topic="attention", order=2,
          title="Transformer vs LSTM: recalling a marked token from far back")
def long_range_recall(ctx):
    r"""A sequence of random digits hides one marked digit; at the final query token the
    model must output it. A one-layer Transformer (``TransformerLM``, causal self-attention)
    and an LSTM (``CharRNN``) are trained for the same number of steps at each sequence
    length. Attention reaches any position in one step, whatever the distance: the query
    scores every key and the marked one wins,
    $$ \alpha_{Tj} = \frac{\exp(q_T \cdot k_j / \sqrt{d})}{\sum_{i \le T} \exp(q_T \cdot k_i / \sqrt{d})}, $$
    while the LSTM must carry the digit through its cell state, and the gradient that teaches
    it to do so shrinks by a forget-gate factor $f_t < 1$ at every step back.

    What to notice: on short sequences both models solve the task; as the sequence grows the
    LSTM falls towards chance (1 in 8) within the same budget while the Transformer stays
    accurate; its attention maps show the query position looking straight at the marked digit."""
    manual_seed(ctx.seed)
    rng = ctx.rng
    if ctx.fast:
        lengths, steps, lr_t, lr_l, n_test = (20,), 40, 0.02, 0.02, 300
    else:
        lengths, steps, lr_t, lr_l, n_test = (8, 16, 32, 64), 300, 0.005, 0.01, 2000
    acc = {"Transformer": [], "LSTM": []}
    for length in lengths:
        lm = TransformerLM(QUERY + 1, 32, 2, 1, 64, max_len=length)
        lstm = CharRNN(QUERY + 1, 32, cell="lstm", embedding_dim=16)
        _train(lm, length, steps, lr_t, rng)
        _train(lstm, length, steps, lr_l, rng)
        x, y, dist = _batch(rng, n_test, length)
        correct = {"Transformer": _correct(lm, x, y), "LSTM": _correct(lstm, x, y)}
        for name, right in correct.items():
            acc[name].append(float(right.mean()))
    ctx.number("sequence lengths", list(lengths))
    for name, values in acc.items():
        ctx.number(f"{name} test accuracy per length", [round(a, 3) for a in values])
    long_t, long_l = acc["Transformer"][-1], acc["LSTM"][-1]
    margin = 0.3 if ctx.fast else 0.5
    ctx.check(f"on the longest sequences ({lengths[-1]} tokens) the Transformer beats the LSTM "
              f"by more than {margin} in accuracy",
              long_t > long_l + margin, detail=f"Transformer {long_t:.3f}, LSTM {long_l:.3f}")
    floor = 0.5 if ctx.fast else 0.95
    ctx.check(f"the Transformer's accuracy on the longest sequences exceeds {floor} (chance 0.125)",
              long_t > floor, detail=f"{long_t:.3f}")
    if not ctx.fast:
        ctx.check("the LSTM solves the shortest sequences (accuracy > 0.9) but not the longest "
                  "(< 0.5): the failure is distance, not the task",
                  acc["LSTM"][0] > 0.9 and long_l < 0.5,
                  detail=f"LSTM {acc['LSTM'][0]:.3f} at {lengths[0]}, {long_l:.3f} at {lengths[-1]}")

    # the last (longest) Transformer's attention from the query position
    weights = first_layer_attention(lm, x[:200])  # (N, H, T, T)
    marked = length - 1 - dist[:200]
    on_mark = weights[np.arange(200), :, -1, marked]  # (N, H)
    best_head = int(on_mark.mean(axis=0).argmax())
    share = float(on_mark[:, best_head].mean())
    ctx.number("mean attention of the query on the marked digit (best head)", round(share, 3))
    least = 0.25 if ctx.fast else 0.5
    ctx.check(f"one head of the query position puts more than {least} of its attention on the "
              "marked digit (uniform attention would give 1/length)", share > least,
              detail=f"head {best_head}: mean weight {share:.3f} (uniform would be {1 / length:.3f})")

    panels = 3 if ctx.fast else 4  # one length in fast mode: no accuracy-vs-length curve
    fig, axes = ctx.figure("recall", 1, panels, figsize=(4.3 * panels, 3.8))
    if not ctx.fast:
        for (name, values), color, marker in zip(acc.items(), COLORS, "os"):
            axes[0].plot(lengths, values, marker=marker, color=color, label=name)
        axes[0].axhline(1 / DIGITS, color="k", ls=":", label="chance (1/8)")
        axes[0].set_xscale("log", base=2)
        axes[0].set_xticks(lengths, [str(n) for n in lengths])
        axes[0].set_ylim(0, 1.05)
        axes[0].set_xlabel("sequence length (tokens)")
        axes[0].set_ylabel("test accuracy")
        axes[0].set_title(f"same budget: {steps} Adam steps of 32 sequences")
        axes[0].legend(loc="lower left")
        axes = axes[1:]
    bins = np.linspace(0, length - 1, 5).round().astype(int)
    which = np.clip(np.digitize(dist, bins[1:-1]), 0, 3)
    for offset, (name, right), color in zip((-0.2, 0.2), correct.items(), COLORS):
        axes[0].bar(np.arange(4) + offset, [right[which == b].mean() for b in range(4)],
                    width=0.4, color=color, label=name)
    axes[0].axhline(1 / DIGITS, color="k", ls=":", label="chance")
    axes[0].set_xticks(np.arange(4), [f"{bins[b]}-{bins[b + 1]}" for b in range(4)])
    axes[0].set_ylim(0, 1.15)
    axes[0].set_xlabel("distance back to the marked digit (tokens)")
    axes[0].set_ylabel("test accuracy")
    axes[0].set_title(f"length {length}: accuracy by distance")
    axes[0].legend(loc="upper center", ncol=3, fontsize=7)

    image = axes[1].imshow(weights[0].mean(axis=0), cmap="viridis", vmin=0, vmax=1)
    axes[1].axvline(marked[0], color=COLORS[3], ls="--", lw=1, label="marked digit")
    axes[1].set_xlabel("key position (attended to)")
    axes[1].set_ylabel("query position")
    axes[1].set_title("attention map of one sequence (heads averaged)")
    axes[1].legend(loc="lower left", fontsize=7)
    order = np.argsort(marked)[:: max(1, len(marked) // 12)][:12]
    rows = weights[order, best_head, -1, :]
    image = axes[2].imshow(rows, cmap="viridis", vmin=0, vmax=1, aspect="auto")
    axes[2].scatter(marked[order], np.arange(len(order)), marker="o", facecolors="none",
                    edgecolors=COLORS[3], s=50, label="marked digit")
    axes[2].set_xlabel("key position (attended to)")
    axes[2].set_ylabel("test sequence")
    axes[2].set_title(f"the query token's attention (head {best_head})")
    axes[2].legend(loc="lower left", fontsize=7)
    fig.colorbar(image, ax=axes[1:3], label="attention weight", shrink=0.8)
