"""Demo: PAC sample sizes against epsilon and delta, checked by simulation."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.theory import pac_sample_complexity

_C = ("#0072B2", "#E69F00", "#009E73", "#D55E00")


@register("pac_sample_size", topic="theory", order=20,
          title="PAC sample size: how many examples for error epsilon with confidence 1 - delta")
def pac_sample_size(ctx):
    r"""For a finite hypothesis class, the number of examples that guarantees (with
    probability at least $1-\delta$) an error at most $\epsilon$ grows like $1/\epsilon$ when
    some hypothesis is perfect (realizable) and like $1/\epsilon^2$ otherwise (agnostic), but
    only logarithmically in $|\mathcal H|$ and $1/\delta$. A simulation checks the realizable
    guarantee: ERM over 101 thresholds on [0, 1] with a random true threshold, trained on
    the prescribed number of samples, exceeds error epsilon in at most a fraction delta of
    the runs.

    $$m_{\text{realizable}} = \Big\lceil \frac{\ln|\mathcal H| + \ln(1/\delta)}{\epsilon}
    \Big\rceil, \qquad
    m_{\text{agnostic}} = \Big\lceil \frac{2\ln(2|\mathcal H|/\delta)}{\epsilon^2} \Big\rceil$$

    What to notice: halving epsilon doubles the realizable sample size and quadruples the
    agnostic one, while dividing delta by 10 adds only a constant; the bound is
    conservative: the measured failure rate is far below delta."""
    H = 101
    eps_grid = np.logspace(-3, -0.5, 30)
    fig, axes = ctx.figure("pac_curves", 1, 2, figsize=(11, 4.2))
    for c, delta in zip(_C, (0.1, 0.01, 0.001), strict=False):
        m_r = [pac_sample_complexity(e, delta, n_hypotheses=H) for e in eps_grid]
        m_a = [pac_sample_complexity(e, delta, n_hypotheses=H, realizable=False) for e in eps_grid]
        axes[0].loglog(eps_grid, m_r, "-", color=c, label=f"realizable, delta = {delta:g}")
        axes[0].loglog(eps_grid, m_a, "--", color=c, label=f"agnostic, delta = {delta:g}")
    axes[0].set_xlabel("epsilon (error tolerance)")
    axes[0].set_ylabel("samples m (log scale)")
    axes[0].set_title(f"finite class, |H| = {H}")
    axes[0].legend(fontsize=7)
    sizes = np.logspace(0, 9, 30)
    for c, eps in zip(_C, (0.1, 0.05, 0.01), strict=False):
        axes[1].semilogx(sizes, [pac_sample_complexity(eps, 0.05, n_hypotheses=int(h))
                                 for h in sizes], color=c, label=f"epsilon = {eps:g}")
    axes[1].set_xlabel("|H| (log scale)")
    axes[1].set_ylabel("samples m (realizable, delta = 0.05)")
    axes[1].set_title("m grows only like ln|H|")
    axes[1].legend(fontsize=8)

    # Simulation: thresholds h_t(x) = [x >= t], t on a grid of 101 values; x ~ U[0, 1].
    rng = ctx.rng
    eps, delta = 0.05, 0.1
    m = pac_sample_complexity(eps, delta, n_hypotheses=H)
    grid = np.linspace(0, 1, H)
    runs = 300 if ctx.fast else 3000
    fails = 0
    for _ in range(runs):
        t_true = grid[rng.integers(H)]
        x = rng.random(m)
        y = x >= t_true
        # ERM: the consistent thresholds lie between the largest negative and smallest positive
        lo = x[~y].max(initial=-1.0)
        hi = x[y].min(initial=2.0)
        consistent = grid[(grid > lo) & (grid <= hi)]
        t_hat = consistent[0]  # any consistent hypothesis; take the smallest
        fails += abs(t_hat - t_true) > eps  # true error of h_t_hat is |t_hat - t_true|
    rate = fails / runs
    ctx.number("m for epsilon = 0.05, delta = 0.1, |H| = 101", m)
    ctx.number("fraction of simulated runs with error > epsilon", round(rate, 4))

    r1 = pac_sample_complexity(0.01, 0.05, n_hypotheses=H)
    r2 = pac_sample_complexity(0.005, 0.05, n_hypotheses=H)
    a1 = pac_sample_complexity(0.01, 0.05, n_hypotheses=H, realizable=False)
    a2 = pac_sample_complexity(0.005, 0.05, n_hypotheses=H, realizable=False)
    ctx.check("halving epsilon doubles the realizable m and quadruples the agnostic m",
              abs(r2 / r1 - 2) < 0.01 and abs(a2 / a1 - 4) < 0.01,
              detail=f"{r2 / r1:.3f}, {a2 / a1:.3f}")
    ctx.check("ERM on the prescribed number of samples fails in at most a fraction delta of runs",
              rate <= delta, detail=f"{rate:.4f} <= {delta}")
