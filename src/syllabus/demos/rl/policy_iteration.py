"""Demo: policy iteration on the grid world converges in a handful of improvements."""

from __future__ import annotations

import numpy as np

from syllabus.demos import register
from syllabus.rl import GridWorld, TabularMDP, policy_evaluation, policy_iteration, value_iteration

from ._shared import draw_gridworld


@register("policy_iteration", topic="rl", order=40,
          title="Policy iteration: exact evaluation, greedy improvement, a few iterations")
def policy_iteration_demo(ctx):
    r"""Policy iteration alternates two steps: evaluate the current policy exactly, by solving
    the linear Bellman expectation equations, then make it greedy with respect to those
    values. Each improvement can only raise every state's value (the policy improvement
    theorem), and there are finitely many policies, so it stops at the optimum, usually
    after very few improvements, while value iteration needs dozens of sweeps.

    $$V_\pi = (I - \gamma P_\pi)^{-1} r_\pi, \qquad
      \pi'(s) = \arg\max_a \sum_{s'} P(s' \mid s, a)\,[r + \gamma V_\pi(s')]$$

    What to notice: the first policy ("always up") is poor, and every state's value rises with
    each improvement; the arrows reach the optimal ones in a few steps.
    """
    env = GridWorld()
    mdp = TabularMDP.from_env(env)
    gamma = 0.9
    V, policy, history = policy_iteration(mdp, gamma=gamma, return_history=True)
    values = [policy_evaluation(mdp, p, gamma=gamma, method="exact") for p in history]
    V_vi, pi_vi = value_iteration(mdp, gamma=gamma)
    # How many value-iteration sweeps reach the same accuracy?
    W, sweeps = np.zeros(mdp.n_states), 0
    while np.max(np.abs(W - V)) > 1e-6:
        W = (mdp.rewards + gamma * (mdp.continuation @ W)).max(axis=1)
        sweeps += 1
    ctx.number("policy evaluations", len(history))
    ctx.number("value-iteration sweeps to reach 1e-6", sweeps)
    ctx.number("V(start) per evaluation", [round(float(v[env.start_state]), 4) for v in values])

    def draw(fig, ax, k):
        draw_gridworld(ax, env, values[k], history[k], fmt="{:.2f}",
                       title=f"policy {k}: V(start) = {values[k][env.start_state]:.3f}")

    ctx.frames("improvements", "policy", list(range(len(history))), draw, animate=True,
               figsize=(5.2, 3.4))
    fig, ax = ctx.figure("start_value", figsize=(5, 3.4))
    ax.plot(range(len(values)), [v[env.start_state] for v in values], marker="o",
            color="#0072B2", label="policy iteration (per evaluation)")
    W, curve = np.zeros(mdp.n_states), [0.0]
    for _ in range(sweeps):
        W = (mdp.rewards + gamma * (mdp.continuation @ W)).max(axis=1)
        curve.append(W[env.start_state])
    ax.plot(range(len(curve)), curve, color="#E69F00", label="value iteration (per sweep)")
    ax.set_xlabel("iteration")
    ax.set_ylabel("V(start)")
    ax.set_title(f"gamma = {gamma}", fontsize=9)
    ax.legend(fontsize=8, loc="lower right")

    rises = all(np.all(b >= a - 1e-12) for a, b in zip(values, values[1:]))
    ctx.check("every improvement raises (never lowers) the value of every state", rises)
    ctx.check("policy iteration stops after a few improvements (<= 6), value iteration needs "
              "many more sweeps", len(history) - 1 <= 6 and sweeps > 3 * len(history),
              detail=f"{len(history) - 1} improvements vs {sweeps} sweeps")
    ctx.check("policy iteration and value iteration agree on the values and the policy",
              np.allclose(V, V_vi, atol=1e-8) and np.array_equal(policy, pi_vi),
              detail=f"max |V_pi - V_vi| = {np.max(np.abs(V - V_vi)):.1e}")
