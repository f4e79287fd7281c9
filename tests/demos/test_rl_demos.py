"""The RL demos report numbers that independent loop references agree with."""

import numpy as np

from syllabus.demos import run_demo
from syllabus.rl import GridWorld


def test_value_iteration_demo_values_agree_with_a_loop_reference(tmp_path):
    numbers = run_demo("gridworld_value_iteration", tmp_path, fast=True, seed=0).numbers
    env = GridWorld()
    V = [0.0] * env.observation_space.n
    for _ in range(200):  # textbook loop over states, actions and outcomes
        V = [max(sum(p * (r + (0.0 if done else V[n])) for p, n, r, done in env.P[s][a])
                 for a in range(4)) for s in range(env.observation_space.n)]
    np.testing.assert_allclose(np.array(numbers["V* on the grid"], dtype=float),
                               np.round(env.to_grid(V), 3), atol=1e-12)
    assert numbers["V*(start)"] == round(V[env.start_state], 4) == 0.7053
