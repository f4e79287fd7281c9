"""Demo: ROC and precision-recall curves of a scorer on two overlapping Gaussians."""

from __future__ import annotations

import math

import numpy as np

from syllabus.demos import register
from syllabus.metrics import (
    auc,
    average_precision_score,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)


def _normal_cdf(x: np.ndarray | float) -> np.ndarray:
    return 0.5 * (1 + np.vectorize(math.erf)(np.asarray(x) / math.sqrt(2)))


def _mann_whitney_auc(y: np.ndarray, scores: np.ndarray) -> float:
    """U / (n_pos n_neg) from the rank sum of the positives (tied scores share their rank)."""
    order = np.argsort(scores, kind="stable")
    sorted_scores = scores[order]
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    # Average rank over each run of tied scores.
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    mean_rank = first + (counts + 1) / 2
    ranks[order] = np.repeat(mean_rank, counts)
    n_pos, n_neg = int(np.sum(y == 1)), int(np.sum(y == 0))
    u = ranks[y == 1].sum() - n_pos * (n_pos + 1) / 2
    return float(u / (n_pos * n_neg))


@register("roc_auc", topic="evaluation", order=2,
          title="ROC curve, AUC and precision-recall of a scorer")
def roc_auc_demo(ctx):
    r"""A scorer sees negatives drawn from $\mathcal{N}(0, 1)$ and positives from
    $\mathcal{N}(d, 1)$ with $d = 1.5$, so the two score distributions overlap. Sweeping the
    threshold from $+\infty$ down to $-\infty$ traces the ROC curve (true against false positive
    rate) and the precision-recall curve. The area under the ROC curve is the probability that
    a random positive outscores a random negative:

    $$\text{AUC} = P(s^+ > s^-) = \Phi\left(\frac{d}{\sqrt{2}}\right).$$

    What to notice: the AUC equals the Mann-Whitney statistic and the binormal closed form; a
    random scorer sits on the diagonal (AUC about 0.5) and a perfect one reaches 1."""
    rng = ctx.rng
    n = 400 if ctx.fast else 4000
    shift = 1.5
    y = (rng.random(n) < 0.3).astype(int)  # 30 % positives
    scores = rng.normal(size=n) + shift * y
    n_pos, n_neg = int(y.sum()), int(n - y.sum())

    fpr, tpr, thresholds = roc_curve(y, scores)
    area = roc_auc_score(y, scores)
    u_auc = _mann_whitney_auc(y, scores)
    theory = float(_normal_cdf(shift / math.sqrt(2)))
    # Hanley & McNeil's standard error of an AUC estimate.
    q1, q2 = area / (2 - area), 2 * area**2 / (1 + area)
    se = math.sqrt((area * (1 - area) + (n_pos - 1) * (q1 - area**2)
                    + (n_neg - 1) * (q2 - area**2)) / (n_pos * n_neg))
    precision, recall, _ = precision_recall_curve(y, scores)
    ap = average_precision_score(y, scores)

    random_auc = roc_auc_score(y, rng.random(n))
    null_se = math.sqrt((n_pos + n_neg + 1) / (12 * n_pos * n_neg))
    perfect_auc = roc_auc_score(y, y + 0.1 * rng.random(n))
    reversed_auc = roc_auc_score(y, -scores)
    rounded = np.round(scores)  # heavy ties: the Mann-Whitney ties count one half
    tied_auc, tied_u = roc_auc_score(y, rounded), _mann_whitney_auc(y, rounded)

    for name, value in [("n_positive", n_pos), ("n_negative", n_neg), ("auc", area),
                        ("mann_whitney_auc", u_auc), ("binormal_auc", theory),
                        ("auc_standard_error", se), ("average_precision", ap),
                        ("random_scorer_auc", random_auc), ("perfect_scorer_auc", perfect_auc),
                        ("roc_points", len(fpr))]:
        ctx.number(name, value)

    ctx.check("AUC equals the Mann-Whitney U statistic / (n_pos n_neg)",
              abs(area - u_auc) < 1e-12, detail=f"{area:.12f} vs {u_auc:.12f}")
    ctx.check("with tied scores too (ties count one half)", abs(tied_auc - tied_u) < 1e-12,
              detail=f"{tied_auc:.12f} vs {tied_u:.12f}")
    ctx.check("AUC equals the trapezoidal area under the ROC points",
              abs(auc(fpr, tpr) - area) < 1e-12)
    ctx.check("AUC is within 4 standard errors of the binormal Phi(d/sqrt 2)",
              abs(area - theory) < 4 * se, detail=f"{area:.4f} vs {theory:.4f} (se {se:.4f})")
    ctx.check("a random scorer's AUC is within 4 standard errors of 0.5",
              abs(random_auc - 0.5) < 4 * null_se, detail=f"{random_auc:.4f} (se {null_se:.4f})")
    ctx.check("a perfect scorer has AUC 1, the reversed scorer 1 - AUC",
              perfect_auc == 1.0 and abs(reversed_auc - (1 - area)) < 1e-12,
              detail=f"{perfect_auc}, {reversed_auc:.6f}")
    ctx.check("ROC runs from (0, 0) to (1, 1) with non-decreasing rates",
              fpr[0] == tpr[0] == 0 and fpr[-1] == tpr[-1] == 1
              and bool(np.all(np.diff(fpr) >= 0) and np.all(np.diff(tpr) >= 0)))
    ctx.check("average precision exceeds the positive rate (the random scorer's AP)",
              ap > n_pos / n, detail=f"{ap:.4f} vs {n_pos / n:.4f}")

    fig, axes = ctx.figure("roc_pr", 1, 3, figsize=(12.6, 3.6))
    bins = np.linspace(scores.min(), scores.max(), 40)
    axes[0].hist(scores[y == 0], bins=bins, alpha=0.6, label="negatives N(0, 1)")
    axes[0].hist(scores[y == 1], bins=bins, alpha=0.6, label=f"positives N({shift}, 1)")
    axes[0].set_xlabel("score")
    axes[0].legend(fontsize=8)
    axes[0].set_title("score distributions")
    t = np.linspace(-5, 5 + shift, 200)
    axes[1].plot(1 - _normal_cdf(t), 1 - _normal_cdf(t - shift), "k:", lw=1,
                 label="binormal ROC")
    axes[1].plot(fpr, tpr, label=f"ROC, AUC = {area:.3f}")
    axes[1].plot([0, 1], [0, 1], "--", color="0.6", label="random, AUC = 0.5")
    axes[1].set_xlabel("false positive rate")
    axes[1].set_ylabel("true positive rate")
    axes[1].legend(fontsize=8, loc="lower right")
    axes[1].set_title("ROC curve")
    axes[2].plot(recall, precision, drawstyle="steps-post", label=f"AP = {ap:.3f}")
    axes[2].axhline(n_pos / n, ls="--", color="0.6", label="random scorer")
    axes[2].set_xlabel("recall")
    axes[2].set_ylabel("precision")
    axes[2].set_ylim(0, 1.05)
    axes[2].legend(fontsize=8)
    axes[2].set_title("precision-recall curve")
