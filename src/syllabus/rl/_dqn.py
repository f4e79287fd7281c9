"""Deep Q-network (Mnih et al., 2015) on syllabus.nn and syllabus.optim.

Q-learning with a neural network ``Q(s, . ; theta)`` in place of the table, made stable by
two devices:

- a replay buffer: transitions are stored and learned from in random mini-batches, which
  breaks the correlation between successive samples;
- a target network ``theta^-``, a copy of theta refreshed every ``target_update`` steps, so
  the regression target does not move with every gradient step:

    y = r + gamma (1 - terminated) Q(s', argmax_a' Q(s', a'; theta); theta^-)    (double DQN)
    y = r + gamma (1 - terminated) max_a' Q(s', a'; theta^-)                     (DQN)
    loss = Huber(Q(s, a; theta) - y)

Exploration is epsilon-greedy with epsilon decreasing linearly over the first
``exploration_steps`` environment steps.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np
from gymnasium import spaces

from .. import nn, optim
from ..autograd import no_grad
from ..base import BaseEstimator
from ..utils._param_validation import Interval
from ._common import LinearSchedule, discrete_size

__all__ = ["DQN", "ReplayBuffer"]


class ReplayBuffer:
    """A fixed-size ring buffer of transitions ``(obs, action, reward, next_obs, terminated)``.

    Parameters
    ----------
    capacity : int
        Once full, each new transition overwrites the oldest.
    obs_shape : tuple of int
    obs_dtype : dtype, default=float32

    Attributes
    ----------
    size : int
        Transitions stored.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.rl import ReplayBuffer
    >>> buffer = ReplayBuffer(2, (1,))
    >>> for i in range(3):
    ...     buffer.add([i], 0, float(i), [i + 1], False)
    >>> buffer.size, sorted(buffer.rewards.tolist())
    (2, [1.0, 2.0])
    """

    def __init__(self, capacity: int, obs_shape: tuple[int, ...],
                 obs_dtype: Any = np.float32) -> None:
        if not (isinstance(capacity, Integral) and capacity >= 1):
            raise ValueError(f"capacity must be a positive int, got {capacity!r}.")
        self.capacity = int(capacity)
        self.obs = np.zeros((capacity, *obs_shape), dtype=obs_dtype)
        self.next_obs = np.zeros_like(self.obs)
        self.actions = np.zeros(capacity, dtype=np.int64)
        self.rewards = np.zeros(capacity, dtype=np.float32)
        self.terminated = np.zeros(capacity, dtype=np.float32)
        self.size = 0
        self._next = 0

    def add(self, obs: Any, action: int, reward: float, next_obs: Any, terminated: bool) -> None:
        """Store one transition."""
        i = self._next
        self.obs[i], self.actions[i], self.rewards[i] = obs, action, reward
        self.next_obs[i], self.terminated[i] = next_obs, terminated
        self._next = (i + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def sample(self, batch_size: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
        """A uniform mini-batch (with replacement): obs, actions, rewards, next_obs, terminated."""
        if self.size == 0:
            raise ValueError("The replay buffer is empty.")
        idx = rng.integers(self.size, size=batch_size)
        return (self.obs[idx], self.actions[idx], self.rewards[idx], self.next_obs[idx],
                self.terminated[idx])


class DQN(BaseEstimator):
    """Deep Q-network agent for a continuous (Box) observation and discrete actions.

    Train it with :func:`train` (``train(env, DQN(), n_episodes, seed)``) and run its greedy
    policy with :func:`evaluate`, like the tabular agents.

    Parameters
    ----------
    hidden_sizes : tuple of int, default=(64, 64)
        Widths of the hidden ReLU layers of the Q-network.
    lr : float, default=1e-3
        Adam's learning rate.
    gamma : float in [0, 1], default=0.99
    batch_size : int, default=64
    buffer_size : int, default=50_000
        Replay buffer capacity.
    learning_starts : int, default=1000
        Steps of (random-ish) experience before the first gradient step.
    train_freq : int, default=1
        Environment steps per gradient step.
    target_update : int, default=500
        Environment steps between copies of the online network into the target network.
    epsilon_start, epsilon_end : float, default=1.0, 0.05
    exploration_steps : int, default=10_000
        Steps over which epsilon decreases linearly from start to end.
    huber_delta : float, default=1.0
        Where the Huber loss turns from quadratic to linear.
    double : bool, default=True
        Double DQN targets (the online network picks a', the target network values it).

    Attributes
    ----------
    q_network_, target_network_ : syllabus.nn.Sequential
    optimizer_ : syllabus.optim.Adam
    buffer_ : ReplayBuffer
    steps_ : int
        Environment steps seen.
    episode_ : int
        Episodes finished.
    epsilon_ : float
        Current exploration probability.
    losses_ : list of float
        Loss of every gradient step.

    Examples
    --------
    >>> import gymnasium as gym
    >>> from syllabus.rl import DQN, train
    >>> agent = DQN(hidden_sizes=(16,), learning_starts=50, exploration_steps=200)
    >>> returns = train(gym.make("CartPole-v1"), agent, n_episodes=5, seed=0)
    >>> returns.shape, agent.q_network_[-1].out_features
    ((5,), 2)
    """

    _parameter_constraints = {
        "lr": [Interval(Real, 0, None, closed="neither")],
        "gamma": [Interval(Real, 0, 1, closed="both")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "buffer_size": [Interval(Integral, 1, None, closed="left")],
        "learning_starts": [Interval(Integral, 0, None, closed="left")],
        "train_freq": [Interval(Integral, 1, None, closed="left")],
        "target_update": [Interval(Integral, 1, None, closed="left")],
        "epsilon_start": [Interval(Real, 0, 1, closed="both")],
        "epsilon_end": [Interval(Real, 0, 1, closed="both")],
        "exploration_steps": [Interval(Integral, 1, None, closed="left")],
        "huber_delta": [Interval(Real, 0, None, closed="neither")],
        "double": ["boolean"],
    }

    def __init__(self, hidden_sizes: tuple[int, ...] = (64, 64), *, lr: float = 1e-3,
                 gamma: float = 0.99, batch_size: int = 64, buffer_size: int = 50_000,
                 learning_starts: int = 1000, train_freq: int = 1, target_update: int = 500,
                 epsilon_start: float = 1.0, epsilon_end: float = 0.05,
                 exploration_steps: int = 10_000, huber_delta: float = 1.0,
                 double: bool = True) -> None:
        self.hidden_sizes = hidden_sizes
        self.lr = lr
        self.gamma = gamma
        self.batch_size = batch_size
        self.buffer_size = buffer_size
        self.learning_starts = learning_starts
        self.train_freq = train_freq
        self.target_update = target_update
        self.epsilon_start = epsilon_start
        self.epsilon_end = epsilon_end
        self.exploration_steps = exploration_steps
        self.huber_delta = huber_delta
        self.double = double

    def _build_network(self, n_inputs: int, n_actions: int, rng: np.random.Generator) -> nn.Sequential:
        sizes = [n_inputs, *self.hidden_sizes, n_actions]
        layers: list[nn.Module] = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            linear = nn.Linear(n_in, n_out)
            # PyTorch's default Linear initialisation, drawn from the agent's own generator.
            bound = 1.0 / np.sqrt(n_in)
            nn.init.uniform_(linear.weight, -bound, bound, generator=rng)
            nn.init.uniform_(linear.bias, -bound, bound, generator=rng)
            layers.append(linear)
            if i < len(sizes) - 2:
                layers.append(nn.ReLU())
        return nn.Sequential(*layers)

    def setup(self, env: Any, rng: Any = None) -> DQN:
        """Fresh networks, optimiser and replay buffer sized from the environment's spaces."""
        self._validate_params()
        sizes = self.hidden_sizes
        if not (isinstance(sizes, (tuple, list)) and all(isinstance(h, Integral) and h > 0
                                                        for h in sizes)):
            raise ValueError(f"hidden_sizes must be a tuple of positive ints, got {sizes!r}.")
        space = env.observation_space
        if not (isinstance(space, spaces.Box) and len(space.shape) == 1):
            raise ValueError(f"DQN needs a 1-D Box observation space; got {space}. "
                             "Use QLearning/SARSA for Discrete observations.")
        n_actions = discrete_size(env.action_space, "action", "DQN")
        self.rng_ = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        self.q_network_ = self._build_network(space.shape[0], n_actions, self.rng_)
        self.target_network_ = self._build_network(space.shape[0], n_actions, self.rng_)
        self.target_network_.load_state_dict(self.q_network_.state_dict())
        self.optimizer_ = optim.Adam(self.q_network_.parameters(), lr=self.lr)
        self.loss_fn_ = nn.HuberLoss(delta=self.huber_delta)
        self.buffer_ = ReplayBuffer(self.buffer_size, space.shape)
        self.schedule_ = LinearSchedule(self.epsilon_start, self.epsilon_end,
                                        self.exploration_steps)
        self.steps_ = 0
        self.episode_ = 0
        self.epsilon_ = self.schedule_(0)
        self.losses_: list[float] = []
        self.n_actions_ = n_actions
        return self

    def q_values(self, obs: Any) -> np.ndarray:
        """Q-network outputs for one observation (n_actions,) or a batch (n, n_actions)."""
        if not hasattr(self, "q_network_"):
            raise RuntimeError("DQN is not set up: call train(env, agent, ...) first.")
        obs = np.asarray(obs, dtype=np.float32)
        with no_grad():
            return self.q_network_(obs.reshape(-1, obs.shape[-1])).data.reshape(
                *obs.shape[:-1], self.n_actions_)

    def predict(self, obs: Any) -> int:
        """The greedy action ``argmax_a Q(obs, a)``."""
        return int(np.argmax(self.q_values(obs)))

    def act(self, obs: Any) -> int:
        """Epsilon-greedy action."""
        if self.rng_.random() < self.epsilon_:
            return int(self.rng_.integers(self.n_actions_))
        return self.predict(obs)

    def learn(self, obs: Any, action: int, reward: float, next_obs: Any,
              terminated: bool) -> int:
        """Store the transition, maybe take a gradient step / refresh the target; next action."""
        self.buffer_.add(obs, action, reward, next_obs, terminated)
        self.steps_ += 1
        self.epsilon_ = self.schedule_(self.steps_)
        if self.steps_ >= self.learning_starts and self.steps_ % self.train_freq == 0:
            self._gradient_step()
        if self.steps_ % self.target_update == 0:
            self.target_network_.load_state_dict(self.q_network_.state_dict())
        return self.act(next_obs)

    def _gradient_step(self) -> None:
        obs, actions, rewards, next_obs, terminated = self.buffer_.sample(self.batch_size, self.rng_)
        with no_grad():
            q_next = self.target_network_(next_obs).data
            if self.double:
                best = np.argmax(self.q_network_(next_obs).data, axis=1)
            else:
                best = np.argmax(q_next, axis=1)
            bootstrap = q_next[np.arange(len(best)), best]
        target = rewards + self.gamma * (1.0 - terminated) * bootstrap
        q = self.q_network_(obs)[np.arange(len(actions)), actions]
        loss = self.loss_fn_(q, target.astype(np.float32))
        self.optimizer_.zero_grad()
        loss.backward()
        self.optimizer_.step()
        self.losses_.append(float(loss.item()))

    def end_episode(self) -> None:
        """Count the episode (epsilon follows the step count, not the episodes)."""
        self.episode_ += 1
