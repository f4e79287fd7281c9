"""Demo: a line shatters 3 points but not 4 -- the VC dimension of half-planes is 3."""

from __future__ import annotations

import itertools

import numpy as np

from syllabus.demos import register
from syllabus.svm import SVC
from syllabus.theory import can_shatter, growth_function, vc_dimension_linear

_BLUE, _ORANGE = "#0072B2", "#E69F00"


@register("shattering", topic="theory", order=10,
          title="Shattering: a line realises all 8 labellings of 3 points, not XOR on 4")
def shattering(ctx):
    r"""A class shatters a set of points when it realises every one of the $2^n$ labellings;
    the VC dimension is the size of the largest shattered set. Each labelling below is
    tested for linear separability by the project's own SVM (linear kernel, large C) and,
    when separable, drawn with its separating line. Three points in general position are
    shattered; four points never are: the XOR labelling of a square defeats every line
    (Radon's theorem), so half-planes in $\mathbb R^2$ have VC dimension 3 = d + 1.

    $$\mathrm{VCdim}(\{x \mapsto \mathrm{sign}(w^\top x + b)\}) = d + 1, \qquad
    \Pi_{\mathcal H}(n) \le \sum_{i=0}^{d_{VC}} \binom{n}{i}$$

    What to notice: all 8 panels for three points have a separating line; on the square,
    14 of the 16 labellings are separable (the two XOR labellings are not), within Sauer's
    bound $\binom40+\binom41+\binom42+\binom43 = 15$ for VC dimension 3."""
    tri = np.array([[0.0, 0.0], [2.0, 0.3], [0.8, 1.8]])
    square = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]])

    tri_ok = _labelling_grid(ctx, "three_points", tri, 2, 4, (11, 5.2))
    sq_ok = _labelling_grid(ctx, "four_points", square, 2, 8, (14, 4.2))
    d_found = vc_dimension_linear(2, n_trials=5 if ctx.fast else 20, random_state=0)
    ctx.number("separable labellings of the square", int(sum(sq_ok)))
    ctx.number("VC dimension of half-planes found by search on random points", d_found)

    ctx.check("three points in general position are shattered by lines",
              all(tri_ok) and can_shatter(tri))
    labellings = list(itertools.product((-1, 1), repeat=4))
    failed = [y for y, ok in zip(labellings, sq_ok, strict=True) if not ok]
    xor = [y for y in labellings if y[0] == y[1] and y[2] == y[3] and y[0] != y[2]]
    ctx.check("the square is not shattered: exactly the two XOR labellings fail",
              failed == xor and not can_shatter(square), detail=f"failed: {failed}")
    ctx.check("14 realised labellings respect Sauer's bound for VC dimension 3",
              sum(sq_ok) <= growth_function(4, 3), detail=f"14 <= {growth_function(4, 3)}")
    ctx.check("the search on random points finds VC dimension d + 1 = 3", d_found == 3)


def _labelling_grid(ctx, name, X, nrows, ncols, figsize):
    """One panel per labelling of X, with the SVM's separating line when there is one."""
    fig, axes = ctx.figure(name, nrows, ncols, figsize=figsize)
    realised = []
    for ax, y in zip(axes.ravel(), itertools.product((-1, 1), repeat=len(X)), strict=True):
        y = np.array(y)
        ok = can_shatter(X, labelings=[y])
        svm = SVC(kernel="linear", C=1e3).fit(X, y) if ok and len(set(y)) == 2 else None
        realised.append(ok)
        _panel(ax, X, y, svm, ok)
    n_ok = sum(realised)
    what = ("every labelling has a separating line (shattered)" if all(realised) else
            f"{n_ok} of {len(realised)} labellings separable; the framed ones are not")
    fig.suptitle(f"{len(X)} points: {what}; blue circles +1, orange squares -1")
    return realised


def _panel(ax, X, y, svm, ok):
    ax.scatter(*X[y == 1].T, s=60, color=_BLUE, marker="o", label="+1")
    ax.scatter(*X[y == -1].T, s=60, color=_ORANGE, marker="s", label="-1")
    lo, hi = X.min(0) - 0.5, X.max(0) + 0.5
    if svm is not None and ok:
        w, b = svm.coef_[0], svm.intercept_[0]
        xs = np.linspace(lo[0], hi[0], 2)
        if abs(w[1]) > 1e-12:
            ax.plot(xs, -(w[0] * xs + b) / w[1], "k-", lw=1)
        else:
            ax.axvline(-b / w[0], color="k", lw=1)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xticks([])
    ax.set_yticks([])
    if not ok:
        for spine in ax.spines.values():
            spine.set_color("#D55E00")
            spine.set_linewidth(2.5)
