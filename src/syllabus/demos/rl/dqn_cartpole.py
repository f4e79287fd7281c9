"""Demo: a deep Q-network learns to balance Gymnasium's CartPole."""

from __future__ import annotations

import gymnasium as gym
import numpy as np

from syllabus.demos import register
from syllabus.rl import DQN, evaluate, train

from ._shared import smooth


@register("dqn_cartpole", topic="rl", order=70,
          title="DQN on CartPole-v1: replay buffer, target network, the return curve")
def dqn_cartpole(ctx):
    r"""The pole's state is four real numbers, too many to tabulate, so a small network
    $Q(s, \cdot\,; \theta)$ replaces the Q table. Q-learning's target is regressed with a
    Huber loss on random mini-batches from a replay buffer, against a target network
    $\theta^-$ copied from $\theta$ every few hundred steps; exploration is epsilon-greedy
    with epsilon decaying linearly. The greedy policy is evaluated every few episodes and
    the best network is kept (the learning curve of DQN is famously unstable).

    $$y = r + \gamma\,(1 - \text{done})\, Q\big(s', \arg\max_{a'} Q(s', a'; \theta); \theta^-\big),
      \qquad L(\theta) = \text{Huber}\big(Q(s, a; \theta) - y\big)$$

    What to notice: the returns climb from ~20, the length of a random episode, toward the
    500-step cap, but not monotonically: performance collapses and recovers, which is why
    the best greedy checkpoint is kept (CartPole counts as solved at an average of 195). The
    TD loss grows while the agent improves: the targets grow with the returns.
    """
    if ctx.fast:
        params = dict(hidden_sizes=(64, 64), lr=1e-3, learning_starts=500, target_update=250,
                      exploration_steps=3000, epsilon_end=0.02, train_freq=2)
        n_episodes, step_budget, eval_every, n_eval, n_final = 300, 5000, 10, 3, 10
    else:
        params = dict(hidden_sizes=(64, 64), lr=1e-3, learning_starts=1000,
                      target_update=500, exploration_steps=10_000, epsilon_end=0.02)
        n_episodes, step_budget, eval_every, n_eval, n_final = 400, 10**6, 10, 10, 100
    env, eval_env = gym.make("CartPole-v1"), gym.make("CartPole-v1")
    agent = DQN(**params)
    seed = int(ctx.rng.integers(2**31))
    evaluations = []  # (episode, greedy mean return)
    best = {"score": -np.inf, "state": None}

    def checkpoint(episode, episode_return, agent):
        if (episode + 1) % eval_every or agent.steps_ < agent.learning_starts:
            return agent.steps_ >= step_budget
        score = float(evaluate(eval_env, agent, n_eval, seed=seed + episode).mean())
        evaluations.append((episode + 1, score))
        if score > best["score"]:
            best["score"] = score
            best["state"] = {k: v.copy() for k, v in agent.q_network_.state_dict().items()}
        return score >= 500.0 or agent.steps_ >= step_budget  # the cap, or the budget

    returns = train(env, agent, n_episodes, seed=seed, callback=checkpoint)
    if best["state"] is not None:
        agent.q_network_.load_state_dict(best["state"])
    final = evaluate(eval_env, agent, n_final, seed=seed + 10**6)
    random_returns = []
    eval_env.reset(seed=seed)
    eval_env.action_space.seed(seed)
    for _ in range(20):
        eval_env.reset()
        total, done = 0.0, False
        while not done:
            _, r, terminated, truncated, _ = eval_env.step(eval_env.action_space.sample())
            total, done = total + r, terminated or truncated
        random_returns.append(total)
    ctx.number("episodes / environment steps / gradient steps",
               f"{len(returns)} / {agent.steps_} / {len(agent.losses_)}")
    ctx.number(f"greedy mean return over {n_final} episodes (best checkpoint)",
               round(float(final.mean()), 1))
    ctx.number("random policy mean return", round(float(np.mean(random_returns)), 1))

    fig, axes = ctx.figure("returns", 1, 2, figsize=(11, 3.8))
    ep = np.arange(1, len(returns) + 1)
    axes[0].plot(ep, returns, color="#56B4E9", lw=0.8, label="training episode (with exploration)")
    axes[0].plot(ep, smooth(returns, 10), color="#0072B2", lw=1.6, label="10-episode average")
    if evaluations:
        e, s = zip(*evaluations)
        axes[0].plot(e, s, "o", color="#D55E00", ms=4, label=f"greedy ({n_eval} episodes)")
    axes[0].axhline(195, color="k", ls=":", lw=1, label="solved (195)")
    axes[0].set_xlabel("episode")
    axes[0].set_ylabel("return (steps balanced)")
    axes[0].set_title("DQN on CartPole-v1", fontsize=9)
    axes[0].legend(fontsize=7, loc="upper left")
    losses = np.asarray(agent.losses_)
    axes[1].semilogy(np.arange(1, losses.size + 1), smooth(losses, 100) if losses.size else losses,
                     color="#009E73")
    axes[1].set_xlabel("gradient step")
    axes[1].set_ylabel("Huber TD loss (100-step average)")
    axes[1].set_title("TD loss (its scale follows the Q-values)", fontsize=9)

    if ctx.fast:
        ctx.check(f"after a budget of {step_budget} steps the greedy policy balances at least "
                  "twice as long as a random one", final.mean() > 2 * np.mean(random_returns),
                  detail=f"{final.mean():.1f} vs {np.mean(random_returns):.1f}")
    else:
        ctx.check("CartPole is solved: the greedy policy averages >= 195 over 100 episodes",
                  final.mean() >= 195, detail=f"{final.mean():.1f} (min {final.min():.0f})")
