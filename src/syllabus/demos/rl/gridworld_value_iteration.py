"""Demo: value iteration on Russell & Norvig's 4x3 grid world, sweep by sweep."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.rl import (
    GridWorld,
    TabularMDP,
    bellman_residual,
    greedy_policy,
    policy_iteration,
    q_from_v,
    value_iteration,
)

from ._shared import draw_gridworld


@register("gridworld_value_iteration", topic="rl", order=20,
          title="Value iteration on the 4x3 grid world: values and greedy policy per sweep")
def gridworld_value_iteration(ctx):
    r"""Value iteration repeats the Bellman optimality backup for every state at once,
    starting from $V_0 = 0$. After $k$ sweeps $V_k(s)$ is the best expected return reachable
    in $k$ steps, so the +1 exit's value spreads backwards one cell per sweep. On the 4x3
    world (moves succeed with probability 0.8, slip sideways with 0.1 each, living reward
    -0.04, $\gamma = 1$) it converges to Russell & Norvig's values, 0.705 at the start.

    $$V_{k+1}(s) = \max_a \sum_{s'} P(s' \mid s, a)\,\big[r(s, a, s') + \gamma V_k(s')\big]$$

    What to notice: the arrows settle long before the numbers do; along the bottom row the
    optimal policy goes left, the long way round, rather than passing next to the -1 exit
    where a slip would drop it in.
    """
    env = GridWorld()
    mdp = TabularMDP.from_env(env)
    gamma = 1.0
    V = np.zeros(mdp.n_states)
    history, residuals = [V], []
    for _ in range(200):
        V = q_from_v(mdp, V, gamma).max(axis=1)
        residuals.append(bellman_residual(mdp, V, gamma))
        history.append(V)
        if residuals[-1] < 1e-10:
            break
    V_star, policy = value_iteration(mdp, gamma=gamma)
    sweeps = len(history) - 1
    ctx.number("sweeps to a residual below 1e-10", sweeps)
    ctx.number("V*(start)", round(float(V[env.start_state]), 4))
    ctx.number("V* on the grid", np.round(env.to_grid(V), 3).tolist())

    shown = [0, 2, 5, sweeps] if ctx.fast else \
        sorted(set(list(range(0, 13)) + [16, 20, 25, sweeps]))
    shown = [k for k in shown if k <= sweeps]

    def draw(fig, ax, k):
        Vk = history[k]
        draw_gridworld(ax, env, Vk, greedy_policy(mdp, Vk, gamma) if k > 0 else None,
                       title=f"value iteration, sweep {k}: V(start) = {Vk[env.start_state]:.3f}")

    ctx.frames("sweeps", "sweep", shown, draw, animate=True, figsize=(5.2, 3.4))

    fig, ax = ctx.figure("residual", figsize=(5, 3.4))
    ax.semilogy(np.arange(1, sweeps + 1), residuals, marker="o", ms=3, color="#0072B2")
    ax.set_xlabel("sweep k")
    ax.set_ylabel(r"Bellman residual $\max_s |TV_k - V_k|$")
    ax.set_title("value iteration converges geometrically", fontsize=9)

    expected = np.array([[0.812, 0.868, 0.918, 0.0], [0.762, np.nan, 0.660, 0.0],
                         [0.705, 0.655, 0.611, 0.388]])
    err = np.nanmax(np.abs(env.to_grid(V) - expected))
    ctx.check("the values are Russell & Norvig's (Fig. 17.3), V(start) = 0.705",
              err < 5e-4, detail=f"largest difference {err:.2e}")
    ctx.check("the Bellman residual never increases from one sweep to the next",
              bool(np.all(np.diff(residuals) <= 1e-15)),
              detail=f"{residuals[0]:.3g} -> {residuals[-1]:.3g} in {sweeps} sweeps")
    V_pi, pi_pi = policy_iteration(mdp, gamma=gamma, initial_policy=policy)
    ctx.check("policy iteration confirms the greedy policy and its values",
              np.array_equal(pi_pi, policy) and np.allclose(V_pi, V_star, atol=1e-8),
              detail=f"max |V_pi - V_vi| = {np.max(np.abs(V_pi - V_star)):.1e}")
    arrows = env.to_grid(policy, fill=-1)
    ctx.check("at (2, 2), below the cell next to the -1, the optimal move is left: the long "
              "way round (0 up, 1 right, 2 down, 3 left)", arrows[2, 2] == 3,
              detail=f"action {arrows[2, 2]}")
