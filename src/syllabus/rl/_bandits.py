"""Multi-armed bandit agents and the interaction loop that measures their regret.

An agent sees no state: it picks an arm (``act``), receives a reward and updates its
estimates (``update``). The four classic answers to exploration versus exploitation:

- epsilon-greedy: the best estimate, except a uniformly random arm with probability epsilon;
- UCB1: optimism in the face of uncertainty, ``argmax_a Q(a) + c sqrt(ln t / N(a))``;
- Thompson sampling: draw a mean for each arm from its posterior, play the largest draw;
- gradient bandit: a softmax over preferences ``H`` climbed by stochastic gradient ascent,
  ``H(a) += alpha (R - baseline) (1[a = A] - pi(a))``.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real
from typing import Any

import numpy as np

from ..base import BaseEstimator
from ..utils._param_validation import Interval, StrOptions
from ..utils._special import softmax
from ._common import PROBABILITY_OR_SCHEDULE, argmax_random_tie, discrete_size, scheduled
from ._common import seed_streams as _seed_streams

__all__ = ["BanditResult", "EpsilonGreedy", "GradientBandit", "ThompsonSampling", "UCB1",
           "run_bandit"]


class _BanditAgent(BaseEstimator):
    """Base: ``reset(n_arms, rng)`` then ``act()`` / ``update(arm, reward)`` per step."""

    def reset(self, n_arms: int, rng: Any = None) -> _BanditAgent:
        """Forget everything: ``n_arms`` arms, random draws from ``rng`` (a seed or Generator)."""
        self._validate_params()
        if not (isinstance(n_arms, (int, np.integer)) and n_arms >= 1):
            raise ValueError(f"n_arms must be a positive int, got {n_arms!r}.")
        self.rng_ = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        self.n_arms_ = int(n_arms)
        self.t_ = 0  # steps taken
        self.counts_ = np.zeros(n_arms, dtype=np.int64)
        self._init_estimates()
        return self

    def _init_estimates(self) -> None:
        self.values_ = np.zeros(self.n_arms_)

    def _check_update(self, arm: Any, reward: Any) -> tuple[int, float]:
        if not hasattr(self, "t_"):
            raise RuntimeError(f"Call {type(self).__name__}.reset(n_arms, rng) first.")
        if not (isinstance(arm, (int, np.integer)) and 0 <= arm < self.n_arms_):
            raise ValueError(f"arm must be an int in 0..{self.n_arms_ - 1}, got {arm!r}.")
        reward = float(reward)
        if not np.isfinite(reward):
            raise ValueError(f"The reward must be finite, got {reward!r}.")
        self.t_ += 1
        self.counts_[arm] += 1
        return int(arm), reward

    def _sample_average(self, arm: int, reward: float, step_size: float | None = None) -> None:
        # Q(a) <- Q(a) + alpha (R - Q(a)), alpha = 1/N(a) (sample average) or a constant.
        alpha = 1.0 / self.counts_[arm] if step_size is None else step_size
        self.values_[arm] += alpha * (reward - self.values_[arm])


class EpsilonGreedy(_BanditAgent):
    """Epsilon-greedy action selection on sample-average (or constant step-size) estimates.

    Parameters
    ----------
    epsilon : float in [0, 1] or callable, default=0.1
        Exploration probability, or a schedule ``t -> epsilon`` of the step ``t`` (1, 2, ...),
        e.g. ``lambda t: min(1, 10 / t)`` or a :class:`LinearSchedule`.
    initial_value : float, default=0.0
        Initial estimate ``Q_1(a)``; a large value (5 on the testbed) is "optimistic
        initialisation", which explores early even with ``epsilon=0``.
    step_size : float in (0, 1] or None, default=None
        None: sample averages (``alpha = 1/N(a)``); a constant tracks non-stationary arms.

    Attributes
    ----------
    values_ : ndarray of shape (n_arms,)
        Estimated mean reward of each arm.
    counts_ : ndarray of shape (n_arms,)
        Pulls of each arm.
    t_ : int
        Steps taken since ``reset``.

    Examples
    --------
    >>> from syllabus.rl import EpsilonGreedy, MultiArmedBandit, run_bandit
    >>> result = run_bandit(MultiArmedBandit(means=[0.0, 1.0]), EpsilonGreedy(0.1), 500, seed=0)
    >>> bool(result.actions[-100:].mean() > 0.8)
    True
    """

    _parameter_constraints = {
        "epsilon": PROBABILITY_OR_SCHEDULE,
        "initial_value": [Interval(Real, None, None)],
        "step_size": [None, Interval(Real, 0, 1, closed="right")],
    }

    def __init__(self, epsilon: Any = 0.1, *, initial_value: float = 0.0,
                 step_size: float | None = None) -> None:
        self.epsilon = epsilon
        self.initial_value = initial_value
        self.step_size = step_size

    def _init_estimates(self) -> None:
        self.values_ = np.full(self.n_arms_, float(self.initial_value))

    def act(self) -> int:
        """Explore with probability epsilon, else the best estimate (random among ties)."""
        if self.rng_.random() < scheduled(self.epsilon, self.t_ + 1, "epsilon"):
            return int(self.rng_.integers(self.n_arms_))
        return argmax_random_tie(self.values_, self.rng_)

    def update(self, arm: int, reward: float) -> None:
        """Move the pulled arm's estimate toward the reward."""
        arm, reward = self._check_update(arm, reward)
        self._sample_average(arm, reward, self.step_size)


class UCB1(_BanditAgent):
    """Upper confidence bound: ``argmax_a Q(a) + c sqrt(ln t / N(a))``, each arm once first.

    With ``c = sqrt(2)`` and rewards in [0, 1] this is Auer, Cesa-Bianchi & Fischer's UCB1,
    whose expected regret grows as ``O(sum_a ln(T) / Delta_a)``.

    Parameters
    ----------
    c : float, default=sqrt(2)
        Width of the confidence bonus.

    Attributes
    ----------
    values_, counts_, t_
        As for :class:`EpsilonGreedy`.

    Examples
    --------
    >>> from syllabus.rl import UCB1, MultiArmedBandit, run_bandit
    >>> result = run_bandit(MultiArmedBandit(means=[0.0, 1.0]), UCB1(), 500, seed=0)
    >>> result.actions[:2].tolist()
    [0, 1]
    """

    _parameter_constraints = {"c": [Interval(Real, 0, None, closed="left")]}

    def __init__(self, c: float = float(np.sqrt(2.0))) -> None:
        self.c = c

    def act(self) -> int:
        untried = np.flatnonzero(self.counts_ == 0)
        if untried.size:
            return int(untried[0])
        bonus = self.c * np.sqrt(np.log(self.t_) / self.counts_)
        return argmax_random_tie(self.values_ + bonus, self.rng_)

    def update(self, arm: int, reward: float) -> None:
        arm, reward = self._check_update(arm, reward)
        self._sample_average(arm, reward)


class ThompsonSampling(_BanditAgent):
    """Posterior sampling: draw each arm's mean from its posterior, pull the largest draw.

    ``prior="gaussian"``: rewards N(mu_a, noise_std^2) with a N(prior_mean, prior_std^2)
    prior on mu_a; the posterior is Gaussian with precision ``1/prior_std^2 + N/noise_std^2``.
    ``prior="beta"``: Bernoulli rewards (0 or 1) with a Beta(alpha, beta) prior; the
    posterior is Beta(alpha + successes, beta + failures).

    Parameters
    ----------
    prior : {"gaussian", "beta"}, default="gaussian"
    prior_mean, prior_std, noise_std : float, default=0.0, 1.0, 1.0
        Gaussian model.
    alpha, beta : float, default=1.0
        Beta prior (1, 1 is uniform).

    Attributes
    ----------
    values_ : ndarray of shape (n_arms,)
        Posterior means.
    counts_, t_
        As for :class:`EpsilonGreedy`.

    Examples
    --------
    >>> from syllabus.rl import MultiArmedBandit, ThompsonSampling, run_bandit
    >>> env = MultiArmedBandit(means=[0.2, 0.8], rewards="bernoulli")
    >>> result = run_bandit(env, ThompsonSampling(prior="beta"), 500, seed=0)
    >>> bool(result.actions[-100:].mean() > 0.9)
    True
    """

    _parameter_constraints = {
        "prior": [StrOptions({"gaussian", "beta"})],
        "prior_mean": [Interval(Real, None, None)],
        "prior_std": [Interval(Real, 0, None, closed="neither")],
        "noise_std": [Interval(Real, 0, None, closed="neither")],
        "alpha": [Interval(Real, 0, None, closed="neither")],
        "beta": [Interval(Real, 0, None, closed="neither")],
    }

    def __init__(self, prior: str = "gaussian", *, prior_mean: float = 0.0,
                 prior_std: float = 1.0, noise_std: float = 1.0, alpha: float = 1.0,
                 beta: float = 1.0) -> None:
        self.prior = prior
        self.prior_mean = prior_mean
        self.prior_std = prior_std
        self.noise_std = noise_std
        self.alpha = alpha
        self.beta = beta

    def _init_estimates(self) -> None:
        self.sums_ = np.zeros(self.n_arms_)  # sum of rewards (successes for Beta)
        self._posterior = self._posterior_params()
        self.values_ = self._posterior_mean()

    def _posterior_params(self) -> tuple[np.ndarray, np.ndarray]:
        """(mean, std) of the Gaussian posterior, or (a, b) of the Beta posterior."""
        if self.prior == "beta":
            return self.alpha + self.sums_, self.beta + self.counts_ - self.sums_
        precision = 1.0 / self.prior_std ** 2 + self.counts_ / self.noise_std ** 2
        mean = (self.prior_mean / self.prior_std ** 2 + self.sums_ / self.noise_std ** 2) / precision
        return mean, 1.0 / np.sqrt(precision)

    def _posterior_mean(self) -> np.ndarray:
        p1, p2 = self._posterior
        return p1 / (p1 + p2) if self.prior == "beta" else p1

    def act(self) -> int:
        p1, p2 = self._posterior
        draws = self.rng_.beta(p1, p2) if self.prior == "beta" else self.rng_.normal(p1, p2)
        return int(np.argmax(draws))  # continuous draws: no ties

    def update(self, arm: int, reward: float) -> None:
        if self.prior == "beta" and reward not in (0, 1):
            raise ValueError(f"The Beta-Bernoulli model needs rewards 0 or 1, got {reward!r}.")
        arm, reward = self._check_update(arm, reward)
        self.sums_[arm] += reward
        self._posterior = self._posterior_params()
        self.values_ = self._posterior_mean()


class GradientBandit(_BanditAgent):
    """Softmax over preferences ``H``, updated by stochastic gradient ascent on the expected reward.

    ``pi(a) = exp H(a) / sum_b exp H(b)`` and, after pulling ``A`` and receiving ``R``,
    ``H(a) += alpha (R - baseline) (1[a = A] - pi(a))``; the baseline is the average of the
    previous rewards (Sutton & Barto, section 2.8), or 0 without a baseline.

    Parameters
    ----------
    step_size : float, default=0.1
    baseline : bool, default=True

    Attributes
    ----------
    preferences_ : ndarray of shape (n_arms,)
    values_ : ndarray of shape (n_arms,)
        The policy ``pi`` (probabilities of the arms).
    counts_, t_
        As for :class:`EpsilonGreedy`.

    Examples
    --------
    >>> from syllabus.rl import GradientBandit, MultiArmedBandit, run_bandit
    >>> result = run_bandit(MultiArmedBandit(means=[4.0, 5.0]), GradientBandit(0.1), 1000, seed=0)
    >>> bool(result.actions[-200:].mean() > 0.8)
    True
    """

    _parameter_constraints = {
        "step_size": [Interval(Real, 0, None, closed="neither")],
        "baseline": ["boolean"],
    }

    def __init__(self, step_size: float = 0.1, *, baseline: bool = True) -> None:
        self.step_size = step_size
        self.baseline = baseline

    def _init_estimates(self) -> None:
        self.preferences_ = np.zeros(self.n_arms_)
        self.values_ = np.full(self.n_arms_, 1.0 / self.n_arms_)
        self.mean_reward_ = 0.0

    def act(self) -> int:
        return int(self.rng_.choice(self.n_arms_, p=self.values_))

    def update(self, arm: int, reward: float) -> None:
        arm, reward = self._check_update(arm, reward)
        if self.baseline and self.t_ == 1:
            self.mean_reward_ = reward  # R-bar_1 = R_1
        baseline = self.mean_reward_ if self.baseline else 0.0
        one_hot = np.zeros(self.n_arms_)
        one_hot[arm] = 1.0
        self.preferences_ += self.step_size * (reward - baseline) * (one_hot - self.values_)
        self.mean_reward_ += (reward - self.mean_reward_) / self.t_
        self.values_ = softmax(self.preferences_)


@dataclass
class BanditResult:
    """What :func:`run_bandit` returns; arrays of shape (n_steps,).

    Attributes
    ----------
    rewards : ndarray of float
    actions : ndarray of int
    regret : ndarray of float
        Cumulative (pseudo-)regret ``sum_{i<=t} max_a mu_a - mu_{A_i}`` with the arms'
        means at the time of each pull (NaN when the environment has no ``means``).
    optimal : ndarray of bool
        Whether each pull chose an arm with the largest mean.
    """

    rewards: np.ndarray
    actions: np.ndarray
    regret: np.ndarray
    optimal: np.ndarray


def run_bandit(env: Any, agent: _BanditAgent, n_steps: int,
               seed: int | None = None) -> BanditResult:
    """Let ``agent`` play ``n_steps`` pulls of the bandit ``env``.

    ``env.reset(seed=seed)`` fixes the environment (the testbed draws its means there) and
    the agent's random draws come from an independent stream of the same seed, so the same
    seed replays the same run.

    Parameters
    ----------
    env : gymnasium.Env
        A bandit with a Discrete action space, e.g. :class:`MultiArmedBandit` or
        ``gymnasium.make("syllabus/MultiArmedBandit-v0")``; regret needs ``env.unwrapped.means``.
    agent : EpsilonGreedy, UCB1, ThompsonSampling or GradientBandit
        Reset here, with ``env.action_space.n`` arms.
    n_steps : int
    seed : int or None, default=None

    Returns
    -------
    BanditResult

    Examples
    --------
    >>> from syllabus.rl import UCB1, MultiArmedBandit, run_bandit
    >>> result = run_bandit(MultiArmedBandit(), UCB1(), 1000, seed=0)
    >>> result.regret.shape, bool(result.regret[-1] >= 0)
    ((1000,), True)
    """
    if not (isinstance(n_steps, (int, np.integer)) and n_steps >= 1):
        raise ValueError(f"n_steps must be a positive int, got {n_steps!r}.")
    n_arms = discrete_size(env.action_space, "action", "run_bandit")
    agent_rng = _seed_streams(seed, 1)[0]
    agent.reset(n_arms, agent_rng)
    env.reset(seed=seed)
    base = env.unwrapped
    has_means = hasattr(base, "means")
    rewards = np.empty(n_steps)
    actions = np.empty(n_steps, dtype=np.int64)
    gaps = np.full(n_steps, np.nan)
    optimal = np.zeros(n_steps, dtype=bool)
    for t in range(n_steps):
        arm = agent.act()
        if has_means:
            means = np.asarray(base.means)
            gaps[t] = means.max() - means[arm]
            optimal[t] = means[arm] == means.max()
        _, reward, terminated, truncated, _ = env.step(arm)
        agent.update(arm, reward)
        rewards[t], actions[t] = reward, arm
        if terminated or truncated:
            env.reset()
    return BanditResult(rewards, actions, np.cumsum(gaps), optimal)
