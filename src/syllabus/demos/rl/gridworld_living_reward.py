"""Demo: how the living reward and the discount shape the optimal policy of the grid world."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.rl import GridWorld, TabularMDP, policy_evaluation, value_iteration

from ._shared import draw_gridworld

UP, RIGHT, DOWN, LEFT = range(4)


def _solve(living_reward, gamma):
    env = GridWorld(living_reward=living_reward)
    mdp = TabularMDP.from_env(env)
    V, policy = value_iteration(mdp, gamma=gamma)
    return env, mdp, V, policy


@register("gridworld_living_reward", topic="rl", order=30,
          title="Grid world: the living reward and the discount change the optimal policy")
def gridworld_living_reward(ctx):
    r"""The reward of every step, $R$, tells the agent how urgent it is to leave. Very
    negative, and it runs into the nearest exit, even the -1; mildly negative, and it takes
    the long safe route; positive, and it never leaves. The discount $\gamma$ acts the same
    way: a small $\gamma$ makes the distant +1 worth little, so risky shortcuts pay.

    $$V^*(s) = \max_a \sum_{s'} P(s' \mid s, a)\,\big[R + \text{exit}(s') + \gamma V^*(s')\big]$$

    What to notice: Russell & Norvig's thresholds (Fig. 17.2) appear as the slider moves:
    below $R = -1.6284$ the cells next to the -1 jump in; at $R = -0.01$ the cell beside the
    -1 bumps into the wall rather than risk a slip; with $R > 0$ no arrow ever leads out.
    """
    rewards = [-2.0, -0.4, -0.04, -0.01, 0.1]
    gammas = [0.6, 0.9, 0.99]
    gamma_of = {r: (0.99 if r > 0 else 1.0) for r in rewards}
    solved = {r: _solve(r, gamma_of[r]) for r in rewards}
    by_gamma = {g: _solve(0.0, g) for g in gammas}

    def draw_reward(fig, ax, r):
        env, _, V, policy = solved[r]
        draw_gridworld(ax, env, V, policy, vmin=None, vmax=None, fmt="{:.2f}",
                       title=f"living reward R = {r}, gamma = {gamma_of[r]}")

    def draw_gamma(fig, ax, g):
        env, _, V, policy = by_gamma[g]
        draw_gridworld(ax, env, V, policy, title=f"living reward 0, gamma = {g}")

    shown = [-2.0, -0.04, -0.01, 0.1] if ctx.fast else rewards
    ctx.frames("living_reward", "living reward R", shown, draw_reward, figsize=(5.2, 3.4))
    ctx.frames("discount", "gamma", gammas[::2] if ctx.fast else gammas, draw_gamma,
               figsize=(5.2, 3.4))

    grids = {r: solved[r][0].to_grid(solved[r][3], fill=-1) for r in rewards}
    for r in rewards:
        ctx.number(f"policy for R = {r} (0 up, 1 right, 2 down, 3 left; -1 wall)",
                   grids[r].astype(int).tolist())
    ctx.check("R = -2: the cells beside and below the -1 jump into it (life is worse than -1)",
              grids[-2.0][1, 2] == RIGHT and grids[-2.0][2, 3] == UP,
              detail=f"(1, 2): {grids[-2.0][1, 2]}, (2, 3): {grids[-2.0][2, 3]}")
    ctx.check("R = -0.4 takes the short way up past the -1 from (2, 2); R = -0.04 goes round",
              grids[-0.4][2, 2] == UP and grids[-0.04][2, 2] == LEFT)
    ctx.check("R = -0.01: the cell beside the -1 bumps into the wall instead of risking a slip",
              grids[-0.01][1, 2] == LEFT, detail=f"action {grids[-0.01][1, 2]}")
    env, mdp, V, policy = solved[0.1]
    live = np.setdiff1d(np.arange(mdp.n_states), env.terminal_states)
    forever = 0.1 / (1 - 0.99)
    V_pi = policy_evaluation(mdp, policy, gamma=0.99, method="exact")
    ctx.check("R = +0.1 (gamma 0.99): the agent never leaves, every value is R / (1 - gamma) = 10",
              np.allclose(V[live], forever, atol=1e-6) and np.allclose(V_pi[live], forever),
              detail=f"V(start) = {V[env.start_state]:.6f}")
    g_short, g_long = by_gamma[0.6][0], by_gamma[0.99][0]
    short = g_short.to_grid(by_gamma[0.6][3], fill=-1)
    long = g_long.to_grid(by_gamma[0.99][3], fill=-1)
    ctx.check("with no living reward, gamma = 0.6 takes the risky shortcut up from (2, 2) and "
              "gamma = 0.99 the safe way round", short[2, 2] == UP and long[2, 2] == LEFT,
              detail=f"gamma 0.6: {short[2, 2]}, gamma 0.99: {long[2, 2]}")
