"""syllabus's own Gymnasium environments: the k-armed bandit testbed and the 4x3 grid world.

Both are ``gymnasium.Env`` subclasses (``reset(seed=...)``, ``step`` returning five values,
``render()`` to an RGB array) and pass ``gymnasium.utils.env_checker.check_env``.
``GridWorld`` exposes its transition table ``P[s][a] = [(prob, next, reward, terminated)]``
as Gymnasium's toy-text environments do, so :meth:`TabularMDP.from_env` reads it.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
from gymnasium import spaces

__all__ = ["GridWorld", "MultiArmedBandit", "register_envs"]

# Okabe-Ito colours (RGB) used by the renderers.
_BLUE, _ORANGE, _GREEN, _VERMILLION = (0, 114, 178), (230, 159, 0), (0, 158, 115), (213, 94, 0)
_GREY, _WHITE, _BLACK = (120, 120, 120), (250, 250, 250), (0, 0, 0)


def _check_action(space: spaces.Discrete, action: Any) -> int:
    """The action as an int, or a ValueError naming the action space."""
    if isinstance(action, (int, np.integer)) and not isinstance(action, bool):
        if space.start <= action < space.start + space.n:
            return int(action)
    elif np.ndim(action) == 0 and isinstance(action, (float, np.floating, np.ndarray)):
        try:  # an integral float or a 0-d array
            if float(action) == int(action) and space.contains(np.int64(action)):
                return int(action)
        except (TypeError, ValueError, OverflowError):
            pass
    raise ValueError(f"Action {action!r} is outside the action space {space}.")


class MultiArmedBandit(gym.Env):
    """The k-armed bandit: each action pulls an arm, whose reward is drawn from its distribution.

    The default is Sutton & Barto's 10-armed testbed: at every ``reset`` the arms' means are
    drawn from N(0, 1) with the environment's generator (so ``reset(seed=s)`` fixes them) and
    rewards are N(mean, 1). With ``rewards="bernoulli"`` an arm pays 1 with probability its
    mean (drawn U(0, 1) when ``means`` is None). ``drift > 0`` makes the problem
    non-stationary: after every step each mean takes an independent N(0, drift^2) step.

    The observation is always 0 (a bandit has a single state); episodes never terminate
    (use a ``TimeLimit``, or call ``step`` as often as you need).

    Parameters
    ----------
    means : array-like of shape (n_arms,), default=None
        The arms' expected rewards (probabilities for Bernoulli arms); None draws them at
        each reset.
    n_arms : int, default=10
        Number of arms when ``means`` is None.
    rewards : {"gaussian", "bernoulli"}, default="gaussian"
        Reward distribution of an arm.
    std : float, default=1.0
        Standard deviation of Gaussian rewards.
    drift : float, default=0.0
        Standard deviation of the random walk of the means per step (Gaussian arms only).
    render_mode : {"rgb_array", None}, default=None

    Attributes
    ----------
    means : ndarray of shape (n_arms,)
        The current means (set by ``reset``).
    optimal_action : int
        The arm with the largest current mean.

    Examples
    --------
    >>> from syllabus.rl import MultiArmedBandit
    >>> env = MultiArmedBandit(means=[0.0, 1.0], std=0.0)
    >>> env.reset(seed=0)
    (0, {'optimal_action': 1})
    >>> env.step(1)[1]
    1.0
    """

    metadata = {"render_modes": ["rgb_array"], "render_fps": 4}

    def __init__(self, means: Any = None, n_arms: int = 10, rewards: str = "gaussian",
                 std: float = 1.0, drift: float = 0.0, render_mode: str | None = None) -> None:
        if rewards not in ("gaussian", "bernoulli"):
            raise ValueError(f"rewards must be 'gaussian' or 'bernoulli', got {rewards!r}.")
        if means is not None:
            means = np.asarray(means, dtype=np.float64)
            if means.ndim != 1 or means.size < 1 or not np.all(np.isfinite(means)):
                raise ValueError("means must be a non-empty 1-D array of finite numbers.")
            if rewards == "bernoulli" and np.any((means < 0) | (means > 1)):
                raise ValueError("Bernoulli arms need means (probabilities) in [0, 1].")
            n_arms = means.size
        if not isinstance(n_arms, (int, np.integer)) or isinstance(n_arms, bool) or n_arms < 1:
            raise ValueError(f"n_arms must be a positive int, got {n_arms!r}.")
        if not (np.isfinite(std) and std >= 0):
            raise ValueError(f"std must be a finite number >= 0, got {std!r}.")
        if not (np.isfinite(drift) and drift >= 0):
            raise ValueError(f"drift must be a finite number >= 0, got {drift!r}.")
        if drift > 0 and rewards == "bernoulli":
            raise ValueError("drift applies to Gaussian arms only.")
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be None or 'rgb_array', got {render_mode!r}.")
        self._fixed_means = means
        self.n_arms = int(n_arms)
        self.rewards = rewards
        self.std = float(std)
        self.drift = float(drift)
        self.render_mode = render_mode
        self.action_space = spaces.Discrete(self.n_arms)
        self.observation_space = spaces.Discrete(1)
        self.means = np.zeros(self.n_arms) if means is None else means.copy()
        self._last_action: int | None = None

    @property
    def optimal_action(self) -> int:
        return int(np.argmax(self.means))

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        if self._fixed_means is not None:
            self.means = self._fixed_means.copy()
        elif self.rewards == "gaussian":
            self.means = self.np_random.standard_normal(self.n_arms)
        else:
            self.means = self.np_random.uniform(size=self.n_arms)
        self._last_action = None
        return 0, {"optimal_action": self.optimal_action}

    def step(self, action: Any):
        arm = _check_action(self.action_space, action)
        mean = self.means[arm]
        if self.rewards == "gaussian":
            reward = float(mean + self.std * self.np_random.standard_normal())
        else:
            reward = float(self.np_random.uniform() < mean)
        info = {"optimal_action": self.optimal_action, "mean": float(mean)}
        if self.drift > 0:
            self.means = self.means + self.drift * self.np_random.standard_normal(self.n_arms)
        self._last_action = arm
        return 0, reward, False, False, info

    def render(self):
        if self.render_mode != "rgb_array":
            return None
        # One bar per arm (height = mean), the last pulled arm in orange.
        height, bar, gap = 120, 16, 4
        width = self.n_arms * (bar + gap) + gap
        img = np.full((height, width, 3), _WHITE, dtype=np.uint8)
        scale = max(1e-12, float(np.max(np.abs(self.means))))
        mid = height // 2
        img[mid, :] = _GREY
        for arm, mean in enumerate(self.means):
            top = int(round(mid - (mean / scale) * (mid - 4)))
            lo, hi = sorted((top, mid))
            x = gap + arm * (bar + gap)
            img[lo:hi + 1, x:x + bar] = _ORANGE if arm == self._last_action else _BLUE
        return img


# Russell & Norvig's 4x3 world, top row first: S start, # wall, + and - the terminals.
_RN_LAYOUT = ("...+",
              ".#.-",
              "S...")
# Actions as in Gymnasium's CliffWalking: 0 up, 1 right, 2 down, 3 left.
_MOVES = np.array([(-1, 0), (0, 1), (1, 0), (0, -1)])
ACTION_NAMES = ("up", "right", "down", "left")


class GridWorld(gym.Env):
    """Russell & Norvig's 4x3 grid world: a wall, a +1 and a -1 terminal, a living reward.

    The intended move happens with probability ``1 - slip`` and each perpendicular move with
    ``slip / 2``; a move into the wall or off the grid leaves the agent in place. Every step
    costs ``living_reward``; entering a terminal adds its payoff (+1 or -1) and ends the
    episode. With ``gamma = 1`` the start state's optimal value is 0.705 (Russell & Norvig,
    Fig. 17.3).

    States are the free cells numbered row by row from the top-left (the wall is not a state:
    11 states on the default layout); actions are 0 up, 1 right, 2 down, 3 left.

    Parameters
    ----------
    living_reward : float, default=-0.04
        Reward of every step.
    slip : float, default=0.2
        Probability that the move goes perpendicular to the intended one.
    layout : sequence of str, default=None
        Rows of the grid, top first: "." free, "#" wall, "S" start, "+" / "-" terminals
        paying ``+1`` / ``-1``. None is the 4x3 world above.
    render_mode : {"rgb_array", "ansi", None}, default=None

    Attributes
    ----------
    P : dict
        ``P[s][a] = [(prob, next_state, reward, terminated), ...]`` (Gymnasium's toy-text form).
    cells : ndarray of shape (n_states, 2)
        The (row, column) of each state.
    start_state : int
    terminal_states : ndarray of int

    Examples
    --------
    >>> from syllabus.rl import GridWorld
    >>> env = GridWorld()
    >>> env.observation_space, env.action_space
    (Discrete(11), Discrete(4))
    >>> env.reset(seed=0)[0] == env.start_state
    True
    """

    metadata = {"render_modes": ["rgb_array", "ansi"], "render_fps": 4}

    def __init__(self, living_reward: float = -0.04, slip: float = 0.2,
                 layout: Any = None, render_mode: str | None = None) -> None:
        if not np.isfinite(living_reward):
            raise ValueError(f"living_reward must be finite, got {living_reward!r}.")
        if not (0.0 <= slip <= 1.0):
            raise ValueError(f"slip must be a probability in [0, 1], got {slip!r}.")
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(f"render_mode must be None, 'rgb_array' or 'ansi', got {render_mode!r}.")
        grid = np.array([list(row) for row in (_RN_LAYOUT if layout is None else layout)])
        if grid.ndim != 2 or not set(grid.ravel()) <= set(".#S+-") or (grid == "S").sum() != 1:
            raise ValueError("layout must be equal-length rows of '.', '#', '+', '-' with one 'S'.")
        self.living_reward = float(living_reward)
        self.slip = float(slip)
        self.layout = tuple("".join(row) for row in grid)
        self.render_mode = render_mode
        self.shape = grid.shape
        self.cells = np.argwhere(grid != "#")
        index = {tuple(c): s for s, c in enumerate(self.cells)}
        kinds = grid[self.cells[:, 0], self.cells[:, 1]]
        self.start_state = int(np.flatnonzero(kinds == "S")[0])
        payoff = np.where(kinds == "+", 1.0, np.where(kinds == "-", -1.0, 0.0))
        self.terminal_states = np.flatnonzero(payoff != 0)
        n_states = len(self.cells)
        self.observation_space = spaces.Discrete(n_states)
        self.action_space = spaces.Discrete(4)

        def move(s: int, a: int) -> int:
            r, c = self.cells[s] + _MOVES[a]
            inside = 0 <= r < self.shape[0] and 0 <= c < self.shape[1]
            return index[(r, c)] if inside and grid[r, c] != "#" else s

        self.P: dict[int, dict[int, list]] = {}
        for s in range(n_states):
            self.P[s] = {}
            for a in range(4):
                if s in self.terminal_states:  # absorbing, as in Gymnasium's toy text
                    self.P[s][a] = [(1.0, s, 0.0, True)]
                    continue
                outcomes = [(1.0 - slip, a), (slip / 2, (a + 1) % 4), (slip / 2, (a + 3) % 4)]
                self.P[s][a] = [(p, (nxt := move(s, d)), self.living_reward + payoff[nxt],
                                 bool(payoff[nxt] != 0)) for p, d in outcomes if p > 0]
        self.state = self.start_state

    def to_grid(self, values: Any, fill: float = np.nan) -> np.ndarray:
        """Per-state ``values`` laid out on the grid (``fill`` on the walls)."""
        values = np.asarray(values)
        out = np.full(self.shape, fill, dtype=np.result_type(values, type(fill)))
        out[self.cells[:, 0], self.cells[:, 1]] = values
        return out

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self.state = self.start_state
        return self.state, {"prob": 1.0}

    def step(self, action: Any):
        a = _check_action(self.action_space, action)
        outcomes = self.P[self.state][a]
        i = int(self.np_random.choice(len(outcomes), p=[o[0] for o in outcomes]))
        prob, self.state, reward, terminated = outcomes[i]
        return int(self.state), float(reward), bool(terminated), False, {"prob": float(prob)}

    def render(self):
        if self.render_mode == "ansi":
            rows = [list(row.replace("S", ".")) for row in self.layout]
            r, c = self.cells[self.state]
            rows[r][c] = "A"
            return "\n".join("".join(row) for row in rows) + "\n"
        if self.render_mode != "rgb_array":
            return None
        cell = 48
        img = np.full((self.shape[0] * cell, self.shape[1] * cell, 3), _WHITE, dtype=np.uint8)
        for r, row in enumerate(self.layout):
            for c, kind in enumerate(row):
                colour = {"#": _GREY, "+": _GREEN, "-": _VERMILLION}.get(kind)
                if colour is not None:
                    img[r * cell:(r + 1) * cell, c * cell:(c + 1) * cell] = colour
        img[::cell, :] = _BLACK  # grid lines
        img[:, ::cell] = _BLACK
        img[-1, :] = _BLACK
        img[:, -1] = _BLACK
        r, c = self.cells[self.state]
        yy, xx = np.mgrid[:cell, :cell] - (cell - 1) / 2
        disc = yy ** 2 + xx ** 2 <= (cell / 3) ** 2
        img[r * cell:(r + 1) * cell, c * cell:(c + 1) * cell][disc] = _BLUE
        return img


def register_envs() -> None:
    """Register ``syllabus/MultiArmedBandit-v0`` and ``syllabus/GridWorld-v0`` (idempotent)."""
    for env_id, entry_point, steps in (
        ("syllabus/MultiArmedBandit-v0", "syllabus.rl._envs:MultiArmedBandit", None),
        ("syllabus/GridWorld-v0", "syllabus.rl._envs:GridWorld", 100),
    ):
        if env_id not in gym.registry:
            gym.register(id=env_id, entry_point=entry_point, max_episode_steps=steps)
