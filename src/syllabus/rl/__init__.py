"""Reinforcement learning on the Gymnasium API: bandits, MDPs, dynamic programming, TD, DQN.

- Environments (``gymnasium.Env`` subclasses, registered on import as
  ``syllabus/MultiArmedBandit-v0`` and ``syllabus/GridWorld-v0``): :class:`MultiArmedBandit`,
  :class:`GridWorld`.
- Finite MDPs and the Bellman equations: :class:`TabularMDP`, :func:`policy_evaluation`,
  :func:`value_iteration`, :func:`policy_iteration`, :func:`q_value_iteration`,
  :func:`q_from_v`, :func:`greedy_policy`, :func:`bellman_residual`.
- Bandits: :class:`EpsilonGreedy`, :class:`UCB1`, :class:`ThompsonSampling`,
  :class:`GradientBandit` and :func:`run_bandit` (rewards, actions, regret).
- Tabular TD control: :class:`QLearning`, :class:`SARSA`, :class:`ExpectedSARSA`, driven by
  :func:`train` (per-episode returns) and :func:`evaluate` (greedy returns).
- :class:`DQN` (replay buffer, target network, Huber loss) on :mod:`syllabus.nn` and
  :mod:`syllabus.optim`, trained by the same :func:`train`.
- Exploration schedules: :class:`LinearSchedule`, :class:`ExponentialSchedule`.
"""

from ._bandits import (
    UCB1,
    BanditResult,
    EpsilonGreedy,
    GradientBandit,
    ThompsonSampling,
    run_bandit,
)
from ._common import ExponentialSchedule, LinearSchedule
from ._dqn import DQN, ReplayBuffer
from ._envs import GridWorld, MultiArmedBandit, register_envs
from ._mdp import (
    TabularMDP,
    bellman_residual,
    greedy_policy,
    policy_evaluation,
    policy_iteration,
    q_from_v,
    q_value_iteration,
    value_iteration,
)
from ._td import SARSA, ExpectedSARSA, QLearning, evaluate, train

register_envs()

__all__ = [
    "BanditResult",
    "DQN",
    "ReplayBuffer",
    "ExpectedSARSA",
    "QLearning",
    "SARSA",
    "evaluate",
    "train",
    "EpsilonGreedy",
    "ExponentialSchedule",
    "GradientBandit",
    "LinearSchedule",
    "ThompsonSampling",
    "UCB1",
    "run_bandit",
    "GridWorld",
    "MultiArmedBandit",
    "TabularMDP",
    "bellman_residual",
    "greedy_policy",
    "policy_evaluation",
    "policy_iteration",
    "q_from_v",
    "q_value_iteration",
    "register_envs",
    "value_iteration",
]
