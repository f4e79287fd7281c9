"""Demo: logistic regression on the breast-cancer data: decision boundary, ROC and AUC."""

from __future__ import annotations

import numpy as np

from syllabus.datasets import load_breast_cancer
from syllabus.demos import register
from syllabus.linear_model import LogisticRegression
from syllabus.metrics import accuracy_score, roc_auc_score, roc_curve
from syllabus.model_selection import train_test_split
from syllabus.preprocessing import StandardScaler

from .._plotting import grid_box


@register("logistic_breast_cancer", topic="linear", order=8,
          title="Logistic regression on breast cancer: decision boundary, ROC and AUC")
def logistic_breast_cancer(ctx):
    r"""Binary logistic regression,

    $$P(\text{malignant} \mid x) = \sigma(\theta^\top x + b) = \frac{1}{1 + e^{-(\theta^\top x + b)}},$$

    fitted by maximum likelihood (L-BFGS on the L2-penalised cross-entropy, $C = 1$) on a
    stratified 75/25 split of the Wisconsin breast-cancer data, features standardised on the
    training part. With two features the decision boundary $\theta^\top x + b = 0$ is a line,
    where the predicted probability is exactly 1/2.

    What to notice: with all 30 features the test ROC curve hugs the top-left corner; the
    gradient $X^\top (p - y)/n + \theta/(Cn)$ vanishes at the fit, and the AUC equals the
    fraction of (malignant, benign) pairs ranked correctly."""
    data = load_breast_cancer()
    X, y = data.data, 1 - data.target  # 1 = malignant (the data code malignant as 0)
    seed = int(ctx.rng.integers(2**31))
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y,
                                                        random_state=seed)
    scaler = StandardScaler().fit(X_train)
    Z_train, Z_test = scaler.transform(X_train), scaler.transform(X_test)

    full = LogisticRegression(C=1.0, tol=1e-8, max_iter=1000).fit(Z_train, y_train)
    p_test = full.predict_proba(Z_test)[:, 1]
    auc_full = roc_auc_score(y_test, p_test)
    acc_full = accuracy_score(y_test, full.predict(Z_test))
    two = [0, 1]  # mean radius, mean texture
    small = LogisticRegression(C=1.0, tol=1e-8).fit(Z_train[:, two], y_train)
    auc_small = roc_auc_score(y_test, small.predict_proba(Z_test[:, two])[:, 1])
    ctx.number("test accuracy (30 features)", round(acc_full, 4))
    ctx.number("test AUC (30 features)", round(auc_full, 4))
    ctx.number("test AUC (mean radius + mean texture)", round(auc_small, 4))

    fig, axes = ctx.figure("boundary_and_roc", 1, 2, figsize=(10, 4))
    ax = axes[0]
    for label, marker, name in ((0, "o", "benign"), (1, "x", "malignant")):
        pts = Z_train[y_train == label][:, two]
        ax.scatter(pts[:, 0], pts[:, 1], s=10, marker=marker, label=name)
    g0, g1, grid = grid_box((-2.5, 4), (-2.5, 4))
    prob = small.predict_proba(grid)[:, 1].reshape(g0.shape)
    contours = ax.contour(g0, g1, prob, levels=[0.1, 0.5, 0.9], colors=["grey", "k", "grey"],
                          linestyles=[":", "-", ":"])
    ax.clabel(contours, fmt="%.1f", fontsize=7)
    ax.set_xlabel("mean radius (standardised)")
    ax.set_ylabel("mean texture (standardised)")
    ax.set_title("P(malignant) = 0.1, 0.5, 0.9")
    ax.legend(fontsize=7)
    fpr, tpr, _ = roc_curve(y_test, p_test)
    fpr2, tpr2, _ = roc_curve(y_test, small.predict_proba(Z_test[:, two])[:, 1])
    axes[1].plot(fpr, tpr, label=f"30 features, AUC {auc_full:.3f}")
    axes[1].plot(fpr2, tpr2, label=f"2 features, AUC {auc_small:.3f}")
    axes[1].plot([0, 1], [0, 1], "k:", lw=0.8)
    axes[1].set_xlabel("false positive rate")
    axes[1].set_ylabel("true positive rate")
    axes[1].legend(fontsize=7)

    # First-order optimality, with the gradient written out as in the lecture.
    n = len(y_train)
    p_train = full.predict_proba(Z_train)[:, 1]
    grad_w = Z_train.T @ (p_train - y_train) / n + full.coef_[0] / (1.0 * n)
    grad_b = float(np.mean(p_train - y_train))
    ctx.check("the fitted theta zeroes the gradient X^T (p - y)/n + theta/(C n) (|g| < 1e-7)",
              max(np.max(np.abs(grad_w)), abs(grad_b)) < 1e-7,
              detail=f"max |g| = {max(np.max(np.abs(grad_w)), abs(grad_b)):.1e}")
    # The boundary line theta_0 x_0 + theta_1 x_1 + b = 0 is where P = 1/2.
    (t0, t1), b = small.coef_[0], small.intercept_[0]
    xs = np.linspace(-2, 3, 7)
    on_line = np.column_stack([xs, -(b + t0 * xs) / t1])
    ctx.check("on the line theta^T x + b = 0 the predicted probability is exactly 1/2",
              np.max(np.abs(small.predict_proba(on_line)[:, 1] - 0.5)) < 1e-12)
    pos, neg = p_test[y_test == 1], p_test[y_test == 0]
    pairs = (pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean()
    ctx.check("AUC = fraction of (malignant, benign) pairs ranked correctly",
              abs(pairs - auc_full) < 1e-12, detail=f"{pairs:.6f} vs {auc_full:.6f}")
    ctx.check("30 features separate the classes well: test AUC > 0.97 and accuracy > 0.93",
              auc_full > 0.97 and acc_full > 0.93)
    ctx.check("30 features rank better than the 2-feature model", auc_full >= auc_small)
