"""DQN: one gradient step equals PyTorch's, the target network and buffer behave, seeds replay."""

import copy

import gymnasium as gym
import numpy as np
import pytest

from syllabus.rl import DQN, GridWorld, ReplayBuffer, train

torch = pytest.importorskip("torch")


def _torch_twin(net):
    layers = []
    for module in net:
        if hasattr(module, "weight"):
            linear = torch.nn.Linear(module.in_features, module.out_features)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(module.weight.data.copy()))
                linear.bias.copy_(torch.from_numpy(module.bias.data.copy()))
            layers.append(linear)
        else:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def _filled_agent(double, seed=0):
    env = gym.make("CartPole-v1")
    agent = DQN(hidden_sizes=(8, 6), batch_size=7, learning_starts=0, gamma=0.9, lr=1e-2,
                huber_delta=0.5, double=double, target_update=1000).setup(env, seed)
    rng = np.random.default_rng(1)
    for _ in range(30):
        agent.buffer_.add(rng.normal(size=4), int(rng.integers(2)), 3 * rng.normal(),
                          rng.normal(size=4), bool(rng.random() < 0.3))
    # Make the target network differ from the online one, as it does between refreshes.
    for p in agent.target_network_.parameters():
        p.data += np.float32(0.1)
    return agent


@pytest.mark.parametrize("double", [True, False])
def test_gradient_steps_match_pytorch(double):
    agent = _filled_agent(double)
    online, target = _torch_twin(agent.q_network_), _torch_twin(agent.target_network_)
    opt = torch.optim.Adam(online.parameters(), lr=1e-2)
    rng = copy.deepcopy(agent.rng_)
    for _ in range(3):
        obs, actions, rewards, next_obs, terminated = agent.buffer_.sample(7, rng)
        obs, next_obs = torch.from_numpy(obs), torch.from_numpy(next_obs)
        with torch.no_grad():
            q_next = target(next_obs)
            best = (online(next_obs) if double else q_next).argmax(dim=1)
            y = torch.from_numpy(rewards) + 0.9 * (1 - torch.from_numpy(terminated)) \
                * q_next[torch.arange(7), best]
        q = online(obs)[torch.arange(7), torch.from_numpy(actions)]
        loss = torch.nn.functional.huber_loss(q, y, delta=0.5)
        opt.zero_grad()
        loss.backward()
        opt.step()
        agent._gradient_step()
        assert agent.losses_[-1] == pytest.approx(loss.item(), rel=1e-5)
    ours = [p.data for p in agent.q_network_.parameters()]
    theirs = [p.detach().numpy() for p in online.parameters()]
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_target_network_is_refreshed_every_target_update_steps():
    env = gym.make("CartPole-v1")
    agent = DQN(hidden_sizes=(8,), learning_starts=5, target_update=10, batch_size=4).setup(env, 0)
    obs, _ = env.reset(seed=0)
    synced = []
    for _ in range(20):
        action = agent.act(obs)
        next_obs, reward, terminated, truncated, _ = env.step(action)
        agent.learn(obs, action, reward, next_obs, terminated)
        obs = env.reset()[0] if terminated or truncated else next_obs
        same = all(np.array_equal(a.data, b.data) for a, b in
                   zip(agent.q_network_.parameters(), agent.target_network_.parameters()))
        synced.append(same)
    # Identical at 10 and 20 (just copied), different in between once learning has started.
    assert synced[9] and synced[19] and not synced[12] and not synced[5]
    assert len(agent.losses_) == 16 and agent.steps_ == 20


def test_epsilon_decays_linearly_over_steps():
    env = gym.make("CartPole-v1")
    agent = DQN(hidden_sizes=(4,), epsilon_start=1.0, epsilon_end=0.1, exploration_steps=100,
                learning_starts=10_000)
    train(env, agent, 20, seed=0)
    steps = agent.steps_
    assert agent.epsilon_ == pytest.approx(max(0.1, 1.0 - 0.9 * steps / 100))


def test_same_seed_same_network():
    env = gym.make("CartPole-v1")
    make = lambda: DQN(hidden_sizes=(16,), learning_starts=32, batch_size=16,  # noqa: E731
                       exploration_steps=200)
    a, b, c = make(), make(), make()
    ra, rb, rc = (train(env, x, 6, seed=s) for x, s in ((a, 3), (b, 3), (c, 4)))
    assert np.array_equal(ra, rb)
    for p, q in zip(a.q_network_.parameters(), b.q_network_.parameters()):
        assert np.array_equal(p.data, q.data)
    assert not all(np.array_equal(p.data, q.data) for p, q in
                   zip(a.q_network_.parameters(), c.q_network_.parameters()))


def test_replay_buffer_is_a_ring():
    buffer = ReplayBuffer(3, (2,))
    for i in range(5):
        buffer.add([i, -i], i % 2, float(i), [i + 1, 0], i == 4)
    assert buffer.size == 3
    assert sorted(buffer.rewards.tolist()) == [2.0, 3.0, 4.0]
    obs, actions, rewards, next_obs, terminated = buffer.sample(50, np.random.default_rng(0))
    np.testing.assert_array_equal(obs[:, 0], rewards)
    np.testing.assert_array_equal(next_obs[:, 0], rewards + 1)
    np.testing.assert_array_equal(terminated, rewards == 4)
    with pytest.raises(ValueError, match="empty"):
        ReplayBuffer(2, (1,)).sample(1, np.random.default_rng(0))


def test_bad_input_raises():
    with pytest.raises(ValueError, match="1-D Box observation space"):
        train(GridWorld(), DQN(), 1, seed=0)
    with pytest.raises(ValueError, match="Discrete action space"):
        train(gym.make("Pendulum-v1"), DQN(), 1, seed=0)
    with pytest.raises(ValueError, match="'gamma' parameter of DQN"):
        train(gym.make("CartPole-v1"), DQN(gamma=2.0), 1, seed=0)
    with pytest.raises(ValueError, match="hidden_sizes"):
        train(gym.make("CartPole-v1"), DQN(hidden_sizes=(0,)), 1, seed=0)
    with pytest.raises(RuntimeError, match="not set up"):
        DQN().predict(np.zeros(4))
