"""Demo: XOR needs a hidden layer: logistic regression fails, a 2-2-1 network succeeds."""

from __future__ import annotations

import warnings

import numpy as np

from syllabus.datasets import make_xor
from syllabus.demos import register
from syllabus.linear_model import ConvergenceWarning, LogisticRegression
from syllabus.neural_network import MLPClassifier
from syllabus.utils import expit

from .._plotting import draw_probability, grid_over

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


@register("xor_hidden_layer", topic="neural-networks", order=1,
          title="XOR needs a hidden layer")
def xor_hidden_layer(ctx):
    r"""XOR is the textbook function no linear classifier computes: the positives (0, 1) and
    (1, 0) sit on one diagonal, the negatives on the other. On the four points the logistic
    regression optimum is $w = 0$ by symmetry. A 2-2-1 network solves it: the neural-network
    lecture's hand-built one,

    $$h_1 = \text{OR}(x_1, x_2), \quad h_2 = \text{AND}(x_1, x_2), \quad y = h_1 \wedge \neg h_2,$$

    and a trained one (several random initialisations, since training can stall).

    What to notice: the hidden layer maps the four points to a linearly separable picture; on a
    noisy XOR cloud logistic regression stays near chance while a small MLP classifies it."""
    # ---- the four points
    logreg = LogisticRegression().fit(XOR_X, XOR_Y)
    p = logreg.predict_proba(XOR_X)[:, 1]
    ctx.number("logistic_regression_probabilities", str(np.round(p, 6).tolist()))
    ctx.check("logistic regression's optimum on XOR is w = 0: p = 1/2 on all four points",
              np.allclose(p, 0.5, atol=1e-6) and np.allclose(logreg.coef_, 0, atol=1e-6),
              detail=f"p = {p}, w = {logreg.coef_.ravel()}")

    # Hand-built 2-2-1 sigmoid network: h1 = OR(x1, x2), h2 = AND(x1, x2), y = h1 AND NOT h2.
    W1, b1 = np.array([[20.0, 20.0], [20.0, 20.0]]), np.array([-10.0, -30.0])
    W2, b2 = np.array([20.0, -20.0]), -10.0
    hidden = expit(XOR_X @ W1 + b1)
    out = expit(hidden @ W2 + b2)
    ctx.check("the lecture's hand-built 2-2-1 network computes XOR",
              np.array_equal((out > 0.5).astype(int), XOR_Y) and np.all(np.abs(out - XOR_Y) < 1e-3),
              detail=f"outputs {np.round(out, 5)}")

    n_inits = 6 if ctx.fast else 20
    nets = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for seed in range(n_inits):
            net = MLPClassifier((2,), activation="tanh", solver="lbfgs", alpha=0.0,
                                max_iter=1000, random_state=seed).fit(XOR_X, XOR_Y)
            nets.append(net)
    solved = [n for n in nets if n.score(XOR_X, XOR_Y) == 1.0]
    ctx.number("random_inits_solving_xor", f"{len(solved)} / {n_inits}")
    ctx.check("a trained 2-2-1 network classifies all four XOR points (some initialisation)",
              len(solved) > 0, detail=f"{len(solved)} of {n_inits} initialisations")
    if solved:
        net = solved[0]
        h = np.tanh(XOR_X @ net.coefs_[0] + net.intercepts_[0])
        separable = LogisticRegression(C=1e4).fit(h, XOR_Y).score(h, XOR_Y)
        ctx.check("its hidden layer makes XOR linearly separable",
                  separable == 1.0, detail=f"logistic regression on h: accuracy {separable}")

    # ---- a noisy XOR cloud
    n = 200 if ctx.fast else 600
    X, y = make_xor(n, noise=0.05, random_state=ctx.seed)
    X_test, y_test = make_xor(1000, noise=0.05, random_state=ctx.seed + 1)
    lin = LogisticRegression().fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp = MLPClassifier((8,), activation="tanh", solver="lbfgs", max_iter=500,
                            random_state=ctx.seed).fit(X, y)
    acc_lin, acc_mlp = lin.score(X_test, y_test), mlp.score(X_test, y_test)
    ctx.number("cloud_test_accuracy_logistic_regression", acc_lin)
    ctx.number("cloud_test_accuracy_mlp_2_8_1", acc_mlp)
    # The best half-plane on the XOR square is right about 2/3 of the time, no better.
    ctx.check("on the noisy cloud logistic regression stays below 0.7, the MLP above 0.85",
              acc_lin < 0.7 and acc_mlp > 0.85, detail=f"{acc_lin:.3f} vs {acc_mlp:.3f}")

    fig, axes = ctx.figure("xor", 1, 3, figsize=(13, 4))
    grid = grid_over(X, pad=0.3)
    for ax, model, title in ((axes[0], lin, f"logistic regression ({acc_lin:.2f})"),
                             (axes[1], mlp, f"MLP 2-8-1 ({acc_mlp:.2f})")):
        draw_probability(ax, model, X, y, grid, title)
    if solved:
        axes[2].scatter(h[:, 0], h[:, 1], c=XOR_Y, cmap="RdBu_r", s=80, edgecolors="k")
        for (a, b), label in zip(h, ["(0,0)", "(0,1)", "(1,0)", "(1,1)"]):
            axes[2].annotate(label, (a, b), textcoords="offset points", xytext=(5, 5))
        axes[2].set_title("2-2-1 net: the four points in hidden space")
        axes[2].set_xlabel("h1")
        axes[2].set_ylabel("h2")
