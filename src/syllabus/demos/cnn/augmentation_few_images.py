"""Demo: data augmentation when only a few training images exist."""

from __future__ import annotations

import numpy as np

from syllabus.autograd import manual_seed
from syllabus.data import Compose, RandomCrop, RandomRotation
from syllabus.demos import register
from syllabus.models import LeNet5

from ._shared import digits_32_all, predict, train_classifier


@register("augmentation_few_images", topic="cnn", order=70, title="Data augmentation with few images")
def augmentation_few_images(ctx):
    r"""LeNet-5 is trained on only 10 images per digit, once on the images as they are and once
    with augmentation: every batch is shifted by up to 3 pixels (padding then cropping) and
    rotated by up to 10 degrees, drawn afresh each epoch from the loader's seed. The test
    digits are the 1,697 others (800 of them in the fast tour), as they are and moved the same way a real scan might move
    them. Augmentation tells the network which changes of the image do not change the label.

    $$ \min_\theta \; \mathbb{E}_{T \sim \mathcal{T}}\; \frac{1}{n}\sum_i
       \ell\big(f_\theta(T(x_i)), y_i\big) $$

    What to notice: with so little data the plain network fits its 100 images and does worse
    on moved test digits; augmentation costs nothing at test time and raises the accuracy."""
    X_all, y_all = digits_32_all()
    rng = np.random.default_rng(ctx.seed)
    train = np.concatenate([rng.choice(np.flatnonzero(y_all == d), 10, replace=False) for d in range(10)])
    test = np.setdiff1d(np.arange(len(y_all)), train)
    if ctx.fast:  # a smaller test set and training budget
        test = rng.choice(test, 800, replace=False)
    X, y, X_test, y_test = X_all[train], y_all[train], X_all[test], y_all[test]
    background = float(X_all.min())  # the standardised value of a blank pixel
    augment = Compose([RandomCrop(padding=3, fill=background), RandomRotation(10, fill=background)])
    X_moved = augment(X_test, np.random.default_rng(ctx.seed + 1))
    epochs = 15 if ctx.fast else 60
    results = {}
    for name, transform in (("plain", None), ("augmented", augment)):
        manual_seed(ctx.seed)
        model = LeNet5()
        history = train_classifier(model, X, y, None, None, epochs=epochs, seed=ctx.seed,
                                   batch_size=50, transform=transform)
        results[name] = dict(test=float(np.mean(predict(model, X_test) == y_test)),
                             moved=float(np.mean(predict(model, X_moved) == y_test)),
                             train=float(np.mean(predict(model, X) == y)), history=history)
    plain, aug = results["plain"], results["augmented"]
    for name, r in results.items():
        ctx.number(f"{name}: accuracy on train / test / moved test",
                   (round(r["train"], 3), round(r["test"], 3), round(r["moved"], 3)))
    ctx.check("augmentation raises the accuracy on moved test digits (shifts <= 3 px, rotations "
              "<= 10 degrees)", aug["moved"] > plain["moved"] + 0.02,
              detail=f"{plain['moved']:.3f} -> {aug['moved']:.3f}")
    ctx.check("augmentation does not hurt on the test digits as they are",
              aug["test"] >= plain["test"] - 0.01, detail=f"{plain['test']:.3f} -> {aug['test']:.3f}")

    fig, axes = ctx.figure("augmented_batch", 2, 8, figsize=(12, 3.4))
    originals = X[[0, 50]]  # a 0 and a 5
    shown = augment(np.repeat(originals, 7, axis=0), np.random.default_rng(ctx.seed + 2))
    for row in range(2):
        axes[row, 0].imshow(originals[row, 0], cmap="gray_r")
        axes[row, 0].set_title("original", fontsize=9)
        for k in range(7):
            axes[row, k + 1].imshow(shown[row * 7 + k, 0], cmap="gray_r")
            axes[row, k + 1].set_title(f"augmented {k + 1}", fontsize=8)
    for ax in axes.ravel():
        ax.axis("off")
    fig.suptitle("Random shifts (padding 3, crop) and rotations (<= 10 degrees)", fontsize=10)

    fig, axes = ctx.figure("accuracy", 1, 2, figsize=(11, 3.8))
    ep = np.arange(1, epochs + 1)
    axes[0].semilogy(ep, plain["history"].train_loss, color="#0072B2", label="plain")
    axes[0].semilogy(ep, aug["history"].train_loss, color="#D55E00", label="augmented")
    axes[0].set_xlabel("epoch (100 images each)")
    axes[0].set_ylabel("training cross-entropy (log scale)")
    axes[0].legend(loc="upper right")
    axes[0].set_title("The plain network memorises its 100 images", fontsize=10)
    kinds = ["train (100)", "test", "moved test"]
    positions = np.arange(3)
    axes[1].bar(positions - 0.2, [plain["train"], plain["test"], plain["moved"]], 0.4,
                color="#0072B2", label="plain")
    axes[1].bar(positions + 0.2, [aug["train"], aug["test"], aug["moved"]], 0.4,
                color="#D55E00", label="augmented")
    axes[1].set_xticks(positions, kinds)
    axes[1].set_ylim(0, 1.05)
    axes[1].set_ylabel("accuracy")
    axes[1].legend(loc="lower left")
    axes[1].set_title("After training", fontsize=10)
