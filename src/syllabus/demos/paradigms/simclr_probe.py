"""Demo: SimCLR contrastive pre-training on unlabelled digits, then a linear probe with few labels."""

from __future__ import annotations

import numpy as np

from syllabus import nn, optim
from syllabus.autograd import manual_seed
from syllabus.data import RandomCrop
from syllabus.demos import register
from syllabus.demos._plotting import COLORS, montage
from syllabus.linear_model import LogisticRegression
from syllabus.model_selection import train_test_split

from ._shared import digits, embed, mlp

SHIFT = RandomCrop(padding=1)


def augment(X: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A random view of each 8x8 digit (rows of 64): a shift of up to one pixel, 20% of the
    pixels blanked, and Gaussian noise of standard deviation 0.1."""
    X = SHIFT(X.reshape(-1, 1, 8, 8), rng).reshape(len(X), 64)
    X = X * (rng.random(X.shape) > 0.2)
    return (X + 0.1 * rng.standard_normal(X.shape)).astype(np.float32)


@register("simclr_probe", topic="paradigms", order=20, title="SimCLR: contrastive pre-training, then a linear probe")
def simclr_probe(ctx):
    r"""An MLP encoder is pre-trained without labels: two random views of each image in a batch
    (shifted by up to a pixel, 20% of pixels blanked, noise added) go through the encoder and
    a small projection head, and the NT-Xent loss asks every view to pick out its partner
    among the $2N - 1$ other views. Then only 5 labelled images per digit are used: a
    logistic regression on the frozen encoder's features (a linear probe) is compared with
    the same MLP trained from scratch on those 50 images.

    $$ \ell_i = -\log \frac{\exp(\cos(z_i, z_{p(i)}) / \tau)}
       {\sum_{k \ne i} \exp(\cos(z_i, z_k) / \tau)} $$

    What to notice: with a full pre-training budget the features learned from unlabelled
    images make 50 labels go further than training the whole network on them (the fast
    tour's 100 steps only beat the untrained encoder); the untrained encoder's random features are
    the control that shows the pre-training, not the architecture, does the work."""
    X, y = digits()
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, stratify=y, random_state=ctx.seed)
    rng = ctx.rng
    few = np.concatenate([rng.choice(np.flatnonzero(y_tr == c), 5, replace=False) for c in range(10)])
    steps, batch, tau = (100, 128, 0.2) if ctx.fast else (1500, 256, 0.2)

    manual_seed(ctx.seed)
    encoder = mlp(64, 128, 64, last_relu=True)
    random_encoder = mlp(64, 128, 64, last_relu=True)
    random_encoder.load_state_dict(encoder.state_dict())  # the control: the same start, untrained
    head = mlp(64, 64, 32)
    opt = optim.Adam(list(encoder.parameters()) + list(head.parameters()), lr=3e-3)
    loss_fn = nn.NTXentLoss(temperature=tau)
    losses = []
    for _ in range(steps):
        images = X_tr[rng.choice(len(X_tr), batch, replace=False)]
        loss = loss_fn(head(encoder(augment(images, rng))), head(encoder(augment(images, rng))))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())

    def probe(features):
        clf = LogisticRegression(C=10.0, max_iter=2000).fit(features(X_tr)[few], y_tr[few])
        return float(np.mean(clf.predict(features(X_te)) == y_te))

    acc = {"raw pixels\n(logistic)": probe(lambda A: A),
           "untrained encoder\n(linear probe)": probe(lambda A: embed(random_encoder, A))}
    manual_seed(ctx.seed + 1)
    scratch = nn.Sequential(mlp(64, 128, 64, last_relu=True), nn.Linear(64, 10))
    opt = optim.Adam(scratch.parameters(), lr=3e-3)
    for _ in range(300):  # full batch: the 50 labelled images
        loss = nn.CrossEntropyLoss()(scratch(X_tr[few]), y_tr[few])
        opt.zero_grad()
        loss.backward()
        opt.step()
    acc["MLP from scratch\n(50 labels)"] = float(np.mean(embed(scratch, X_te).argmax(axis=1) == y_te))
    acc["SimCLR encoder\n(linear probe)"] = probe(lambda A: embed(encoder, A))
    for name, value in acc.items():
        ctx.number(f"test accuracy with 50 labels: {name.replace(chr(10), ' ')}", round(value, 3))
    simclr, scratch_acc = acc["SimCLR encoder\n(linear probe)"], acc["MLP from scratch\n(50 labels)"]
    untrained = acc["untrained encoder\n(linear probe)"]
    ctx.number("NT-Xent loss: first / last 10 steps (mean)",
               (round(float(np.mean(losses[:10])), 3), round(float(np.mean(losses[-10:])), 3)))
    margin = 0.03 if ctx.fast else 0.05
    ctx.check(f"pre-training, not the architecture, helps: the probe on the SimCLR encoder beats "
              f"the probe on the same encoder untrained by {margin}", simclr > untrained + margin,
              detail=f"SimCLR {simclr:.3f} vs untrained {untrained:.3f}")
    if not ctx.fast:  # 100 pre-training steps are too few to be sure of this one
        ctx.check("a linear probe on the SimCLR features beats the same MLP trained from scratch "
                  "on the 50 labelled images", simclr > scratch_acc,
                  detail=f"probe {simclr:.3f} vs scratch {scratch_acc:.3f}")

    fig, ax = ctx.figure("views", 1, 1, figsize=(4.2, 4.4))
    examples = X_tr[[np.flatnonzero(y_tr == d)[0] for d in (0, 3, 4, 7)]]
    view_rng = np.random.default_rng(ctx.seed + 2)
    v1, v2 = augment(examples, view_rng), augment(examples, view_rng)
    ax.imshow(montage(np.stack([examples, v1, v2], axis=1).reshape(-1, 64), 4, 3), cmap="gray_r",
              vmin=0, vmax=1)
    ax.set_xticks([3.5, 12.5, 21.5], ["image", "view 1", "view 2"])
    ax.set_yticks([])
    ax.set_title("Two random views of each image:\nthe positive pair of the NT-Xent loss")

    fig, axes = ctx.figure("probe", 1, 2, figsize=(11, 3.9))
    axes[0].plot(np.arange(1, steps + 1), losses, color=COLORS[0])
    axes[0].axhline(np.log(2 * batch - 1), color=COLORS[7], ls="--", lw=1, label=r"$\log(2N-1)$: no information")
    axes[0].set_xlabel(f"pre-training step (batches of {batch} unlabelled images)")
    axes[0].set_ylabel("NT-Xent loss (nats)")
    axes[0].set_title(f"Contrastive pre-training, temperature {tau}", fontsize=10)
    axes[0].legend(loc="lower left")
    names = list(acc)
    axes[1].bar(range(len(names)), [acc[n] for n in names], color=[COLORS[7], COLORS[5], COLORS[1], COLORS[0]])
    for i, n in enumerate(names):
        axes[1].text(i, acc[n] + 0.01, f"{acc[n]:.3f}", ha="center", fontsize=9)
    axes[1].set_xticks(range(len(names)), names, fontsize=8)
    axes[1].set_ylim(0, 1.05)
    axes[1].set_ylabel(f"test accuracy ({len(y_te)} digits)")
    axes[1].set_title("5 labelled images per digit", fontsize=10)
