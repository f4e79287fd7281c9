"""Demo: the evaluation lecture's 30-photograph confusion matrix and the numbers read off it."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_score,
    recall_score,
)

# The evaluation lecture: of 30 photographs, 19 are predicted male (3 wrongly) and 11 female (1 wrongly).
# With "male" as the positive class: TP = 16, FN = 1, FP = 3, TN = 10.
SEED_COUNTS = {"TP": 16, "FN": 1, "FP": 3, "TN": 10}
SEED_VALUES = {"accuracy": 0.867, "precision": 0.842, "recall": 0.941, "F-measure": 0.889}


def _photographs(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The 30 (actual, predicted) pairs of the example, in a random order."""
    c = SEED_COUNTS
    actual = ["male"] * (c["TP"] + c["FN"]) + ["female"] * (c["FP"] + c["TN"])
    predicted = (["male"] * c["TP"] + ["female"] * c["FN"]
                 + ["male"] * c["FP"] + ["female"] * c["TN"])
    order = rng.permutation(len(actual))
    return np.array(actual)[order], np.array(predicted)[order]


@register("confusion_matrix", topic="evaluation", order=1,
          title="Confusion matrix, precision, recall and F-measure")
def confusion_matrix_demo(ctx):
    r"""The evaluation lecture's worked example: a classifier labels 30 photographs male or
    female; 19 are predicted male (3 of them wrongly) and 11 female (1 wrongly). The demo
    rebuilds the 30 predictions, counts them in a confusion matrix and reads off

    $$\text{precision} = \frac{TP}{TP + FP}, \quad \text{recall} = \frac{TP}{TP + FN}, \quad F_1 = \frac{2 \cdot \text{precision} \cdot \text{recall}}{\text{precision} + \text{recall}}$$

    checking each against the value printed in the lecture.

    What to notice: accuracy is the trace of the matrix over its sum, while precision and
    recall each look at one row or one column; the F-measure is their harmonic mean, so it
    sits closer to the smaller of the two."""
    actual, predicted = _photographs(ctx.rng)
    cm = confusion_matrix(actual, predicted, labels=["male", "female"])
    (tp, fn), (fp, tn) = cm.tolist()
    for name, value in zip(["TP", "FN", "FP", "TN"], [tp, fn, fp, tn]):
        ctx.number(name, value)
    values = {
        "accuracy": accuracy_score(actual, predicted),
        "precision": precision_score(actual, predicted, pos_label="male"),
        "recall": recall_score(actual, predicted, pos_label="male"),
        "F-measure": f1_score(actual, predicted, pos_label="male"),
    }
    for name, value in values.items():
        ctx.number(name, round(value, 4))

    ctx.check("Confusion matrix is the lecture's table [[TP=16, FN=1], [FP=3, TN=10]]",
              [tp, fn, fp, tn] == list(SEED_COUNTS.values()), detail=str(cm.tolist()))
    for name, expected in SEED_VALUES.items():
        ctx.check(f"{name} rounds to the lecture's {expected}",
                  round(values[name], 3) == expected, detail=f"{values[name]:.6f}")
    ctx.check("accuracy, precision and recall are (TP+TN)/N, TP/(TP+FP), TP/(TP+FN)",
              np.allclose([values["accuracy"], values["precision"], values["recall"]],
                          [(tp + tn) / cm.sum(), tp / (tp + fp), tp / (tp + fn)], rtol=1e-15))
    p, r = values["precision"], values["recall"]
    ctx.check("F-measure is the harmonic mean 2PR/(P+R), below the arithmetic mean",
              abs(values["F-measure"] - 2 * p * r / (p + r)) < 1e-15
              and values["F-measure"] < (p + r) / 2,
              detail=f"F={values['F-measure']:.6f}, (P+R)/2={(p + r) / 2:.6f}")

    fig, (ax_cm, ax_bar) = ctx.figure("confusion_matrix", 1, 2, figsize=(9, 3.6))
    ax_cm.imshow(cm, cmap="Blues")
    names = [["TP", "FN"], ["FP", "TN"]]
    for i in range(2):
        for j in range(2):
            ax_cm.text(j, i, f"{names[i][j]} = {cm[i, j]}", ha="center", va="center",
                       color="white" if cm[i, j] > cm.max() / 2 else "black", fontsize=12)
    ax_cm.set_xticks([0, 1], ["male", "female"])
    ax_cm.set_yticks([0, 1], ["male", "female"])
    ax_cm.set_xlabel("predicted class")
    ax_cm.set_ylabel("actual class")
    ax_cm.set_title("30 photographs")
    bars = ax_bar.bar(list(values), list(values.values()), color=["0.5", "C0", "C1", "C2"])
    ax_bar.bar_label(bars, fmt="%.3f")
    ax_bar.set_ylim(0, 1.1)
    ax_bar.set_title("male as the positive class")
