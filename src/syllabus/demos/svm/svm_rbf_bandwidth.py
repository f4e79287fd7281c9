"""Demo: RBF-kernel SVMs on circles and moons over a range of bandwidths."""

from __future__ import annotations

import numpy as np

from syllabus.datasets import make_circles, make_moons
from syllabus.demos import register
from syllabus.kernels import rbf_kernel
from syllabus.svm import SVC

from .._plotting import COLORS, draw_decision

# Bandwidths sigma of k(x, z) = exp(-||x - z||^2 / (2 sigma^2)), i.e. gamma = 1 / (2 sigma^2).
SIGMAS = (1.0, 0.5, 0.25, 0.12, 0.06, 0.03)


@register("svm_rbf_bandwidth", topic="kernels-svm", order=6,
          title="RBF-kernel SVM on circles and moons: the bandwidth")
def svm_rbf_bandwidth(ctx):
    r"""With the Gaussian kernel the SVM's decision function is a sum of bumps on the support
    vectors:

    $$f(x) = \sum_i \alpha_i y_i \exp\left(-\frac{\|x_i - x\|^2}{2\sigma^2}\right) + b.$$

    A large bandwidth ($\sigma = 1$) gives smooth boundaries that follow the circles and the
    moons; a small one ($\sigma = 0.03$) gives islands around single training points.

    What to notice: move the $\sigma$ slider: as the bandwidth shrinks, every point becomes a
    support vector, the training set is fitted perfectly and the test accuracy drops. The checks
    rebuild $f(x)$ from the dual coefficients and the kernel."""
    n = 150 if ctx.fast else 400
    n_test = 1000
    datasets = {
        "circles": lambda m, s: make_circles(m, noise=0.1, factor=0.5, random_state=s),
        "moons": lambda m, s: make_moons(m, noise=0.2, random_state=s),
    }
    results, data = {}, {}
    for name, make in datasets.items():
        X, y = make(n, ctx.seed)
        X_test, y_test = make(n_test, ctx.seed + 1)
        data[name] = X, y
        for sigma in SIGMAS:
            clf = SVC(C=1.0, kernel="rbf", gamma=1 / (2 * sigma**2), tol=1e-6).fit(X, y)
            train, test = clf.score(X, y), clf.score(X_test, y_test)
            results[name, sigma] = (train, test, clf.support_.size, clf)
            ctx.number(f"{name}, sigma = {sigma:g}: train / test accuracy, support vectors",
                       [round(train, 4), round(test, 4), int(clf.support_.size)])

    def draw(fig, axes, sigma):
        for ax, name in zip(axes, datasets):
            train, test, n_sv, clf = results[name, sigma]
            draw_decision(ax, clf.decision_function, *data[name], support=clf.support_,
                          resolution=90 if ctx.fast else 150, legend=name == "circles",
                          title=f"{name}: test accuracy {test:.2f}, {n_sv} SVs")
        fig.suptitle(f"RBF kernel, bandwidth sigma = {sigma:g}")

    ctx.frames("bandwidth", "sigma", SIGMAS, draw, nrows=1, ncols=2, figsize=(9, 4.6))
    fig, (ax_acc, ax_sv) = ctx.figure("accuracy_vs_sigma", 1, 2, figsize=(8.4, 3.2))
    for (name, marker), color in zip((("circles", "o"), ("moons", "s")), COLORS):
        ax_acc.semilogx(SIGMAS, [results[name, s][0] for s in SIGMAS], marker + "--",
                        color=color, label=f"{name}, train")
        ax_acc.semilogx(SIGMAS, [results[name, s][1] for s in SIGMAS], marker + "-",
                        color=color, label=f"{name}, test")
        ax_sv.semilogx(SIGMAS, [100 * results[name, s][2] / n for s in SIGMAS], marker + "-",
                       color=color, label=name)
    ax_acc.set(xlabel="bandwidth sigma (log scale)", ylabel="accuracy",
               title="Small sigma: train 1, test drops")
    ax_acc.legend()
    ax_sv.set(xlabel="bandwidth sigma (log scale)", ylabel="support vectors (% of points)",
              title="Small sigma: every point a support vector", ylim=(0, 105))
    ax_sv.legend()

    wide, narrow = SIGMAS[0], SIGMAS[-1]
    ctx.check("the wide kernel generalises: test accuracy >= 0.9 on both data sets",
              all(results[name, wide][1] >= 0.9 for name in datasets),
              detail=", ".join(f"{results[name, wide][1]:.3f}" for name in datasets))
    ctx.check("the narrow kernel fits the training set (almost) perfectly: >= 99%",
              all(results[name, narrow][0] >= 0.99 for name in datasets),
              detail=", ".join(f"{results[name, narrow][0]:.3f}" for name in datasets))
    ctx.check("the narrow kernel overfits: lower test accuracy than the wide one",
              all(results[name, narrow][1] < results[name, wide][1] for name in datasets))
    ctx.check("the narrow kernel turns most points into support vectors (> 2x the wide one)",
              all(results[name, narrow][2] > max(0.75 * n, 2 * results[name, wide][2])
                  for name in datasets),
              detail=", ".join(f"{results[name, narrow][2]} vs {results[name, wide][2]}"
                               for name in datasets))
    clf = results["moons", wide][3]
    X, _ = datasets["moons"](n, ctx.seed)
    K = rbf_kernel(X, clf.support_vectors_, gamma=1 / (2 * wide**2))
    by_hand = K @ clf.dual_coef_[0] + clf.intercept_[0]
    ctx.check("f(x) = sum_i alpha_i y_i k(x_i, x) + b over the support vectors",
              np.allclose(by_hand, clf.decision_function(X), atol=1e-10))
