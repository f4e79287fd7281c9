"""Demo: multiclass SVMs (one-vs-rest, one-vs-one, Crammer-Singer) on iris and digits."""

from __future__ import annotations

import numpy as np

from syllabus.datasets import load_digits, load_iris
from syllabus.demos import register
from syllabus.metrics import confusion_matrix
from syllabus.model_selection import train_test_split
from syllabus.preprocessing import StandardScaler
from syllabus.svm import SVC, LinearSVC, losses

from .._plotting import COLORS


@register("svm_multiclass", topic="kernels-svm", order=7,
          title="Multiclass SVMs: one-vs-rest, one-vs-one and Crammer-Singer")
def svm_multiclass(ctx):
    r"""Three ways to get $K$ classes from the binary SVM. One-vs-rest trains $K$ SVMs (class
    $k$ against the others) and predicts the largest score; one-vs-one trains $K(K-1)/2$, one
    per pair, and lets them vote. Crammer-Singer learns the $K$ weight vectors jointly with one
    slack per sample:

    $$w_{y_i}^\top x_i - w_y^\top x_i \ge 1 - \xi_i \quad \text{for every } y \ne y_i.$$

    What to notice: on iris and on the 8x8 digits all three reach a high test accuracy; the
    confusion matrix shows which digits are still mixed up."""
    models = {
        "one-vs-rest (LinearSVC)": lambda: LinearSVC(C=1.0),
        "Crammer-Singer (LinearSVC)": lambda: LinearSVC(C=1.0, multi_class="crammer_singer"),
        "one-vs-one (linear SVC)": lambda: SVC(kernel="linear", C=1.0),
        "one-vs-one (RBF SVC)": lambda: SVC(kernel="rbf", C=10.0),
    }
    digits_n = 600 if ctx.fast else 1000
    data = {"iris": load_iris(return_X_y=True), "digits": load_digits(return_X_y=True)}
    accuracy = {}
    fitted = {}
    for name, (X, y) in data.items():
        if name == "digits" and digits_n is not None:
            X, y = X[:digits_n], y[:digits_n]
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=0.3, random_state=ctx.seed, stratify=y)
        scaler = StandardScaler().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
        for label, make in models.items():
            model = make().fit(X_train, y_train)
            accuracy[name, label] = model.score(X_test, y_test)
            fitted[name, label] = (model, X_test, y_test, X_train, y_train)
            ctx.number(f"{name}: {label} test accuracy", round(accuracy[name, label], 4))

    fig, axes = ctx.figure("accuracies", 1, 2, figsize=(10, 3.2), sharey=True)
    labels = list(models)
    for ax, name in zip(axes, data):
        values = [accuracy[name, label] for label in labels]
        ax.barh(range(len(labels)), values, color=COLORS[0])
        ax.set_yticks(range(len(labels)), labels)
        ax.set_xlim(0, 1.12)  # bars start at 0: their lengths compare
        ax.axvline(1 / len(np.unique(data[name][1])), color="0.4", ls=":", label="chance")
        ax.set(xlabel="test accuracy", title=f"{name}: test accuracy")
        for k, v in enumerate(values):
            ax.text(v, k, f" {v:.3f}", va="center", fontsize=7)
        ax.invert_yaxis()
        ax.legend(loc="lower right")
    model, X_test, y_test, _, _ = fitted["digits", "one-vs-one (RBF SVC)"]
    cm = confusion_matrix(y_test, model.predict(X_test))
    fig2, ax2 = ctx.figure("digits_confusion", figsize=(5.2, 4.4))
    image = ax2.imshow(cm, cmap="Blues")
    fig2.colorbar(image, ax=ax2, label="number of test images")
    for i, j in np.ndindex(cm.shape):
        if cm[i, j]:
            ax2.text(j, i, str(cm[i, j]), ha="center", va="center", fontsize=7,
                     color="white" if cm[i, j] > cm.max() / 2 else "black")
    ax2.set_xticks(range(10))
    ax2.set_yticks(range(10))
    ax2.set(xlabel="predicted digit", ylabel="true digit",
            title="Digits, one-vs-one RBF SVC: confusion matrix")

    ctx.check("every method scores >= 0.85 on the iris test set (chance: 1/3)",
              all(accuracy["iris", label] >= 0.85 for label in labels),
              detail=", ".join(f"{accuracy['iris', label]:.3f}" for label in labels))
    ctx.check("every method scores >= 0.9 on the digits test set (chance: 1/10)",
              all(accuracy["digits", label] >= 0.9 for label in labels),
              detail=", ".join(f"{accuracy['digits', label]:.3f}" for label in labels))
    ovo, _, _, X_train, y_train = fitted["digits", "one-vs-one (linear SVC)"]
    ctx.check("one-vs-one trains K(K-1)/2 = 45 classifiers on the 10 digits",
              ovo.intercept_.shape == (45,) and ovo.dual_coef_.shape[0] == 9)
    ovr = fitted["digits", "one-vs-rest (LinearSVC)"][0]
    ctx.check("one-vs-rest trains K = 10 weight vectors and predicts the largest score",
              ovr.coef_.shape[0] == 10
              and np.array_equal(ovr.predict(X_train),
                                 ovr.classes_[np.argmax(ovr.decision_function(X_train), 1)]))
    cs, _, _, X_train, y_train = fitted["iris", "Crammer-Singer (LinearSVC)"]
    scores = cs.decision_function(X_train)
    slack = losses.multiclass_hinge(scores, y_train, aggregate="max")
    ctx.number("iris Crammer-Singer: mean slack, fraction of samples with slack",
               [round(float(slack.mean()), 4), round(float(np.mean(slack > 0)), 4)])
    ctx.check("Crammer-Singer: a sample has zero slack iff its class wins by a margin of 1",
              np.array_equal(slack == 0, np.all(
                  scores[np.arange(len(y_train)), y_train][:, None] - scores
                  >= 1 - np.eye(3)[y_train] - 1e-12, axis=1)))
