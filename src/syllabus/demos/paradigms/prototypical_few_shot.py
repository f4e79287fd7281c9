"""Demo: prototypical networks, 5-way 5-shot classification of digit classes never trained on."""

from __future__ import annotations

import numpy as np

from syllabus import nn, optim
from syllabus.autograd import manual_seed
from syllabus.decomposition import PCA
from syllabus.demos import register
from syllabus.demos._plotting import COLORS
from syllabus.models import PrototypicalNetwork

from ._shared import digits, embed

WAY, SHOT, QUERY = 5, 5, 10


def episode(rng, pools):
    """Support and query indices of one episode: SHOT + QUERY images of each class of ``pools``
    (one index array per class), and their episode labels 0..WAY-1."""
    picks = [rng.choice(pool, SHOT + QUERY, replace=False) for pool in pools]
    support = np.concatenate([p[:SHOT] for p in picks])
    query = np.concatenate([p[SHOT:] for p in picks])
    return support, np.repeat(np.arange(WAY), SHOT), query, np.repeat(np.arange(WAY), QUERY)


def episode_accuracy(E, pools, n_episodes, seed):
    """Mean query accuracy of nearest-prototype classification on the rows of ``E`` (embeddings
    of every image) over ``n_episodes`` episodes drawn with ``seed`` (the same ones each call)."""
    rng, hits = np.random.default_rng(seed), []
    for _ in range(n_episodes):
        s, s_y, q, q_y = episode(rng, pools)
        prototypes = np.stack([E[s[s_y == k]].mean(axis=0) for k in range(WAY)])
        d2 = ((E[q][:, None, :] - prototypes[None]) ** 2).sum(axis=-1)
        hits.append(np.mean(d2.argmin(axis=1) == q_y))
    return float(np.mean(hits))


@register("prototypical_few_shot", topic="paradigms", order=40, title="Few-shot learning with prototypical networks")
def prototypical_few_shot(ctx):
    r"""A small convolutional network is trained on episodes that imitate the test: 5 classes,
    5 labelled images each (the support set) and 10 more per class to classify (the queries),
    all from the digits 0-4 only. Each class's prototype is the mean embedding of its support
    images and a query gets the class of the nearest prototype. The test episodes use the
    digits 5-9, which the network has never seen, with only their 5 support images each.

    $$ c_k = \frac{1}{|S_k|} \sum_{x \in S_k} f_\theta(x), \qquad
       p(y = k \mid x) \propto \exp\big(-\|f_\theta(x) - c_k\|^2\big) $$

    What to notice: new classes are classified from five examples, without any training on
    them, far above the 20% of chance. With only five training classes the metric fits them
    (near-perfect on held-out images of 0-4) much better than it transfers to 5-9; on these
    tiny images nearest-mean on the raw pixels is a strong baseline that this small meta-
    training set does not beat."""
    X, y = digits()
    images = X.reshape(-1, 1, 8, 8)
    rng = ctx.rng
    seen = [rng.permutation(np.flatnonzero(y == c)) for c in range(5)]
    seen_train, seen_test = [p[: len(p) // 2] for p in seen], [p[len(p) // 2:] for p in seen]
    novel = [np.flatnonzero(y == c) for c in range(5, 10)]
    steps = 30 if ctx.fast else 600
    n_eval = 100 if ctx.fast else 500

    manual_seed(ctx.seed)
    encoder = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten())
    net = PrototypicalNetwork(encoder=encoder)
    opt = optim.Adam(net.parameters(), lr=1e-3)
    checkpoints = sorted({0, steps // 4, steps // 2, steps}) if ctx.fast else list(range(0, steps + 1, 50))
    curve = {"seen": [], "novel": []}

    def evaluate():
        E = embed(net, images)
        curve["seen"].append(episode_accuracy(E, seen_test, n_eval // 2, ctx.seed + 1))
        curve["novel"].append(episode_accuracy(E, novel, n_eval, ctx.seed + 2))
        return E

    evaluate()
    losses = []
    for step in range(1, steps + 1):
        s, s_y, q, q_y = episode(rng, seen_train)
        loss = net.loss(images[s], s_y, images[q], q_y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if step in checkpoints:
            E = evaluate()
    novel_acc = ctx.number("5-way 5-shot accuracy on the unseen digits 5-9", round(curve["novel"][-1], 3))
    seen_acc = ctx.number("5-way 5-shot accuracy on held-out images of the training digits 0-4", round(curve["seen"][-1], 3))
    pixels = ctx.number("nearest class mean on raw pixels, digits 5-9 (same episodes)",
                        round(episode_accuracy(X, novel, n_eval, ctx.seed + 2), 3))
    ctx.number("untrained network, digits 5-9 / 0-4", (round(curve["novel"][0], 3), round(curve["seen"][0], 3)))
    ctx.check("on digit classes never trained on, 5-way 5-shot accuracy is at least 0.4 above "
              "chance (0.2)", novel_acc > 0.6, detail=f"{novel_acc:.3f} over {n_eval} episodes")
    rise = 0.01 if ctx.fast else 0.05
    ctx.check(f"episodic training fits the training classes: accuracy on held-out images of 0-4 "
              f"rises by {rise} over the untrained network (same episodes)", seen_acc > curve["seen"][0] + rise,
              detail=f"{curve['seen'][0]:.3f} -> {seen_acc:.3f}")

    fig, axes = ctx.figure("protonet", 1, 2, figsize=(12, 4.3))
    ax = axes[0]
    ax.plot(checkpoints, curve["seen"], "o-", color=COLORS[0], label="digits 0-4 (trained on; new images)")
    ax.plot(checkpoints, curve["novel"], "s-", color=COLORS[3], label="digits 5-9 (never seen)")
    ax.axhline(pixels, color=COLORS[7], ls="--", lw=1, label="raw pixels, digits 5-9")
    ax.axhline(1 / WAY, color=COLORS[7], ls=":", lw=1, label="chance")
    ax.set_xlabel("training episode (digits 0-4 only)")
    ax.set_ylabel(f"query accuracy, 5-way {SHOT}-shot")
    ax.set_ylim(0, 1.05)
    ax.set_title("Accuracy on test episodes during training", fontsize=10)
    ax.legend(loc="center right", fontsize=8)
    # one test episode in the embedding, drawn by its two principal components
    s, s_y, q, q_y = episode(np.random.default_rng(ctx.seed + 3), novel)
    Z = PCA(2).fit(E[np.concatenate([s, q])])
    ax = axes[1]
    for k in range(WAY):
        digit = 5 + k
        ax.scatter(*Z.transform(E[q[q_y == k]]).T, s=18, color=COLORS[k], alpha=0.6, label=f"{digit}: queries")
        ax.scatter(*Z.transform(E[s[s_y == k]]).T, s=30, color=COLORS[k], marker="^", edgecolor="black", lw=0.5)
        ax.scatter(*Z.transform(E[s[s_y == k]].mean(axis=0, keepdims=True)).T, s=220, color=COLORS[k],
                   marker="*", edgecolor="black", lw=0.8)
    ax.scatter([], [], marker="^", color="white", edgecolor="black", label="support (5 per class)")
    ax.scatter([], [], marker="*", s=120, color="white", edgecolor="black", label="prototype")
    ax.set_xlabel("principal component 1 of the embedding")
    ax.set_ylabel("principal component 2")
    ax.set_title("One test episode of digits 5-9 in the learned embedding", fontsize=10)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
