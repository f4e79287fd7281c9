"""Demo: the optimal values of Gymnasium's FrozenLake, checked by Monte-Carlo rollouts."""

from __future__ import annotations

import gymnasium as gym
import numpy as np

from syllabus.demos import register
from syllabus.rl import TabularMDP, policy_iteration, value_iteration

from ._shared import ARROWS_LDRU, draw_grid


@register("frozen_lake", topic="rl", order=50,
          title="FrozenLake: optimal values by dynamic programming, checked by rollouts")
def frozen_lake(ctx):
    r"""Gymnasium's FrozenLake-v1 (4x4, slippery) is a finite MDP whose transition table
    ``P[s][a]`` the environment exposes: the ice makes each move go in the intended direction
    or either perpendicular one with probability 1/3 each. Value iteration on that table
    gives $V^*$; the greedy policy, run in the real environment, must earn the predicted
    discounted return on average.

    $$V^*(\text{start}) = \max_\pi \mathbb{E}_\pi\Big[\sum_t \gamma^t r_{t+1}\Big] = 0.542
      \quad (\gamma = 0.99)$$

    What to notice: the optimal moves often point away from the goal: on slippery ice the
    safe move is the one whose slips cannot reach a hole.
    """
    env = gym.make("FrozenLake-v1", map_name="4x4", is_slippery=True)
    mdp = TabularMDP.from_env(env)
    gamma = 0.99
    V, policy = value_iteration(mdp, gamma=gamma, tol=1e-12)
    V_pi, policy_pi = policy_iteration(mdp, gamma=gamma)
    ctx.number("V*(start)", round(float(V[0]), 4))

    # Monte-Carlo: the greedy policy in the environment itself (no time limit).
    base = env.unwrapped
    n_episodes = 400 if ctx.fast else 3000
    base.reset(seed=ctx.seed)
    discounted = np.empty(n_episodes)
    for i in range(n_episodes):
        s, _ = base.reset()
        t, ret, done = 0, 0.0, False
        while not done:
            s, r, done, _, _ = base.step(int(policy[s]))
            ret += gamma ** t * r
            t += 1
        discounted[i] = ret
    mc, se = discounted.mean(), discounted.std(ddof=1) / np.sqrt(n_episodes)
    ctx.number("Monte-Carlo discounted return of the greedy policy", round(float(mc), 4))
    ctx.number("its standard error", round(float(se), 4))
    ctx.number("success rate of the rollouts", round(float(np.mean(discounted > 0)), 3))

    desc = base.desc.astype(str)
    labels = np.where(np.isin(desc, ["H", "G"]), desc, "")
    fig, ax = ctx.figure("values", figsize=(5.2, 4.4))
    draw_grid(ax, V.reshape(desc.shape), np.where(np.isin(desc, ["H", "G"]), -1,
                                                   policy.reshape(desc.shape)),
              arrows=ARROWS_LDRU, labels=labels, cmap="cividis",
              title=f"FrozenLake 4x4 slippery, gamma = {gamma}: V* and greedy moves")

    ctx.check("V*(start) = 0.542 (to 1e-3)", abs(V[0] - 0.542) < 1e-3, detail=f"{V[0]:.6f}")
    ctx.check("policy iteration gives the same values", np.allclose(V_pi, V, atol=1e-9),
              detail=f"max difference {np.max(np.abs(V_pi - V)):.1e}")
    ctx.check("rollouts of the greedy policy earn V*(start) on average (within 4 standard "
              "errors)", abs(mc - V[0]) < 4 * se, detail=f"{mc:.4f} +- {se:.4f} vs {V[0]:.4f}")
