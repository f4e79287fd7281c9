"""The same network built in syllabus.nn and torch.nn with identical weights (nn / train benchmarks)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def mlp_784(lib: Any) -> Any:
    """The MNIST-sized MLP 784-256-128-10 with ReLUs, from ``lib`` (``syllabus.nn`` or ``torch.nn``)."""
    return lib.Sequential(lib.Linear(784, 256), lib.ReLU(), lib.Linear(256, 128), lib.ReLU(),
                          lib.Linear(128, 10))


def twins(build: Callable[[Any], Any]) -> tuple[Any, Any]:
    """``(ours, theirs)``: ``build(syllabus.nn)`` carrying the weights of ``build(torch.nn)``."""
    import torch

    from syllabus import nn

    ours, theirs = build(nn), build(torch.nn)
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    return ours, theirs


def forward_backward_steps(ours: Any, theirs: Any, x: Any, y: Any) -> tuple[Callable, Callable]:
    """One cross-entropy forward + backward pass of each network on the NumPy batch ``(x, y)``."""
    import torch

    from syllabus import nn

    loss_ours, loss_theirs = nn.CrossEntropyLoss(), torch.nn.CrossEntropyLoss()
    tx, ty = torch.from_numpy(x), torch.from_numpy(y)

    def step_ours():
        ours.zero_grad()
        loss_ours(ours(x), y).backward()

    def step_theirs():
        theirs.zero_grad()
        loss_theirs(theirs(tx), ty).backward()

    return step_ours, step_theirs
