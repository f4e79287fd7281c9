"""Optimisation: update rules written once, PyTorch-style optimisers, ``minimize``, schedules.

- Update rules (small state + pure update on NumPy arrays): :func:`sgd_update`
  (GD, momentum, Nesterov), :func:`adagrad_update`, :func:`rmsprop_update`,
  :func:`adam_update`, :func:`newton_direction`, :func:`lbfgs_direction`.
- PyTorch-style optimisers over ``syllabus.nn`` parameters (anything with ``.data`` and
  ``.grad`` arrays): :class:`SGD`, :class:`Adagrad`, :class:`RMSprop`, :class:`Adam`,
  :class:`AdamW`, :class:`LBFGS`, with ``zero_grad/step/state_dict/load_state_dict``.
- :func:`minimize`: a full-batch solver of ``fun_and_grad(x) -> (f, g)`` with any of them
  (L-BFGS with a strong-Wolfe line search by default), used by the classical estimators.
- :mod:`syllabus.optim.lr_scheduler`: learning-rate schedules.
"""

from . import lr_scheduler
from ._first_order import SGD, Adagrad, Adam, AdamW, RMSprop
from ._lbfgs import LBFGSState, lbfgs_direction, lbfgs_iterations
from ._lbfgs_optimizer import LBFGS
from ._line_search import cubic_interpolate, strong_wolfe
from ._minimize import OptimizeResult, minimize
from ._optimizer import Optimizer
from ._rules import (
    AdagradState,
    AdamState,
    MomentumState,
    RMSpropState,
    adagrad_init,
    adagrad_update,
    adam_init,
    adam_update,
    add_weight_decay,
    momentum_init,
    newton_direction,
    rmsprop_init,
    rmsprop_update,
    sgd_update,
)

__all__ = [
    "LBFGS",
    "SGD",
    "Adagrad",
    "Adam",
    "AdamW",
    "Optimizer",
    "RMSprop",
    "AdagradState",
    "AdamState",
    "LBFGSState",
    "MomentumState",
    "OptimizeResult",
    "RMSpropState",
    "adagrad_init",
    "adagrad_update",
    "adam_init",
    "adam_update",
    "add_weight_decay",
    "cubic_interpolate",
    "lbfgs_direction",
    "lbfgs_iterations",
    "lr_scheduler",
    "minimize",
    "momentum_init",
    "newton_direction",
    "rmsprop_init",
    "rmsprop_update",
    "sgd_update",
    "strong_wolfe",
]
