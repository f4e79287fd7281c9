"""Multi-layer perceptrons as scikit-learn estimators, built on ``syllabus.nn`` and ``syllabus.optim``.

The network is an ``nn.Sequential`` of ``nn.Linear`` layers and activations; the stochastic
solvers ("sgd", "adam") train it with :func:`syllabus.train.fit` over a seeded
``DataLoader``, and "lbfgs" hands the flattened parameters to :func:`syllabus.optim.minimize`.
The objective is scikit-learn's, term for term, so losses and gradients agree with
``sklearn.neural_network`` from the same weights:

- classification: mean log-loss of the softmax (several classes) or of the logistic output
  (two classes, one output unit; multilabel, one unit per label, losses summed over labels);
- regression: ``sum((y - f(x))^2) / (2 n)`` (for one output, scikit-learn's half squared error),
  or with ``loss="poisson"`` the half Poisson deviance ``mean(exp(z) - y z + y log y - y)`` of
  the log-link output ``f(x) = exp(z)``;
- plus the L2 penalty ``alpha / (2 n) * sum ||W||^2`` over the weights (not the intercepts),
  ``n`` being the number of samples in the batch.

With ``sample_weight`` every mean over samples becomes a weighted mean and ``n`` the sum of
the batch's weights, as in scikit-learn.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from numbers import Integral, Real
from typing import Any

import numpy as np

from .. import nn, optim, train
from ..autograd import default_generator, no_grad, tensor
from ..base import BaseEstimator, ClassifierMixin, RegressorMixin
from ..data import DataLoader, TensorDataset
from ..exceptions import ConvergenceWarning
from ..metrics import r2_score
from ..model_selection import train_test_split
from ..nn import functional as F
from ..optim import minimize
from ..optim.lr_scheduler import LambdaLR
from ..utils import (
    Interval,
    Options,
    StrOptions,
    check_is_fitted,
    check_no_overflow,
    check_random_state,
    column_or_1d,
    encode_labels,
    type_of_target,
    validate_data,
)
from ..utils._sparse import issparse
from ..utils._special import expit, softmax
from ..utils._validation import optional_sample_weight

__all__ = ["MLPClassifier", "MLPRegressor"]

_STOCHASTIC_SOLVERS = ("sgd", "adam")




@contextlib.contextmanager
def _rng_untouched() -> Iterator[None]:
    """Build layers without consuming the global generator behind dropout and init.

    ``nn.Linear`` draws PyTorch's default initial weights, which the estimator overwrites
    at once; restoring the generator keeps ``fit``/``predict`` free of side effects.
    """
    generator = default_generator()
    state = generator.bit_generator.state
    try:
        yield
    finally:
        generator.bit_generator.state = state


def _float_input(X: Any) -> Any:
    """float32 and float64 are kept (as scikit-learn does); anything else becomes float64."""
    return X if X.dtype in (np.float32, np.float64) else X.astype(np.float64)


def _network_input(X: Any) -> Any:
    """What the network's first ``nn.Linear`` is fed: a Tensor, or the sparse matrix itself."""
    return X if issparse(X) else tensor(X)


def _activation_module(name: str) -> Any:
    return {"identity": nn.Identity, "logistic": nn.Sigmoid, "tanh": nn.Tanh,
            "relu": nn.ReLU}[name]()


def _network(coefs: list[np.ndarray], intercepts: list[np.ndarray], activation: str) -> Any:
    """``nn.Sequential`` of Linear layers (weights copied from scikit-learn's layout)."""
    layers = []
    with _rng_untouched():
        for i, (W, b) in enumerate(zip(coefs, intercepts)):
            linear = nn.Linear(W.shape[0], W.shape[1], dtype=W.dtype)
            linear.weight.data[...] = W.T  # scikit-learn: (fan_in, fan_out); PyTorch: transposed
            linear.bias.data[...] = b
            layers.append(linear)
            if i < len(coefs) - 1:
                layers.append(_activation_module(activation))
    return nn.Sequential(*layers)


def _linear_layers(network: Any) -> list[Any]:
    return [m for m in network if isinstance(m, nn.Linear)]


class _BaseMultilayerPerceptron(BaseEstimator):
    """Shared fitting code of :class:`MLPClassifier` and :class:`MLPRegressor`."""

    _parameter_constraints: dict[str, list] = {
        "hidden_layer_sizes": ["array-like", Interval(Integral, 1, None, closed="left")],
        "activation": [StrOptions({"identity", "logistic", "tanh", "relu"})],
        "solver": [StrOptions({"lbfgs", "sgd", "adam"})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive"})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["boolean", Interval(Integral, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left"), Options({np.inf})],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        hidden_layer_sizes: Any = (100,),
        activation: str = "relu",
        *,
        solver: str = "adam",
        alpha: float = 0.0001,
        batch_size: int | str = "auto",
        learning_rate: str = "constant",
        learning_rate_init: float = 0.001,
        power_t: float = 0.5,
        max_iter: int = 200,
        shuffle: bool = True,
        random_state: Any = None,
        tol: float = 1e-4,
        verbose: bool = False,
        warm_start: bool = False,
        momentum: float = 0.9,
        nesterovs_momentum: bool = True,
        early_stopping: bool = False,
        validation_fraction: float = 0.1,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-8,
        n_iter_no_change: int = 10,
        max_fun: int = 15000,
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True  # CSR / CSC, multiplied by the first layer only
        return tags

    # ------------------------------------------------------------------ subclass hooks
    def _prepare_targets(self, y: np.ndarray, first_pass: bool,
                         classes: Any = None) -> tuple[np.ndarray, np.ndarray]:
        """``(targets for the loss, targets for the validation score)``; sets output info.

        ``classes`` (classifiers' ``partial_fit``) fixes the classes instead of ``y``."""
        raise NotImplementedError

    def _validation_score(self, y_true: np.ndarray, raw_output: np.ndarray,
                          sample_weight: np.ndarray | None) -> float:
        raise NotImplementedError

    # ------------------------------------------------------------------ objective
    def _sample_losses(self, output: Any, target: Any) -> Any:
        """The loss of each sample of a batch, summed over its outputs (shape (n,))."""
        if self.out_activation_ == "softmax":
            return F.cross_entropy(output, target, reduction="none")
        if self.out_activation_ == "logistic":
            return F.binary_cross_entropy_with_logits(output, target, reduction="none").sum(1)
        if self.out_activation_ == "exp":  # half Poisson deviance of exp(z), plus its constant
            return (output.exp() - output * target + _xlogy_minus_y(target)).sum(1)
        return F.mse_loss(output, target, reduction="none").sum(1) * 0.5

    def _data_loss(self, output: Any, target: Any, weight: np.ndarray | None) -> Any:
        """The data term of scikit-learn's loss for one batch (mean over its samples)."""
        if weight is not None:
            return (self._sample_losses(output, target) * weight).sum() / weight.sum()
        n = output.shape[0]
        if self.out_activation_ == "softmax":
            return F.cross_entropy(output, target)
        if self.out_activation_ == "logistic":
            return F.binary_cross_entropy_with_logits(output, target, reduction="sum") / n
        if self.out_activation_ == "exp":
            return self._sample_losses(output, target).sum() / n
        return F.mse_loss(output, target, reduction="sum") / (2 * n)

    def _objective(self, network: Any, targets: np.ndarray, sample_weight: np.ndarray | None):
        """``loss(output, rows)``: data term plus ``alpha / (2 n) sum ||W||^2``.

        A batch's target is its row numbers in ``targets``, which give its labels and, with
        ``sample_weight``, its weights (``n`` is then their sum)."""
        weights = [layer.weight for layer in _linear_layers(network)]

        def loss(output: Any, rows: np.ndarray) -> Any:
            weight = None if sample_weight is None else sample_weight[rows]
            value = self._data_loss(output, targets[rows], weight)
            if self.alpha > 0:
                penalty = sum((w * w).sum() for w in weights)
                n = output.shape[0] if weight is None else float(weight.sum())
                value = value + penalty * (0.5 * self.alpha / n)
            return value

        return loss

    # ------------------------------------------------------------------ fitting
    def _hidden_sizes(self) -> list[int]:
        sizes = self.hidden_layer_sizes
        sizes = list(sizes) if hasattr(sizes, "__iter__") else [sizes]
        if any(isinstance(s, bool) or not isinstance(s, (Integral, np.integer)) or s <= 0
               for s in sizes):
            raise ValueError(f"hidden_layer_sizes must be > 0, got {sizes}.")
        return [int(s) for s in sizes]

    def _init_coef(self, rng: np.random.RandomState, fan_in: int, fan_out: int, dtype: Any):
        # Glorot & Bengio's uniform initialisation, drawn exactly as scikit-learn draws it
        # (same RandomState calls), so a given random_state gives the same initial weights.
        factor = 2.0 if self.activation == "logistic" else 6.0
        bound = np.sqrt(factor / (fan_in + fan_out))
        coef = rng.uniform(-bound, bound, (fan_in, fan_out)).astype(dtype, copy=False)
        intercept = rng.uniform(-bound, bound, fan_out).astype(dtype, copy=False)
        return coef, intercept

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> _BaseMultilayerPerceptron:
        """Fit the model to data ``X`` and target(s) ``y``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data (float64 or float32 is kept; other types become float64).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Class labels (classification) or real targets (regression).
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the loss (and in the validation score of early
            stopping).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        self._validate_params()
        return self._fit(X, y, incremental=False, sample_weight=sample_weight)

    def _fit(self, X: Any, y: Any, *, incremental: bool, classes: Any = None,
             sample_weight: Any = None):
        """``fit`` (all epochs) or ``partial_fit`` (one epoch, the optimiser's state kept)."""
        hidden = self._hidden_sizes()
        first_pass = not ((self.warm_start or incremental) and hasattr(self, "coefs_"))
        X, y = validate_data(self, X, y, reset=first_pass, multi_output=True,
                             accept_sparse=["csr", "csc"])
        check_no_overflow(X, estimator=self)
        X = _float_input(X)
        sample_weight = optional_sample_weight(sample_weight, X)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        if first_pass:
            for name in ("_optimizer_state", "_shuffle_rng", "_no_improvement_count", "t_",
                         "n_iter_", "loss_curve_", "best_loss_"):
                self.__dict__.pop(name, None)
        targets, score_targets = self._prepare_targets(y, first_pass, classes)
        targets = targets.astype(X.dtype) if targets.dtype.kind == "f" else targets
        rng = check_random_state(self.random_state)
        units = [X.shape[1], *hidden, self.n_outputs_]
        if first_pass:
            self.n_layers_ = len(units)
            self.coefs_, self.intercepts_ = [], []
            for fan_in, fan_out in zip(units[:-1], units[1:]):
                coef, intercept = self._init_coef(rng, fan_in, fan_out, X.dtype)
                self.coefs_.append(coef)
                self.intercepts_.append(intercept)
        elif [c.shape for c in self.coefs_] != list(zip(units[:-1], units[1:])):
            raise ValueError("warm_start=True needs the same layer sizes as the previous fit: "
                             f"{[c.shape for c in self.coefs_]} vs {list(zip(units[:-1], units[1:]))}.")
        network = _network([c.astype(X.dtype) for c in self.coefs_],
                           [b.astype(X.dtype) for b in self.intercepts_], self.activation)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if self.solver == "lbfgs":
                self._fit_lbfgs(network, X, targets, sample_weight)
            else:
                self._fit_stochastic(network, X, targets, score_targets, sample_weight, rng,
                                     incremental)
        if not all(np.isfinite(w).all() for w in (*self.coefs_, *self.intercepts_)):
            raise ValueError("Solver produced non-finite parameter weights. The input data may "
                             "contain large values and need to be preprocessed.")
        return self

    def _store(self, network: Any) -> None:
        layers = _linear_layers(network)
        self.coefs_ = [layer.weight.data.T.copy() for layer in layers]
        self.intercepts_ = [layer.bias.data.copy() for layer in layers]

    def _fit_lbfgs(self, network: Any, X: np.ndarray, targets: np.ndarray,
                   sample_weight: np.ndarray | None) -> None:
        params = list(network.parameters())
        sizes = [p.data.size for p in params]
        offsets = np.cumsum([0, *sizes])
        loss_fn = self._objective(network, targets, sample_weight)
        inputs, every_row = _network_input(X), np.arange(X.shape[0])

        def fun_and_grad(x: np.ndarray) -> tuple[float, np.ndarray]:
            for p, start, stop in zip(params, offsets[:-1], offsets[1:]):
                p.data[...] = x[start:stop].reshape(p.data.shape)
                p.grad = None
            loss = loss_fn(network(inputs), every_row)
            loss.backward()
            grad = np.concatenate([p.grad.ravel() for p in params]).astype(np.float64)
            return float(loss.item()), grad

        x0 = np.concatenate([p.data.ravel() for p in params]).astype(np.float64)
        result = minimize(fun_and_grad, x0, method="lbfgs", tol=self.tol,
                          max_iter=self.max_iter, max_eval=self.max_fun)
        fun_and_grad(result.x)  # leave the network at the solution
        self._store(network)
        self.n_iter_ = result.n_iter
        self.loss_ = float(result.fun)
        self.t_ = X.shape[0] * self.n_iter_
        if not result.converged and (result.n_iter >= self.max_iter
                                     or result.n_fev >= self.max_fun):
            warnings.warn(ConvergenceWarning(
                f"lbfgs failed to converge after {result.n_iter} iteration(s) and "
                f"{result.n_fev} evaluation(s) of the loss (status: {result.message}). "
                "Increase the number of iterations (max_iter), of evaluations (max_fun), "
                "or scale the data."), stacklevel=3)

    def _fit_stochastic(self, network: Any, X: np.ndarray, targets: np.ndarray,
                        score_targets: np.ndarray, sample_weight: np.ndarray | None,
                        rng: np.random.RandomState, incremental: bool = False) -> None:
        early_stopping = self.early_stopping and not incremental
        X_val = y_val = w_val = None
        X_train, y_train, w_train = X, targets, sample_weight
        if early_stopping:
            # scikit-learn stratifies the validation split of one-output classifiers only
            # (binary y), not of multiclass (one output per class) or multilabel y.
            stratify = score_targets if getattr(self, "_target_kind", None) == "binary" \
                else None
            weights = () if sample_weight is None else (sample_weight,)
            X_train, X_val, y_train, _, _, y_val, *w_split = train_test_split(
                X, targets, score_targets, *weights, random_state=rng,
                test_size=self.validation_fraction, stratify=stratify)
            w_train, w_val = w_split or (None, None)
            if X_val.shape[0] < 2:
                raise ValueError("The validation set is too small. Increase "
                                 "'validation_fraction' or the size of your dataset.")
        n_samples = X_train.shape[0]
        if self.batch_size == "auto":
            batch_size = min(200, n_samples)
        else:
            if self.batch_size > n_samples:
                warnings.warn("Got `batch_size` less than 1 or larger than sample size. It is "
                              "going to be clipped", stacklevel=3)
            batch_size = int(np.clip(self.batch_size, 1, n_samples))

        params = list(network.parameters())
        if self.solver == "sgd":
            optimizer = optim.SGD(params, lr=self.learning_rate_init, momentum=self.momentum,
                                  nesterov=bool(self.nesterovs_momentum and self.momentum > 0))
        else:
            optimizer = optim.Adam(params, lr=self.learning_rate_init,
                                   betas=(self.beta_1, self.beta_2), eps=self.epsilon)
        # partial_fit continues the previous call's optimiser (moments, step count, rate).
        resumed = incremental and getattr(self, "_optimizer_state", None) is not None
        if resumed:
            optimizer.load_state_dict(self._optimizer_state)
        samples_seen = getattr(self, "t_", 0) if resumed else 0
        scheduler = None
        if self.solver == "sgd" and self.learning_rate == "invscaling":
            # scikit-learn: lr = lr_init / (t + 1)^power_t, t = samples seen, set per epoch.
            power_t = self.power_t
            for group in optimizer.param_groups:
                group["lr"] = self.learning_rate_init
            scheduler = LambdaLR(optimizer,
                                 lambda e: (samples_seen + e * n_samples + 1.0) ** -power_t)
        # One shuffling stream across partial_fit calls: as many calls as a fit's epochs
        # see the same batches as that fit.
        if not resumed or getattr(self, "_shuffle_rng", None) is None:
            self._shuffle_rng = np.random.default_rng(int(rng.randint(2**31 - 1)))
        rows = np.arange(n_samples)  # each batch's target: its rows of y_train (and w_train)
        if issparse(X_train):  # mini-batches are row slices: CSR
            X_train = X_train.tocsr()
        loader = DataLoader(TensorDataset(X_train, rows), batch_size=batch_size,
                            shuffle=bool(self.shuffle), seed=self._shuffle_rng)
        stopper = _ScikitLearnStopping(self, X_val, y_val, w_val, early_stopping)
        if resumed:
            stopper.no_improvement = getattr(self, "_no_improvement_count", 0)
            best = getattr(self, "best_loss_", None)
            stopper.best_loss = np.inf if best is None else best
        history = train.fit(network, self._objective(network, y_train, w_train), optimizer, loader,
                            epochs=1 if incremental else self.max_iter, scheduler=scheduler,
                            callbacks=[stopper], quiet=not self.verbose)
        self._optimizer_state = optimizer.state_dict()
        self._no_improvement_count = stopper.no_improvement
        previous = list(self.loss_curve_) if resumed and hasattr(self, "loss_curve_") else []
        self.loss_curve_ = previous + list(history.train_loss)
        self.loss_ = self.loss_curve_[-1]
        self.n_iter_ = len(history.train_loss)  # epochs of this call, as scikit-learn's
        self.t_ = samples_seen + n_samples * len(history.train_loss)
        if early_stopping:
            self.validation_scores_ = stopper.validation_scores
            self.best_validation_score_ = stopper.best_score
            self.best_loss_ = None
            self.coefs_, self.intercepts_ = stopper.best_coefs, stopper.best_intercepts
        else:
            self.validation_scores_ = None
            self.best_validation_score_ = None
            self.best_loss_ = stopper.best_loss
            self._store(network)
        if history.stopped_epoch is None and not incremental:
            warnings.warn(ConvergenceWarning(
                f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) reached "
                "and the optimization hasn't converged yet."), stacklevel=3)

    def _check_partial_fit(self) -> None:
        if self.early_stopping:
            raise ValueError("partial_fit does not support early_stopping=True")

    @property
    def partial_fit(self):
        """One epoch of the stochastic solver on ``(X, y)``, continuing the previous state.

        Only for ``solver="sgd"`` or ``"adam"`` (an ``AttributeError`` otherwise): the
        optimiser's moments, step count and learning rate, the shuffling stream and the
        stopping counters carry over, so ``max_iter`` calls on the same data reproduce
        ``fit`` (when it runs all its epochs). Classifiers need ``classes`` on the first
        call.
        """
        if self.solver not in _STOCHASTIC_SOLVERS:
            raise AttributeError(f"partial_fit is only available for stochastic optimizers. "
                                 f"{self.solver} is not stochastic.")
        return self._partial_fit

    # ------------------------------------------------------------------ prediction
    def _raw_output(self, X: Any, *, validate: bool = True) -> np.ndarray:
        """Network outputs before the output activation (logits, or regression values)."""
        check_is_fitted(self)
        if validate:
            X = validate_data(self, X, reset=False, accept_sparse=["csr", "csc"])
        dtype = self.coefs_[0].dtype
        network = _network(self.coefs_, self.intercepts_, self.activation)
        X = X.astype(dtype) if issparse(X) else tensor(np.asarray(X, dtype=dtype))
        with no_grad(), np.errstate(over="ignore", invalid="ignore"):
            return network(X).data


class _ScikitLearnStopping:
    """scikit-learn's stopping rule, as a :func:`syllabus.train.fit` callback.

    After each epoch: with early stopping, the validation score (accuracy or R^2) must beat
    the best by ``tol``; without, the training loss must fall below the best by ``tol``.
    After more than ``n_iter_no_change`` epochs without that, training stops -- or, for
    ``learning_rate="adaptive"``, the rate is divided by 5 (stopping once it is <= 1e-6).
    """

    def __init__(self, estimator: _BaseMultilayerPerceptron, X_val: Any, y_val: Any,
                 w_val: np.ndarray | None, early_stopping: bool) -> None:
        self.estimator = estimator
        self.early_stopping = early_stopping
        self.iteration = len(getattr(estimator, "loss_curve_", []))  # epochs before this call
        self.X_val, self.y_val, self.w_val = X_val, y_val, w_val
        self.no_improvement = 0
        self.best_loss = np.inf
        self.best_score = -np.inf
        self.validation_scores: list[float] = []
        self.best_coefs: list[np.ndarray] | None = None
        self.best_intercepts: list[np.ndarray] | None = None

    def on_train_begin(self, state: Any) -> None:
        if self.early_stopping:  # the initial weights are the fallback
            self._keep(state.model)

    def _keep(self, network: Any) -> None:
        layers = _linear_layers(network)
        self.best_coefs = [layer.weight.data.T.copy() for layer in layers]
        self.best_intercepts = [layer.bias.data.copy() for layer in layers]

    def on_epoch_end(self, state: Any, logs: dict[str, float]) -> None:
        est = self.estimator
        self.iteration += 1
        if est.verbose:
            print(f"Iteration {self.iteration}, loss = {logs['train_loss']:.8f}")
        if self.early_stopping:
            with no_grad():
                raw = state.model(_network_input(self.X_val)).data
            score = est._validation_score(self.y_val, raw, self.w_val)
            self.validation_scores.append(score)
            self.no_improvement = self.no_improvement + 1 if score < self.best_score + est.tol else 0
            if score > self.best_score:
                self.best_score = score
                self._keep(state.model)
        else:
            loss = logs["train_loss"]
            self.no_improvement = self.no_improvement + 1 if loss > self.best_loss - est.tol else 0
            self.best_loss = min(self.best_loss, loss)
        if self.no_improvement > est.n_iter_no_change:
            group = state.optimizer.param_groups[0]
            if est.solver == "sgd" and est.learning_rate == "adaptive" and group["lr"] > 1e-6:
                for g in state.optimizer.param_groups:
                    g["lr"] /= 5.0
                self.no_improvement = 0
            else:
                state.stop_training = True


class MLPClassifier(ClassifierMixin, _BaseMultilayerPerceptron):
    """Multi-layer perceptron classifier (scikit-learn's ``MLPClassifier``).

    A feed-forward network of ``nn.Linear`` layers with a hidden activation, trained on the
    log-loss with an L2 penalty by Adam, SGD (with momentum / Nesterov) or L-BFGS. Several
    classes use a softmax output, two classes a single logistic unit, and a multilabel
    indicator ``y`` one logistic unit per label.

    Parameters
    ----------
    hidden_layer_sizes : array-like of int, default=(100,)
        Number of units of each hidden layer.
    activation : {"identity", "logistic", "tanh", "relu"}, default="relu"
        Hidden-layer activation.
    solver : {"lbfgs", "sgd", "adam"}, default="adam"
        "sgd" and "adam" run :func:`syllabus.train.fit` over mini-batches; "lbfgs" runs
        :func:`syllabus.optim.minimize` on the full batch.
    alpha : float, default=0.0001
        L2 penalty: ``alpha / (2 n) * sum ||W||^2`` is added to the batch loss.
    batch_size : int or "auto", default="auto"
        Mini-batch size of the stochastic solvers; "auto" is ``min(200, n_samples)``.
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        Schedule of "sgd": constant, ``lr_init / (t + 1)^power_t`` (``t`` samples seen,
        updated per epoch), or divided by 5 when ``n_iter_no_change`` epochs do not improve.
    learning_rate_init : float, default=0.001
        Initial learning rate of "sgd" and "adam".
    power_t : float, default=0.5
        Exponent of "invscaling".
    max_iter : int, default=200
        Epochs of the stochastic solvers, iterations of "lbfgs".
    shuffle : bool, default=True
        Reshuffle the samples at every epoch.
    random_state : int, RandomState instance or None, default=None
        Initial weights (drawn as scikit-learn draws them), validation split and shuffling.
    tol : float, default=1e-4
        Improvement threshold of the stopping rule (and gradient tolerance of "lbfgs").
    verbose : bool, default=False
        Show a progress bar.
    warm_start : bool, default=False
        Start from the previous fit's weights.
    momentum : float, default=0.9
        Momentum of "sgd".
    nesterovs_momentum : bool, default=True
        Nesterov momentum for "sgd".
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data and stop when its accuracy stops
        improving; the best weights are kept.
    validation_fraction : float, default=0.1
        Held-out fraction for early stopping.
    beta_1, beta_2, epsilon : float, default=0.9, 0.999, 1e-8
        Adam's parameters.
    n_iter_no_change : int, default=10
        Epochs without improvement by ``tol`` tolerated before stopping.
    max_fun : int, default=15000
        Maximum number of loss evaluations of "lbfgs".

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    coefs_ : list of ndarray
        ``coefs_[i]`` has shape (units of layer i, units of layer i + 1).
    intercepts_ : list of ndarray
        Bias of each layer.
    loss_ : float
        Final value of the loss (with the penalty).
    best_loss_ : float or None
        Smallest training loss (None with early stopping or "lbfgs").
    loss_curve_ : list of float
        Training loss at each epoch (stochastic solvers).
    validation_scores_ : list of float or None
        Validation accuracy at each epoch (with early stopping).
    best_validation_score_ : float or None
        Best validation accuracy (with early stopping).
    n_iter_ : int
        Epochs (or L-BFGS iterations) run by the last ``fit`` or ``partial_fit`` call.
    t_ : int
        Training samples seen.
    n_layers_ : int
        Number of layers, input and output included.
    n_outputs_ : int
        Number of output units.
    out_activation_ : str
        "softmax" or "logistic".
    n_features_in_ : int
        Number of features seen in ``fit``.

    Notes
    -----
    Differences from scikit-learn: Adam adds ``epsilon`` after the bias correction of the
    second moment (PyTorch's form); SGD keeps PyTorch's momentum buffer, which equals
    scikit-learn's velocity form for a constant learning rate; L-BFGS is syllabus's own
    (strong-Wolfe line search), so its iteration counts differ from SciPy's; the
    validation split is stratified for every single-label problem. A sparse ``X`` (CSR or
    CSC) is never densified: only the first layer's product and its weight gradient touch
    it. ``partial_fit`` (stochastic solvers) runs one epoch
    per call and carries the optimiser's state over, as scikit-learn's.

    Examples
    --------
    >>> from syllabus.datasets import make_moons
    >>> from syllabus.neural_network import MLPClassifier
    >>> X, y = make_moons(n_samples=200, noise=0.1, random_state=0)
    >>> clf = MLPClassifier((16,), solver="lbfgs", random_state=0).fit(X, y)
    >>> clf.score(X, y) > 0.95
    True
    """

    _check_estimator_params = {"hidden_layer_sizes": (16,), "max_iter": 60,
                               "learning_rate_init": 0.01, "random_state": 0}

    def _partial_fit(self, X: Any, y: Any, sample_weight: Any = None,
                     classes: Any = None) -> MLPClassifier:
        """One epoch on ``(X, y)``; see :attr:`partial_fit`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_labels)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the loss.
        classes : array-like of shape (n_classes,), default=None
            Every class of the problem: required on the first call (``y`` may then hold
            only some of them), optional afterwards (it must then be the same).

        Returns
        -------
        self : MLPClassifier
        """
        self._validate_params()
        self._check_partial_fit()
        known = getattr(self, "classes_", None)
        if known is None:
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit.")
        elif classes is not None and not np.array_equal(np.unique(classes), known):
            raise ValueError(f"`classes={classes!r}` is not the same as on last call to "
                             f"partial_fit, was: {known!r}")
        fixed = np.unique(classes) if classes is not None else known
        return self._fit(X, y, incremental=True, classes=fixed, sample_weight=sample_weight)

    def _prepare_targets(self, y: np.ndarray, first_pass: bool, classes: Any = None):
        kind = type_of_target(y)
        if kind == "multilabel-indicator":
            classes = np.arange(y.shape[1])
            targets = y.astype(np.float64)
            out = "logistic"
        elif kind in ("binary", "multiclass") and classes is not None:
            unseen = np.setdiff1d(np.unique(y), classes)
            if unseen.size:
                raise ValueError(f"`y` has classes not in `self.classes_`. `self.classes_` has "
                                 f"{classes}. 'y' has {np.unique(y)}.")
            idx = np.searchsorted(classes, y)
            if len(classes) < 2:
                raise ValueError("MLPClassifier needs at least 2 classes; got "
                                 f"classes={classes.tolist()}.")
            if len(classes) == 2:
                targets, out = idx.astype(np.float64)[:, None], "logistic"
            else:
                targets, out = idx, "softmax"
        elif kind in ("binary", "multiclass"):
            classes, idx = encode_labels(y)
            if len(classes) < 2:
                raise ValueError(
                    "MLPClassifier needs samples of at least 2 classes in the data, but the "
                    f"data contains only one class: {classes[0]!r}.")
            if len(classes) == 2:
                targets, out = idx.astype(np.float64)[:, None], "logistic"
            else:
                targets, out = idx, "softmax"
        else:
            raise ValueError(
                f"Unknown label type: {kind}. MLPClassifier expects binary, multiclass or "
                "multilabel-indicator targets.")
        previous = getattr(self, "classes_", None)
        if not first_pass and previous is not None and (
                len(classes) != len(previous) or np.any(classes != previous)):
            raise ValueError("warm_start can only be used where `y` has the same classes as "
                             f"in the previous call to fit. Previously got {previous}, "
                             f"`y` has {classes}")
        self.classes_ = classes
        self._target_kind = "multilabel" if kind == "multilabel-indicator" else (
            "binary" if len(classes) == 2 else "multiclass")
        self.out_activation_ = out
        self.n_outputs_ = 1 if self._target_kind == "binary" else len(classes)
        score_targets = y if kind == "multilabel-indicator" else np.asarray(
            targets if out == "softmax" else idx)
        return targets, score_targets

    def _labels(self, raw: np.ndarray) -> np.ndarray:
        if self._target_kind == "multilabel":
            return (raw > 0).astype(int)
        if self._target_kind == "binary":
            return self.classes_[(raw[:, 0] > 0).astype(int)]
        return self.classes_[np.argmax(raw, axis=1)]

    def _validation_score(self, y_true: np.ndarray, raw_output: np.ndarray,
                          sample_weight: np.ndarray | None) -> float:
        if not np.all(np.isfinite(raw_output)):
            return np.nan
        if self._target_kind == "multilabel":
            right = np.all((raw_output > 0).astype(int) == y_true, axis=1)
        else:
            pred = (raw_output[:, 0] > 0).astype(int) if self._target_kind == "binary" \
                else np.argmax(raw_output, axis=1)
            right = pred == y_true
        return float(np.average(right, weights=sample_weight))

    def predict(self, X: Any) -> np.ndarray:
        """Predicted class of each sample (a 0/1 indicator matrix for multilabel ``y``).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_labels)
        """
        return self._labels(self._raw_output(X))

    def predict_proba(self, X: Any) -> np.ndarray:
        """Class probabilities, columns ordered as ``classes_``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        raw = self._raw_output(X)
        if self._target_kind == "binary":
            p = expit(raw[:, 0])
            return np.column_stack([1 - p, p])
        if self._target_kind == "multilabel":
            return expit(raw)
        return softmax(raw)

    def predict_log_proba(self, X: Any) -> np.ndarray:
        """Logarithm of :meth:`predict_proba`."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags


class MLPRegressor(RegressorMixin, _BaseMultilayerPerceptron):
    """Multi-layer perceptron regressor (scikit-learn's ``MLPRegressor``).

    A feed-forward network of ``nn.Linear`` layers with a hidden activation and an identity
    output, trained on the half squared error with an L2 penalty by Adam, SGD or L-BFGS.

    Parameters
    ----------
    loss : {"squared_error", "poisson"}, default="squared_error"
        Half squared error, or half Poisson deviance with an exponential output (``y >= 0``,
        e.g. counts).
    hidden_layer_sizes : array-like of int, default=(100,)
        Number of units of each hidden layer.
    activation : {"identity", "logistic", "tanh", "relu"}, default="relu"
        Hidden-layer activation.
    solver : {"lbfgs", "sgd", "adam"}, default="adam"
        Optimiser (see :class:`MLPClassifier`).
    alpha : float, default=0.0001
        L2 penalty ``alpha / (2 n) * sum ||W||^2``.
    batch_size : int or "auto", default="auto"
        Mini-batch size; "auto" is ``min(200, n_samples)``.
    learning_rate : {"constant", "invscaling", "adaptive"}, default="constant"
        Schedule of "sgd".
    learning_rate_init : float, default=0.001
        Initial learning rate.
    power_t : float, default=0.5
        Exponent of "invscaling".
    max_iter : int, default=200
        Epochs (stochastic solvers) or iterations ("lbfgs").
    shuffle : bool, default=True
        Reshuffle the samples at every epoch.
    random_state : int, RandomState instance or None, default=None
        Initial weights, validation split and shuffling.
    tol : float, default=1e-4
        Improvement threshold of the stopping rule.
    verbose : bool, default=False
        Show a progress bar.
    warm_start : bool, default=False
        Start from the previous fit's weights.
    momentum : float, default=0.9
        Momentum of "sgd".
    nesterovs_momentum : bool, default=True
        Nesterov momentum for "sgd".
    early_stopping : bool, default=False
        Stop when the R^2 of a held-out ``validation_fraction`` stops improving.
    validation_fraction : float, default=0.1
        Held-out fraction for early stopping.
    beta_1, beta_2, epsilon : float, default=0.9, 0.999, 1e-8
        Adam's parameters.
    n_iter_no_change : int, default=10
        Epochs without improvement tolerated before stopping.
    max_fun : int, default=15000
        Maximum number of loss evaluations of "lbfgs".

    Attributes
    ----------
    coefs_, intercepts_ : list of ndarray
        Weights (``coefs_[i]`` of shape (fan_in, fan_out)) and biases of each layer.
    loss_ : float
        Final loss.
    best_loss_ : float or None
        Smallest training loss.
    loss_curve_ : list of float
        Training loss per epoch (stochastic solvers).
    validation_scores_ : list of float or None
        Validation R^2 per epoch (with early stopping).
    best_validation_score_ : float or None
        Best validation R^2.
    n_iter_ : int
        Epochs or iterations run by the last ``fit`` or ``partial_fit`` call.
    t_ : int
        Training samples seen.
    n_layers_, n_outputs_ : int
        Number of layers and of outputs.
    out_activation_ : str
        "identity", or "exp" (the log link) with ``loss="poisson"``.
    n_features_in_ : int
        Number of features seen in ``fit``.

    Notes
    -----
    For several outputs the objective sums the squared errors over outputs (the loss whose
    gradient scikit-learn follows); scikit-learn's reported ``loss_`` averages them instead.
    See also the notes of :class:`MLPClassifier`.

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.neural_network import MLPRegressor
    >>> X = np.linspace(-3, 3, 200)[:, None]
    >>> reg = MLPRegressor(hidden_layer_sizes=(20,), activation="tanh", solver="lbfgs",
    ...                    random_state=0)
    >>> reg.fit(X, np.sin(X).ravel()).score(X, np.sin(X).ravel()) > 0.99
    True
    """

    _check_estimator_params = {"hidden_layer_sizes": (16,), "max_iter": 100,
                               "learning_rate_init": 0.01, "random_state": 0}
    _parameter_constraints: dict[str, list] = {
        **_BaseMultilayerPerceptron._parameter_constraints,
        "loss": [StrOptions({"squared_error", "poisson"})],
    }

    def __init__(self, loss: str = "squared_error", hidden_layer_sizes: Any = (100,),
                 activation: str = "relu", *, solver: str = "adam", alpha: float = 0.0001,
                 batch_size: int | str = "auto", learning_rate: str = "constant",
                 learning_rate_init: float = 0.001, power_t: float = 0.5, max_iter: int = 200,
                 shuffle: bool = True, random_state: Any = None, tol: float = 1e-4,
                 verbose: bool = False, warm_start: bool = False, momentum: float = 0.9,
                 nesterovs_momentum: bool = True, early_stopping: bool = False,
                 validation_fraction: float = 0.1, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-8, n_iter_no_change: int = 10,
                 max_fun: int = 15000) -> None:
        super().__init__(
            hidden_layer_sizes, activation, solver=solver, alpha=alpha, batch_size=batch_size,
            learning_rate=learning_rate, learning_rate_init=learning_rate_init, power_t=power_t,
            max_iter=max_iter, shuffle=shuffle, random_state=random_state, tol=tol,
            verbose=verbose, warm_start=warm_start, momentum=momentum,
            nesterovs_momentum=nesterovs_momentum, early_stopping=early_stopping,
            validation_fraction=validation_fraction, beta_1=beta_1, beta_2=beta_2,
            epsilon=epsilon, n_iter_no_change=n_iter_no_change, max_fun=max_fun)
        self.loss = loss

    def _partial_fit(self, X: Any, y: Any, sample_weight: Any = None) -> MLPRegressor:
        """One epoch on ``(X, y)``; see :attr:`partial_fit`.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None
            Weights of the samples in the loss.

        Returns
        -------
        self : MLPRegressor
        """
        self._validate_params()
        self._check_partial_fit()
        return self._fit(X, y, incremental=True, sample_weight=sample_weight)

    def _prepare_targets(self, y: np.ndarray, first_pass: bool, classes: Any = None):
        if y.dtype.kind not in "fiub":
            try:
                y = y.astype(np.float64)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"MLPRegressor needs numeric targets: {exc}") from exc
        y = y.astype(np.float64, copy=False)
        if self.loss == "poisson" and np.any(y < 0):
            raise ValueError("Some value(s) of y are negative which is not allowed for "
                             "Poisson regression.")
        targets = y[:, None] if y.ndim == 1 else y
        self.out_activation_ = "exp" if self.loss == "poisson" else "identity"
        self.n_outputs_ = targets.shape[1]
        return targets, targets

    def _validation_score(self, y_true: np.ndarray, raw_output: np.ndarray,
                          sample_weight: np.ndarray | None) -> float:
        if self.out_activation_ == "exp":
            raw_output = np.exp(raw_output)
        if not np.all(np.isfinite(raw_output)):
            return np.nan
        return float(r2_score(y_true, raw_output, sample_weight=sample_weight))

    def predict(self, X: Any) -> np.ndarray:
        """Predicted values.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        raw = self._raw_output(X)
        if self.out_activation_ == "exp":
            raw = np.exp(raw)
        return raw.ravel() if raw.shape[1] == 1 else raw


def _xlogy_minus_y(y: np.ndarray) -> np.ndarray:
    """``y log y - y`` (0 at y = 0): the constant that makes the Poisson deviance 0 at a
    perfect fit."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(y > 0, y * np.log(np.where(y > 0, y, 1.0)), 0.0) - y
