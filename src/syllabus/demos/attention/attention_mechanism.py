"""Demo: scaled dot-product attention on a toy example, its masks and the 1/sqrt(d) scale."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.demos._plotting import COLORS
from syllabus.nn import functional as F
from syllabus.utils import softmax

TOKENS = ["the", "cat", "sat", "on", "<pad>", "<pad>"]


def _entropy(p):
    return -(p * np.log(np.where(p > 0, p, 1))).sum(axis=-1)


@register("attention_mechanism", topic="attention", order=1,
          title="Scaled dot-product attention: weights, padding and causal masks, the 1/sqrt(d) scale")
def attention_mechanism(ctx):
    r"""Each query $q_i$ scores every key $k_j$ by a dot product, the scores go through a
    softmax, and the output is the weighted mean of the values:
    $$ \mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^\top}{\sqrt{d}} + M\right) V, $$
    where the mask $M$ holds $0$ for allowed pairs and $-\infty$ for forbidden ones: a padding
    mask hides the padding keys of a short sentence, a causal mask hides the future ($j > i$).
    With one-hot values ($V = I$) the output is the weight matrix itself, which is how the maps
    are drawn. For random $q, k$ with unit-variance entries, $q \cdot k$ has variance $d$: the
    $1/\sqrt{d}$ factor is a softmax temperature that keeps the scores of order one.

    What to notice: masked entries get exactly zero weight and every row still sums to one;
    without the scale the softmax over the same keys becomes nearly one-hot as $d$ grows (its
    entropy collapses and its gradient vanishes), with it the entropy stays put."""
    rng = ctx.rng
    L, d = len(TOKENS), 8
    q, k = rng.normal(size=(L, d)), rng.normal(size=(L, d))
    eye = np.eye(L)  # one-hot values: the output is the weight matrix
    pad = np.array([t != "<pad>" for t in TOKENS])  # True takes part, as PyTorch's function
    maps = {
        "no mask": F.scaled_dot_product_attention(q, k, eye).data,
        "padding mask": F.scaled_dot_product_attention(q, k, eye, attn_mask=pad[None, :]).data,
        "causal mask": F.scaled_dot_product_attention(q, k, eye, is_causal=True).data,
    }
    by_hand = softmax(q @ k.T / np.sqrt(d))
    ctx.check("the library's attention equals softmax(q k^T / sqrt(d)) written out in NumPy",
              np.allclose(maps["no mask"], by_hand, rtol=1e-12, atol=1e-15),
              detail=f"max difference {np.abs(maps['no mask'] - by_hand).max():.1e}")
    causal_zero = np.triu(np.ones((L, L), dtype=bool), 1)
    masked_ok = (np.all(maps["padding mask"][:, ~pad] == 0) and np.all(maps["causal mask"][causal_zero] == 0)
                 and all(np.allclose(a.sum(axis=1), 1, rtol=1e-12) for a in maps.values()))
    ctx.check("masked (query, key) pairs get exactly zero weight and every row sums to one",
              masked_ok, detail="padding columns and the causal upper triangle are 0")
    v = rng.normal(size=(L, 3))
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=pad[None, :]).data
    ctx.check("the output for real values is the weight matrix times V (padding rows of V unused)",
              np.allclose(out, maps["padding mask"][:, pad] @ v[pad], rtol=1e-12),
              detail="softmax weights x values")

    # the scale: variance of q.k and the entropy of softmax over 16 keys, per dimension d
    dims = [2, 8, 32, 128, 512] if ctx.fast else [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]
    n_keys, n_q = 16, 200 if ctx.fast else 1000
    stats = {}
    for dim in dims:
        qs, ks = rng.normal(size=(n_q, 1, dim)), rng.normal(size=(n_q, n_keys, dim))
        scores = (qs * ks).sum(axis=-1)  # (n_q, n_keys): fresh keys for every query
        p_raw, p_scaled = softmax(scores), softmax(scores / np.sqrt(dim))
        stats[dim] = dict(var=float(scores.var()), raw=float(_entropy(p_raw).mean()),
                          scaled=float(_entropy(p_scaled).mean()),
                          # the largest softmax derivative d p_j / d s_j = p_j (1 - p_j) of a row
                          grad_raw=float((p_raw * (1 - p_raw)).max(axis=1).mean()),
                          example=(scores[0], p_raw[0], p_scaled[0]))
    ratio = [stats[dim]["var"] / dim for dim in dims]
    ctx.number("Var(q.k) / d per d", [round(r, 2) for r in ratio])
    ctx.number("mean largest softmax derivative p(1 - p) without the scale, per d",
               [round(stats[dim]["grad_raw"], 4) for dim in dims])
    ctx.check("the variance of q.k grows like d (Var/d within 25% of 1 for every d)",
              all(0.75 < r < 1.25 for r in ratio), detail=", ".join(f"{r:.2f}" for r in ratio))
    h_max = np.log(n_keys)
    raw_end, scaled = stats[dims[-1]]["raw"], [stats[dim]["scaled"] for dim in dims]
    ctx.number("mean softmax entropy without / with the scale at the largest d (nats)",
               [round(raw_end, 3), round(scaled[-1], 3)])
    ctx.check(f"without the scale the softmax collapses at d={dims[-1]} (entropy < 0.2 of "
              f"log {n_keys}); with it the entropy stays within 15% of its d=2 value",
              raw_end < 0.2 * h_max and max(abs(h - scaled[0]) for h in scaled) < 0.15 * scaled[0],
              detail=f"unscaled {raw_end:.3f} nats, scaled {min(scaled):.3f}-{max(scaled):.3f}, "
                     f"uniform {h_max:.3f}")

    fig, axes = ctx.figure("attention_masks", 1, 4, figsize=(15, 3.6),
                           gridspec_kw={"width_ratios": [1, 1, 1, 1.25]})
    for ax, (name, weights) in zip(axes, maps.items()):
        image = ax.imshow(weights, cmap="viridis", vmin=0, vmax=1)
        ax.set_xticks(range(L), TOKENS, rotation=45)
        ax.set_yticks(range(L), TOKENS if ax is axes[0] else [])  # the same queries in every map
        ax.set_xlabel("key")
        ax.set_title(name)
        for i in range(L if not ctx.fast else 0):  # the numbers cost ~0.3 s of drawing
            for j in range(L):
                ax.text(j, i, f"{weights[i, j]:.2f}", ha="center", va="center", fontsize=6,
                        color="w" if weights[i, j] < 0.5 else "k")
    axes[0].set_ylabel("query")
    fig.colorbar(image, ax=axes[:3], label="attention weight", shrink=0.8)
    ax = axes[3]
    ax.plot(dims, [stats[dim]["raw"] for dim in dims], "o-", color=COLORS[3], label="softmax(q.k)")
    ax.plot(dims, scaled, "s-", color=COLORS[0], label="softmax(q.k / sqrt(d))")
    ax.axhline(h_max, color="k", ls=":", label=f"uniform (log {n_keys})")
    ax.set_xscale("log", base=2)
    ax.set_ylim(0, h_max * 1.1)
    ax.set_xlabel("dimension d of queries and keys")
    ax.set_ylabel("mean entropy of the weights (nats)")
    ax.set_title(f"softmax over {n_keys} random keys")
    ax.legend(loc="lower left", fontsize=7)

    def draw(fig, axes, dim):
        scores, p_raw, p_scaled = stats[dim]["example"]
        order = np.argsort(scores)[::-1]
        x = np.arange(n_keys)
        axes.bar(x - 0.2, p_raw[order], width=0.4, color=COLORS[3],
                 label=f"softmax(q.k), entropy {_entropy(p_raw):.2f}")
        axes.bar(x + 0.2, p_scaled[order], width=0.4, color=COLORS[0],
                 label=f"softmax(q.k/sqrt(d)), entropy {_entropy(p_scaled):.2f}")
        axes.set_ylim(0, 1.05)
        axes.set_xlabel("key (sorted by score)")
        axes.set_ylabel("attention weight")
        axes.set_title(f"one query, d = {dim} (Var(q.k) over all queries: {stats[dim]['var']:.0f})")
        axes.legend(loc="upper right", fontsize=7)

    ctx.frames("attention_scale", "d", dims if not ctx.fast else dims[::4], draw, figsize=(6, 3.4))
