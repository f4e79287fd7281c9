"""Demos: each algorithm shown at work, with numbers, figures and checks.

One module per demo, registered by name and lecture topic with :func:`register`;
``syllabus list``, ``syllabus demo NAME`` and ``syllabus tour`` find them all.
"""

from ._registry import (
    TOPICS,
    Demo,
    DemoContext,
    DemoResult,
    FrameSet,
    all_demos,
    get_demo,
    register,
    run_demo,
)

__all__ = ["TOPICS", "Demo", "DemoContext", "DemoResult", "FrameSet", "all_demos", "get_demo", "register", "run_demo"]
