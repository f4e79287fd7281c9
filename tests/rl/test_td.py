"""Tabular TD control on Gymnasium's CliffWalking and on GridWorld."""

import gymnasium as gym
import numpy as np
import pytest

from syllabus.rl import (
    SARSA,
    ExpectedSARSA,
    GridWorld,
    LinearSchedule,
    QLearning,
    TabularMDP,
    evaluate,
    q_value_iteration,
    train,
    value_iteration,
)

START, GOAL = 36, 47


def _greedy_path(agent, P):
    """States visited by the greedy policy from the start of the (deterministic) cliff world."""
    s, path, total = START, [START], 0.0
    for _ in range(100):
        _, s, r, done = P[s][agent.predict(s)][0]
        path.append(int(s))
        total += r
        if done:
            break
    return total, path


@pytest.mark.parametrize("cls", [QLearning, SARSA, ExpectedSARSA])
def test_same_seed_gives_the_same_q_table(cls):
    env = gym.make("CliffWalking-v1")
    a, b, c = (cls(step_size=0.5, gamma=1.0, epsilon=0.1) for _ in range(3))
    ra = train(env, a, 60, seed=11)
    rb = train(env, b, 60, seed=11)
    train(env, c, 60, seed=12)
    assert np.array_equal(a.Q_, b.Q_) and np.array_equal(ra, rb)
    assert not np.array_equal(a.Q_, c.Q_)


def test_q_learning_reaches_the_optimal_greedy_path_and_sarsa_the_safe_one():
    env = gym.make("CliffWalking-v1")
    P = env.unwrapped.P
    V, _ = value_iteration(TabularMDP.from_env(env), gamma=1.0)
    assert V[START] == -13.0
    q_returns, sarsa_returns = [], []
    for seed in range(3):
        q = QLearning(step_size=0.1, gamma=1.0, epsilon=0.1)
        sarsa = SARSA(step_size=0.1, gamma=1.0, epsilon=0.1)
        q_returns.append(train(env, q, 500, seed=seed))
        sarsa_returns.append(train(env, sarsa, 500, seed=seed))
        total, path = _greedy_path(q, P)
        assert total == V[START] and evaluate(env, q, 1, seed=0)[0] == -13.0
        # The optimal path walks along the cliff edge: up, 11 x right, down.
        assert path == [START, 24, *range(25, 36), GOAL]
        total, path = _greedy_path(sarsa, P)
        assert path[-1] == GOAL and total < -13.0
        # SARSA's path keeps a row between itself and the cliff in the middle columns.
        middle = [s for s in path if 1 <= s % 12 <= 10]
        assert middle and all(s // 12 <= 1 for s in middle), path
    # The classic figure: while exploring, SARSA's online returns are better (it does not
    # fall off the cliff as often), although Q-learning's greedy policy is the better one.
    late = slice(200, None)
    assert np.mean([r[late] for r in sarsa_returns]) > np.mean([r[late] for r in q_returns]) + 5


def test_q_learning_is_off_policy_value_iteration_on_a_deterministic_world():
    # alpha = 1 on deterministic transitions: each update is an exact Bellman backup, and a
    # uniformly random behaviour policy (epsilon = 1) still learns Q* (off-policy).
    env = GridWorld(slip=0.0)
    agent = QLearning(step_size=1.0, gamma=0.9, epsilon=1.0)
    train(env, agent, 300, seed=0)
    Q_star = q_value_iteration(TabularMDP.from_env(env), gamma=0.9, tol=1e-14)
    terminal = env.terminal_states
    live = np.setdiff1d(np.arange(env.observation_space.n), terminal)
    np.testing.assert_allclose(agent.Q_[live], Q_star[live], rtol=0, atol=1e-12)


def test_expected_sarsa_with_greedy_policy_is_q_learning():
    env = GridWorld()
    q = QLearning(step_size=0.3, gamma=0.95, epsilon=0.0, initial_value=1.0)
    e = ExpectedSARSA(step_size=0.3, gamma=0.95, epsilon=0.0, initial_value=1.0)
    train(env, q, 100, seed=3)
    train(env, e, 100, seed=3)
    np.testing.assert_array_equal(q.Q_, e.Q_)


def test_expected_sarsa_policy_and_epsilon_schedule():
    env = GridWorld()
    agent = ExpectedSARSA(epsilon=LinearSchedule(1.0, 0.1, 50))
    train(env, agent, 80, seed=0)
    assert agent.episode_ == 80 and agent.epsilon_ == pytest.approx(0.1)
    agent.Q_[0] = [1.0, 3.0, 3.0, 0.0]
    np.testing.assert_allclose(agent.policy(0), [0.025, 0.475, 0.475, 0.025])


def test_sarsa_update_is_the_textbook_one():
    env = GridWorld(slip=0.0)
    agent = SARSA(step_size=0.5, gamma=0.9, epsilon=0.0).setup(env, 0)
    agent.Q_[:] = np.arange(agent.Q_.size).reshape(agent.Q_.shape) / 10
    s2 = 3
    a2 = agent.learn(0, 1, -0.5, s2, False)
    assert a2 == 3  # greedy in state 3: the largest of Q[3]
    assert agent.Q_[0, 1] == pytest.approx(0.1 + 0.5 * (-0.5 + 0.9 * agent.Q_[3, 3] - 0.1))
    agent.learn(2, 0, 1.0, 3, True)  # terminated: no bootstrap
    assert agent.Q_[2, 0] == pytest.approx(0.8 + 0.5 * (1.0 - 0.8))


def test_bad_input_raises():
    with pytest.raises(ValueError, match="Discrete observation space"):
        train(gym.make("CartPole-v1"), QLearning(), 1, seed=0)
    with pytest.raises(ValueError, match="'gamma' parameter of SARSA"):
        train(GridWorld(), SARSA(gamma=1.5), 1, seed=0)
    with pytest.raises(ValueError, match="'step_size' parameter of QLearning"):
        train(GridWorld(), QLearning(step_size=0.0), 1, seed=0)
    with pytest.raises(ValueError, match="'epsilon' parameter"):
        train(GridWorld(), QLearning(epsilon=-0.1), 1, seed=0)
    with pytest.raises(ValueError, match="n_episodes"):
        train(GridWorld(), QLearning(), 0, seed=0)
    with pytest.raises(RuntimeError, match="not set up"):
        QLearning().predict(0)
    agent = QLearning().setup(GridWorld(), 0)
    with pytest.raises(ValueError, match="state in 0..10"):
        agent.act(11)


def test_callback_sees_every_episode_and_can_stop_training():
    seen = []

    def callback(episode, episode_return, agent):
        seen.append((episode, episode_return, agent.episode_))
        return episode == 4

    returns = train(GridWorld(), QLearning(), 50, seed=0, callback=callback)
    assert returns.shape == (5,) and [s[0] for s in seen] == list(range(5))
    assert [s[1] for s in seen] == returns.tolist() and seen[-1][2] == 5
