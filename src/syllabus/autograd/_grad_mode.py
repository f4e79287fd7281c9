"""Whether operations record a graph: ``no_grad``, ``enable_grad``, ``set_grad_enabled``."""

from __future__ import annotations

import functools
import threading


class _GradMode(threading.local):
    enabled = True  # per thread, as in PyTorch


_mode = _GradMode()


def is_grad_enabled() -> bool:
    """Return True when operations on tensors record a graph for ``backward``."""
    return _mode.enabled


class set_grad_enabled:
    """Turn graph recording on or off; usable as a call, a context manager or a decorator.

    Parameters
    ----------
    mode : bool
        True records operations for ``backward``; False does not.

    Examples
    --------
    >>> import syllabus
    >>> x = syllabus.tensor([1.0, 2.0], requires_grad=True)
    >>> with syllabus.autograd.set_grad_enabled(False):
    ...     y = x * 2
    >>> y.requires_grad
    False
    """

    def __init__(self, mode: bool) -> None:
        self.prev = _mode.enabled
        self.mode = bool(mode)
        _mode.enabled = self.mode

    def __enter__(self) -> None:
        _mode.enabled = self.mode

    def __exit__(self, *exc) -> None:
        _mode.enabled = self.prev

    def __call__(self, fn):
        mode = self.mode
        _mode.enabled = self.prev  # used as a decorator: do not change the mode now

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)

        return wrapper


class no_grad(set_grad_enabled):
    """Context manager (or decorator) under which no graph is recorded.

    Inside it, results of operations have ``requires_grad=False``; use it for evaluation and
    for in-place parameter updates.

    Examples
    --------
    >>> import syllabus
    >>> w = syllabus.tensor([1.0], requires_grad=True)
    >>> with syllabus.no_grad():
    ...     y = w * 3
    >>> y.requires_grad
    False
    """

    def __init__(self) -> None:
        self.prev = _mode.enabled
        self.mode = False

    def __enter__(self) -> None:
        self.prev = _mode.enabled
        _mode.enabled = False


class enable_grad(set_grad_enabled):
    """Context manager (or decorator) that turns graph recording back on inside ``no_grad``."""

    def __init__(self) -> None:
        self.prev = _mode.enabled
        self.mode = True

    def __enter__(self) -> None:
        self.prev = _mode.enabled
        _mode.enabled = True
