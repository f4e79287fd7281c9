"""Reinforcement learning: vectorised dynamic programming against the textbook loop, and one
DQN gradient step against the same step in PyTorch.

- Value iteration on Gymnasium's FrozenLake 8x8 (64 states, 4 actions, gamma = 0.99, 500
  sweeps): one tensor product per sweep versus a Python loop over states, actions and
  outcomes of ``P[s][a]``.
- DQN: one double-DQN Huber/Adam step on a 64-transition batch, network 4-64-64-2
  (CartPole's sizes), syllabus.nn versus torch.nn.
"""

from __future__ import annotations

import copy

import numpy as np

from benchmarks._harness import blas_threads, case


@case("rl: value iteration FrozenLake 8x8, 500 sweeps", reference="Python loop", repeats=5)
def _value_iteration():
    import gymnasium as gym

    from syllabus.rl import TabularMDP, value_iteration

    env = gym.make("FrozenLake-v1", map_name="8x8")
    P, n = env.unwrapped.P, env.observation_space.n
    mdp = TabularMDP.from_env(env)

    def loop():
        V = [0.0] * n
        for _ in range(500):
            V = [max(sum(p * (r + (0.0 if d else 0.99 * V[s2])) for p, s2, r, d in P[s][a])
                     for a in range(4)) for s in range(n)]
        return V

    def ours():
        import warnings

        with warnings.catch_warnings():  # 500 sweeps stop short of tol=1e-10 on purpose
            warnings.simplefilter("ignore")
            return value_iteration(mdp, gamma=0.99, tol=1e-300, max_iter=500)

    return ours, loop


@case("rl: DQN gradient step, batch 64, 4-64-64-2", reference="PyTorch", repeats=7)
def _dqn_step():
    import gymnasium as gym
    import torch

    from syllabus.rl import DQN

    torch.set_num_threads(blas_threads())
    agent = DQN(hidden_sizes=(64, 64), batch_size=64, learning_starts=0).setup(
        gym.make("CartPole-v1"), 0)
    rng = np.random.default_rng(0)
    for _ in range(1000):
        agent.buffer_.add(rng.normal(size=4), int(rng.integers(2)), 1.0, rng.normal(size=4),
                          bool(rng.random() < 0.05))
    online = torch.nn.Sequential(torch.nn.Linear(4, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64),
                                 torch.nn.ReLU(), torch.nn.Linear(64, 2))
    target = copy.deepcopy(online)
    opt = torch.optim.Adam(online.parameters(), lr=1e-3)
    sample_rng = np.random.default_rng(1)

    def theirs(steps=20):
        for _ in range(steps):
            obs, actions, rewards, next_obs, terminated = (
                torch.from_numpy(a) for a in agent.buffer_.sample(64, sample_rng))
            with torch.no_grad():
                best = online(next_obs).argmax(dim=1)
                y = rewards + 0.99 * (1 - terminated) * target(next_obs)[torch.arange(64), best]
            q = online(obs)[torch.arange(64), actions]
            loss = torch.nn.functional.huber_loss(q, y)
            opt.zero_grad()
            loss.backward()
            opt.step()

    def ours(steps=20):
        for _ in range(steps):
            agent._gradient_step()

    return ours, theirs
