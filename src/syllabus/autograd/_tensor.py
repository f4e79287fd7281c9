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
"""

from __future__ import annotations

from typing import Any, NamedTuple

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

    # ---- basic properties -------------------------------------------------------------
    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def is_leaf(self) -> bool:
        return self._ctx is None

    @property
    def grad_fn(self) -> type[Function] | None:
        """The Function that produced this tensor (None for leaves)."""
        return None if self._ctx is None else self._ctx.fn

    def size(self, dim: int | None = None) -> tuple[int, ...] | int:
        """The shape, or its length along ``dim`` (PyTorch's ``Tensor.size``)."""
        return self.data.shape if dim is None else self.data.shape[dim]

    def numel(self) -> int:
        return self.data.size

    def dim(self) -> int:
        return self.data.ndim

    def __len__(self) -> int:
        return len(self.data)

    def __repr__(self) -> str:
        body = np.array2string(self.data, separator=", ", prefix="tensor(")
        extra = "" if self.data.dtype == _DEFAULT_FLOAT else f", dtype={self.data.dtype}"
        if self._ctx is not None:
            extra += f", grad_fn=<{self._ctx.fn.__name__}Backward>"
        elif self.requires_grad:
            extra += ", requires_grad=True"
        return f"tensor({body}{extra})"

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        if dtype is not None and dtype != self.data.dtype:
            return self.data.astype(dtype)
        return self.data.copy() if copy else self.data

    def __bool__(self) -> bool:
        return bool(self.data)

    def __float__(self) -> float:
        return float(self.data)

    def __int__(self) -> int:
        return int(self.data)

    def __index__(self) -> int:
        return self.data.__index__()

    __hash__ = object.__hash__  # == is elementwise, as in PyTorch; hash by identity

    # ---- conversion -------------------------------------------------------------------
    def numpy(self) -> np.ndarray:
        """The values as a NumPy array (shares memory with the tensor)."""
        return self.data

    def item(self) -> Any:
        """The value of a one-element tensor as a Python number."""
        if self.data.size != 1:
            raise ValueError(
                f"a Tensor with {self.data.size} elements cannot be converted to a Python scalar"
            )
        return self.data.item()

    def tolist(self) -> Any:
        return self.data.tolist()

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

    def clone(self) -> Tensor:
        return _ops.Clone.apply(self)

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

    def astype(self, dtype: Any) -> Tensor:
        """A copy in another dtype (the gradient flows back, cast to this tensor's dtype)."""
        return _ops.Cast.apply(self, dtype=np.dtype(dtype))

    def to(self, dtype: Any) -> Tensor:
        """As :meth:`astype`; ``to("cpu")`` returns the tensor itself (NumPy is the device)."""
        if isinstance(dtype, str) and dtype == "cpu":
            return self
        return self.astype(dtype)

    def float(self) -> Tensor:
        return self.astype(np.float32)

    def double(self) -> Tensor:
        return self.astype(np.float64)

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
                    f"{self.shape}. Pass gradient= or reduce (e.g. .sum()) first."
                )
            grad = np.ones_like(self.data)
        else:
            grad = _as_array(gradient).astype(self.data.dtype, copy=False)
            if grad.shape != self.shape:
                raise ValueError(
                    f"gradient has shape {grad.shape} but the tensor has shape {self.shape}"
                )
        _run_backward(self, grad, retain_graph)

    # ---- operators (the Functions live in _ops.py) ------------------------------------
    def __add__(self, other: Any) -> Tensor: return _ops.Add.apply(self, other)
    def __radd__(self, other: Any) -> Tensor: return _ops.Add.apply(other, self)
    def __sub__(self, other: Any) -> Tensor: return _ops.Sub.apply(self, other)
    def __rsub__(self, other: Any) -> Tensor: return _ops.Sub.apply(other, self)
    def __mul__(self, other: Any) -> Tensor: return _ops.Mul.apply(self, other)
    def __rmul__(self, other: Any) -> Tensor: return _ops.Mul.apply(other, self)
    def __truediv__(self, other: Any) -> Tensor: return _ops.Div.apply(self, other)
    def __rtruediv__(self, other: Any) -> Tensor: return _ops.Div.apply(other, self)
    def __pow__(self, other: Any) -> Tensor: return _ops.Pow.apply(self, other)
    def __rpow__(self, other: Any) -> Tensor: return _ops.Pow.apply(other, self)
    def __matmul__(self, other: Any) -> Tensor: return _ops.MatMul.apply(self, other)
    def __rmatmul__(self, other: Any) -> Tensor: return _ops.MatMul.apply(other, self)
    def __neg__(self) -> Tensor: return _ops.Neg.apply(self)
    def __pos__(self) -> Tensor: return self
    def __abs__(self) -> Tensor: return _ops.Abs.apply(self)
    def __getitem__(self, index: Any) -> Tensor: return _ops.GetItem.apply(self, index=_index_arrays(index))

    # Comparisons give boolean tensors outside the graph.
    def __lt__(self, other: Any) -> Tensor: return Tensor._make(self.data < _data(other), None, 0)
    def __le__(self, other: Any) -> Tensor: return Tensor._make(self.data <= _data(other), None, 0)
    def __gt__(self, other: Any) -> Tensor: return Tensor._make(self.data > _data(other), None, 0)
    def __ge__(self, other: Any) -> Tensor: return Tensor._make(self.data >= _data(other), None, 0)
    def __eq__(self, other: Any) -> Tensor: return Tensor._make(self.data == _data(other), None, 0)  # type: ignore[override]
    def __ne__(self, other: Any) -> Tensor: return Tensor._make(self.data != _data(other), None, 0)  # type: ignore[override]

    def __setitem__(self, index, value) -> None:
        if self.requires_grad and _mode.enabled:
            raise RuntimeError(
                "in-place assignment to a tensor that requires grad; do it under no_grad()"
            )
        self.data[_index_arrays(index)] = _data(value)
        self._bump_version()

    # ---- elementwise maths ------------------------------------------------------------
    def exp(self) -> Tensor: return _ops.Exp.apply(self)
    def log(self) -> Tensor: return _ops.Log.apply(self)
    def sqrt(self) -> Tensor: return _ops.Sqrt.apply(self)
    def abs(self) -> Tensor: return _ops.Abs.apply(self)

    def clip(self, min: float | None = None, max: float | None = None) -> Tensor:  # noqa: A002
        """Clamp values to [min, max]; the gradient passes where min <= x <= max."""
        return _ops.Clip.apply(self, lo=min, hi=max)

    clamp = clip

    def relu(self) -> Tensor: return _functions.ReLU.apply(self)
    def sigmoid(self) -> Tensor: return _functions.Sigmoid.apply(self)
    def tanh(self) -> Tensor: return _functions.Tanh.apply(self)

    def softmax(self, dim: int = -1) -> Tensor:
        return _functions.Softmax.apply(self, dim=dim)

    def log_softmax(self, dim: int = -1) -> Tensor:
        return _functions.LogSoftmax.apply(self, dim=dim)

    # ---- reductions (``axis``/``keepdims``; PyTorch's ``dim``/``keepdim`` also accepted) -
    def sum(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return _ops.Sum.apply(self, axis=_axis(axis, dim), keepdims=bool(keepdim or keepdims))

    def mean(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return _ops.Mean.apply(self, axis=_axis(axis, dim), keepdims=bool(keepdim or keepdims))

    def max(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """Maximum over ``axis`` (all axes by default).

        With ``axis`` (NumPy style) it returns the values, as ``torch.amax``: tied maxima
        share the gradient evenly. With ``dim`` (PyTorch style, an int) it returns
        ``(values, indices)`` as ``torch.max(dim)``: the gradient goes to the first maximum.
        """
        if dim is not None:
            return MinMax(*_ops.MaxWithIndices.apply(self, dim=dim, keepdim=bool(keepdim or keepdims)))
        return _ops.Max.apply(self, axis=_axis(axis, None), keepdims=bool(keepdims))

    def min(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """Minimum, as :meth:`max` (``dim=`` returns ``(values, indices)``)."""
        if dim is not None:
            values, indices = _ops.MaxWithIndices.apply(-self, dim=dim, keepdim=bool(keepdim or keepdims))
            return MinMax(-values, indices)
        return -_ops.Max.apply(-self, axis=_axis(axis, None), keepdims=bool(keepdims))

    def amax(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """Maximum values (``torch.amax``): tied maxima share the gradient evenly."""
        return _ops.Max.apply(self, axis=_axis(axis, dim), keepdims=bool(keepdim or keepdims))

    def amin(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """Minimum values (``torch.amin``): tied minima share the gradient evenly."""
        return -_ops.Max.apply(-self, axis=_axis(axis, dim), keepdims=bool(keepdim or keepdims))

    def argmax(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return Tensor._make(np.argmax(self.data, axis=_axis(axis, dim),
                                      keepdims=bool(keepdim or keepdims)), None, 0)

    def argmin(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return Tensor._make(np.argmin(self.data, axis=_axis(axis, dim),
                                      keepdims=bool(keepdim or keepdims)), None, 0)

    # ---- shape ------------------------------------------------------------------------
    def reshape(self, *shape) -> Tensor:
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return _ops.Reshape.apply(self, shape=shape)

    view = reshape

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        shape = self.shape
        if not shape:
            return self.reshape(1)
        start, end = start_dim % len(shape), end_dim % len(shape)
        return self.reshape(*shape[:start], -1, *shape[end + 1:])

    def unsqueeze(self, dim: int) -> Tensor:
        dim = dim if dim >= 0 else dim + self.ndim + 1
        return self.reshape(*self.shape[:dim], 1, *self.shape[dim:])

    def squeeze(self, dim: int | None = None) -> Tensor:
        if dim is None:
            return self.reshape(*(n for n in self.shape if n != 1))
        if self.shape[dim] != 1:
            return self
        shape = list(self.shape)
        del shape[dim]
        return self.reshape(*shape)

    def permute(self, *dims) -> Tensor:
        if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
            dims = tuple(dims[0])
        return _ops.Permute.apply(self, dims=dims)

    def transpose(self, dim0: int = -2, dim1: int = -1) -> Tensor:
        """Swap two dimensions (PyTorch's ``transpose(dim0, dim1)``)."""
        dims = list(range(self.ndim))
        dims[dim0], dims[dim1] = dims[dim1], dims[dim0]
        return _ops.Permute.apply(self, dims=tuple(dims))

    @property
    def T(self) -> Tensor:
        return _ops.Permute.apply(self, dims=tuple(reversed(range(self.ndim))))


class MinMax(NamedTuple):
    """``(values, indices)`` of ``Tensor.max(dim=...)`` / ``Tensor.min(dim=...)``."""

    values: Tensor
    indices: Tensor


def tensor(data: Any, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Make a :class:`Tensor` (PyTorch's ``torch.tensor``).

    A NumPy array keeps its dtype (float64 stays float64); Python floats and lists become
    float32, the default; integers stay integers.

    Parameters
    ----------
    data : array-like or Tensor
        The values.
    dtype : dtype, default=None
        Cast to this dtype.
    requires_grad : bool, default=False
        Record operations on the result for ``backward``.

    Returns
    -------
    Tensor

    Examples
    --------
    >>> import numpy as np, syllabus
    >>> syllabus.tensor([1.0, 2.0]).dtype
    dtype('float32')
    >>> syllabus.tensor(np.zeros(2)).dtype
    dtype('float64')
    """
    if isinstance(data, Tensor):
        data = data.data.copy()
    return Tensor(data, requires_grad=requires_grad, dtype=dtype)


def _data(x: Any) -> Any:
    return x.data if isinstance(x, Tensor) else x


def _axis(axis: Any, dim: Any) -> Any:
    axis = dim if dim is not None else axis
    return tuple(axis) if isinstance(axis, list) else axis


def _index_arrays(index: Any) -> Any:
    """Indices may hold tensors: use their arrays."""
    if isinstance(index, tuple):
        return tuple(i.data if isinstance(i, Tensor) else i for i in index)
    return index.data if isinstance(index, Tensor) else index


def _run_backward(root: Tensor, grad: np.ndarray, retain_graph: bool) -> None:
    """Backpropagate ``grad`` from ``root`` through the recorded graph."""
    given: set[int] = set()  # ids of arrays already stored as some leaf's .grad
    if root._ctx is None:
        _accumulate_leaf(root, grad, given)
        return
    # Topological order of the nodes, by an iterative depth-first search.
    order: list[Context] = []
    visited: set[int] = set()
    stack: list[tuple[Context, bool]] = [(root._ctx, False)]
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


def _sum_to(g: np.ndarray, shape: tuple[int, ...], fn_name: str, k: int) -> np.ndarray:
    """A gradient of a broadcast shape is summed back to the input's shape (as PyTorch)."""
    try:
        if np.broadcast_shapes(shape, g.shape) == g.shape:
            return _ops.unbroadcast(g, shape)
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


from . import _functions, _ops  # noqa: E402  (the Functions need Tensor defined first)
