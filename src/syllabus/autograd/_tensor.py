"""The autograd core: ``Tensor``, ``Function`` and the backward pass.

A :class:`Function` is the lecture's module with a Forward and a Backward method: ``forward``
maps NumPy arrays to NumPy arrays and leaves what the gradient needs on ``ctx``; ``backward``
maps the gradient of the loss with respect to the outputs to the gradients with respect to
the inputs (the chain rule, one local Jacobian-vector product). ``Function.apply`` runs the
forward on tensors and, when an input requires a gradient, records a graph node (the ``ctx``).
``Tensor.backward`` visits the nodes in reverse topological order, iteratively (deep graphs
never hit Python's recursion limit), adding up gradients that reach a tensor along several
paths.

Stale graphs are refused as in PyTorch: every tensor has a version counter (shared with its
views and ``detach()``), bumped by in-place operations (``t[...] = v``, ``zero_()``, optimiser
steps, ``load_state_dict``). ``ctx.save_for_backward`` records the version of each input or
output tensor whose array it saves, and ``ctx.saved_tensors`` raises a RuntimeError if one has
changed since, so every Function gets the check without code of its own.

This module is the whole core, to be read top to bottom: :class:`Context` (the graph node),
:class:`Function` (forward and backward), :class:`Tensor` (an array, its gradient and the node
that produced it) and the backward pass. The operator surface users call (``+``, ``@``,
``sum``, ``reshape``, ``relu``...) lives in ``_tensor_methods.py``, each method one line that
applies a Function of ``_ops.py`` or ``_functions.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._grad_mode import _mode

# Python floats (and lists of them) become float32, the default dtype for networks.
_DEFAULT_FLOAT = np.dtype(np.float32)


def _as_array(data: Any, dtype: Any = None) -> np.ndarray:
    """NumPy arrays keep their dtype; Python floats become float32; integers stay integers."""
    if isinstance(data, Tensor):
        data = data.data
    if dtype is not None:
        return np.asarray(data, dtype=dtype)
    if isinstance(data, (np.ndarray, np.generic)):
        return np.asarray(data)
    arr = np.asarray(data)
    if arr.dtype.kind == "f":
        arr = arr.astype(_DEFAULT_FLOAT, copy=False)
    elif arr.dtype.kind not in "biuc":
        raise TypeError(f"Cannot make a tensor from data of dtype {arr.dtype}.")
    return arr


class Context:
    """What a :class:`Function`'s forward leaves for its backward (PyTorch's ``ctx``).

    A recorded ``Context`` is also the graph node: it knows its Function and its inputs.
    It is built by :meth:`Function.apply`, not by user code.

    One convention for what a forward leaves behind: arrays the backward needs go through
    :meth:`save_for_backward` (so in-place changes to them are caught); plain settings
    (shapes, axes, flags, hyper-parameters) are set as attributes, ``ctx.axis = axis``.

    Parameters
    ----------
    needs_input_grad : tuple of bool
        For each argument of ``apply``, whether it is a Tensor that requires a gradient.

    Attributes
    ----------
    needs_input_grad : tuple of bool
        For each argument of ``apply``, whether backward must return its gradient.
    saved_tensors : tuple of numpy.ndarray
        The arrays given to :meth:`save_for_backward`; reading them raises a RuntimeError if
        a tensor they belong to was modified in place since they were saved.
    """

    def __init__(self, needs_input_grad: tuple[bool, ...]) -> None:
        self.needs_input_grad = needs_input_grad
        self._saved: tuple | None = ()
        self._versions: list[tuple[list[int], int, str]] = []  # (counter, version, what)
        self.fn: type[Function] | None = None
        self.inputs: tuple = ()
        self.n_outputs = 1
        self.retained: dict[int, Tensor] | None = None

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep arrays for the backward pass (they are released after it).

        An array that is (a view of) an input tensor's data is tied to that tensor's
        version: modifying the tensor in place before backward makes backward raise.
        """
        self._saved = arrays
        self._versions = []
        if self.fn is None:  # not recorded (no_grad, or no input requires grad)
            return
        self._saved_roots = {id(_root(a)) for a in arrays if isinstance(a, np.ndarray)}
        for k, t in enumerate(self.inputs):
            if isinstance(t, Tensor) and id(_root(t.data)) in self._saved_roots:
                self._versions.append((t._version_counter, t._version_counter[0], f"input {k}"))

    def _track_outputs(self, outputs: tuple) -> None:
        """Tie saved arrays that are (views of) outputs to the outputs' versions."""
        for k, t in enumerate(outputs):
            if id(_root(t.data)) in self._saved_roots:
                self._versions.append((t._version_counter, t._version_counter[0], f"output {k}"))

    @property
    def saved_tensors(self) -> tuple:
        if self._saved is None:
            raise RuntimeError(
                "Trying to backward through the graph a second time: its saved arrays were "
                "freed after the first backward. Pass retain_graph=True to the first backward."
            )
        for counter, version, what in self._versions:
            if counter[0] != version:
                name = self.fn.__name__ if self.fn is not None else "a Function"
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been modified "
                    f"by an inplace operation: {what} of {name} is at version {counter[0]}; "
                    f"expected version {version} instead. Do not modify it in place (e.g. "
                    "optimizer.step()) between the forward pass and backward()."
                )
        return self._saved


def _root(a: np.ndarray) -> np.ndarray:
    """The array that owns the memory of ``a`` (``a`` itself unless it is a view)."""
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a


class Function:
    """Base class of differentiable operations, as ``torch.autograd.Function``.

    Subclasses define two static methods on NumPy arrays::

        class Square(Function):
            @staticmethod
            def forward(ctx, x):              # y = x^2
                ctx.save_for_backward(x)
                return x * x

            @staticmethod
            def backward(ctx, grad_out):      # dL/dx = dL/dy * 2x
                (x,) = ctx.saved_tensors
                return grad_out * 2 * x

    and are called as ``Square.apply(t)``. ``forward`` receives the ``.data`` of tensor
    arguments and any other argument unchanged; it returns an array or a tuple of arrays.
    ``backward`` receives one gradient per output and returns one gradient (or None) per
    argument of ``apply``, each with the shape of that argument. ``backward`` must not modify
    ``grad_out`` in place (the same array may be handed to several nodes).

    Examples
    --------
    >>> import numpy as np, syllabus
    >>> class Square(syllabus.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x * x
    ...     @staticmethod
    ...     def backward(ctx, grad_out):
    ...         (x,) = ctx.saved_tensors
    ...         return grad_out * 2 * x
    >>> x = syllabus.tensor([3.0], requires_grad=True)
    >>> Square.apply(x).sum().backward()
    >>> x.grad
    array([6.], dtype=float32)
    """

    @staticmethod
    def forward(ctx: Context, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError

    @staticmethod
    def backward(ctx: Context, *grad_outputs: np.ndarray) -> Any:
        raise NotImplementedError

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """Run ``forward`` on the arguments' arrays and record the node if a gradient is needed."""
        arrays = [a.data if isinstance(a, Tensor) else a for a in args]
        track = _mode.enabled and any(isinstance(a, Tensor) and a.requires_grad for a in args)
        if track:
            ctx = Context(tuple(isinstance(a, Tensor) and a.requires_grad for a in args))
            ctx.fn = cls
            ctx.inputs = args  # before forward: save_for_backward ties arrays to versions
        else:
            ctx = Context((False,) * len(args))
        out = cls.forward(ctx, *arrays, **kwargs)
        if not track:
            if isinstance(out, tuple):
                return tuple(_share_version(Tensor._make(o, None, 0), args) for o in out)
            return _share_version(Tensor._make(out, None, 0), args)
        if isinstance(out, tuple):
            ctx.n_outputs = len(out)
            ctx.out_meta = [(np.shape(o), np.result_type(o)) for o in out]
            outputs = tuple(_share_version(Tensor._make(o, ctx, i), args) for i, o in enumerate(out))
        else:
            outputs = (_share_version(Tensor._make(out, ctx, 0), args),)
        if ctx._saved:  # recorded: save_for_backward set _saved_roots
            ctx._track_outputs(outputs)
        return outputs if isinstance(out, tuple) else outputs[0]


def _share_version(out: Tensor, args: tuple) -> Tensor:
    """A view of an input's data shares its version counter (PyTorch's rule for views)."""
    data = out.data
    root = _root(data) if data.base is not None else data
    for a in args:
        if isinstance(a, Tensor) and (a.data is root or _root(a.data) is root):
            out._version_counter = a._version_counter
            break
    return out


class Tensor:
    """An n-dimensional array that records the operations applied to it for ``backward``.

    Parameters
    ----------
    data : array-like
        The values. A NumPy array keeps its dtype; Python floats and lists of floats become
        float32 (the default); integers stay integers.
    requires_grad : bool, default=False
        Whether ``backward`` computes the gradient of this tensor (floating dtypes only).
    dtype : dtype, default=None
        Cast ``data`` to this dtype.

    Attributes
    ----------
    data : numpy.ndarray
        The values (a NumPy array, shared, not copied, when one is given).
    grad : numpy.ndarray or None
        The gradient accumulated by ``backward`` (leaf tensors only), same shape and dtype
        as ``data``.
    requires_grad : bool
        Whether gradients flow to this tensor.

    Examples
    --------
    >>> import syllabus
    >>> x = syllabus.tensor([-2.0], requires_grad=True)
    >>> y = syllabus.tensor([5.0], requires_grad=True)
    >>> z = syllabus.tensor([-4.0], requires_grad=True)
    >>> f = ((x + y) * z).sum()
    >>> f.backward()
    >>> x.grad, z.grad
    (array([-4.], dtype=float32), array([3.], dtype=float32))
    """

    __array_priority__ = 1000
    __array_ufunc__ = None  # ndarray (op) Tensor defers to Tensor's reflected operator

    def __init__(self, data: Any, requires_grad: bool = False, dtype: Any = None) -> None:
        self.data = _as_array(data, dtype)
        self.grad: np.ndarray | None = None
        self._version_counter = [0]
        self._ctx: Context | None = None
        self._index = 0
        self.requires_grad = False
        if requires_grad:
            self.requires_grad_(True)

    @classmethod
    def _make(cls, data: Any, ctx: Context | None, index: int) -> Tensor:
        t = object.__new__(Tensor)
        if not isinstance(data, np.ndarray):
            data = np.asarray(data)
        t.data = data
        t.grad = None
        t._version_counter = [0]
        t._ctx = ctx
        t._index = index
        t.requires_grad = ctx is not None and data.dtype.kind in "fc"
        if not t.requires_grad:
            t._ctx = None
        return t

    # ---- the graph ----------------------------------------------------------------------
    @property
    def is_leaf(self) -> bool:
        return self._ctx is None

    @property
    def grad_fn(self) -> type[Function] | None:
        """The Function that produced this tensor (None for leaves)."""
        return None if self._ctx is None else self._ctx.fn

    def detach(self) -> Tensor:
        """A new tensor on the same data (and version counter), cut from the graph."""
        t = Tensor._make(self.data, None, 0)
        t._version_counter = self._version_counter
        return t

    @property
    def _version(self) -> int:
        """How many times the data was modified in place (PyTorch's ``Tensor._version``)."""
        return self._version_counter[0]

    def _bump_version(self) -> None:
        """Record an in-place modification: graphs that saved this tensor become stale."""
        self._version_counter[0] += 1

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        if requires_grad and self.data.dtype.kind not in "fc":
            raise RuntimeError(
                f"only tensors of floating point dtype can require gradients, got {self.data.dtype}"
            )
        if not requires_grad and self._ctx is not None:
            raise RuntimeError("requires_grad can only be turned off on leaf tensors; use detach()")
        self.requires_grad = bool(requires_grad)
        return self

    def retain_grad(self) -> None:
        """Keep the gradient of this non-leaf tensor in ``.grad`` after ``backward``."""
        if self._ctx is None:
            return
        if self._ctx.retained is None:
            self._ctx.retained = {}
        self._ctx.retained[self._index] = self

    def zero_(self) -> Tensor:
        self.data[...] = 0
        self._bump_version()
        return self

    # ---- backward ---------------------------------------------------------------------
    def backward(self, gradient: Any = None, retain_graph: bool = False) -> None:
        """Accumulate d(self)/d(leaf) into the ``.grad`` of every leaf that requires it.

        Parameters
        ----------
        gradient : array-like, optional
            dL/d(self); may be omitted when ``self`` has a single element (it is then 1).
        retain_graph : bool, default=False
            Keep the saved arrays so that backward can run through the graph again.
        """
        if not self.requires_grad:
            raise RuntimeError("backward() on a tensor that does not require grad (and has no grad_fn)")
        if gradient is None:
            if self.data.size != 1:
                raise RuntimeError(
                    f"grad can be implicitly created only for one-element outputs; got shape "
                    f"{self.data.shape}. Pass gradient= or reduce (e.g. .sum()) first."
                )
            grad = np.ones_like(self.data)
        else:
            grad = _as_array(gradient).astype(self.data.dtype, copy=False)
            if grad.shape != self.data.shape:
                raise ValueError(
                    f"gradient has shape {grad.shape} but the tensor has shape {self.data.shape}"
                )
        _run_backward(self, grad, retain_graph)

def _topological_order(root: Context) -> list[Context]:
    """The nodes reachable from ``root``, each after all the nodes it depends on.

    An iterative depth-first search (deep graphs never hit Python's recursion limit).
    """
    order: list[Context] = []
    visited: set[int] = set()
    stack: list[tuple[Context, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))
        for inp in node.inputs:
            if isinstance(inp, Tensor) and inp._ctx is not None and id(inp._ctx) not in visited:
                stack.append((inp._ctx, False))
    return order


def _run_backward(root: Tensor, grad: np.ndarray, retain_graph: bool) -> None:
    """Backpropagate ``grad`` from ``root`` through the recorded graph."""
    given: set[int] = set()  # ids of arrays already stored as some leaf's .grad
    if root._ctx is None:
        _accumulate_leaf(root, grad, given)
        return
    order = _topological_order(root._ctx)
    grads: dict[int, list] = {id(root._ctx): [None] * root._ctx.n_outputs}
    grads[id(root._ctx)][root._index] = grad
    for node in reversed(order):
        grad_outputs = grads.pop(id(node), None)
        if grad_outputs is None:  # no gradient reaches this node
            continue
        if node.n_outputs > 1:
            grad_outputs = [
                np.zeros(shape, dtype) if g is None else g
                for g, (shape, dtype) in zip(grad_outputs, node.out_meta)
            ]
        if node.retained:
            for i, t in node.retained.items():
                _accumulate_leaf(t, grad_outputs[i], given)
        in_grads = node.fn.backward(node, *grad_outputs)
        if not isinstance(in_grads, tuple):
            in_grads = (in_grads,)
        if not retain_graph:
            node._saved = None
        for k, (inp, g) in enumerate(zip(node.inputs, in_grads)):
            if g is None or not isinstance(inp, Tensor) or not inp.requires_grad:
                continue
            if not isinstance(g, np.ndarray):
                g = np.asarray(g)
            if g.shape != inp.data.shape:
                g = _sum_to(g, inp.data.shape, node.fn.__name__, k)
            if inp._ctx is None:
                _accumulate_leaf(inp, g, given)
            else:
                slots = grads.setdefault(id(inp._ctx), [None] * inp._ctx.n_outputs)
                prev = slots[inp._index]
                slots[inp._index] = g if prev is None else prev + g  # never in place


def unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched, back to ``shape``.

    Parameters
    ----------
    grad : ndarray
        Gradient of a broadcast result.
    shape : tuple of int
        Shape of the operand before broadcasting.

    Returns
    -------
    ndarray of shape ``shape``

    Examples
    --------
    >>> import numpy as np
    >>> from syllabus.autograd import unbroadcast
    >>> unbroadcast(np.ones((2, 3)), (1, 3)).tolist()
    [[2.0, 2.0, 2.0]]
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra > 0:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and grad.shape[i] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad.reshape(shape)


def _sum_to(g: np.ndarray, shape: tuple[int, ...], fn_name: str, k: int) -> np.ndarray:
    """A gradient of a broadcast shape is summed back to the input's shape (as PyTorch)."""
    try:
        if np.broadcast_shapes(shape, g.shape) == g.shape:
            return unbroadcast(g, shape)
    except ValueError:
        pass
    raise RuntimeError(
        f"{fn_name}.backward returned a gradient of shape {g.shape} for input {k} of shape {shape}"
    )


def _accumulate_leaf(t: Tensor, g: np.ndarray, given: set[int]) -> None:
    """``t.grad += g``, storing an array that no other tensor's ``.grad`` shares."""
    if t.grad is not None:
        np.add(t.grad, g, out=t.grad, casting="unsafe")
        return
    if g.dtype != t.data.dtype:
        g = g.astype(t.data.dtype)
    elif g.base is not None or id(g) in given:
        g = g.copy()
    t.grad = g
    given.add(id(g))

