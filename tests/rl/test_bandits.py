"""Bandit agents: their estimates against closed forms, their regret against each other."""

import gymnasium as gym
import numpy as np
import pytest

from syllabus.rl import (
    UCB1,
    EpsilonGreedy,
    GradientBandit,
    LinearSchedule,
    MultiArmedBandit,
    ThompsonSampling,
    run_bandit,
)


def _mean_regret(make_agent, n_runs, n_steps, make_env=MultiArmedBandit):
    return np.mean([run_bandit(make_env(), make_agent(), n_steps, seed=s).regret
                    for s in range(n_runs)], axis=0)


def test_ucb1_and_thompson_beat_constant_epsilon_greedy_on_the_testbed():
    # 20 testbed problems (means N(0, 1), seeds 0..19), 1000 pulls each.
    eps = _mean_regret(lambda: EpsilonGreedy(0.1), 20, 1000)
    ucb = _mean_regret(UCB1, 20, 1000)
    thompson = _mean_regret(ThompsonSampling, 20, 1000)
    # epsilon-greedy keeps paying ~ epsilon * mean gap per step: linear regret.
    assert ucb[-1] < 0.6 * eps[-1] and thompson[-1] < 0.6 * eps[-1], (eps[-1], ucb[-1], thompson[-1])
    late = slice(500, None)
    assert np.mean(np.diff(ucb[late])) < 0.5 * np.mean(np.diff(eps[late]))
    assert np.mean(np.diff(thompson[late])) < 0.5 * np.mean(np.diff(eps[late]))


def test_ucb1_regret_grows_logarithmically():
    T = 2048
    regret = _mean_regret(UCB1, 30, T, lambda: MultiArmedBandit(means=[0.3, 0.7], rewards="bernoulli"))
    t = np.arange(1, T + 1)
    sel = t >= 64

    def rmse(f):
        A = np.column_stack([np.ones(sel.sum()), f(t[sel])])
        coef = np.linalg.lstsq(A, regret[sel], rcond=None)[0]
        return coef, np.sqrt(np.mean((regret[sel] - A @ coef) ** 2))

    (_, slope), log_err = rmse(np.log)
    _, sqrt_err = rmse(np.sqrt)
    _, lin_err = rmse(lambda x: x)
    assert log_err < 0.5 * sqrt_err and log_err < 0.25 * lin_err, (log_err, sqrt_err, lin_err)
    # Each doubling of t adds about the same regret (a line in log t would double it).
    doubling = np.diff(regret[np.array([256, 512, 1024, 2048]) - 1])
    assert 0.6 < doubling[-1] / doubling[0] < 1.6, doubling
    # Auer et al.'s bound: regret <= 8 ln t / Delta + (1 + pi^2/3) Delta, Delta = 0.4.
    assert 0 < slope < 8 / 0.4
    assert np.all(regret <= 8 * np.log(t) / 0.4 + (1 + np.pi ** 2 / 3) * 0.4)


def test_same_seed_same_run_and_regret_is_the_sum_of_gaps():
    for agent in (EpsilonGreedy(0.1), UCB1(), ThompsonSampling(), GradientBandit(0.2)):
        a = run_bandit(MultiArmedBandit(), agent, 300, seed=5)
        b = run_bandit(MultiArmedBandit(), agent, 300, seed=5)
        c = run_bandit(MultiArmedBandit(), agent, 300, seed=6)
        assert np.array_equal(a.actions, b.actions) and np.array_equal(a.rewards, b.rewards)
        assert not np.array_equal(a.rewards, c.rewards)
    env = MultiArmedBandit()
    result = run_bandit(env, UCB1(), 300, seed=5)
    gaps = env.means.max() - env.means[result.actions]
    np.testing.assert_allclose(result.regret, np.cumsum(gaps), rtol=1e-12)
    assert np.array_equal(result.optimal, result.actions == np.argmax(env.means))


def test_sample_average_and_constant_step_size_estimates():
    env = MultiArmedBandit(n_arms=5)
    agent = EpsilonGreedy(0.3)
    result = run_bandit(env, agent, 400, seed=1)
    for arm in range(5):
        pulls = result.rewards[result.actions == arm]
        assert agent.counts_[arm] == pulls.size
        assert agent.values_[arm] == pytest.approx(pulls.mean() if pulls.size else 0.0, rel=1e-12)
    # Constant alpha: Q_{n+1} = (1 - alpha)^n Q_1 + sum_i alpha (1 - alpha)^(n - i) R_i.
    alpha, q1 = 0.1, 2.0
    agent = EpsilonGreedy(0.3, step_size=alpha, initial_value=q1)
    result = run_bandit(env, agent, 400, seed=1)
    for arm in range(5):
        pulls = result.rewards[result.actions == arm]
        n = pulls.size
        expected = (1 - alpha) ** n * q1 + np.sum(alpha * (1 - alpha) ** (n - 1 - np.arange(n)) * pulls)
        assert agent.values_[arm] == pytest.approx(expected, rel=1e-10)


def test_optimistic_greedy_tries_every_arm_first():
    env = MultiArmedBandit(means=np.linspace(-1, 1, 8), std=0.1)
    result = run_bandit(env, EpsilonGreedy(0.0, initial_value=5.0), 8, seed=0)
    assert sorted(result.actions) == list(range(8))
    decaying = EpsilonGreedy(lambda t: 1.0 / t)
    result = run_bandit(MultiArmedBandit(), decaying, 50, seed=0)
    assert decaying.t_ == 50


def test_ucb1_follows_its_formula():
    env = MultiArmedBandit(means=[0.1, 0.2, 0.3, 0.4])
    agent = UCB1(c=1.5)
    result = run_bandit(env, agent, 200, seed=3)
    assert list(result.actions[:4]) == [0, 1, 2, 3]
    # Replay: at step t (1-based, t > 4) the choice maximises Q + c sqrt(ln(t - 1) / N).
    for t in range(4, 200):
        past_a, past_r = result.actions[:t], result.rewards[:t]
        counts = np.bincount(past_a, minlength=4)
        q = np.bincount(past_a, weights=past_r, minlength=4) / counts
        ucb = q + 1.5 * np.sqrt(np.log(t) / counts)
        assert result.actions[t] == np.argmax(ucb)


def test_thompson_posteriors_are_the_conjugate_updates():
    env = MultiArmedBandit(n_arms=3)
    agent = ThompsonSampling(prior_mean=0.5, prior_std=2.0, noise_std=1.5)
    result = run_bandit(env, agent, 300, seed=2)
    n = np.bincount(result.actions, minlength=3)
    s = np.bincount(result.actions, weights=result.rewards, minlength=3)
    expected = (0.5 / 4 + s / 2.25) / (1 / 4 + n / 2.25)
    np.testing.assert_allclose(agent.values_, expected, rtol=1e-12)
    bern = MultiArmedBandit(means=[0.3, 0.6, 0.5], rewards="bernoulli")
    agent = ThompsonSampling(prior="beta", alpha=2.0, beta=3.0)
    result = run_bandit(bern, agent, 300, seed=2)
    n = np.bincount(result.actions, minlength=3)
    s = np.bincount(result.actions, weights=result.rewards, minlength=3)
    np.testing.assert_allclose(agent.values_, (2 + s) / (5 + n), rtol=1e-12)


def test_gradient_bandit_matches_the_textbook_update():
    env = MultiArmedBandit(n_arms=4)
    for baseline in (True, False):
        agent = GradientBandit(0.2, baseline=baseline)
        result = run_bandit(env, agent, 200, seed=4)
        H = np.zeros(4)
        for t, (a, r) in enumerate(zip(result.actions, result.rewards)):
            pi = np.exp(H - H.max()) / np.exp(H - H.max()).sum()
            rbar = (result.rewards[:t].mean() if t else r) if baseline else 0.0
            H = H + 0.2 * (r - rbar) * ((np.arange(4) == a) - pi)
        np.testing.assert_allclose(agent.preferences_, H, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(agent.values_.sum(), 1.0)


def test_works_with_gymnasium_make_and_a_schedule():
    env = gym.make("syllabus/MultiArmedBandit-v0", means=[0.0, 2.0], std=0.5)
    result = run_bandit(env, EpsilonGreedy(LinearSchedule(1.0, 0.0, 100)), 300, seed=0)
    assert np.all(result.actions[150:] == 1)
    assert result.regret[-1] == pytest.approx(2.0 * np.sum(result.actions == 0))


def test_bad_input_raises():
    env = MultiArmedBandit(n_arms=3)
    with pytest.raises(ValueError, match="'epsilon' parameter of EpsilonGreedy"):
        run_bandit(env, EpsilonGreedy(1.5), 10, seed=0)
    with pytest.raises(ValueError, match="'c' parameter of UCB1"):
        run_bandit(env, UCB1(c=-1), 10, seed=0)
    with pytest.raises(ValueError, match="'prior' parameter"):
        run_bandit(env, ThompsonSampling(prior="poisson"), 10, seed=0)
    with pytest.raises(ValueError, match="rewards 0 or 1"):
        run_bandit(env, ThompsonSampling(prior="beta"), 10, seed=0)
    with pytest.raises(ValueError, match="gave 2.0"):
        run_bandit(env, EpsilonGreedy(lambda t: 2.0), 10, seed=0)
    with pytest.raises(ValueError, match="n_steps"):
        run_bandit(env, UCB1(), 0, seed=0)
    with pytest.raises(ValueError, match="Discrete action space"):
        run_bandit(gym.make("MountainCarContinuous-v0"), UCB1(), 10, seed=0)
    agent = UCB1().reset(3, 0)
    with pytest.raises(ValueError, match="arm must be"):
        agent.update(3, 1.0)
    with pytest.raises(ValueError, match="finite"):
        agent.update(0, np.nan)
