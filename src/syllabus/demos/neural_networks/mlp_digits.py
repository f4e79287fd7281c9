"""Demo: an MLP on the handwritten digits, with its confusion matrix."""

from __future__ import annotations

import warnings

import numpy as np

from syllabus.datasets import load_digits
from syllabus.demos import register
from syllabus.linear_model import ConvergenceWarning, LogisticRegression
from syllabus.metrics import accuracy_score, confusion_matrix
from syllabus.model_selection import train_test_split
from syllabus.neural_network import MLPClassifier


@register("mlp_digits", topic="neural-networks", order=5,
          title="An MLP on handwritten digits and its confusion matrix")
def mlp_digits(ctx):
    r"""The 8x8 handwritten digits (1797 images, 10 classes) are split 75/25, stratified. An
    MLPClassifier with one hidden layer of 64 ReLU units, trained by Adam, is compared with
    multinomial logistic regression. The confusion matrix $M_{ij}$ counts test images of digit
    $i$ labelled $j$, so

    $$\text{accuracy} = \frac{\operatorname{tr} M}{\sum_{ij} M_{ij}}.$$

    What to notice: each row sums to the number of test images of that digit; the largest
    off-diagonal entry names the most confused pair, shown with a few misclassified images."""
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y,
                                                        random_state=ctx.seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp = MLPClassifier((64,), learning_rate_init=0.005, max_iter=40 if ctx.fast else 120,
                            random_state=ctx.seed).fit(X_train, y_train)
        logreg = LogisticRegression(C=10.0, max_iter=500).fit(X_train, y_train)
    pred = mlp.predict(X_test)
    acc = accuracy_score(y_test, pred)
    acc_lr = logreg.score(X_test, y_test)
    cm = confusion_matrix(y_test, pred)
    ctx.number("mlp_test_accuracy", acc)
    ctx.number("logistic_regression_test_accuracy", acc_lr)
    ctx.number("epochs", mlp.n_iter_)
    ctx.check("the MLP reaches >= 0.95 test accuracy on digits", acc >= 0.95, detail=f"{acc:.4f}")
    ctx.check("confusion matrix: trace / total = accuracy, rows sum to the class counts",
              cm.sum() == len(y_test) and np.isclose(np.trace(cm) / cm.sum(), acc)
              and np.array_equal(cm.sum(axis=1), np.bincount(y_test, minlength=10)),
              detail=f"trace {np.trace(cm)} of {cm.sum()}")
    off = cm - np.diag(np.diag(cm))
    true_d, pred_d = np.unravel_index(np.argmax(off), off.shape)
    ctx.number("most_confused", f"{true_d} read as {pred_d} ({off[true_d, pred_d]} times)")
    curve = np.array(mlp.loss_curve_)
    ctx.check("the training loss decreases over the epochs (first 10 strictly)",
              bool(np.all(np.diff(curve[:10]) < 0)) and curve[-1] < 0.2 * curve[0],
              detail=f"{curve[0]:.3f} -> {curve[-1]:.4f}")

    fig, axes = ctx.figure("confusion_matrix", 1, 2, figsize=(11, 4.5))
    image = axes[0].imshow(cm, cmap="Blues")
    fig.colorbar(image, ax=axes[0], label="number of test images", shrink=0.85)
    for i in range(10):
        for j in range(10):
            if cm[i, j]:
                axes[0].text(j, i, cm[i, j], ha="center", va="center", fontsize=7,
                             color="white" if cm[i, j] > cm.max() / 2 else "black")
    axes[0].set_xlabel("predicted digit")
    axes[0].set_ylabel("true digit")
    axes[0].set_xticks(range(10))
    axes[0].set_yticks(range(10))
    axes[0].set_title(f"MLP 64-64-10, test accuracy {acc:.3f}")
    axes[1].plot(np.arange(1, len(curve) + 1), curve)
    axes[1].set_yscale("log")
    axes[1].set_xlabel("epoch")
    axes[1].set_ylabel("training loss (log scale)")
    axes[1].set_title("Training loss per epoch")
    wrong = np.flatnonzero(pred != y_test)[:8]
    if wrong.size:
        fig2, axes2 = ctx.figure("misclassified", 1, len(wrong), figsize=(1.6 * len(wrong), 2))
        for ax, i in zip(np.atleast_1d(axes2), wrong):
            ax.imshow(X_test[i].reshape(8, 8), cmap="gray_r")
            ax.set_title(f"{y_test[i]} -> {pred[i]}", fontsize=9)
            ax.axis("off")
