"""Tabular temporal-difference control (Q-learning, SARSA, Expected SARSA) and the training loop.

All three move ``Q(S, A)`` toward a one-step target with step size alpha:

    Q(S, A) <- Q(S, A) + alpha [R + gamma * bootstrap - Q(S, A)]

and differ only in the bootstrap from the next state S' (0 when the episode terminated):

- Q-learning (off-policy):  ``max_a Q(S', a)``, the greedy policy's value;
- SARSA (on-policy):        ``Q(S', A')`` with A' the action the agent will actually take;
- Expected SARSA:           ``sum_a pi(a | S') Q(S', a)`` under the epsilon-greedy policy.

An agent follows a small protocol that :func:`train` drives (and that :class:`DQN` shares):
``setup(env, rng)``, ``act(obs)`` (behaviour action), ``learn(obs, action, reward, next_obs,
terminated) -> next action``, ``end_episode()``, and ``predict(obs)`` (greedy action).
The environment's ``step`` is Python, so the loop over steps is a plain Python loop around a
scalar update: compiling it would not remove the environment's cost.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np

from ..base import BaseEstimator
from ..utils._param_validation import Interval
from ._common import PROBABILITY_OR_SCHEDULE, argmax_random_tie, discrete_size, scheduled
from ._common import seed_streams as _seed_streams

__all__ = ["ExpectedSARSA", "QLearning", "SARSA", "evaluate", "train"]


class _TabularTD(BaseEstimator):
    """Shared by the three TD control agents: an epsilon-greedy policy on a Q table."""

    _parameter_constraints = {
        "step_size": [Interval(Real, 0, 1, closed="right")],
        "gamma": [Interval(Real, 0, 1, closed="both")],
        "epsilon": PROBABILITY_OR_SCHEDULE,
        "initial_value": [Interval(Real, None, None)],
    }

    def __init__(self, *, step_size: float = 0.1, gamma: float = 0.99, epsilon: Any = 0.1,
                 initial_value: float = 0.0) -> None:
        self.step_size = step_size
        self.gamma = gamma
        self.epsilon = epsilon
        self.initial_value = initial_value

    def setup(self, env: Any, rng: Any = None) -> _TabularTD:
        """A fresh Q table sized from the environment's Discrete spaces."""
        self._validate_params()
        owner = type(self).__name__
        n_states = discrete_size(env.observation_space, "observation", owner)
        n_actions = discrete_size(env.action_space, "action", owner)
        self.Q_ = np.full((n_states, n_actions), float(self.initial_value))
        self.rng_ = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        self.episode_ = 0
        self.epsilon_ = scheduled(self.epsilon, 0, "epsilon")
        return self

    def _check_state(self, state: Any) -> int:
        if not hasattr(self, "Q_"):
            raise RuntimeError(f"{type(self).__name__} is not set up: call train(env, agent, ...)"
                               " or agent.setup(env) first.")
        if not (isinstance(state, (int, np.integer)) and 0 <= state < self.Q_.shape[0]):
            raise ValueError(f"The observation must be a state in 0..{self.Q_.shape[0] - 1}, "
                             f"got {state!r}.")
        return int(state)

    def act(self, state: int) -> int:
        """Epsilon-greedy: a uniform action with probability epsilon, else greedy (random ties)."""
        state = self._check_state(state)
        if self.rng_.random() < self.epsilon_:
            return int(self.rng_.integers(self.Q_.shape[1]))
        return argmax_random_tie(self.Q_[state], self.rng_)

    def predict(self, state: int) -> int:
        """The greedy action ``argmax_a Q(state, a)`` (the first among ties)."""
        state = self._check_state(state)
        return int(np.argmax(self.Q_[state]))

    def end_episode(self) -> None:
        """Advance the epsilon schedule (a function of the episode index)."""
        self.episode_ += 1
        self.epsilon_ = scheduled(self.epsilon, self.episode_, "epsilon")

    def _td_update(self, state: int, action: int, reward: float, bootstrap: float) -> None:
        target = reward + self.gamma * bootstrap
        self.Q_[state, action] += self.step_size * (target - self.Q_[state, action])

    def learn(self, state: int, action: int, reward: float, next_state: int,
              terminated: bool) -> int:
        """One TD update from a transition; returns the action to take in ``next_state``."""
        raise NotImplementedError


class QLearning(_TabularTD):
    """Q-learning: off-policy TD control, bootstrapping on ``max_a Q(S', a)``.

    Parameters
    ----------
    step_size : float in (0, 1], default=0.1
        alpha.
    gamma : float in [0, 1], default=0.99
        Discount factor.
    epsilon : float in [0, 1] or callable, default=0.1
        Exploration probability, or a schedule ``episode -> epsilon``
        (e.g. :class:`LinearSchedule`).
    initial_value : float, default=0.0
        Initial Q values (optimistic values explore).

    Attributes
    ----------
    Q_ : ndarray of shape (n_states, n_actions)
        The action values.
    episode_ : int
        Episodes finished.
    epsilon_ : float
        Current exploration probability.

    Examples
    --------
    >>> import gymnasium as gym
    >>> from syllabus.rl import QLearning, train
    >>> env = gym.make("CliffWalking-v1")
    >>> agent = QLearning(step_size=0.5, gamma=1.0, epsilon=0.1)
    >>> returns = train(env, agent, n_episodes=300, seed=0)
    >>> returns.shape
    (300,)
    """

    def learn(self, state: int, action: int, reward: float, next_state: int,
              terminated: bool) -> int:
        bootstrap = 0.0 if terminated else self.Q_[next_state].max()
        self._td_update(state, action, reward, bootstrap)
        return self.act(next_state)


class SARSA(_TabularTD):
    """SARSA: on-policy TD control, bootstrapping on ``Q(S', A')`` for the next action taken.

    Parameters and attributes as for :class:`QLearning`.

    Examples
    --------
    >>> import gymnasium as gym
    >>> from syllabus.rl import SARSA, train
    >>> agent = SARSA(step_size=0.5, gamma=1.0, epsilon=0.1)
    >>> bool(train(gym.make("CliffWalking-v1"), agent, 300, seed=0)[-50:].mean() > -40)
    True
    """

    def learn(self, state: int, action: int, reward: float, next_state: int,
              terminated: bool) -> int:
        next_action = self.act(next_state)
        bootstrap = 0.0 if terminated else self.Q_[next_state, next_action]
        self._td_update(state, action, reward, bootstrap)
        return next_action


class ExpectedSARSA(_TabularTD):
    """Expected SARSA: bootstraps on ``sum_a pi(a | S') Q(S', a)`` under epsilon-greedy pi.

    The greedy share ``1 - epsilon`` is split among tied maxima, as the tie-breaking does.

    Parameters and attributes as for :class:`QLearning`.

    Examples
    --------
    >>> import gymnasium as gym
    >>> from syllabus.rl import ExpectedSARSA, train
    >>> agent = ExpectedSARSA(step_size=0.9, gamma=1.0, epsilon=0.1)
    >>> bool(train(gym.make("CliffWalking-v1"), agent, 300, seed=0)[-50:].mean() > -40)
    True
    """

    def policy(self, state: int) -> np.ndarray:
        """Epsilon-greedy action probabilities in ``state``."""
        state = self._check_state(state)
        q = self.Q_[state]
        greedy = q == q.max()
        return self.epsilon_ / q.size + (1.0 - self.epsilon_) * greedy / greedy.sum()

    def learn(self, state: int, action: int, reward: float, next_state: int,
              terminated: bool) -> int:
        bootstrap = 0.0 if terminated else self.policy(next_state) @ self.Q_[next_state]
        self._td_update(state, action, reward, bootstrap)
        return self.act(next_state)


def _check_episodes(n_episodes: Any) -> int:
    if not (isinstance(n_episodes, Integral) and n_episodes >= 1):
        raise ValueError(f"n_episodes must be a positive int, got {n_episodes!r}.")
    return int(n_episodes)


def train(env: Any, agent: Any, n_episodes: int, seed: int | None = None,
          max_steps: int | None = None, callback: Any = None) -> np.ndarray:
    """Run ``n_episodes`` episodes of ``agent`` learning on ``env``; the return of each.

    The first episode starts with ``env.reset(seed=seed)`` and the agent's own random draws
    come from an independent stream of the same seed, so the same seed gives the same
    learning run (and the same Q table). A truncated episode (time limit, ``max_steps``)
    still bootstraps from its last state: only ``terminated`` means "no future".

    Parameters
    ----------
    env : gymnasium.Env
    agent : QLearning, SARSA, ExpectedSARSA or DQN
        Set up here (a fresh Q table or network).
    n_episodes : int
    seed : int or None, default=None
    max_steps : int or None, default=None
        Truncate episodes longer than this (None: the environment's own limit).
    callback : callable or None, default=None
        ``callback(episode, episode_return, agent)`` after each episode; returning True
        stops training early (e.g. to evaluate and checkpoint the greedy policy).

    Returns
    -------
    returns : ndarray of shape (n_episodes,)
        Undiscounted sum of rewards of each episode (fewer if ``callback`` stopped early).

    Examples
    --------
    >>> from syllabus.rl import GridWorld, QLearning, train
    >>> returns = train(GridWorld(), QLearning(step_size=0.2, gamma=1.0), 200, seed=0)
    >>> bool(returns[-50:].mean() > 0)
    True
    """
    n_episodes = _check_episodes(n_episodes)
    agent.setup(env, _seed_streams(seed, 1)[0])
    returns = np.empty(n_episodes)
    for episode in range(n_episodes):
        obs, _ = env.reset(seed=seed if episode == 0 else None)
        action = agent.act(obs)
        total, steps, done = 0.0, 0, False
        while not done:
            next_obs, reward, terminated, truncated, _ = env.step(action)
            total += float(reward)
            steps += 1
            action = agent.learn(obs, action, float(reward), next_obs, bool(terminated))
            obs = next_obs
            done = terminated or truncated or (max_steps is not None and steps >= max_steps)
        agent.end_episode()
        returns[episode] = total
        if callback is not None and callback(episode, total, agent):
            return returns[:episode + 1]
    return returns


def evaluate(env: Any, agent: Any, n_episodes: int = 1, seed: int | None = None,
             max_steps: int | None = 10_000) -> np.ndarray:
    """Returns of ``n_episodes`` episodes of the agent's greedy policy (``agent.predict``).

    Parameters
    ----------
    env : gymnasium.Env
    agent : a trained agent
    n_episodes : int, default=1
    seed : int or None, default=None
        Seed of the first ``reset``.
    max_steps : int or None, default=10_000
        Truncates an episode whose greedy policy never terminates.

    Returns
    -------
    returns : ndarray of shape (n_episodes,)
    """
    n_episodes = _check_episodes(n_episodes)
    returns = np.empty(n_episodes)
    for episode in range(n_episodes):
        obs, _ = env.reset(seed=seed if episode == 0 else None)
        total, steps, done = 0.0, 0, False
        while not done:
            obs, reward, terminated, truncated, _ = env.step(agent.predict(obs))
            total += float(reward)
            steps += 1
            done = terminated or truncated or (max_steps is not None and steps >= max_steps)
        returns[episode] = total
    return returns
