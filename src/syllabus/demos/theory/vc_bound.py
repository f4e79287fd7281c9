"""Demo: Vapnik's VC bound against the measured test error of linear classifiers."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.linear_model import LogisticRegression
from syllabus.theory import vc_generalization_bound

_C = ("#0072B2", "#E69F00", "#009E73", "#D55E00")


@register("vc_bound", topic="theory", order=30,
          title="The VC bound against the measured test error as n grows")
def vc_bound(ctx):
    r"""Linear classifiers in $\mathbb R^d$ have VC dimension $d+1$, so with probability at
    least $1-\delta$ every one of them has a true error within Vapnik's term of its training
    error. Here logistic regression is trained on n noisy examples in d = 10 dimensions (10%
    of the labels flipped, so the best error is 0.1) and its error is measured on tens of
    thousands of fresh examples; the bound is computed for each n.

    $$R(h) \le \hat R_n(h) + \sqrt{\frac{d_{VC}\big(\ln(2n/d_{VC}) + 1\big) + \ln(4/\delta)}{n}}$$

    What to notice: the bound holds at every n but is loose (it must hold for every
    distribution and every classifier of the class); it is vacuous (above 1) until n is a
    few hundred, and both it and the actual gap shrink like $\sqrt{\log n / n}$."""
    rng = ctx.rng
    d, delta, noise = 10, 0.05, 0.1
    w_true = rng.standard_normal(d)

    def sample(n):
        X = rng.standard_normal((n, d))
        y = (X @ w_true > 0).astype(int)
        flip = rng.random(n) < noise
        return X, np.where(flip, 1 - y, y)

    X_test, y_test = sample(20_000 if ctx.fast else 50_000)
    ns = np.array([50, 100, 200, 500, 1000, 2000, 5000] + ([] if ctx.fast else [20_000]))
    reps = 3 if ctx.fast else 10
    train_err, test_err, bound = [], [], []
    for n in ns:
        tr, te = [], []
        for _ in range(reps):
            X, y = sample(int(n))
            clf = LogisticRegression(C=1e4).fit(X, y)
            tr.append(np.mean(clf.predict(X) != y))
            te.append(np.mean(clf.predict(X_test) != y_test))
        train_err.append(np.mean(tr))
        test_err.append(np.mean(te))
        bound.append(vc_generalization_bound(int(n), d + 1, delta))
    train_err, test_err, bound = map(np.array, (train_err, test_err, bound))
    ctx.number("n", ns.tolist())
    ctx.number("test error", np.round(test_err, 4).tolist())
    ctx.number("training error + VC term", np.round(train_err + bound, 3).tolist())

    fig, ax = ctx.figure("vc_bound", figsize=(6.5, 4.3))
    ax.semilogx(ns, train_err, "o-", color=_C[0], label="training error")
    ax.semilogx(ns, test_err, "s-", color=_C[1], label=f"test error ({len(X_test):,} fresh points)")
    ax.semilogx(ns, np.minimum(train_err + bound, 1.5), "^--", color=_C[3],
                label=f"training error + VC term (delta = {delta})")
    ax.axhline(noise, color="k", ls=":", label="Bayes error (label noise)")
    ax.axhline(1.0, color="0.5", lw=0.8)
    ax.set_xlabel("training samples n (log scale)")
    ax.set_ylabel("0-1 error")
    ax.set_ylim(0, 1.5)
    ax.set_title(f"linear classifiers in d = {d}: VC dimension {d + 1}")
    ax.legend(fontsize=8)

    ctx.check("the VC bound holds: test error <= training error + VC term at every n",
              bool(np.all(test_err <= train_err + bound)),
              detail=f"smallest slack {np.min(train_err + bound - test_err):.3f}")
    ctx.check("the measured generalisation gap shrinks as n grows",
              (test_err - train_err)[-1] < (test_err - train_err)[0],
              detail=f"{(test_err - train_err)[0]:.3f} -> {(test_err - train_err)[-1]:.3f}")
