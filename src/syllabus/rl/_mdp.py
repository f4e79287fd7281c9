"""Finite MDPs and dynamic programming: the Bellman equations, vectorised over states and actions.

A :class:`TabularMDP` turns Gymnasium's toy-text table ``P[s][a] = [(prob, next, reward,
terminated), ...]`` into dense arrays once:

- ``rewards[s, a] = sum_k prob_k reward_k`` (expected immediate reward),
- ``continuation[s, a, s'] = sum of prob_k over the outcomes reaching s' without terminating``
  (a terminating outcome does not bootstrap: the value after it is 0).

Then every backup is one tensor product, for all states and actions at once:

    Q(s, a) = r(s, a) + gamma sum_s' continuation(s, a, s') V(s')          (one-step lookahead)
    V_pi    = r_pi + gamma C_pi V_pi   <=>   (I - gamma C_pi) V_pi = r_pi  (Bellman expectation)
    V*(s)   = max_a Q*(s, a)                                               (Bellman optimality)
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..base import ConvergenceWarning

__all__ = [
    "TabularMDP",
    "bellman_residual",
    "greedy_policy",
    "policy_evaluation",
    "policy_iteration",
    "q_from_v",
    "q_value_iteration",
    "value_iteration",
]


class TabularMDP:
    """A finite Markov decision process given by its transition table.

    Parameters
    ----------
    P : dict or sequence
        ``P[s][a] = [(prob, next_state, reward, terminated), ...]`` for every state ``s`` in
        ``range(n_states)`` and action ``a`` in ``range(n_actions)``, as Gymnasium's toy-text
        environments (FrozenLake, CliffWalking, Taxi) and :class:`GridWorld` expose it.
        Each ``P[s][a]``'s probabilities must be non-negative and sum to 1.
    n_states, n_actions : int, optional
        Checked against ``P`` when given (``TabularMDP(n_states, n_actions, P)`` also works).

    Attributes
    ----------
    n_states, n_actions : int
    transitions : ndarray of shape (n_states, n_actions, n_states)
        ``transitions[s, a, s']``: probability of reaching ``s'`` (terminating or not).
    continuation : ndarray of shape (n_states, n_actions, n_states)
        Probability of reaching ``s'`` *without* the episode terminating.
    rewards : ndarray of shape (n_states, n_actions)
        Expected immediate reward.
    P : dict
        The table it was built from.

    Examples
    --------
    >>> from syllabus.rl import TabularMDP
    >>> mdp = TabularMDP({0: {0: [(1.0, 1, 1.0, True)]}, 1: {0: [(1.0, 1, 0.0, True)]}})
    >>> mdp.n_states, mdp.n_actions, mdp.rewards.ravel().tolist()
    (2, 1, [1.0, 0.0])
    """

    def __init__(self, P: Any, n_states: int | None = None, n_actions: int | None = None) -> None:
        if isinstance(P, (int, np.integer)):  # also accepted: TabularMDP(n_states, n_actions, P)
            P, n_states, n_actions = n_actions, P, n_states
        expected = (n_states, n_actions)
        n_states = len(P)
        if n_states == 0:
            raise ValueError("The transition table P is empty.")
        n_actions = len(P[0])
        expected = (n_states if expected[0] is None else expected[0],
                    n_actions if expected[1] is None else expected[1])
        if expected != (n_states, n_actions):
            raise ValueError(f"P has {n_states} states and {n_actions} actions, not "
                             f"{expected[0]} and {expected[1]}.")
        transitions = np.zeros((n_states, n_actions, n_states))
        continuation = np.zeros((n_states, n_actions, n_states))
        rewards = np.zeros((n_states, n_actions))
        for s in range(n_states):
            if len(P[s]) != n_actions:
                raise ValueError(f"State {s} has {len(P[s])} actions, state 0 has {n_actions}.")
            for a in range(n_actions):
                rows = np.array([(p, nxt, r, done) for p, nxt, r, done in P[s][a]], dtype=float)
                if rows.size == 0:
                    raise ValueError(f"P[{s}][{a}] has no outcomes.")
                prob, nxt, reward, done = rows.T
                if not np.all(np.isfinite(rows)):
                    raise ValueError(f"P[{s}][{a}] contains NaN or infinite values.")
                if np.any(prob < 0) or abs(prob.sum() - 1.0) > 1e-8:
                    raise ValueError(f"The probabilities of P[{s}][{a}] must be non-negative and "
                                     f"sum to 1; they sum to {prob.sum():.10g}.")
                if np.any((nxt < 0) | (nxt >= n_states) | (nxt != np.round(nxt))):
                    raise ValueError(f"P[{s}][{a}] names a next state outside 0..{n_states - 1}.")
                nxt = nxt.astype(int)
                np.add.at(transitions[s, a], nxt, prob)
                np.add.at(continuation[s, a], nxt, prob * (done == 0))
                rewards[s, a] = prob @ reward
        self.P = P
        self.n_states, self.n_actions = n_states, n_actions
        self.transitions, self.continuation, self.rewards = transitions, continuation, rewards

    @classmethod
    def from_env(cls, env: Any) -> TabularMDP:
        """The MDP of a Gymnasium environment exposing ``P`` (wrappers are unwrapped).

        Parameters
        ----------
        env : gymnasium.Env
            E.g. ``gymnasium.make("FrozenLake-v1")`` or :class:`GridWorld`.

        Returns
        -------
        TabularMDP
        """
        base = getattr(env, "unwrapped", env)
        if not hasattr(base, "P"):
            raise ValueError(f"{type(base).__name__} exposes no transition table P; "
                             "only tabular (toy-text style) environments do.")
        mdp = cls(base.P)
        n_obs = getattr(getattr(base, "observation_space", None), "n", mdp.n_states)
        n_act = getattr(getattr(base, "action_space", None), "n", mdp.n_actions)
        if (n_obs, n_act) != (mdp.n_states, mdp.n_actions):
            raise ValueError(f"P has {mdp.n_states} states and {mdp.n_actions} actions but the "
                             f"spaces have {n_obs} and {n_act}.")
        return mdp

    def __repr__(self) -> str:
        return f"TabularMDP(n_states={self.n_states}, n_actions={self.n_actions})"


def _check_gamma(gamma: Any) -> float:
    if isinstance(gamma, bool) or not isinstance(gamma, (int, float, np.floating, np.integer)) \
            or not 0.0 <= gamma <= 1.0:
        raise ValueError(f"gamma must be a number in [0, 1], got {gamma!r}.")
    return float(gamma)


def _check_tol(tol: Any) -> float:
    if not isinstance(tol, (int, float, np.floating)) or not tol > 0:
        raise ValueError(f"tol must be a positive number, got {tol!r}.")
    return float(tol)


def _check_mdp(mdp: Any) -> TabularMDP:
    if not isinstance(mdp, TabularMDP):
        raise TypeError(f"Expected a TabularMDP, got {type(mdp).__name__}; "
                        "use TabularMDP(P) or TabularMDP.from_env(env).")
    return mdp


def _policy_matrix(mdp: TabularMDP, policy: Any) -> np.ndarray:
    """A policy as probabilities (n_states, n_actions), from actions or probabilities."""
    policy = np.asarray(policy)
    if policy.shape == (mdp.n_states,):
        if not np.issubdtype(policy.dtype, np.integer) and not np.all(policy == np.round(policy)):
            raise ValueError("A deterministic policy must hold integer actions.")
        actions = policy.astype(int)
        if np.any((actions < 0) | (actions >= mdp.n_actions)):
            raise ValueError(f"Policy actions must be in 0..{mdp.n_actions - 1}.")
        return np.eye(mdp.n_actions)[actions]
    if policy.shape == (mdp.n_states, mdp.n_actions):
        policy = policy.astype(float)
        if not np.all(np.isfinite(policy)) or np.any(policy < 0) \
                or not np.allclose(policy.sum(axis=1), 1.0, atol=1e-8):
            raise ValueError("A stochastic policy's rows must be probabilities summing to 1.")
        return policy
    raise ValueError(f"policy must have shape ({mdp.n_states},) (actions) or "
                     f"({mdp.n_states}, {mdp.n_actions}) (probabilities); got {policy.shape}.")


def _fixed_point(backup: Any, x: np.ndarray, tol: float, max_iter: int, name: str) -> np.ndarray:
    """Repeat ``x <- backup(x)`` until the largest change is below ``tol`` (warn at max_iter)."""
    for _ in range(max_iter):
        x_new = backup(x)
        delta = np.max(np.abs(x_new - x))
        x = x_new
        if delta < tol:
            return x
    warnings.warn(ConvergenceWarning(
        f"{name} did not converge in {max_iter} sweeps (last change {delta:.3g})."), stacklevel=3)
    return x


def q_from_v(mdp: TabularMDP, V: Any, gamma: float = 0.99) -> np.ndarray:
    """One-step lookahead ``Q(s, a) = r(s, a) + gamma sum_s' C(s, a, s') V(s')``.

    Parameters
    ----------
    mdp : TabularMDP
    V : array-like of shape (n_states,)
    gamma : float, default=0.99

    Returns
    -------
    Q : ndarray of shape (n_states, n_actions)

    Examples
    --------
    >>> from syllabus.rl import TabularMDP, q_from_v
    >>> mdp = TabularMDP({0: {0: [(1.0, 0, 1.0, False)]}})
    >>> q_from_v(mdp, [10.0], gamma=0.5).tolist()
    [[6.0]]
    """
    gamma = _check_gamma(gamma)
    V = np.asarray(V, dtype=float)
    if V.shape != (_check_mdp(mdp).n_states,):
        raise ValueError(f"V must have shape ({mdp.n_states},), got {V.shape}.")
    return mdp.rewards + gamma * (mdp.continuation @ V)


def greedy_policy(mdp: TabularMDP, V: Any, gamma: float = 0.99) -> np.ndarray:
    """The greedy policy ``argmax_a Q(s, a)`` of a value function (ties: the first action).

    Returns
    -------
    policy : ndarray of shape (n_states,), int
    """
    return np.argmax(q_from_v(mdp, V, gamma), axis=1)


def bellman_residual(mdp: TabularMDP, V: Any, gamma: float = 0.99) -> float:
    """The Bellman optimality residual ``max_s |max_a Q(s, a) - V(s)|`` (0 exactly at V*)."""
    return float(np.max(np.abs(q_from_v(mdp, V, gamma).max(axis=1) - np.asarray(V))))


def policy_evaluation(mdp: TabularMDP, policy: Any, gamma: float = 0.99,
                      method: str = "iterative", tol: float = 1e-10,
                      max_iter: int = 100_000) -> np.ndarray:
    """The value ``V_pi`` of a policy, from the Bellman expectation equation.

    ``"iterative"`` repeats the backup ``V <- r_pi + gamma C_pi V`` from V = 0 until the
    largest change is below ``tol``; ``"exact"`` solves ``(I - gamma C_pi) V = r_pi``.

    Parameters
    ----------
    mdp : TabularMDP
    policy : array-like of shape (n_states,) or (n_states, n_actions)
        Actions, or action probabilities per state.
    gamma : float in [0, 1], default=0.99
    method : {"iterative", "exact"}, default="iterative"
    tol : float, default=1e-10
    max_iter : int, default=100_000
        Sweeps allowed to the iterative method (a ConvergenceWarning if they run out).

    Returns
    -------
    V : ndarray of shape (n_states,)

    Raises
    ------
    ValueError
        If the system is singular: with gamma = 1 a policy that never terminates from some
        state has no finite value.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.rl import GridWorld, TabularMDP, policy_evaluation, value_iteration
    >>> mdp = TabularMDP.from_env(GridWorld())
    >>> V, policy = value_iteration(mdp, gamma=1.0)
    >>> bool(np.allclose(policy_evaluation(mdp, policy, gamma=1.0, method="exact"), V))
    True
    """
    mdp = _check_mdp(mdp)
    gamma, tol = _check_gamma(gamma), _check_tol(tol)
    pi = _policy_matrix(mdp, policy)
    r_pi = np.einsum("sa,sa->s", pi, mdp.rewards)
    C_pi = np.einsum("sa,sat->st", pi, mdp.continuation)
    if method == "exact":
        A = np.eye(mdp.n_states) - gamma * C_pi
        if np.linalg.cond(A) > 1e12:
            raise ValueError("The Bellman expectation system is singular: with gamma = 1 this "
                             "policy never terminates from some state (its value is not finite).")
        return np.linalg.solve(A, r_pi)
    if method != "iterative":
        raise ValueError(f"method must be 'iterative' or 'exact', got {method!r}.")
    return _fixed_point(lambda V: r_pi + gamma * (C_pi @ V), np.zeros(mdp.n_states), tol,
                        max_iter, "policy_evaluation")


def value_iteration(mdp: TabularMDP, gamma: float = 0.99, tol: float = 1e-10,
                    max_iter: int = 10_000) -> tuple[np.ndarray, np.ndarray]:
    """Optimal values by repeated Bellman optimality backups ``V <- max_a Q(s, a)``.

    Stops when the largest change of V is below ``tol``.

    Parameters
    ----------
    mdp : TabularMDP
    gamma : float in [0, 1], default=0.99
    tol : float, default=1e-10
    max_iter : int, default=10_000

    Returns
    -------
    V : ndarray of shape (n_states,)
    policy : ndarray of shape (n_states,)
        Greedy with respect to V.

    Examples
    --------
    >>> from syllabus.rl import GridWorld, TabularMDP, value_iteration
    >>> env = GridWorld()
    >>> V, policy = value_iteration(TabularMDP.from_env(env), gamma=1.0)
    >>> float(V[env.start_state].round(3))
    0.705
    """
    mdp = _check_mdp(mdp)
    gamma, tol = _check_gamma(gamma), _check_tol(tol)
    V = _fixed_point(lambda V: q_from_v(mdp, V, gamma).max(axis=1), np.zeros(mdp.n_states),
                     tol, max_iter, "value_iteration")
    return V, greedy_policy(mdp, V, gamma)


def q_value_iteration(mdp: TabularMDP, gamma: float = 0.99, tol: float = 1e-10,
                      max_iter: int = 10_000) -> np.ndarray:
    """Optimal action values by ``Q <- r + gamma C max_a' Q(., a')`` until the change < ``tol``.

    Returns
    -------
    Q : ndarray of shape (n_states, n_actions)

    Examples
    --------
    >>> from syllabus.rl import GridWorld, TabularMDP, q_value_iteration
    >>> env = GridWorld()
    >>> Q = q_value_iteration(TabularMDP.from_env(env), gamma=1.0)
    >>> float(Q[env.start_state].max().round(3))
    0.705
    """
    mdp = _check_mdp(mdp)
    gamma, tol = _check_gamma(gamma), _check_tol(tol)
    return _fixed_point(lambda Q: mdp.rewards + gamma * (mdp.continuation @ Q.max(axis=1)),
                        np.zeros((mdp.n_states, mdp.n_actions)), tol, max_iter,
                        "q_value_iteration")


def policy_iteration(mdp: TabularMDP, gamma: float = 0.99, initial_policy: Any = None,
                     max_iter: int = 1000,
                     return_history: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Alternate exact policy evaluation and greedy improvement until the policy is stable.

    An action is only replaced by one whose Q value is larger by more than 1e-12 (relative),
    so ties cannot make the policy cycle.

    Parameters
    ----------
    mdp : TabularMDP
    gamma : float in [0, 1], default=0.99
    initial_policy : array-like of shape (n_states,), default=None
        Starting actions (default: action 0 everywhere). With gamma = 1 it must terminate
        from every state.
    max_iter : int, default=1000
        Improvements allowed.
    return_history : bool, default=False
        Also return the list of policies, one per evaluation.

    Returns
    -------
    V : ndarray of shape (n_states,)
    policy : ndarray of shape (n_states,)
    history : list of ndarray
        Only with ``return_history=True``.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.rl import GridWorld, TabularMDP, policy_iteration, value_iteration
    >>> mdp = TabularMDP.from_env(GridWorld())
    >>> V_pi, _ = policy_iteration(mdp, gamma=0.9)
    >>> V_vi, _ = value_iteration(mdp, gamma=0.9)
    >>> bool(np.allclose(V_pi, V_vi, atol=1e-8))
    True
    """
    mdp = _check_mdp(mdp)
    gamma = _check_gamma(gamma)
    policy = (np.zeros(mdp.n_states, dtype=int) if initial_policy is None
              else np.argmax(_policy_matrix(mdp, initial_policy), axis=1))
    history = [policy.copy()]
    for _ in range(max_iter):
        V = policy_evaluation(mdp, policy, gamma, method="exact")
        Q = q_from_v(mdp, V, gamma)
        current = Q[np.arange(mdp.n_states), policy]
        best = np.argmax(Q, axis=1)
        better = Q[np.arange(mdp.n_states), best] > current + 1e-12 * (1 + np.abs(current))
        if not better.any():
            break
        policy = np.where(better, best, policy)
        history.append(policy.copy())
    else:
        warnings.warn(ConvergenceWarning(
            f"policy_iteration did not converge in {max_iter} improvements."), stacklevel=2)
    return (V, policy, history) if return_history else (V, policy)
