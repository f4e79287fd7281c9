"""Demo: cumulative regret of bandit agents; UCB1's grows like log t."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.rl import UCB1, EpsilonGreedy, MultiArmedBandit, ThompsonSampling, run_bandit

AGENTS = {
    "epsilon-greedy, epsilon = 0.1": (lambda: EpsilonGreedy(0.1), "#0072B2"),
    "epsilon-greedy, epsilon = min(1, 5/t)": (lambda: EpsilonGreedy(lambda t: min(1.0, 5.0 / t)),
                                              "#56B4E9"),
    "UCB1": (lambda: UCB1(), "#D55E00"),
    "Thompson sampling (Gaussian)": (lambda: ThompsonSampling(), "#009E73"),
}


@register("bandit_regret", topic="rl", order=15,
          title="Bandit regret: linear for constant epsilon, logarithmic for UCB1 and Thompson")
def bandit_regret(ctx):
    r"""Regret is what an agent loses by not always pulling the best arm: the sum over steps
    of the gap between the best mean and the chosen arm's mean. With a constant epsilon the
    agent keeps exploring at random forever, so regret grows linearly; UCB1 and Thompson
    sampling explore an arm less and less as they become sure it is worse, and their regret
    grows only logarithmically, as Lai and Robbins showed is the best possible.

    $$\text{Regret}(T) = \sum_{t=1}^{T} \big(\mu^* - \mu_{A_t}\big), \qquad
      \mathbb{E}[\text{Regret}_{\text{UCB1}}(T)] = O\Big(\sum_{a: \Delta_a > 0}
      \frac{\ln T}{\Delta_a}\Big)$$

    What to notice: on the log-t axis logarithmic regret is a straight line (the dashed fit
    $a + b \ln t$) while constant-epsilon regret curves upward.
    """
    n_runs, n_steps = (6, 800) if ctx.fast else (60, 4000)
    seeds = ctx.rng.integers(2**31, size=n_runs)
    regret = {name: np.mean([run_bandit(MultiArmedBandit(), make(), n_steps, seed=int(s)).regret
                             for s in seeds], axis=0)
              for name, (make, _) in AGENTS.items()}
    t = np.arange(1, n_steps + 1)
    fit_from = 50
    ucb = regret["UCB1"]
    A = np.column_stack([np.ones(n_steps - fit_from), np.log(t[fit_from:])])
    (a, b), *_ = np.linalg.lstsq(A, ucb[fit_from:], rcond=None)
    rmse_log = np.sqrt(np.mean((A @ [a, b] - ucb[fit_from:]) ** 2))
    L = np.column_stack([np.ones(n_steps - fit_from), t[fit_from:]])
    lin = np.linalg.lstsq(L, ucb[fit_from:], rcond=None)[0]
    rmse_lin = np.sqrt(np.mean((L @ lin - ucb[fit_from:]) ** 2))
    for name in AGENTS:
        ctx.number(f"regret after {n_steps} steps: {name}", round(float(regret[name][-1]), 1))
    ctx.number("UCB1 fit a + b ln t", f"a = {a:.2f}, b = {b:.2f}")
    ctx.number("fit RMSE: a + b ln t vs a + b t", f"{rmse_log:.3f} vs {rmse_lin:.3f}")

    fig, axes = ctx.figure("regret", 1, 2, figsize=(11, 4))
    for name, (_, colour) in AGENTS.items():
        for ax in axes:
            ax.plot(t, regret[name], color=colour, lw=1.4, label=name)
    axes[1].plot(t[fit_from:], a + b * np.log(t[fit_from:]), "k--", lw=1,
                 label=f"fit {a:.1f} + {b:.1f} ln t")
    axes[0].set_title(f"cumulative regret, {n_runs} testbed problems", fontsize=9)
    axes[1].set_xscale("log")
    axes[1].set_title("log t axis: logarithmic regret is a line", fontsize=9)
    for ax in axes:
        ax.set_xlabel("step t")
        ax.set_ylabel("cumulative regret")
    axes[0].legend(fontsize=7, loc="upper left")
    axes[1].legend(fontsize=7, loc="upper left")

    eps = regret["epsilon-greedy, epsilon = 0.1"]
    ctx.check("UCB1 and Thompson sampling end with less regret than constant epsilon-greedy",
              ucb[-1] < eps[-1] and regret["Thompson sampling (Gaussian)"][-1] < eps[-1],
              detail=f"UCB1 {ucb[-1]:.1f}, Thompson {regret['Thompson sampling (Gaussian)'][-1]:.1f}, "
                     f"epsilon 0.1 {eps[-1]:.1f}")
    if not ctx.fast:  # a shape claim needs the full tour's 60 runs to average out the noise
        ctx.check("UCB1's regret is fitted far better by a + b ln t than by a straight line",
                  rmse_log < 0.5 * rmse_lin, detail=f"RMSE {rmse_log:.3f} vs {rmse_lin:.3f}")
    half = n_steps // 2
    ctx.check("constant epsilon keeps paying: its regret per step in the second half is at "
              "least twice UCB1's", (eps[-1] - eps[half]) > 2 * (ucb[-1] - ucb[half]),
              detail=f"{(eps[-1] - eps[half]) / half:.3f} vs {(ucb[-1] - ucb[half]) / half:.3f} "
                     "per step")
