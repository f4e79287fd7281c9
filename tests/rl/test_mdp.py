"""Dynamic programming against references written independently in the tests."""

import gymnasium as gym
import numpy as np
import pytest

from syllabus.base import ConvergenceWarning
from syllabus.rl import (
    GridWorld,
    TabularMDP,
    bellman_residual,
    greedy_policy,
    policy_evaluation,
    policy_iteration,
    q_from_v,
    q_value_iteration,
    value_iteration,
)


def _loop_value_iteration(P, n_states, n_actions, gamma, sweeps):
    """Reference: the textbook loop over states, actions and outcomes, straight on P."""
    V = [0.0] * n_states
    for _ in range(sweeps):
        V = [max(sum(p * (r + (0.0 if done else gamma * V[nxt])) for p, nxt, r, done in P[s][a])
                 for a in range(n_actions)) for s in range(n_states)]
    return np.array(V)


def _loop_policy_values(P, n_states, policy, gamma):
    """Reference: build the policy's linear Bellman system entry by entry and solve it."""
    A = np.eye(n_states)
    b = np.zeros(n_states)
    for s in range(n_states):
        for p, nxt, r, done in P[s][int(policy[s])]:
            b[s] += p * r
            if not done:
                A[s, nxt] -= gamma * p
    return np.linalg.solve(A, b)


@pytest.fixture(scope="module")
def frozen_lake():
    env = gym.make("FrozenLake-v1", map_name="4x4", is_slippery=True)
    return env, TabularMDP.from_env(env)


def test_frozen_lake_start_value_0542_against_an_independent_reference(frozen_lake):
    env, mdp = frozen_lake
    P = env.unwrapped.P
    V, policy = value_iteration(mdp, gamma=0.99, tol=1e-12)
    # The reference: a loop value iteration, its greedy policy, then that policy's exact
    # values by a linear solve assembled from P directly.
    V_loop = _loop_value_iteration(P, 16, 4, 0.99, 3000)
    Q_loop = np.array([[sum(p * (r + (0.0 if d else 0.99 * V_loop[n])) for p, n, r, d in P[s][a])
                        for a in range(4)] for s in range(16)])
    V_ref = _loop_policy_values(P, 16, Q_loop.argmax(axis=1), 0.99)
    np.testing.assert_allclose(V, V_ref, rtol=0, atol=1e-9)
    assert V[0] == pytest.approx(0.542, abs=1e-3)
    # The greedy policy's own value equals V (its Q values tie only at holes and the goal).
    np.testing.assert_allclose(_loop_policy_values(P, 16, policy, 0.99), V_ref, atol=1e-9)


def test_policy_iteration_equals_value_iteration_and_exact_equals_iterative(frozen_lake):
    _, mdp = frozen_lake
    V_vi, pi_vi = value_iteration(mdp, gamma=0.99, tol=1e-12)
    V_pi, pi_pi, history = policy_iteration(mdp, gamma=0.99, return_history=True)
    np.testing.assert_allclose(V_pi, V_vi, rtol=0, atol=1e-9)
    np.testing.assert_allclose(policy_evaluation(mdp, pi_pi, 0.99, method="exact"), V_pi,
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(policy_evaluation(mdp, pi_pi, 0.99, method="iterative", tol=1e-13),
                               V_pi, rtol=0, atol=1e-10)
    assert 2 <= len(history) < 10  # a few improvements
    assert bellman_residual(mdp, V_pi, 0.99) < 1e-12
    # Same values means same greedy actions wherever the argmax is unique.
    Q = q_from_v(mdp, V_pi, 0.99)
    top2 = np.sort(Q, axis=1)[:, -2:]
    unique = top2[:, 1] - top2[:, 0] > 1e-9
    assert np.array_equal(pi_pi[unique], pi_vi[unique])


def test_stochastic_policy_evaluation_exact_equals_iterative_and_loop():
    env = GridWorld()
    mdp = TabularMDP.from_env(env)
    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(4), size=mdp.n_states)
    exact = policy_evaluation(mdp, probs, gamma=0.9, method="exact")
    iterative = policy_evaluation(mdp, probs, gamma=0.9, method="iterative", tol=1e-14)
    np.testing.assert_allclose(iterative, exact, rtol=0, atol=1e-12)
    # Loop reference: V(s) = sum_a pi(a|s) sum_k p_k (r_k + gamma V(s'_k)) iterated.
    V = np.zeros(mdp.n_states)
    for _ in range(800):
        V = np.array([sum(probs[s, a] * sum(p * (r + (0 if d else 0.9 * V[n]))
                                            for p, n, r, d in env.P[s][a]) for a in range(4))
                      for s in range(mdp.n_states)])
    np.testing.assert_allclose(exact, V, rtol=0, atol=1e-12)


def test_q_value_iteration_matches_value_iteration_and_greedy_policy():
    mdp = TabularMDP.from_env(GridWorld())
    for gamma in (1.0, 0.9, 0.0):
        Q = q_value_iteration(mdp, gamma=gamma, tol=1e-13)
        V, policy = value_iteration(mdp, gamma=gamma, tol=1e-13)
        np.testing.assert_allclose(Q.max(axis=1), V, rtol=0, atol=1e-11)
        np.testing.assert_allclose(Q, q_from_v(mdp, V, gamma), rtol=0, atol=1e-11)
        assert np.array_equal(greedy_policy(mdp, V, gamma), policy)
    # gamma = 0: the values are the best immediate expected rewards.
    np.testing.assert_allclose(q_value_iteration(mdp, gamma=0.0), mdp.rewards, atol=0)


def test_gridworld_policy_iteration_with_gamma_one_from_a_proper_policy():
    env = GridWorld()
    mdp = TabularMDP.from_env(env)
    V_vi, pi_vi = value_iteration(mdp, gamma=1.0, tol=1e-13)
    # A proper (terminating) start: the shortest path to +1 by brute force on a slip-free grid.
    proper = value_iteration(TabularMDP.from_env(GridWorld(slip=0.0)), gamma=0.9)[1]
    V_pi, pi_pi = policy_iteration(mdp, gamma=1.0, initial_policy=proper)
    np.testing.assert_allclose(V_pi, V_vi, rtol=0, atol=1e-9)
    assert np.array_equal(pi_pi, pi_vi)
    assert V_pi[env.start_state] == pytest.approx(0.705, abs=5e-4)


@pytest.mark.parametrize("living_reward, expected", [
    # Russell & Norvig Fig. 17.2: R(s) < -1.6284 run into the nearest exit, even the -1.
    (-2.0, {(2, 3): 0, (1, 2): 1}),
    # 0 > R(s) > -0.0274 (here -0.01): avoid the -1 at all costs, e.g. (1, 2) goes left.
    (-0.01, {(1, 2): 3, (2, 3): 2}),
])
def test_living_reward_changes_the_policy_as_in_the_book(living_reward, expected):
    env = GridWorld(living_reward=living_reward)
    _, policy = value_iteration(TabularMDP.from_env(env), gamma=1.0)
    grid = env.to_grid(policy, fill=-1)
    for cell, action in expected.items():
        assert grid[cell] == action, (cell, grid)


def test_gymnasium_toy_text_cliff_walking_optimal_return_is_minus_13():
    env = gym.make("CliffWalking-v1")
    V, _ = value_iteration(TabularMDP.from_env(env), gamma=1.0)
    assert V[36] == pytest.approx(-13.0, abs=1e-9)


def test_bad_input_raises_clear_errors():
    good = {0: {0: [(1.0, 0, 0.0, True)]}}
    with pytest.raises(ValueError, match="sum to 1"):
        TabularMDP({0: {0: [(0.5, 0, 0.0, False), (0.4, 0, 1.0, True)]}})
    with pytest.raises(ValueError, match="non-negative"):
        TabularMDP({0: {0: [(1.5, 0, 0.0, False), (-0.5, 0, 1.0, True)]}})
    with pytest.raises(ValueError, match="next state"):
        TabularMDP({0: {0: [(1.0, 3, 0.0, False)]}})
    with pytest.raises(ValueError, match="NaN"):
        TabularMDP({0: {0: [(1.0, 0, np.nan, False)]}})
    with pytest.raises(ValueError, match="actions"):
        TabularMDP({0: {0: [(1.0, 0, 0, True)]}, 1: {}})
    mdp = TabularMDP(good)
    assert TabularMDP(1, 1, good).n_states == TabularMDP(good, n_states=1, n_actions=1).n_states == 1
    with pytest.raises(ValueError, match="not 2 and 1"):
        TabularMDP(good, n_states=2)
    for gamma in (-0.1, 1.5, np.nan, "0.9"):
        with pytest.raises(ValueError, match="gamma"):
            value_iteration(mdp, gamma=gamma)
        with pytest.raises(ValueError, match="gamma"):
            policy_iteration(mdp, gamma=gamma)
    with pytest.raises(ValueError, match="policy"):
        policy_evaluation(mdp, [[0.5]])
    with pytest.raises(ValueError, match="actions must be in"):
        policy_evaluation(mdp, [2])
    with pytest.raises(ValueError, match="method"):
        policy_evaluation(mdp, [0], method="magic")
    with pytest.raises(ValueError, match="no transition table"):
        TabularMDP.from_env(gym.make("CartPole-v1"))
    with pytest.raises(TypeError, match="TabularMDP"):
        value_iteration(good)
    # gamma = 1 and a policy that never terminates: no finite value, a clear error.
    loop = TabularMDP({0: {0: [(1.0, 0, -1.0, False)]}})
    with pytest.raises(ValueError, match="never terminates"):
        policy_evaluation(loop, [0], gamma=1.0, method="exact")
    with pytest.warns(ConvergenceWarning):
        value_iteration(loop, gamma=1.0, max_iter=10)
