"""Demo: metric learning of a 2-D embedding of the digits with the triplet loss."""

from __future__ import annotations

import numpy as np

from syllabus import nn, optim
from syllabus.autograd import manual_seed
from syllabus.decomposition import PCA
from syllabus.demos import register
from syllabus.demos._plotting import COLORS
from syllabus.model_selection import train_test_split
from syllabus.neighbors import KNeighborsClassifier

from ._shared import digits, embed, mlp

DIGIT_COLORS = COLORS + ("#999999", "#882255")  # Okabe-Ito and two more: ten classes


@register("triplet_embedding", topic="paradigms", order=10, title="Metric learning with the triplet loss")
def triplet_embedding(ctx):
    r"""An MLP maps each 8x8 digit to a point of the plane and is trained only on triplets: an
    anchor, a positive of the same class and a negative of another class, drawn at random.
    The triplet loss pulls the positive within a margin closer to the anchor than the
    negative; no class is ever named to the network. The embedding is then judged by the
    5-nearest-neighbour accuracy on held-out digits, against the best linear 2-D view
    (PCA) and against k-NN on all 64 pixels.

    $$ \ell(a, p, n) = \max\big(0,\; \|f(a) - f(p)\|_2 - \|f(a) - f(n)\|_2 + m\big) $$

    What to notice: the classes, mixed in the untrained embedding, separate into clusters
    as training goes on; two learned coordinates classify held-out digits by their
    neighbours far better than the two best linear ones."""
    X, y = digits()
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, stratify=y, random_state=ctx.seed)
    steps = 100 if ctx.fast else 1500
    manual_seed(ctx.seed)
    net = mlp(64, 64, 2)
    opt = optim.Adam(net.parameters(), lr=1e-2)
    loss_fn = nn.TripletMarginLoss(margin=1.0)
    by_class = [np.flatnonzero(y_tr == c) for c in range(10)]
    rng, batch = ctx.rng, 128
    checkpoints = [0, steps // 10, steps // 4, steps // 2, steps] if not ctx.fast else [0, steps]
    snapshots, losses = {0: embed(net, X_te)}, []
    for step in range(1, steps + 1):
        anchor = rng.integers(0, len(y_tr), batch)
        y_a = y_tr[anchor]
        y_n = (y_a + rng.integers(1, 10, batch)) % 10  # any other class
        pos = np.array([rng.choice(by_class[c]) for c in y_a])
        neg = np.array([rng.choice(by_class[c]) for c in y_n])
        loss = loss_fn(net(X_tr[anchor]), net(X_tr[pos]), net(X_tr[neg]))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if step in checkpoints:
            snapshots[step] = embed(net, X_te)

    def knn_accuracy(A, B):
        return float(np.mean(KNeighborsClassifier(5).fit(A, y_tr).predict(B) == y_te))

    acc = ctx.number("5-NN test accuracy in the learned 2-D embedding", round(knn_accuracy(embed(net, X_tr), snapshots[steps]), 3))
    pca = PCA(2).fit(X_tr)
    acc_pca = ctx.number("5-NN test accuracy in the 2-D PCA projection", round(knn_accuracy(pca.transform(X_tr), pca.transform(X_te)), 3))
    acc_raw = ctx.number("5-NN test accuracy on the 64 raw pixels", round(knn_accuracy(X_tr, X_te), 3))
    ctx.number("triplet loss: first / last 20 steps (mean)", (round(float(np.mean(losses[:20])), 3), round(float(np.mean(losses[-20:])), 3)))
    ctx.check("the learned 2-D embedding classifies held-out digits by 5-NN at least 0.15 better "
              "than the 2-D PCA projection", acc > acc_pca + 0.15,
              detail=f"triplet 2-D {acc:.3f} vs PCA 2-D {acc_pca:.3f} (64 raw pixels: {acc_raw:.3f})")
    ctx.check("training lowers the triplet loss by half", np.mean(losses[-20:]) < 0.5 * np.mean(losses[:20]),
              detail=f"{np.mean(losses[:20]):.3f} -> {np.mean(losses[-20:]):.3f}")

    def draw(fig, ax, step):
        Z = snapshots[step]
        for c in range(10):
            ax.scatter(*Z[y_te == c].T, s=7, color=DIGIT_COLORS[c], label=str(c), alpha=0.8)
        ax.set_xlabel("embedding coordinate 1")
        ax.set_ylabel("embedding coordinate 2")
        ax.set_title(f"Held-out digits after {step} triplet steps (batches of {batch})", fontsize=10)
        ax.legend(title="digit", loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8, markerscale=2)

    ctx.frames("embedding", "training step", sorted(snapshots), draw, animate=True, figsize=(6.4, 4.6))
