"""Demo: multi-label prediction with a structured SVM -- Hamming loss vs exact match."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.svm import LinearSVC, MultiLabelProblem, StructuredSVM


class ExactMatchMultiLabel(MultiLabelProblem):
    """Multi-label outputs with the 0-1 loss on the whole label vector ("exact match").

    Loss-augmented inference: the best wrong output is the unconstrained argmax when that
    is wrong, otherwise the argmax with its least confident label flipped."""

    def loss(self, y, y_hat):
        return float(np.any(np.asarray(y) != np.asarray(y_hat)))

    def max_loss(self, y):
        return 1.0

    def batch_loss(self, Y, Y_hat):
        return np.any(np.asarray(Y) != np.asarray(Y_hat), axis=1).astype(float)

    def loss_augmented_inference(self, w, x, y):
        return self.batch_loss_augmented_inference(w, x[None], y[None])[0]

    def batch_loss_augmented_inference(self, w, X, Y):
        Y = np.asarray(Y)
        margins = Y * (X @ w.reshape(self.n_labels, -1).T)  # y_k s_k
        best = np.where(margins < 0, -Y, Y)  # argmax_y <w, psi(x, y)>
        wrong = np.any(best != Y, axis=1)
        # value of the best wrong output relative to y_i: 1 - sum of margins of flipped labels
        flip_one = np.argmin(margins, axis=1)
        one_flip = Y.copy()
        one_flip[np.arange(len(Y)), flip_one] *= -1
        candidate = np.where(wrong[:, None], best, one_flip)
        gain = 1.0 - np.sum(np.where(candidate != Y, margins, 0.0), axis=1)
        return np.where((gain > 0)[:, None], candidate, Y)


def correlated_labels(rng, n, d=10, k=6):
    """Inputs and k labels driven by 2 latent factors (so the labels are correlated)."""
    X = rng.normal(size=(n, d))
    latent = X @ rng.normal(size=(d, 2))
    scores = latent @ rng.normal(size=(2, k)) + 0.8 * rng.normal(size=(n, k))
    return X, np.where(scores > 0, 1, -1)


@register("structured_svm_multilabel", topic="kernels-svm", order=81,
          title="Multi-label structured SVM: Hamming loss vs exact match")
def structured_svm_multilabel(ctx):
    r"""With $k$ binary labels an output is a sign vector $y \in \{-1, +1\}^k$: $2^k$
    outputs, too many to enumerate. With $\psi(x, y) = \frac12\sum_k y_k\, x\otimes e_k$ and
    the Hamming distance as $\Delta$, loss-augmented inference decomposes over the labels
    and the structured hinge is a sum of binary hinges,

    $$\max_y \big[\Delta(y_i, y) + \langle w, \psi(x_i, y) - \psi(x_i, y_i)\rangle\big]
    = \sum_k \max(0,\ 1 - y_{ik}\, w_k\cdot x_i),$$

    so the structured SVM is exactly one binary SVM per label. Changing only $\Delta$ to the
    exact-match loss $[y \ne y_i]$ couples the labels: one hinge per sample on its worst
    labelling.

    What to notice: the Hamming structured SVM and the per-label linear SVMs learn the same
    weights; the exact-match SVM is trained for another loss, and the table shows each
    model's Hamming loss and subset accuracy on held-out data."""
    rng = ctx.rng
    n_train, n_test = (150, 500) if ctx.fast else (400, 2000)
    X, Y = correlated_labels(rng, n_train + n_test)
    X_train, Y_train, X_test, Y_test = X[:n_train], Y[:n_train], X[n_train:], Y[n_train:]
    k, C = Y.shape[1], 0.1
    hamming = StructuredSVM(MultiLabelProblem(k), C=C, solver="cutting_plane",
                            tol=1e-8).fit(X_train, Y_train)
    exact = StructuredSVM(ExactMatchMultiLabel(k), C=C, solver="cutting_plane",
                          tol=1e-4).fit(X_train, Y_train)
    per_label = np.array([LinearSVC(C=C, loss="hinge", fit_intercept=False)
                          .fit(X_train, Y_train[:, j]).coef_[0] for j in range(k)])
    models = {"structured, Hamming loss": hamming.predict(X_test),
              "one binary SVM per label": np.where(X_test @ per_label.T >= 0, 1, -1),
              "structured, exact-match loss": exact.predict(X_test)}
    rows = {}
    for name, pred in models.items():
        rows[name] = (float(np.mean(pred != Y_test)), float(np.mean(np.all(pred == Y_test, 1))))
        ctx.number(f"{name}: Hamming loss", round(rows[name][0], 4))
        ctx.number(f"{name}: subset accuracy", round(rows[name][1], 4))
    W = hamming.coef_.reshape(k, -1)
    ctx.number("max |w_structured - w_per_label|", float(np.abs(W - per_label).max()))

    fig, axes = ctx.figure("multilabel", 1, 2, figsize=(10, 3.8))
    names = list(rows)
    colors = ("#0072B2", "#56B4E9", "#D55E00")
    for ax, col, label in ((axes[0], 0, "Hamming loss (lower is better)"),
                           (axes[1], 1, "subset accuracy (higher is better)")):
        values = [rows[m][col] for m in names]
        ax.barh(range(3), values, color=colors)
        for i, v in enumerate(values):
            ax.text(v, i, f" {v:.3f}", va="center", fontsize=8)
        ax.set_yticks(range(3), names if col == 0 else [""] * 3, fontsize=8)
        ax.set_xlim(0, max(values) * 1.25)
        ax.set_xlabel(label)
        ax.invert_yaxis()
    axes[0].set_title(f"{k} correlated labels, {n_test} test points", fontsize=10)

    ctx.check("the Hamming-loss structured SVM is one binary hinge SVM per label (same w)",
              np.abs(W - per_label).max() <= 1e-3 * max(1.0, np.abs(W).max()),
              f"max difference {np.abs(W - per_label).max():.2e}")
    # Each model minimises its own objective: evaluated by brute-force-free recomputation of
    # the structured hinge, each one's weights are (near-)optimal for its own loss only.
    def objective(problem, w):
        Y_star = problem.batch_loss_augmented_inference(w, X_train, Y_train)
        psi = (problem.batch_joint_feature(X_train, Y_train)
               - problem.batch_joint_feature(X_train, Y_star))
        return 0.5 * w @ w + C * (problem.batch_loss(Y_train, Y_star).sum() - w @ psi)

    own = objective(exact.problem, exact.coef_), objective(exact.problem, hamming.coef_)
    ctx.number("exact-match objective: exact-match model / Hamming model",
               [round(float(v), 4) for v in own])
    ctx.check("the exact-match model's weights beat the Hamming model's on the exact-match "
              "objective (each is optimal for its own loss)", own[0] <= own[1] * (1 + 1e-4),
              f"{own[0]:.4f} vs {own[1]:.4f}")
