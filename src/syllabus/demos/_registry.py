"""The demo registry: each demo is a function registered by name and lecture topic.

A demo receives a :class:`DemoContext`, computes something real, and reports through it:
``ctx.number`` for the numbers it prints, ``ctx.figure`` for matplotlib figures, and
``ctx.check`` for named claims that hold or fail (a failed check fails the tour).
"""

from __future__ import annotations

import importlib
import pkgutil
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..utils._blas_threads import single_threaded_blas

# Lecture topics, in the order of the course; the tour's report follows this order.
TOPICS: dict[str, str] = {
    "evaluation": "Evaluation and model selection",
    "linear": "Linear models, regularisation and basis functions",
    "kernels-svm": "Kernels and support vector machines",
    "trees-neighbours": "Decision trees and nearest neighbours",
    "neural-networks": "Neural networks and backpropagation",
    "optimisation": "Optimisation and training techniques",
    "cnn": "Convolutional networks",
    "rnn": "Recurrent networks",
    "attention": "Attention and the Transformer",
    "unsupervised": "Unsupervised learning",
    "generative": "Auto-encoders and generative models",
    "paradigms": "Training paradigms: metric, contrastive, self-supervised, few-shot",
    "rl": "Reinforcement learning",
    "theory": "Learning theory",
}


@dataclass
class Check:
    claim: str
    passed: bool
    detail: str = ""


@dataclass
class FrameSet:
    """One figure drawn for each value of a parameter (a slider, or an animation's frames).

    Parameters
    ----------
    name : str
        Base name of the frames' files.
    label : str
        What the slider moves ("C", "iteration"...).
    values : list
        The parameter's values, one per frame.
    paths : list of Path
        The frames' PNG files, in the order of ``values``.
    animate : bool
        Whether the frames are steps of a process (the report adds play/pause).
    """

    name: str
    label: str
    values: list
    paths: list[Path] = field(default_factory=list)
    animate: bool = False


@dataclass
class DemoResult:
    """What :func:`run_demo` returns: the demo's identity and everything it reported.

    Parameters
    ----------
    name, topic, title, description : str
        From the registration (``description`` is the demo function's docstring).
    numbers : dict of str to object, default={}
        The values recorded by ``ctx.number``.
    figures : list of Path, default=[]
        The PNG files written for ``ctx.figure`` (none when the demo raised).
    checks : list of Check, default=[]
        The claims recorded by ``ctx.check`` (``claim``, ``passed``, ``detail``).
    frames : list of FrameSet, default=[]
        The figures recorded by ``ctx.frames``, one per value of a parameter.
    alt : dict of str to str, default={}
        A text description of each figure file (its panels' titles and axis labels), for
        the report's alt text and captions.
    warnings : list of str, default=[]
        Warnings raised while the demo ran (shown in its report section).
    seconds : float, default=0.0
        Wall-clock time of the run.
    error : str or None, default=None
        The traceback if the demo raised.

    Attributes
    ----------
    passed : bool
        No error and every check holds.
    """

    name: str
    topic: str
    title: str
    description: str
    numbers: dict[str, Any] = field(default_factory=dict)
    figures: list[Path] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    frames: list[FrameSet] = field(default_factory=list)
    alt: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and all(c.passed for c in self.checks)


class DemoContext:
    """What a demo works with: a seed, a fast flag, and places to put its results.

    Built by :func:`run_demo`, not by the demos themselves.

    Parameters
    ----------
    result : DemoResult
        Receives the numbers and checks.
    out_dir : Path
        Where this demo's figures are written.
    seed : int
        Seed of the run.
    fast : bool
        Whether to use smaller problems.

    Attributes
    ----------
    seed : int
        Seed of the run; ``rng`` is ``np.random.default_rng(seed)``.
    rng : numpy.random.Generator
        The demo's random generator.
    fast : bool
        When True, demos use smaller problems (the tests and ``--fast`` tours do).
    out_dir : Path
        Where this demo's figures are written.
    """

    def __init__(self, result: DemoResult, out_dir: Path, seed: int, fast: bool) -> None:
        self._result = result
        self.out_dir = out_dir
        self.seed = seed
        self.fast = fast
        self.rng = np.random.default_rng(seed)

    def number(self, name: str, value: Any) -> Any:
        """Record a number (or short string) the demo reports; returns ``value``."""
        if isinstance(value, np.generic):
            value = value.item()
        self._result.numbers[name] = value
        return value

    def check(self, claim: str, passed: bool, detail: str = "") -> bool:
        """Record a named claim and whether it holds; returns ``passed``."""
        self._result.checks.append(Check(claim, bool(passed), detail))
        return bool(passed)

    def figure(self, name: str, nrows: int = 1, ncols: int = 1, **subplot_kw: Any):
        """A new matplotlib figure saved as ``<out_dir>/<name>.png`` when the demo ends.

        Returns ``(fig, axes)`` as ``plt.subplots`` does.
        """
        import matplotlib

        matplotlib.use("Agg", force=True)
        import matplotlib.pyplot as plt

        subplot_kw.setdefault("figsize", (4.2 * ncols, 3.4 * nrows))
        fig, axes = plt.subplots(nrows, ncols, **subplot_kw)
        self._pending.append((name, fig))
        return fig, axes

    def frames(self, name: str, label: str, values: Sequence[Any],
               draw: Callable[..., None], *, animate: bool = False, nrows: int = 1,
               ncols: int = 1, **subplot_kw: Any) -> None:
        """Draw one figure per value of a parameter; the report shows them under a slider.

        Use it where a hyper-parameter is the lesson (SVM ``C``, a bandwidth, a degree, k) or
        for the steps of an iterative method (``animate=True`` adds play/pause).

        Parameters
        ----------
        name : str
            Base name; frame ``i`` is saved as ``<out_dir>/<name>_<i>.png``.
        label : str
            What the slider moves, e.g. ``"C"`` or ``"iteration"``.
        values : sequence
            The parameter's values, one frame each.
        draw : callable
            ``draw(fig, axes, value)`` draws the frame for ``value``.
        animate : bool, default=False
            The frames are successive steps of a process.

            In fast mode at most ``FAST_FRAMES`` (3) values are drawn, spread over
            ``values`` with the first and the last kept; ``draw`` must not rely on seeing
            every value.
        nrows, ncols, **subplot_kw
            As for :meth:`figure`; every frame has the same layout.
        """
        values = list(values)
        if self.fast and len(values) > FAST_FRAMES:
            # Every figure costs ~0.2 s: the fast tour draws a spread of the values
            # (the first and the last included).
            keep = np.unique(np.linspace(0, len(values) - 1, FAST_FRAMES).round().astype(int))
            values = [values[i] for i in keep]
        frame_set = FrameSet(name, label, [_plain(v) for v in values], animate=animate)
        for i, value in enumerate(values):
            fig, axes = self.figure(f"{name}_{i}", nrows, ncols, **subplot_kw)
            draw(fig, axes, value)
            self._frames.append((frame_set, fig))
        self._result.frames.append(frame_set)

    _pending: list
    _frames: list


FAST_FRAMES = 3


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


@dataclass
class Demo:
    """A registered demo (see :func:`register`).

    Parameters
    ----------
    name : str
        Unique name, used by :func:`run_demo` and ``syllabus list``.
    topic : str
        A key of ``TOPICS`` (the lecture topic).
    title : str
        One-line title shown in the report.
    func : callable
        ``func(ctx)`` taking a :class:`DemoContext`.
    order : int, default=100
        Position within its topic (teaching order; ties broken by name).

    Attributes
    ----------
    description : str
        The stripped docstring of ``func``.
    """

    name: str
    topic: str
    title: str
    func: Callable[[DemoContext], None]
    order: int = 100

    @property
    def description(self) -> str:
        return (self.func.__doc__ or "").strip()


_REGISTRY: dict[str, Demo] = {}


def register(name: str, *, topic: str, title: str, order: int = 100) -> Callable:
    """Decorator registering ``func(ctx)`` as the demo ``name`` under a lecture ``topic``.

    The function's docstring becomes the demo's description in the report.

    Parameters
    ----------
    name : str
        Unique demo name (a second function with this name in another module is an error).
    topic : str
        A key of ``TOPICS`` (the lecture topic).
    title : str
        One-line title shown in the report (a human title, not the snake_case name).
    order : int, default=100
        Position of the demo within its topic, in teaching order (ties broken by name).

    Returns
    -------
    callable
        The decorator; it returns ``func`` unchanged.
    """
    if topic not in TOPICS:
        raise ValueError(f"Unknown demo topic {topic!r}; choose one of {list(TOPICS)}.")

    def decorator(func: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        if name in _REGISTRY and _REGISTRY[name].func.__module__ != func.__module__:
            raise ValueError(f"Two demos are named {name!r}.")
        _REGISTRY[name] = Demo(name, topic, title, func, order)
        return func

    return decorator


def all_demos() -> list[Demo]:
    """Every registered demo, in the course's order: by lecture topic, then teaching order.

    Demo modules live in one sub-package per topic (``demos/linear/``, ``demos/svm/``...);
    modules whose name starts with an underscore hold shared pieces, not demos.
    """
    import syllabus.demos as package

    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        if not info.name.rsplit(".", 1)[-1].startswith("_"):
            importlib.import_module(info.name)
    topics = list(TOPICS)
    return sorted(_REGISTRY.values(), key=lambda d: (topics.index(d.topic), d.order, d.name))


def get_demo(name: str) -> Demo:
    """The registered demo called ``name`` (every demo module is imported first).

    Parameters
    ----------
    name : str

    Returns
    -------
    Demo

    Raises
    ------
    KeyError
        If no demo has this name.
    """
    demos = {d.name: d for d in all_demos()}
    if name not in demos:
        raise KeyError(f"No demo named {name!r}. `syllabus list` shows the demos.")
    return demos[name]


def run_demo(name: str, out_dir: str | Path = "out", *, seed: int = 0, fast: bool = False) -> DemoResult:
    """Run one demo; its figures go to ``out_dir/<name>/``. Errors are caught and reported.

    Runs with a single BLAS thread; matplotlib uses the Agg backend.

    Parameters
    ----------
    name : str
        A registered demo name.
    out_dir : str or Path, default="out"
        Parent directory of the demo's figure directory (created if needed).
    seed : int, default=0
        Seed of ``ctx.rng``.
    fast : bool, default=False
        Ask the demo for smaller problems.

    Returns
    -------
    DemoResult
        ``result.error`` holds the traceback if the demo raised; ``result.passed`` tells
        whether it ran and every check holds.

    Raises
    ------
    KeyError
        If no demo has this name.
    """
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from ._plotting import STYLE

    demo = get_demo(name)
    result = DemoResult(demo.name, demo.topic, demo.title, demo.description)
    fig_dir = Path(out_dir) / demo.name
    fig_dir.mkdir(parents=True, exist_ok=True)
    ctx = DemoContext(result, fig_dir, seed, fast)
    ctx._pending = []
    ctx._frames = []
    start = time.perf_counter()
    # One style for every figure (sizes, fonts, colour-blind-safe colours, constrained layout).
    with matplotlib.rc_context(STYLE), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # Demos are small problems: one BLAS thread keeps them fast on a busy machine.
            with single_threaded_blas():
                demo.func(ctx)
        except Exception:
            result.error = traceback.format_exc()
        finally:
            frame_of = {id(fig): frame_set for frame_set, fig in ctx._frames}
            frame_layout: dict[int, list] = {}  # id(frame set) -> its first frame's axes boxes
            for fig_name, fig in ctx._pending:
                if result.error is None:
                    path = fig_dir / f"{fig_name}.png"
                    frame_set = frame_of.get(id(fig))
                    boxes = frame_layout.get(id(frame_set))
                    if boxes is not None and len(boxes) == len(fig.axes):
                        _reuse_layout(fig, boxes)
                    elif fig.get_layout_engine() is None:
                        fig.tight_layout()
                    fig.savefig(path, dpi=FAST_FIGURE_DPI if fast else FIGURE_DPI)
                    if frame_set is not None and boxes is None:
                        frame_layout[id(frame_set)] = [ax.get_position(original=True)
                                                       for ax in fig.axes]
                    result.alt[path.name] = _describe(fig)
                    if id(fig) in frame_of:
                        frame_of[id(fig)].paths.append(path)
                    else:
                        result.figures.append(path)
                plt.close(fig)
    seen = set()
    for w in caught:  # shown in the demo's report section, not leaked to the terminal
        text = f"{w.category.__name__}: {w.message}"
        if text not in seen:
            seen.add(text)
            result.warnings.append(text)
    result.seconds = time.perf_counter() - start
    return result


def _reuse_layout(fig: Any, boxes: list) -> None:
    """Place ``fig``'s axes where the first frame of its slider had them, and switch its
    layout engine off.

    Frames of one slider share their axes, so one layout serves them all: the axes stay
    still while the slider moves, and each later frame skips the layout pass (about half
    of the time of saving a figure).
    """
    fig.set_layout_engine("none")
    for ax, box in zip(fig.axes, boxes):
        ax.set_position(box, which="original")


FIGURE_DPI = 150
# Fast tours (CI, the browser test) save smaller PNGs: rasterising and encoding cost ~1/3 less.
# The report reads each PNG's own dpi, so figures show at the same size either way.
FAST_FIGURE_DPI = 100


def _describe(fig: Any) -> str:
    """A text description of a figure from its titles and axis labels (the alt text)."""
    parts = []
    if fig._suptitle is not None and fig._suptitle.get_text():
        parts.append(fig._suptitle.get_text())
    for ax in fig.axes:
        if not ax.get_visible() or ax.get_label() == "<colorbar>":
            continue
        bits = [ax.get_title()] if ax.get_title() else []
        if ax.get_xlabel():
            bits.append(f"x: {ax.get_xlabel()}")
        if ax.get_ylabel():
            bits.append(f"y: {ax.get_ylabel()}")
        if bits:
            parts.append(", ".join(bits))
    return "; ".join(parts)
