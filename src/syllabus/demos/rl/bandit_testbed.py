"""Demo: Sutton & Barto's 10-armed testbed: average reward and % optimal action over time."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.rl import UCB1, EpsilonGreedy, GradientBandit, MultiArmedBandit, run_bandit

from ._shared import smooth

AGENTS = {
    "greedy (epsilon = 0)": (lambda: EpsilonGreedy(0.0), "#000000"),
    "epsilon = 0.01": (lambda: EpsilonGreedy(0.01), "#56B4E9"),
    "epsilon = 0.1": (lambda: EpsilonGreedy(0.1), "#0072B2"),
    "optimistic Q1 = 5, greedy, alpha = 0.1": (
        lambda: EpsilonGreedy(0.0, initial_value=5.0, step_size=0.1), "#009E73"),
    "UCB, c = 2": (lambda: UCB1(c=2.0), "#D55E00"),
    "gradient bandit, alpha = 0.1": (lambda: GradientBandit(0.1), "#CC79A7"),
}


@register("bandit_testbed", topic="rl", order=10,
          title="Multi-armed bandits: the 10-armed testbed (reward and % optimal action)")
def bandit_testbed(ctx):
    r"""Each run draws a new 10-armed problem: arm means $q_*(a) \sim N(0, 1)$, rewards
    $N(q_*(a), 1)$. An agent that only exploits (greedy) locks onto whichever arm looked good
    first; a little random exploration (epsilon-greedy), optimism about unexplored arms, or
    a confidence bonus (UCB) find the best arm far more often. Curves are averages over runs.

    $$Q_{n+1} = Q_n + \tfrac{1}{n}(R_n - Q_n), \qquad
      A_t = \arg\max_a \Big[Q_t(a) + c\sqrt{\tfrac{\ln t}{N_t(a)}}\Big] \ \text{(UCB)}$$

    What to notice: greedy finds the best arm in only about a third of the runs; optimistic
    initial values explore hard early (the dip) and then beat epsilon-greedy; UCB's bonus
    pays from the start.
    """
    n_runs, n_steps = (20, 300) if ctx.fast else (100, 1000)
    seeds = ctx.rng.integers(2**31, size=n_runs)
    curves = {}
    for name, (make, _) in AGENTS.items():
        results = [run_bandit(MultiArmedBandit(), make(), n_steps, seed=int(s)) for s in seeds]
        curves[name] = (np.mean([r.rewards for r in results], axis=0),
                        100 * np.mean([r.optimal for r in results], axis=0))
    ctx.number("runs x steps", f"{n_runs} x {n_steps}")
    late = slice(n_steps // 2, None)
    for name, (reward, optimal) in curves.items():
        ctx.number(f"{name}: mean reward / % optimal, second half",
                   f"{reward[late].mean():.3f} / {optimal[late].mean():.1f}%")

    fig, axes = ctx.figure("testbed", 1, 2, figsize=(11, 4))
    t = np.arange(1, n_steps + 1)
    for name, (reward, optimal) in curves.items():
        colour = AGENTS[name][1]
        axes[0].plot(t, smooth(reward, 10), color=colour, lw=1.2, label=name)
        axes[1].plot(t, smooth(optimal, 10), color=colour, lw=1.2, label=name)
    axes[0].set_ylabel("average reward")
    axes[1].set_ylabel("% optimal action")
    for ax in axes:
        ax.set_xlabel("step")
    axes[0].set_title(f"average over {n_runs} testbed problems", fontsize=9)
    axes[1].legend(fontsize=7, loc="lower right")
    axes[1].set_ylim(0, 100)

    def late_mean(name, which):
        return curves[name][which][late].mean()

    ctx.check("a little exploration beats pure greedy: epsilon = 0.1 chooses the best arm more "
              "often and earns more in the second half",
              late_mean("epsilon = 0.1", 1) > late_mean("greedy (epsilon = 0)", 1) + 10
              and late_mean("epsilon = 0.1", 0) > late_mean("greedy (epsilon = 0)", 0),
              detail=f"{late_mean('epsilon = 0.1', 1):.1f}% vs "
                     f"{late_mean('greedy (epsilon = 0)', 1):.1f}%")
    ctx.check("UCB's confidence bonus earns more than greedy and epsilon = 0.01 in the second half",
              late_mean("UCB, c = 2", 0) > max(late_mean("epsilon = 0.01", 0),
                                               late_mean("greedy (epsilon = 0)", 0)),
              detail=f"{late_mean('UCB, c = 2', 0):.3f} vs {late_mean('epsilon = 0.01', 0):.3f} "
                     f"and {late_mean('greedy (epsilon = 0)', 0):.3f}")
    if not ctx.fast:  # Sutton & Barto's Fig. 2.4; a close race that needs the 100 runs
        ctx.check("UCB earns more than epsilon-greedy (0.1) in the second half",
                  late_mean("UCB, c = 2", 0) > late_mean("epsilon = 0.1", 0),
                  detail=f"{late_mean('UCB, c = 2', 0):.3f} vs "
                         f"{late_mean('epsilon = 0.1', 0):.3f}")
    optimistic = "optimistic Q1 = 5, greedy, alpha = 0.1"
    first = run_bandit(MultiArmedBandit(), AGENTS[optimistic][0](), 10, seed=int(seeds[0])).actions
    ctx.check("optimistic initial values make even a greedy agent try all 10 arms in its first "
              "10 steps, and find the best arm more often than plain greedy",
              sorted(first.tolist()) == list(range(10))
              and late_mean(optimistic, 1) > late_mean("greedy (epsilon = 0)", 1),
              detail=f"first actions {first.tolist()}; % optimal, second half: "
                     f"{late_mean(optimistic, 1):.1f}%")
