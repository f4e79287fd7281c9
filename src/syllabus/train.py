"""The training loop: epochs of mini-batch steps, validation, history, early stopping, checkpoints.

:func:`fit` is the loop every lecture draws (get a mini-batch, forward, loss, backward,
update; then monitor the validation loss), written once::

    history = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
                  train_loader, val_loader, epochs=20, metrics=["accuracy"],
                  callbacks=[EarlyStopping(patience=3)], checkpoint="run.safetensors")

It returns a :class:`History` of per-epoch losses and metrics. A checkpoint holds everything
the next epoch depends on -- the model's parameters and buffers, the optimiser's and the
scheduler's state, the data loader's shuffling generator, the generator behind dropout, the
history and the callbacks' state -- as safetensors + JSON (:mod:`syllabus.io`, never pickle).
So a run stopped after ``k`` epochs and resumed with ``resume=True`` ends with exactly the
same weights, bit for bit, as a run that never stopped.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from . import io
from .autograd import Tensor, default_generator, no_grad, tensor
from .nn.utils import clip_grad_norm_
from .utils._sparse import issparse

__all__ = [
    "Callback",
    "EarlyStopping",
    "History",
    "TrainingState",
    "evaluate",
    "fit",
    "load_checkpoint",
    "save_checkpoint",
    "TBPTTResult",
    "truncated_bptt",
]

_CHECKPOINT_VERSION = 1


# --------------------------------------------------------------------------- helpers
def _array(value: Any) -> np.ndarray:
    """The NumPy array behind a Tensor (or an array-like)."""
    data = getattr(value, "data", value)
    return data if isinstance(data, np.ndarray) else np.asarray(data)


def _as_tensor(value: Any) -> Any:
    """Inputs become Tensors; a ``scipy.sparse`` batch stays sparse (``nn.Linear`` takes it)."""
    return value if isinstance(value, Tensor) or issparse(value) else tensor(np.asarray(value))


def _plain(tree: Any) -> Any:
    """Copy a state tree with every Tensor/array turned into a fresh NumPy array.

    State dicts hold live references to arrays that the next step updates in place; a
    snapshot (the best weights of early stopping, a checkpoint) must not follow them.
    """

    if isinstance(tree, Tensor):
        tree = tree.data
    if isinstance(tree, np.ndarray):
        return tree.copy()
    if isinstance(tree, Mapping):
        return {k: _plain(v) for k, v in tree.items()}
    if isinstance(tree, tuple) and hasattr(tree, "_fields"):  # NamedTuple: keep its type
        return type(tree)(*(_plain(v) for v in tree))
    if isinstance(tree, (list, tuple)):
        return type(tree)(_plain(v) for v in tree)
    return tree


def _split_batch(batch: Any) -> tuple[list[Any], Any]:
    """``(x, y)`` or ``(x1, ..., xk, y)`` -> inputs as tensors, target."""
    if not isinstance(batch, (tuple, list)) or len(batch) < 2:
        raise ValueError(
            "fit expects a data loader yielding (inputs..., target) tuples, e.g. a DataLoader "
            f"over TensorDataset(X, y); got a batch of type {type(batch).__name__}."
        )
    *inputs, target = batch
    return [_as_tensor(x) for x in inputs], target


def _batch_size(target: Any) -> int:
    shape = getattr(target, "shape", None)
    return int(shape[0]) if shape else len(target)


def _current_lr(optimizer: Any) -> float | None:
    groups = getattr(optimizer, "param_groups", None)
    if not groups:
        return None
    lr = groups[0].get("lr")
    return None if lr is None else float(lr)


def _requires_closure(optimizer: Any) -> bool:
    """L-BFGS re-evaluates the loss during its line search: it needs ``step(closure)``."""
    flag = getattr(optimizer, "requires_closure", None)
    if flag is not None:
        return bool(flag)
    return type(optimizer).__name__ == "LBFGS"


# --------------------------------------------------------------------------- metrics
def accuracy(output: np.ndarray, target: np.ndarray) -> float:
    """Fraction of correct predictions from network outputs.

    Several output columns: the predicted class is the arg-max (logits or probabilities).
    One column: the prediction is ``output > 0`` (a logit), compared with 0/1 targets.
    """
    output = np.asarray(output)
    target = np.asarray(target)
    if output.ndim == 2 and output.shape[1] > 1:
        pred = output.argmax(axis=1)
        target = target.reshape(-1)
    else:
        pred = (output.reshape(-1) > 0).astype(np.int64)
        target = target.reshape(-1).astype(np.int64)
    return float(np.mean(pred == target)) if target.size else math.nan


_BUILTIN_METRICS: dict[str, Callable[[np.ndarray, np.ndarray], float]] = {"accuracy": accuracy}


def _resolve_metrics(metrics: Any) -> dict[str, Callable[[np.ndarray, np.ndarray], float]]:
    if metrics is None:
        return {}
    if isinstance(metrics, str):
        metrics = [metrics]
    if isinstance(metrics, Mapping):
        items = list(metrics.items())
    else:
        items = []
        for m in metrics:
            if isinstance(m, str):
                items.append((m, m))
            elif callable(m):
                items.append((getattr(m, "__name__", "metric"), m))
            else:
                raise TypeError(f"A metric must be a name or a callable, got {m!r}.")
    out = {}
    for name, fn in items:
        if isinstance(fn, str):
            if fn not in _BUILTIN_METRICS:
                raise ValueError(
                    f"Unknown metric {fn!r}; built-in metrics are {sorted(_BUILTIN_METRICS)} "
                    "(or pass a callable metric(output, target) -> float)."
                )
            fn = _BUILTIN_METRICS[fn]
        if not callable(fn):
            raise TypeError(f"Metric {name!r} is not callable.")
        out[str(name)] = fn
    return out


# --------------------------------------------------------------------------- history
class History:
    """Per-epoch record of a training run, returned by :func:`fit`.

    Values are read by key, ``history["val_loss"]``, or through the shortcuts
    :attr:`train_loss` and :attr:`val_loss`.

    Attributes
    ----------
    history : dict of str to list of float
        ``"train_loss"``, ``"val_loss"`` (with a validation loader), ``"train_<metric>"``
        and ``"val_<metric>"`` for each metric, and ``"lr"`` (the learning rate the epoch
        was trained with), one value per completed epoch.
    epoch : list of int
        The completed epochs, numbered from 1.
    stopped_epoch : int or None
        The epoch after which a callback (e.g. :class:`EarlyStopping`) stopped training.

    Examples
    --------
    >>> h = History()
    >>> h.append(1, {"train_loss": 0.9, "val_loss": 1.0})
    >>> h.append(2, {"train_loss": 0.5, "val_loss": 0.8})
    >>> h.val_loss
    [1.0, 0.8]
    """

    def __init__(self) -> None:
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self.stopped_epoch: int | None = None

    def append(self, epoch: int, logs: Mapping[str, float]) -> None:
        """Record the values of one completed epoch."""
        self.epoch.append(int(epoch))
        for key, value in logs.items():
            column = self.history.setdefault(key, [math.nan] * (len(self.epoch) - 1))
            column.append(float(value))
        for key, column in self.history.items():
            if key not in logs:
                column.append(math.nan)

    def __getitem__(self, key: str) -> list[float]:
        if key not in self.history:
            raise KeyError(f"No {key!r} in the history; it has {sorted(self.history)}.")
        return self.history[key]

    def __contains__(self, key: object) -> bool:
        return key in self.history

    def __len__(self) -> int:
        return len(self.epoch)

    def keys(self) -> list[str]:
        return list(self.history)

    @property
    def train_loss(self) -> list[float]:
        return self.history.get("train_loss", [])

    @property
    def val_loss(self) -> list[float]:
        return self.history.get("val_loss", [])

    def state_dict(self) -> dict[str, Any]:
        return {"history": {k: list(v) for k, v in self.history.items()},
                "epoch": list(self.epoch), "stopped_epoch": self.stopped_epoch}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        self.history = {k: [float(x) for x in v] for k, v in state["history"].items()}
        self.epoch = [int(e) for e in state["epoch"]]
        self.stopped_epoch = state.get("stopped_epoch")

    def __repr__(self) -> str:
        last = {k: round(v[-1], 6) for k, v in self.history.items() if v}
        return f"History(epochs={len(self.epoch)}, last={last})"


# --------------------------------------------------------------------------- callbacks
class TrainingState:
    """What callbacks see of a run: the objects being trained and the epoch reached.

    Built by :func:`fit`; callbacks read it and may set ``stop_training``.

    Parameters
    ----------
    model, optimizer, scheduler : objects
        As passed to :func:`fit` (``scheduler`` may be None).
    history : History
        The run's history, filled as epochs end.

    Attributes
    ----------
    model, optimizer, scheduler : objects
        As passed to :func:`fit`.
    history : History
        The history so far.
    epoch : int
        Number of completed epochs.
    start_epoch : int
        Epochs already done when this call of :func:`fit` started (non-zero when resuming).
    stop_training : bool
        Set it to True to stop after the current epoch.
    """

    def __init__(self, model: Any, optimizer: Any, scheduler: Any, history: History) -> None:
        self.model = model
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.history = history
        self.epoch = 0
        self.start_epoch = 0
        self.stop_training = False


class Callback:
    """Base class of :func:`fit` callbacks; every hook is optional (the defaults do nothing)
    and the base class takes no constructor arguments.

    Set ``state.stop_training = True`` in a hook to stop after the current epoch.

    Methods
    -------
    on_train_begin(state)
        Before the first epoch of this call of :func:`fit`.
    on_epoch_begin(state)
        Before each epoch.
    on_epoch_end(state, logs)
        After each epoch; ``logs`` is this epoch's history entry (``{"train_loss": ...}``).
    on_train_end(state)
        After the last epoch.
    state_dict(), load_state_dict(state)
        A callback whose behaviour depends on past epochs saves it here so that
        checkpoints can resume it (default: ``{}`` and nothing).
    """

    def on_train_begin(self, state: TrainingState) -> None:
        pass

    def on_epoch_begin(self, state: TrainingState) -> None:
        pass

    def on_epoch_end(self, state: TrainingState, logs: dict[str, float]) -> None:
        pass

    def on_train_end(self, state: TrainingState) -> None:
        pass

    def state_dict(self) -> dict[str, Any]:
        return {}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        pass


class EarlyStopping(Callback):
    """Stop training when a monitored value has stopped improving (the deep-learning lecture).

    After each epoch the monitored value is compared with the best so far; it improves when
    it beats the best by more than ``min_delta``. After ``patience`` epochs in a row without
    improvement, training stops.

    Parameters
    ----------
    monitor : str, default="val_loss"
        A key of the history (``"val_loss"``, ``"val_accuracy"``, ``"train_loss"``...).
    patience : int, default=5
        Epochs without improvement tolerated before stopping.
    min_delta : float, default=0.0
        Smallest change that counts as an improvement.
    mode : {"auto", "min", "max"}, default="auto"
        Whether smaller or larger is better; "auto" chooses "max" for accuracies and scores,
        "min" otherwise.
    restore_best : bool, default=True
        At the end of training, load the weights of the best epoch into the model.

    Attributes
    ----------
    best : float
        Best monitored value.
    best_epoch : int
        Epoch (from 1) where it was reached.
    wait : int
        Epochs since the last improvement.
    stopped_epoch : int or None
        Epoch after which training was stopped.

    Examples
    --------
    >>> stopper = EarlyStopping(monitor="val_loss", patience=2)
    >>> stopper.patience
    2
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        patience: int = 5,
        min_delta: float = 0.0,
        mode: str = "auto",
        restore_best: bool = True,
    ) -> None:
        if not isinstance(patience, (int, np.integer)) or patience < 0:
            raise ValueError(f"patience must be a non-negative integer, got {patience!r}.")
        if not min_delta >= 0:
            raise ValueError(f"min_delta must be >= 0, got {min_delta!r}.")
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"mode must be 'auto', 'min' or 'max', got {mode!r}.")
        self.monitor = monitor
        self.patience = int(patience)
        self.min_delta = float(min_delta)
        if mode == "auto":
            mode = "max" if any(s in monitor for s in ("acc", "score", "r2", "auc")) else "min"
        self.mode = mode
        self.restore_best = restore_best
        self._reset()

    def _reset(self) -> None:
        self.best = math.inf if self.mode == "min" else -math.inf
        self.best_epoch = 0
        self.wait = 0
        self.stopped_epoch: int | None = None
        self.best_state: dict[str, np.ndarray] | None = None

    def _improved(self, value: float) -> bool:
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def on_train_begin(self, state: TrainingState) -> None:
        if state.start_epoch == 0:
            self._reset()

    def on_epoch_end(self, state: TrainingState, logs: dict[str, float]) -> None:
        if self.monitor not in logs:
            hint = " (pass a val_loader to fit)" if self.monitor.startswith("val_") else ""
            raise KeyError(f"EarlyStopping monitors {self.monitor!r}, which this run does not "
                           f"record{hint}; it records {sorted(logs)}.")
        value = float(logs[self.monitor])
        if self._improved(value):
            self.best, self.best_epoch, self.wait = value, state.epoch, 0
            if self.restore_best:
                self.best_state = _plain(state.model.state_dict())
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = state.epoch
                state.stop_training = True

    def on_train_end(self, state: TrainingState) -> None:
        if self.restore_best and self.best_state is not None:
            state.model.load_state_dict(self.best_state)

    def state_dict(self) -> dict[str, Any]:
        return {"best": self.best, "best_epoch": self.best_epoch, "wait": self.wait,
                "stopped_epoch": self.stopped_epoch, "best_state": self.best_state}

    def load_state_dict(self, state: Mapping[str, Any]) -> None:
        self.best = float(state["best"])
        self.best_epoch = int(state["best_epoch"])
        self.wait = int(state["wait"])
        self.stopped_epoch = state["stopped_epoch"]
        self.best_state = state["best_state"]


def _call(callbacks: Sequence[Any], hook: str, *args: Any) -> None:
    for cb in callbacks:
        method = getattr(cb, hook, None)
        if method is not None:
            method(*args)


# --------------------------------------------------------------------------- checkpoints
def _loader_rng_state(loader: Any) -> Any:
    if loader is None:
        return None
    if hasattr(loader, "state_dict"):
        return loader.state_dict()
    generator = getattr(loader, "generator", None)
    if isinstance(generator, np.random.Generator):
        return {"generator": generator.bit_generator.state}
    return None


def _set_loader_rng_state(loader: Any, state: Any) -> None:
    if loader is None or state is None:
        return
    if hasattr(loader, "load_state_dict"):
        loader.load_state_dict(state)
    else:
        loader.generator.bit_generator.state = state["generator"]


def save_checkpoint(
    path: str | os.PathLike,
    *,
    model: Any,
    optimizer: Any = None,
    scheduler: Any = None,
    train_loader: Any = None,
    epoch: int = 0,
    history: History | None = None,
    callbacks: Sequence[Any] = (),
) -> None:
    """Write everything the next epoch depends on to one safetensors file.

    Parameters
    ----------
    path : str or path-like
        Destination (conventionally ``*.safetensors``); replaced atomically.
    model : nn.Module
        Its ``state_dict()`` (parameters and buffers, PyTorch key names).
    optimizer, scheduler : optional
        Their ``state_dict()``.
    train_loader : DataLoader, optional
        Its shuffling generator's state.
    epoch : int, default=0
        Number of completed epochs.
    history : History, optional
        The history so far.
    callbacks : sequence, default=()
        Callbacks whose ``state_dict()`` is saved, in order.
    """

    state = {
        "version": _CHECKPOINT_VERSION,
        "epoch": int(epoch),
        "model": _plain(model.state_dict()),
        "optimizer": None if optimizer is None else _plain(optimizer.state_dict()),
        "scheduler": None if scheduler is None else _plain(scheduler.state_dict()),
        "train_loader": _plain(_loader_rng_state(train_loader)),
        "autograd_rng": default_generator().bit_generator.state,
        "history": None if history is None else history.state_dict(),
        "callbacks": [_plain(cb.state_dict()) if hasattr(cb, "state_dict") else None
                      for cb in callbacks],
    }
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    io.save(state, tmp)
    os.replace(tmp, path)  # a crash while writing never leaves a half-written checkpoint


def load_checkpoint(
    path: str | os.PathLike,
    *,
    model: Any,
    optimizer: Any = None,
    scheduler: Any = None,
    train_loader: Any = None,
    history: History | None = None,
    callbacks: Sequence[Any] = (),
) -> int:
    """Restore what :func:`save_checkpoint` wrote into the given objects.

    The random generator behind dropout (``syllabus.autograd.default_generator()``) is
    restored too.

    Parameters
    ----------
    path : str or path-like
        A file written by :func:`save_checkpoint`.
    model : nn.Module
        Receives the saved ``state_dict``.
    optimizer, scheduler : optional
        Receive their saved state (skipped when None or not saved).
    train_loader : DataLoader, optional
        Receives its shuffling generator's state.
    history : History, optional
        Receives the saved history.
    callbacks : sequence, default=()
        The same callbacks, in the same order, as at saving time.

    Returns
    -------
    int
        The number of completed epochs (pass it as ``start_epoch`` to resume).

    Raises
    ------
    ValueError
        If ``path`` is not a syllabus training checkpoint, or the number of callbacks differs.
    """

    state = io.load(path)
    if not isinstance(state, dict) or state.get("version") != _CHECKPOINT_VERSION:
        raise ValueError(f"{str(path)!r} is not a syllabus training checkpoint.")
    model.load_state_dict(state["model"])
    if optimizer is not None and state["optimizer"] is not None:
        optimizer.load_state_dict(state["optimizer"])
    if scheduler is not None and state["scheduler"] is not None:
        scheduler.load_state_dict(state["scheduler"])
    _set_loader_rng_state(train_loader, state["train_loader"])
    default_generator().bit_generator.state = state["autograd_rng"]
    if history is not None and state["history"] is not None:
        history.load_state_dict(state["history"])
    saved = state["callbacks"]
    if len(saved) != len(callbacks):
        raise ValueError(f"The checkpoint holds the state of {len(saved)} callback(s); "
                         f"{len(callbacks)} were given.")
    for cb, cb_state in zip(callbacks, saved):
        if cb_state is not None and hasattr(cb, "load_state_dict"):
            cb.load_state_dict(cb_state)
    return int(state["epoch"])


# --------------------------------------------------------------------------- evaluate / fit
def evaluate(
    model: Any,
    loss_fn: Callable[[Any, Any], Any],
    loader: Iterable[Any],
    metrics: Any = None,
) -> dict[str, float]:
    """Mean loss (and metrics) of ``model`` over a loader, in eval mode, without gradients.

    The loss is averaged over samples (each batch's mean loss weighted by its size);
    metrics are computed on all outputs at once. The model's train/eval mode is restored.

    Parameters
    ----------
    model : callable
        Usually an :class:`~syllabus.nn.Module`; called as ``model(*inputs)``.
    loss_fn : callable
        ``loss_fn(output, target)`` returning the batch's mean loss.
    loader : iterable
        Yields ``(inputs..., target)`` tuples, e.g. a DataLoader over ``TensorDataset(X, y)``.
    metrics : str, list of str or callables, or dict of name to callable, optional
        ``metric(output, target) -> float`` on NumPy arrays; ``"accuracy"`` is built in.

    Returns
    -------
    dict
        ``{"loss": ..., "<metric>": ...}`` of floats.
    """

    metric_fns = _resolve_metrics(metrics)
    was_training = getattr(model, "training", True)
    model.eval()
    total, count = 0.0, 0
    outputs, targets = [], []
    try:
        with no_grad():
            for batch in loader:
                inputs, target = _split_batch(batch)
                output = model(*inputs)
                n = _batch_size(target)
                total += float(_array(loss_fn(output, target))) * n
                count += n
                if metric_fns:
                    outputs.append(_array(output))
                    targets.append(_array(target))
    finally:
        model.train(was_training)
    if count == 0:
        raise ValueError("Cannot evaluate on an empty loader.")
    out = {"loss": total / count}
    if metric_fns:
        all_out, all_target = np.concatenate(outputs), np.concatenate(targets)
        out.update({name: float(fn(all_out, all_target)) for name, fn in metric_fns.items()})
    return out


def fit(
    model: Any,
    loss_fn: Callable[[Any, Any], Any],
    optimizer: Any,
    train_loader: Iterable[Any],
    val_loader: Iterable[Any] | None = None,
    epochs: int = 10,
    scheduler: Any = None,
    metrics: Any = None,
    callbacks: Sequence[Any] | None = None,
    quiet: bool = False,
    checkpoint: str | os.PathLike | None = None,
    *,
    resume: bool | str | os.PathLike = False,
    scheduler_interval: str = "epoch",
) -> History:
    """Train ``model`` for ``epochs`` epochs of mini-batch steps; return the :class:`History`.

    Each step: ``optimizer.zero_grad()``, ``loss = loss_fn(model(*inputs), target)``,
    ``loss.backward()``, ``optimizer.step()`` (``step(closure)`` for L-BFGS, which
    re-evaluates the loss). After each epoch: the validation loss and metrics (eval mode,
    no gradients), the scheduler step, the callbacks, and the checkpoint.

    Parameters
    ----------
    model : nn.Module
        The network; called as ``model(*inputs)``.
    loss_fn : callable
        ``loss_fn(output, target) -> scalar Tensor`` averaged over the batch, e.g.
        ``nn.CrossEntropyLoss()``.
    optimizer : optimizer
        A :mod:`syllabus.optim` optimiser over ``model.parameters()``.
    train_loader : iterable
        Yields ``(inputs..., target)`` batches, e.g. a :class:`syllabus.data.DataLoader`.
        Batch, stochastic and mini-batch gradient descent are loader settings.
    val_loader : iterable, optional
        Validation batches; adds ``"val_loss"`` and ``"val_<metric>"`` to the history.
    epochs : int, default=10
        Total number of epochs (when resuming, including those already done).
    scheduler : lr scheduler, optional
        Stepped once per epoch (or per batch with ``scheduler_interval="batch"``).
    metrics : list of str or callables, or dict of name to callable, optional
        ``metric(output, target) -> float`` on NumPy arrays, computed on all of an epoch's
        outputs; ``"accuracy"`` is built in. Training metrics use the outputs seen while
        training (the weights change during the epoch, as in Keras).
    callbacks : sequence of Callback, optional
        E.g. :class:`EarlyStopping`.
    quiet : bool, default=False
        No progress bar.
    checkpoint : str or path-like, optional
        File rewritten at the end of every epoch with the full training state.
    resume : bool or path-like, default=False
        True: if ``checkpoint`` exists, restore it and continue from the epoch it reached
        (a fresh start otherwise). A path: restore that file (it must exist).
    scheduler_interval : {"epoch", "batch"}, default="epoch"
        When the scheduler steps.

    Returns
    -------
    History
        Per-epoch ``train_loss``, ``val_loss``, metrics and learning rate.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn, optim
    >>> from syllabus.data import DataLoader, TensorDataset
    >>> from syllabus.train import fit
    >>> X = np.random.default_rng(0).normal(size=(64, 3)).astype(np.float32)
    >>> y = X @ np.array([1.0, -2.0, 0.5], dtype=np.float32)
    >>> model = nn.Linear(3, 1)
    >>> loader = DataLoader(TensorDataset(X, y[:, None]), batch_size=16, shuffle=True, seed=0)
    >>> history = fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.1), loader,
    ...               epochs=30, quiet=True)
    >>> history.train_loss[-1] < 1e-3
    True
    """
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}.")
    if scheduler_interval not in ("epoch", "batch"):
        raise ValueError(f"scheduler_interval must be 'epoch' or 'batch', "
                         f"got {scheduler_interval!r}.")
    resume_from = _resume_point(resume, checkpoint)
    metric_fns = _resolve_metrics(metrics)
    callbacks = list(callbacks or [])
    history = History()
    state = TrainingState(model, optimizer, scheduler, history)
    if resume_from is not None:
        state.start_epoch = state.epoch = load_checkpoint(
            resume_from, model=model, optimizer=optimizer, scheduler=scheduler,
            train_loader=train_loader, history=history, callbacks=callbacks)
    step = _closure_step if _requires_closure(optimizer) else _plain_step
    batch_scheduler = scheduler if scheduler_interval == "batch" else None

    _call(callbacks, "on_train_begin", state)
    remaining = 0 if history.stopped_epoch is not None else max(epochs - state.epoch, 0)
    bar = None if quiet or not remaining else _progress_bar(train_loader, remaining)
    try:
        for epoch in range(state.epoch, state.epoch + remaining):
            _call(callbacks, "on_epoch_begin", state)
            lr = _current_lr(optimizer)
            logs = _train_epoch(model, loss_fn, optimizer, train_loader, step, metric_fns,
                                batch_scheduler, bar)
            if val_loader is not None:
                val = evaluate(model, loss_fn, val_loader, metric_fns)
                logs.update({f"val_{k}": v for k, v in val.items()})
            if lr is not None:
                logs["lr"] = lr
            if scheduler is not None and batch_scheduler is None:
                scheduler.step()
            state.epoch = epoch + 1
            history.append(state.epoch, logs)
            _call(callbacks, "on_epoch_end", state, logs)
            if state.stop_training:
                history.stopped_epoch = state.epoch
            if checkpoint is not None:
                save_checkpoint(checkpoint, model=model, optimizer=optimizer,
                                scheduler=scheduler, train_loader=train_loader,
                                epoch=state.epoch, history=history, callbacks=callbacks)
            if bar is not None:
                bar.set_postfix({k: f"{v:.4g}" for k, v in logs.items() if k != "lr"},
                                refresh=False)
            if state.stop_training:
                break
    finally:
        if bar is not None:
            bar.close()
    _call(callbacks, "on_train_end", state)
    return history


def _resume_point(resume: bool | str | os.PathLike, checkpoint: Any) -> Path | None:
    """The checkpoint file ``fit`` restores before training, or None for a fresh start."""
    if isinstance(resume, (str, os.PathLike)):
        path = Path(resume)
        if not path.exists():
            raise FileNotFoundError(f"No checkpoint to resume from at {str(path)!r}.")
        return path
    if resume:
        if checkpoint is None:
            raise ValueError("resume=True needs the checkpoint file to resume from.")
        return Path(checkpoint) if Path(checkpoint).exists() else None
    return None


def _progress_bar(train_loader: Iterable[Any], epochs: int) -> Any:
    """A tqdm bar over all the batches of the coming epochs (open-ended if unsized)."""
    from tqdm import tqdm  # only when a bar is shown: tqdm is slow to import

    try:
        total = epochs * len(train_loader)  # type: ignore[arg-type]
    except TypeError:
        total = None
    return tqdm(total=total, unit="batch", desc="fit", leave=False, dynamic_ncols=True)


def _plain_step(model: Any, loss_fn: Callable, optimizer: Any, inputs: tuple, target: Any):
    """One gradient step on one batch: zero the gradients, forward, loss, backward, update."""
    optimizer.zero_grad()
    output = model(*inputs)
    loss = loss_fn(output, target)
    loss.backward()
    optimizer.step()
    return loss, output


def _closure_step(model: Any, loss_fn: Callable, optimizer: Any, inputs: tuple, target: Any):
    """:func:`_plain_step` for optimisers that re-evaluate the loss (L-BFGS's ``step(closure)``)."""
    last: dict[str, Any] = {}

    def closure():
        optimizer.zero_grad()
        last["output"] = model(*inputs)
        loss = loss_fn(last["output"], target)
        loss.backward()
        return loss

    loss = optimizer.step(closure)
    return loss, last["output"]


def _train_epoch(model: Any, loss_fn: Callable, optimizer: Any, train_loader: Iterable[Any],
                 step: Callable, metric_fns: dict, batch_scheduler: Any, bar: Any) -> dict:
    """One pass over the training batches; returns ``train_loss`` and ``train_<metric>``."""
    model.train()
    total, count = 0.0, 0
    outputs, targets = [], []
    for batch in train_loader:
        inputs, target = _split_batch(batch)
        loss, output = step(model, loss_fn, optimizer, inputs, target)
        n = _batch_size(target)
        total += float(_array(loss)) * n
        count += n
        if metric_fns:
            outputs.append(_array(output))
            targets.append(_array(target))
        if batch_scheduler is not None:
            batch_scheduler.step()
        if bar is not None:
            bar.update(1)
    if count == 0:
        raise ValueError("The training loader yielded no batch.")
    logs = {"train_loss": total / count}
    if metric_fns:
        all_out, all_target = np.concatenate(outputs), np.concatenate(targets)
        for name, fn in metric_fns.items():
            logs[f"train_{name}"] = float(fn(all_out, all_target))
    return logs


# --------------------------------------------------------------------------- truncated BPTT
class TBPTTResult(NamedTuple):
    """What :func:`truncated_bptt` returns.

    Attributes
    ----------
    loss : float
        Mean of the chunk losses, weighted by chunk length.
    state : object
        The final recurrent state (detached), to carry into the next call.
    chunk_losses : list of float
        The loss of each chunk.
    grad_norms : list of float
        The total gradient norm of each chunk before clipping (NaN when not clipping).
    """

    loss: float
    state: Any
    chunk_losses: list
    grad_norms: list


def _detach_state(state: Any) -> Any:
    """Cut the graph at a chunk boundary: the values are kept, the history is dropped."""
    if state is None:
        return None
    if isinstance(state, (tuple, list)):
        return type(state)(_detach_state(s) for s in state)
    return state.detach()


def truncated_bptt(
    model: Callable[[Any, Any], tuple[Any, Any]],
    loss_fn: Callable[[Any, Any], Any],
    optimizer: Any,
    inputs: Any,
    targets: Any,
    k: int,
    *,
    state: Any = None,
    max_norm: float | None = None,
) -> TBPTTResult:
    """One pass of truncated backpropagation through time over a long batch of sequences.

    The sequences (time along axis 1, batch first) are cut into consecutive chunks of ``k``
    steps. For each chunk: ``output, state = model(chunk, state)``, ``loss_fn(output,
    target_chunk).backward()``, the gradient clipped to ``max_norm`` (:func:`syllabus.nn.
    utils.clip_grad_norm_`), ``optimizer.step()``; then the state is detached. So the hidden
    state carries information across the whole sequence, while every gradient reaches at
    most ``k`` steps back: the unrolled graph is never longer than one chunk.

    Parameters
    ----------
    model : callable
        ``model(x_chunk, state) -> (output, new_state)``; ``state`` is None at the start. A
        batch-first ``nn.LSTM`` / ``nn.GRU`` / ``nn.RNN`` fits as is; for
        :class:`~syllabus.models.CharRNN` pass ``lambda x, s: net(x, s, return_state=True)``.
    loss_fn : callable
        ``loss_fn(output, target_chunk) -> scalar Tensor``.
    optimizer : optimizer
        A :mod:`syllabus.optim` optimiser; its parameters are the ones clipped.
    inputs : Tensor or array of shape (N, T, ...)
        The long sequences (token ids or features).
    targets : array-like of shape (N, T, ...)
        Cut into the same chunks.
    k : int
        Truncation length (steps per chunk); the last chunk may be shorter.
    state : object, optional
        Initial state (e.g. the ``state`` of the previous call, to continue a stream).
    max_norm : float, optional
        Clip the total gradient 2-norm of each chunk to this value.

    Returns
    -------
    TBPTTResult
        ``loss`` (mean over steps), the final detached ``state``, per-chunk losses and
        gradient norms.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus import nn, optim
    >>> from syllabus.train import truncated_bptt
    >>> rnn = nn.RNN(1, 4, batch_first=True)
    >>> head = nn.Linear(4, 1)
    >>> def model(x, state):
    ...     out, state = rnn(x, state)
    ...     return head(out), state
    >>> x = np.sin(np.linspace(0, 20, 101, dtype=np.float32))[None, :, None]
    >>> opt = optim.Adam(list(rnn.parameters()) + list(head.parameters()), lr=0.01)
    >>> result = truncated_bptt(model, nn.MSELoss(), opt, x[:, :-1], x[:, 1:], k=10, max_norm=1.0)
    >>> len(result.chunk_losses), result.state.shape
    (10, (1, 1, 4))
    """

    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"truncated_bptt: k (the truncation length) must be a positive integer, got {k!r}.")
    if max_norm is not None and not max_norm > 0:
        raise ValueError(f"truncated_bptt: max_norm must be positive, got {max_norm!r}.")
    if not isinstance(inputs, Tensor):
        inputs = tensor(np.asarray(inputs))
    target_array = _array(targets)
    if inputs.ndim < 2 or target_array.ndim < 2 or inputs.shape[:2] != target_array.shape[:2]:
        raise ValueError(f"truncated_bptt: inputs {inputs.shape} and targets {target_array.shape} "
                         "must share their first two axes (batch, time).")
    n_steps = inputs.shape[1]
    if n_steps == 0:
        raise ValueError("truncated_bptt: the sequences are empty (no time step).")
    params = [p for group in optimizer.param_groups for p in group["params"]]
    chunk_losses, grad_norms, total = [], [], 0.0
    for start in range(0, n_steps, k):
        stop = min(start + k, n_steps)
        optimizer.zero_grad()
        output, state = model(inputs[:, start:stop], state)
        loss = loss_fn(output, targets[:, start:stop])
        loss.backward()
        norm = float(clip_grad_norm_(params, max_norm)) if max_norm is not None else math.nan
        optimizer.step()
        state = _detach_state(state)
        chunk_losses.append(float(_array(loss)))
        grad_norms.append(norm)
        total += chunk_losses[-1] * (stop - start)
    return TBPTTResult(total / n_steps, state, chunk_losses, grad_norms)
