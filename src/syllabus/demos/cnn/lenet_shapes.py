"""Demo: LeNet-5 trained on synthetic shapes (squares, discs, triangles, crosses) drawn in code."""

from __future__ import annotations

import numpy as np

from syllabus.autograd import manual_seed
from syllabus.demos import register
from syllabus.metrics import accuracy_score
from syllabus.models import LeNet5

from ._shared import predict, train_classifier

SHAPES = ("square", "disc", "triangle", "cross")


def shapes_32(n: int, rng: np.random.Generator, noise: float = 0.3, spread: float = 7.0):
    """``n`` 32x32 images of one white shape each on a noisy background, with random size and
    centre (up to ``spread`` pixels from the middle in each direction): ``X`` (n, 1, 32, 32)
    float32, labels ``y`` (indices into :data:`SHAPES`)."""
    y = rng.integers(0, len(SHAPES), n)
    r = rng.uniform(4.5, 8.5, n)[:, None, None]  # half-size in pixels
    cy, cx = (rng.uniform(16 - spread, 16 + spread, n)[:, None, None] for _ in range(2))
    grid = np.arange(32.0)
    dy, dx = grid[None, :, None] - cy, grid[None, None, :] - cx
    masks = np.stack([
        np.maximum(np.abs(dx), np.abs(dy)) <= r,  # square
        dx ** 2 + dy ** 2 <= r ** 2,  # disc
        (np.abs(dy) <= r) & (np.abs(dx) <= (dy + r) / 2),  # triangle, apex up
        ((np.abs(dx) <= r / 3) & (np.abs(dy) <= r)) | ((np.abs(dy) <= r / 3) & (np.abs(dx) <= r)),
    ])[y, np.arange(n)]
    images = masks + noise * rng.standard_normal(masks.shape)
    return ((images - 0.3) / 0.5).astype(np.float32)[:, None], y


@register("lenet_shapes", topic="cnn", order=15, title="LeNet-5 tells shapes apart wherever they are")
def lenet_shapes(ctx):
    r"""A dataset made in code: 32x32 images of a square, a disc, a triangle or a cross, of
    random size anywhere in the frame, under Gaussian pixel noise. The same LeNet-5 as for
    the digits learns the four classes from a few hundred examples: its filters respond to
    edges and corners wherever they are, because every position shares the same weights,
    and max pooling keeps the response while forgetting the exact position.

    $$ y[o, h, w] = b_o + \sum_{c, i, j} W[o, c, i, j]\; x[c, h + i, w + j] $$

    What to notice: a square and a disc of the same size differ only at their corners, yet
    held-out shapes at new positions and sizes are classified almost perfectly."""
    rng = ctx.rng
    # fast: nearly centred, faint noise (what LeNet learns in ~60 small steps)
    spread, noise, n_train, epochs, lr, batch, target = (
        (2.0, 0.1, 480, 2, 3e-3, 16, 0.7) if ctx.fast else (7.0, 0.3, 2000, 6, 1e-2, 32, 0.93))
    X, y = shapes_32(n_train, rng, noise, spread)
    X_test, y_test = shapes_32(400, rng, noise, spread)
    manual_seed(ctx.seed)
    model = LeNet5()
    history = train_classifier(model, X, y, X_test, y_test, epochs=epochs, seed=ctx.seed, lr=lr,
                               batch_size=batch)
    pred = predict(model, X_test)
    acc = accuracy_score(y_test, pred)
    ctx.number("training_images", n_train)
    ctx.number("epochs", epochs)
    ctx.number("test_accuracy", acc)
    chance = np.bincount(y_test).max() / len(y_test)
    ctx.check(f"LeNet-5 classifies 400 new shapes (new positions within +-{spread:g} px of the "
              f"centre, new sizes and noise) with accuracy >= {target}, far above the majority "
              "class", acc >= target,
              detail=f"accuracy {acc:.3f}, majority class {chance:.3f}, {n_train} training "
                     f"images, {epochs} epochs")

    fig, axes = ctx.figure("shapes", 1, 4, figsize=(8, 2.6))
    for label, ax in enumerate(axes):  # the first held-out image of each class
        k = int(np.flatnonzero(y_test == label)[0])
        ax.imshow(X_test[k, 0], cmap="gray", vmin=-1.5, vmax=2.5)
        ax.set_title(f"{SHAPES[label]} -> {SHAPES[pred[k]]}", fontsize=9,
                     color="#D55E00" if pred[k] != label else "#000000")
        ax.axis("off")
    fig.suptitle(f"Held-out shapes, true -> predicted (wrong in vermilion)\ntest accuracy "
                 f"{acc:.3f} after {epochs} epochs; training loss {history.train_loss[0]:.2f} -> "
                 f"{history.train_loss[-1]:.2f}", fontsize=10)
