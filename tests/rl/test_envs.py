"""syllabus's Gymnasium environments: the API contract, determinism, registration, bad input."""

import importlib

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import syllabus.rl as rl
from syllabus.rl import GridWorld, MultiArmedBandit, TabularMDP, value_iteration


@pytest.mark.filterwarnings("ignore:.*alternative render modes:UserWarning")
@pytest.mark.parametrize("make", [
    lambda: MultiArmedBandit(render_mode="rgb_array"),
    lambda: MultiArmedBandit(n_arms=3, rewards="bernoulli", render_mode="rgb_array"),
    lambda: MultiArmedBandit(drift=0.01, render_mode="rgb_array"),
    lambda: GridWorld(render_mode="rgb_array"),
    lambda: GridWorld(living_reward=0.1, slip=0.0, render_mode="rgb_array"),
])
def test_check_env_passes(make):
    check_env(make(), skip_render_check=False)


def test_registered_ids_make_the_environments_and_reimport_is_harmless():
    importlib.reload(rl)  # registering a second time must not fail
    rl.register_envs()
    env = gym.make("syllabus/GridWorld-v0", render_mode="rgb_array")
    assert isinstance(env.unwrapped, GridWorld) and env.spec.max_episode_steps == 100
    bandit = gym.make("syllabus/MultiArmedBandit-v0", n_arms=5)
    assert isinstance(bandit.unwrapped, MultiArmedBandit) and bandit.action_space.n == 5
    check_env(env.unwrapped)


def _rollout(env, seed, n_steps, actions):
    obs, _ = env.reset(seed=seed)
    out = [obs]
    for t in range(n_steps):
        obs, reward, terminated, truncated, _ = env.step(actions[t % len(actions)])
        out.append((obs, reward, terminated))
        if terminated or truncated:
            obs, _ = env.reset()
            out.append(obs)
    return out


@pytest.mark.parametrize("make", [lambda: MultiArmedBandit(), lambda: GridWorld(),
                                  lambda: MultiArmedBandit(drift=0.1)])
def test_reset_seed_makes_runs_identical(make):
    a = _rollout(make(), 3, 200, [0, 1, 2, 1])
    b = _rollout(make(), 3, 200, [0, 1, 2, 1])
    c = _rollout(make(), 4, 200, [0, 1, 2, 1])
    assert a == b and a != c


def test_bandit_testbed_means_come_from_the_reset_seed():
    env = MultiArmedBandit()
    env.reset(seed=7)
    means = env.means.copy()
    # Sutton & Barto's testbed: q*(a) ~ N(0, 1), drawn with the generator of reset(seed=7).
    assert np.array_equal(means, gym.utils.seeding.np_random(7)[0].standard_normal(10))
    env.reset(seed=7)
    assert np.array_equal(env.means, means)
    # Rewards are N(mean, 1): the sample mean and std of many pulls of each arm agree.
    rewards = np.array([[env.step(a)[1] for _ in range(4000)] for a in range(10)])
    assert np.allclose(rewards.mean(axis=1), means, atol=5 * 1 / np.sqrt(4000))
    assert np.allclose(rewards.std(axis=1), 1.0, atol=0.05)


def test_bernoulli_arms_pay_with_their_probability():
    env = MultiArmedBandit(means=[0.1, 0.5, 0.9], rewards="bernoulli")
    env.reset(seed=0)
    pulls = np.array([[env.step(a)[1] for _ in range(5000)] for a in range(3)])
    assert set(np.unique(pulls)) <= {0.0, 1.0}
    assert np.allclose(pulls.mean(axis=1), [0.1, 0.5, 0.9], atol=0.03)


def test_drift_moves_the_means_as_a_random_walk():
    env = MultiArmedBandit(means=np.zeros(4), drift=0.5)
    env.reset(seed=1)
    for _ in range(400):
        env.step(0)
    # After n steps each mean is N(0, n drift^2): far from 0 with overwhelming probability.
    assert np.std(env.means) > 1.0


def test_gridworld_transitions_are_russell_norvig():
    env = GridWorld()
    assert env.observation_space.n == 11 and env.action_space.n == 4
    start = env.start_state
    assert tuple(env.cells[start]) == (2, 0)
    up = sorted(env.P[start][0])
    # up: 0.8 up to (1, 0); 0.1 right to (2, 1); 0.1 left bumps into the edge: stays.
    cell = {tuple(c): s for s, c in enumerate(env.cells)}
    expected = sorted([(0.8, cell[1, 0], -0.04, False), (0.1, cell[2, 1], -0.04, False),
                       (0.1, start, -0.04, False)])
    np.testing.assert_allclose(np.array(up, dtype=float), np.array(expected, dtype=float))
    # Into the -1 terminal from (2, 3) going up: reward -1.04, terminated.
    outcomes = {o[1]: o for o in env.P[cell[2, 3]][0]}
    assert outcomes[cell[1, 3]][2] == pytest.approx(-1.04) and outcomes[cell[1, 3]][3] is True
    # Next to the wall: (1, 2) going left bumps into it and stays.
    assert any(o[1] == cell[1, 2] and o[0] == pytest.approx(0.8) for o in env.P[cell[1, 2]][3])


def test_gridworld_start_value_is_0705_and_the_classic_policy():
    env = GridWorld()
    V, policy = value_iteration(TabularMDP.from_env(env), gamma=1.0)
    grid = env.to_grid(V)
    # Russell & Norvig Fig. 17.3, to their three decimals.
    expected = np.array([[0.812, 0.868, 0.918, 0.0], [0.762, np.nan, 0.660, 0.0],
                         [0.705, 0.655, 0.611, 0.388]])
    np.testing.assert_allclose(grid, expected, atol=5e-4)
    arrows = env.to_grid(policy, fill=-1)
    # up from the start column, right along the top, left at (2, 3) (away from the -1).
    assert arrows[2, 0] == 0 and arrows[1, 0] == 0 and list(arrows[0, :3]) == [1, 1, 1]
    assert arrows[1, 2] == 0 and arrows[2, 3] == 3


def test_gridworld_sampled_transitions_follow_P():
    env = GridWorld()
    env.reset(seed=0)
    counts = {}
    for _ in range(20000):
        env.state = env.start_state
        nxt = env.step(0)[0]
        counts[nxt] = counts.get(nxt, 0) + 1
    for prob, nxt, _, _ in env.P[env.start_state][0]:
        assert counts[nxt] / 20000 == pytest.approx(prob, abs=0.015)


def test_render_rgb_arrays():
    env = GridWorld(render_mode="rgb_array")
    env.reset(seed=0)
    img = env.render()
    assert img.dtype == np.uint8 and img.shape == (3 * 48, 4 * 48, 3)
    env.step(0)
    assert not np.array_equal(env.render(), img) or env.state == env.start_state
    bandit = MultiArmedBandit(render_mode="rgb_array")
    bandit.reset(seed=0)
    assert bandit.render().shape[2] == 3
    ansi = GridWorld(render_mode="ansi")
    ansi.reset(seed=0)
    assert ansi.render().splitlines()[2][0] == "A"


@pytest.mark.parametrize("action", [4, -1, 1.5, "up", None])
def test_action_outside_the_space_raises(action):
    for env in (GridWorld(), MultiArmedBandit(n_arms=4)):
        env.reset(seed=0)
        with pytest.raises(ValueError, match="outside the action space"):
            env.step(action)


def test_bad_environment_parameters_raise():
    with pytest.raises(ValueError, match="slip"):
        GridWorld(slip=1.5)
    with pytest.raises(ValueError, match="layout"):
        GridWorld(layout=["..x", "S.."])
    with pytest.raises(ValueError, match="rewards"):
        MultiArmedBandit(rewards="poisson")
    with pytest.raises(ValueError, match="probabilities"):
        MultiArmedBandit(means=[0.5, 1.5], rewards="bernoulli")
    with pytest.raises(ValueError, match="n_arms"):
        MultiArmedBandit(n_arms=0)
