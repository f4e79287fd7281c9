"""Demo: Q-learning versus SARSA on Gymnasium's CliffWalking."""

from __future__ import annotations

import gymnasium as gym
import numpy as np

from syllabus.demos import register
from syllabus.rl import SARSA, QLearning, TabularMDP, train, value_iteration

from ._shared import smooth

START, GOAL, N_COLS = 36, 47, 12


def _greedy_path(Q, P):
    s, path, total = START, [START], 0.0
    for _ in range(60):
        _, s, r, done = P[s][int(np.argmax(Q[s]))][0]
        path.append(int(s))
        total += r
        if done:
            break
    return total, path


@register("cliff_walking", topic="rl", order=60,
          title="CliffWalking: Q-learning learns the optimal path, SARSA the safe one")
def cliff_walking(ctx):
    r"""Walking from S to G along the edge of a cliff costs -1 per step; stepping off costs
    -100 and sends the agent back to S. Both agents explore with epsilon = 0.1. Q-learning
    bootstraps on the greedy action, so it learns the values of the optimal policy (the
    path along the edge, -13) even though its own exploratory steps sometimes fall off.
    SARSA bootstraps on the action it will actually take, exploration included, so it
    learns that the edge is dangerous for an exploring agent and walks further away.

    $$\text{Q-learning: } Q(S,A) \mathrel{+}= \alpha\,[R + \gamma \max_a Q(S',a) - Q(S,A)]
      \qquad \text{SARSA: } Q(S,A) \mathrel{+}= \alpha\,[R + \gamma Q(S',A') - Q(S,A)]$$

    What to notice: during learning SARSA's returns are better (it rarely falls), while
    Q-learning's greedy policy is the better one: on-policy versus off-policy.
    """
    env = gym.make("CliffWalking-v1")
    P = env.unwrapped.P
    V, _ = value_iteration(TabularMDP.from_env(env), gamma=1.0)
    n_runs, n_episodes = (2, 300) if ctx.fast else (8, 500)
    seeds = ctx.rng.integers(2**31, size=n_runs)
    runs = {"Q-learning": [], "SARSA": []}
    paths, tables = {}, {}
    for name, cls in (("Q-learning", QLearning), ("SARSA", SARSA)):
        for seed in seeds:
            agent = cls(step_size=0.1, gamma=1.0, epsilon=0.1)
            runs[name].append(train(env, agent, n_episodes, seed=int(seed)))
            paths.setdefault(name, []).append(_greedy_path(agent.Q_, P))
            tables.setdefault(name, []).append(agent.Q_)
    mean = {name: np.mean(r, axis=0) for name, r in runs.items()}
    # One run's Q values off its usual path are noisy; their average over runs is not.
    avg_paths = {name: _greedy_path(np.mean(tables[name], axis=0), P) for name in runs}
    late = slice(n_episodes // 3, None)
    for name in runs:
        ctx.number(f"{name}: mean online return after episode {n_episodes // 3}",
                   round(float(mean[name][late].mean()), 2))
        ctx.number(f"{name}: greedy returns of the {n_runs} runs",
                   [float(p[0]) for p in paths[name]])

    colours = {"Q-learning": "#D55E00", "SARSA": "#0072B2"}
    fig, axes = ctx.figure("cliff", 1, 2, figsize=(11, 3.8))
    for name, curve in mean.items():
        axes[0].plot(np.arange(1, n_episodes + 1), smooth(curve, 10), color=colours[name],
                     label=name)
    axes[0].axhline(V[START], color="k", ls=":", lw=1, label=f"optimal return {V[START]:.0f}")
    axes[0].set_ylim(-100, 0)
    axes[0].set_xlabel("episode")
    axes[0].set_ylabel("return per episode (10-episode average)")
    axes[0].set_title(f"online returns, epsilon = 0.1, {n_runs} runs", fontsize=9)
    axes[0].legend(fontsize=8, loc="lower right")
    ax = axes[1]
    grid = np.zeros((4, N_COLS))
    grid[3, 1:11] = 1
    ax.imshow(grid, cmap="Greys", vmin=0, vmax=2.5)
    for name in runs:
        path = np.array(avg_paths[name][1])
        ax.plot(path % N_COLS, path // N_COLS + (0.08 if name == "SARSA" else -0.08),
                color=colours[name], lw=2.2, marker="o", ms=3,
                label=f"{name} greedy path ({avg_paths[name][0]:.0f})")
    ax.text(0, 3, "S", ha="center", va="center", fontsize=10, weight="bold")
    ax.text(11, 3, "G", ha="center", va="center", fontsize=10, weight="bold")
    ax.text(5.5, 3, "the cliff (-100)", ha="center", va="center", fontsize=8)
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    ax.set_title(f"greedy paths of the Q tables averaged over {n_runs} runs", fontsize=9)
    ax.legend(fontsize=8, loc="upper center", ncol=2)

    ctx.check("the optimal return is -13 (value iteration on the environment's table)",
              V[START] == -13.0, detail=f"{V[START]}")
    q_returns = [p[0] for p in paths["Q-learning"]]
    ctx.check("Q-learning's greedy policy is optimal in every run (return -13)",
              all(r == -13.0 for r in q_returns), detail=f"{q_returns}")

    def safe(path):
        middle = [s for s in path[1] if 1 <= s % N_COLS <= 10]
        return path[1][-1] == GOAL and bool(middle) and all(s // N_COLS <= 1 for s in middle)

    ctx.check("SARSA's greedy path (Q averaged over the runs) reaches G keeping a row between "
              "itself and the cliff", safe(avg_paths["SARSA"]),
              detail=f"return {avg_paths['SARSA'][0]:.0f}; per run "
                     f"{[p[0] for p in paths['SARSA']]} (-60: a run's greedy policy loops)")
    ctx.check("while exploring, SARSA earns more per episode than Q-learning (it falls less)",
              mean["SARSA"][late].mean() > mean["Q-learning"][late].mean(),
              detail=f"{mean['SARSA'][late].mean():.1f} vs {mean['Q-learning'][late].mean():.1f}")
