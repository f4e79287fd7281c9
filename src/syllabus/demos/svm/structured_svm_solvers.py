"""Demo: the three structured-SVM solvers compared -- duality gap vs passes over the data."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.svm import MultiLabelProblem, StructuredSVM


@register("structured_svm_solvers", topic="kernels-svm", order=83,
          title="Structured SVM solvers: cutting plane, Frank-Wolfe, subgradient")
def structured_svm_solvers(ctx):
    r"""The margin-rescaled quadratic program has one constraint per (sample, wrong output),
    too many to write down. Three solvers use only loss-augmented inference: the 1-slack
    cutting-plane method adds the most violated joint constraint and re-solves a small dual
    QP; block-coordinate Frank-Wolfe updates one sample's dual block at a time with an exact
    line search, its duality gap

    $$g(w) = \mathrm{primal}(w) - \mathrm{dual}(\alpha) \ \ge\ \mathrm{primal}(w) - \mathrm{OPT}$$

    certifying the distance to the optimum; stochastic subgradient descent (step
    $1/(\lambda t)$, averaged iterates) has no certificate, so its suboptimality is
    measured against the best dual lower bound.

    What to notice: per pass over the data, Frank-Wolfe's gap falls fastest at first (it
    updates $w$ after every sample, the cutting plane once per pass) and then like $1/t$;
    the subgradient method, without a certificate, ends furthest from the optimum."""
    rng = ctx.rng
    n, d, k = (200, 8, 5) if ctx.fast else (600, 15, 8)
    X = rng.normal(size=(n, d))
    Y = np.where(X @ rng.normal(size=(d, k)) + 0.7 * rng.normal(size=(n, k)) > 0, 1, -1)
    problem, C = MultiLabelProblem(k), 0.05
    passes = 60 if ctx.fast else 150
    runs = {"cutting plane": StructuredSVM(problem, C=C, solver="cutting_plane", tol=1e-10,
                                           max_iter=passes),
            "block-coordinate Frank-Wolfe": StructuredSVM(problem, C=C, solver="bcfw", tol=0.0,
                                                          max_iter=passes,
                                                          random_state=ctx.seed),
            "stochastic subgradient": StructuredSVM(problem, C=C, solver="subgradient",
                                                    tol=0.0, max_iter=passes,
                                                    random_state=ctx.seed)}
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tol=0 runs every pass on purpose
        fits = {name: model.fit(X, Y) for name, model in runs.items()}
    # The best dual value is a lower bound of the optimum: objective - bound >= suboptimality.
    bound = max(m.dual_objective_ for m in fits.values() if np.isfinite(m.dual_objective_))
    for name, model in fits.items():
        ctx.number(f"{name}: objective after {model.n_iter_} passes", round(model.objective_, 6))
    fig, axes = ctx.figure("solvers", 1, 2, figsize=(10, 3.8))
    colors = {"cutting plane": "#0072B2", "block-coordinate Frank-Wolfe": "#E69F00",
              "stochastic subgradient": "#009E73"}
    for name, model in fits.items():
        passes_axis = np.arange(1, model.n_iter_ + 1)
        axes[0].semilogy(passes_axis, model.objective_curve_ - bound,
                         color=colors[name], label=name)
        if not np.all(np.isnan(model.duality_gap_curve_)):
            axes[1].semilogy(passes_axis, np.maximum(model.duality_gap_curve_, 1e-12),
                             color=colors[name], label=name)
    axes[0].set_title("objective minus the best dual lower bound", fontsize=10)
    axes[1].set_title("duality gap (a certificate)", fontsize=10)
    for ax in axes:
        ax.set_xlabel("passes over the data (cutting plane: iterations)")
        ax.legend(fontsize=8)
    axes[0].set_ylabel("objective - best lower bound")
    axes[1].set_ylabel("primal - dual")

    cp, fw = fits["cutting plane"], fits["block-coordinate Frank-Wolfe"]
    best_primal = min(m.objective_curve_.min() for m in fits.values())  # >= the optimum
    ctx.check("cutting plane and Frank-Wolfe agree on the optimum to 1e-4",
              abs(cp.objective_ - fw.objective_) <= 1e-4 * cp.objective_,
              f"{cp.objective_:.6f} vs {fw.objective_:.6f}")
    ctx.check("the duality gap bounds the suboptimality of every Frank-Wolfe iterate",
              np.all(fw.duality_gap_curve_ >= fw.objective_curve_ - best_primal - 1e-9))
    ctx.check("Frank-Wolfe's duality gap shrinks by 100x over the passes",
              fw.duality_gap_curve_[-1] <= 1e-2 * fw.duality_gap_curve_[0],
              f"{fw.duality_gap_curve_[0]:.3g} -> {fw.duality_gap_curve_[-1]:.3g}")
