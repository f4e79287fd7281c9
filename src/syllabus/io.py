"""Save and load models as safetensors + JSON: arrays in safetensors, everything else in JSON.

A saved file is one ``.safetensors`` file whose header metadata carries a JSON description
of the object (its class, hyper-parameters, fitted attributes); arrays are tensors in the
same file. Nothing is ever unpickled: loading only rebuilds instances of syllabus's own
estimator, module and tensor classes, so no file can make :func:`load` run code.

Examples
--------
>>> import numpy as np, tempfile, os
>>> from syllabus.dummy import DummyRegressor
>>> from syllabus import io
>>> model = DummyRegressor().fit(np.zeros((3, 1)), [1.0, 2.0, 6.0])
>>> path = os.path.join(tempfile.mkdtemp(), "model.safetensors")
>>> io.save(model, path)
>>> io.load(path).predict(np.zeros((1, 1)))
array([3.])
"""

from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from .base import BaseEstimator
from .metrics._scorer import _Scorer

__all__ = ["load", "load_arrays", "save", "save_arrays"]

_FORMAT = "syllabus"
_VERSION = 1


class _Encoder:
    """Turn an object tree into JSON, collecting its numeric arrays as named tensors."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}
        self.objects: dict[int, int] = {}  # id(obj) -> its number: a shared object is saved once
        self._keep: list = []  # keeps numbered objects alive, so ids are not reused

    def _array_ref(self, arr: np.ndarray) -> dict:
        if arr.dtype.kind in "biuf":
            key = f"t{len(self.arrays)}"
            self.arrays[key] = np.ascontiguousarray(arr)
            if arr.ndim == 0:  # safetensors reads a 0-d tensor back as shape (1,)
                return {"__ndarray__": key, "shape": []}
            return {"__ndarray__": key}
        if arr.dtype.kind in "US" or (arr.dtype.kind == "O" and all(
                isinstance(v, (str, int, float, bool)) for v in arr.ravel())):
            return {"__ndarray_json__": arr.tolist(), "dtype": arr.dtype.str, "shape": arr.shape}
        if arr.dtype.kind == "O":  # e.g. gradient boosting's (n_stages, K) array of trees
            return {"__object_array__": [self.encode(v) for v in arr.ravel()],
                    "shape": list(arr.shape)}
        raise TypeError(f"Cannot save an array of dtype {arr.dtype}.")

    def encode(self, value: Any, where: str = "object") -> Any:
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, (int, np.integer)) and not isinstance(value, np.bool_):
            return int(value)
        if isinstance(value, (float, np.floating)):
            v = float(value)
            return v if np.isfinite(v) else {"__float__": repr(v)}
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, np.ndarray):
            return self._array_ref(value)
        if isinstance(value, tuple):
            return {"__tuple__": [self.encode(v, where) for v in value]}
        if isinstance(value, list):
            return [self.encode(v, where) for v in value]
        if isinstance(value, dict):
            if all(isinstance(k, str) for k in value):
                return {"__dict__": {k: self.encode(v, f"{where}[{k!r}]") for k, v in value.items()}}
            return {"__items__": [[self.encode(k, where), self.encode(v, where)]
                                  for k, v in value.items()]}
        if isinstance(value, np.random.RandomState):
            name, keys, pos, has_gauss, cached = value.get_state()
            return {"__random_state__": [self.encode(keys), pos, has_gauss, cached]}
        if isinstance(value, np.random.Generator):
            return {"__generator__": self.encode(_to_jsonable(value.bit_generator.state))}
        if isinstance(value, np.dtype) or (isinstance(value, type) and issubclass(value, np.generic)):
            return {"__dtype__": np.dtype(value).str}
        cls = type(value)
        if cls.__module__.startswith("syllabus.") and issubclass(cls, _allowed_bases()):
            if id(value) in self.objects:  # tied weights, shared sub-modules: one object
                return {"__ref__": self.objects[id(value)]}
            self.objects[id(value)] = number = len(self.objects)
            self._keep.append(value)
            return {"__object__": f"{cls.__module__}:{cls.__qualname__}", "id": number,
                    "state": self.encode(dict(vars(value)), cls.__name__)}
        if _is_library_function(value):  # e.g. a scorer's metric, GridSearchCV's default
            return {"__function__": f"{value.__module__}:{value.__qualname__}"}
        raise TypeError(
            f"Cannot save {where}: values of type {cls.__name__} cannot be stored as "
            "safetensors + JSON (callables and foreign objects are not saved)."
        )


def _to_jsonable(state: Any) -> Any:
    if isinstance(state, dict):
        return {k: _to_jsonable(v) for k, v in state.items()}
    if isinstance(state, np.ndarray):
        return state
    if isinstance(state, int) and state.bit_length() > 62:
        return {"__bigint__": str(state)}
    return state


def _from_jsonable(state: Any) -> Any:
    if isinstance(state, dict):
        if "__bigint__" in state:
            return int(state["__bigint__"])
        return {k: _from_jsonable(v) for k, v in state.items()}
    return state


def _is_library_function(value: Any) -> bool:
    """A module-level function of syllabus's metrics (what scorers hold), found by its name."""
    module, name = getattr(value, "__module__", None) or "", getattr(value, "__qualname__", "")
    if not (callable(value) and module.startswith("syllabus.metrics") and name.isidentifier()):
        return False
    return getattr(importlib.import_module(module), name, None) is value


def _allowed_bases() -> tuple[type, ...]:
    """The classes a file may instantiate: syllabus estimators, modules, tensors, scorers."""
    bases: list[type] = [BaseEstimator, _Scorer]
    for module, name in (("syllabus.nn", "Module"), ("syllabus.autograd", "Tensor"),
                         ("syllabus.tree", "Tree")):
        try:
            bases.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            pass
    return tuple(bases)


class _Decoder:
    def __init__(self, arrays: dict[str, np.ndarray], budget: int) -> None:
        self.arrays = arrays
        self.objects: dict[int, Any] = {}
        self.budget = budget  # bytes the JSON-stored arrays may allocate

    def decode(self, node: Any) -> Any:
        if isinstance(node, list):
            return [self.decode(v) for v in node]
        if not isinstance(node, dict):
            return node
        if "__ndarray__" in node:
            arr = self.arrays[node["__ndarray__"]]
            return arr.reshape(node["shape"]) if "shape" in node else arr
        if "__ndarray_json__" in node:
            return self._json_array(node)
        if "__object_array__" in node:
            values = [self.decode(v) for v in node["__object_array__"]]
            out = np.empty(len(values), dtype=object)
            out[:] = values
            return out.reshape([int(n) for n in node["shape"]])
        if "__float__" in node:
            return float(node["__float__"])
        if "__tuple__" in node:
            return tuple(self.decode(v) for v in node["__tuple__"])
        if "__dict__" in node:
            return {k: self.decode(v) for k, v in node["__dict__"].items()}
        if "__items__" in node:
            return {self.decode(k): self.decode(v) for k, v in node["__items__"]}
        if "__dtype__" in node:
            return np.dtype(node["__dtype__"])
        if "__random_state__" in node:
            keys, pos, has_gauss, cached = node["__random_state__"]
            rs = np.random.RandomState()
            rs.set_state(("MT19937", self.decode(keys), pos, has_gauss, cached))
            return rs
        if "__generator__" in node:
            state = _from_jsonable(self.decode(node["__generator__"]))
            bit_gen = getattr(np.random, state["bit_generator"])
            if not (isinstance(bit_gen, type) and issubclass(bit_gen, np.random.BitGenerator)):
                raise ValueError(f"Unknown bit generator {state['bit_generator']!r}.")
            gen = np.random.Generator(bit_gen())
            gen.bit_generator.state = state
            return gen
        if "__ref__" in node:
            if node["__ref__"] not in self.objects:
                raise ValueError(f"Reference to an unknown object {node['__ref__']!r}.")
            return self.objects[node["__ref__"]]
        if "__function__" in node:
            module_name, qualname = _split_spec(node["__function__"])
            func = getattr(importlib.import_module(module_name), qualname, None)
            if not _is_library_function(func):
                raise ValueError(f"Refusing to load function {node['__function__']!r}.")
            return func
        if "__object__" in node:
            cls = _resolve_class(node["__object__"])
            obj = cls.__new__(cls)
            if "id" in node:  # registered before its state: references inside resolve to it
                self.objects[node["id"]] = obj
            state = self.decode(node["state"])
            if not (isinstance(state, dict) and all(isinstance(k, str) for k in state)):
                raise ValueError(f"The state of {node['__object__']!r} is not a dict of names.")
            obj.__dict__.update(state)
            _check_state(obj)
            return obj
        raise ValueError(f"Unrecognised entry in a syllabus file: {sorted(node)!r}.")

    def _json_array(self, node: dict) -> np.ndarray:
        """A string/object array stored as JSON: its declared size is checked before allocation."""
        dtype = np.dtype(node["dtype"])
        if dtype.kind not in "USO":
            raise ValueError(f"Unexpected dtype {dtype.str!r} for an array stored as JSON.")
        shape = tuple(node["shape"])
        if not all(isinstance(n, int) and n >= 0 for n in shape):
            raise ValueError(f"Invalid array shape {list(shape)!r}.")
        values = np.array(node["__ndarray_json__"], dtype=object)  # one object per JSON value
        if values.size != int(np.prod(shape)):
            raise ValueError(f"Array of shape {list(shape)!r} holds {values.size} values.")
        if values.size * dtype.itemsize > self.budget:
            raise ValueError(f"Array of dtype {dtype.str!r} and shape {list(shape)!r} is "
                             "larger than the file could describe.")
        return values.astype(dtype).reshape(shape)


def _split_spec(spec: Any) -> tuple[str, str]:
    if not isinstance(spec, str):
        raise ValueError(f"Expected 'module:name', got {spec!r}.")
    module_name, _, qualname = spec.partition(":")
    parts = module_name.split(".")
    if parts[0] != "syllabus" or len(parts) < 2 or not all(p.isidentifier() for p in parts) \
            or not qualname.isidentifier():
        raise ValueError(f"Refusing to load {spec!r}: only syllabus classes can be loaded.")
    # Only library modules that exist in the installed package (never demos, report or cli)
    # are imported, and only then is the class looked up.
    if parts[1] in ("cli", "demos", "report"):
        raise ValueError(f"Refusing to load {spec!r}: not a library module.")
    base = Path(__file__).parent.joinpath(*parts[1:])
    if not (base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()):
        raise ValueError(f"Refusing to load {spec!r}: no such syllabus module.")
    return module_name, qualname


def _check_state(obj: Any) -> None:
    """Refuse fitted state that contradicts itself (e.g. a coef_ of the wrong width)."""
    state = vars(obj)
    validate = getattr(obj, "_validate_params", None)
    if validate is not None and hasattr(type(obj), "_parameter_constraints"):
        try:
            validate()
        except (TypeError, ValueError) as exc:
            raise ValueError(f"Invalid hyper-parameter in the file: {exc}") from exc
    n = state.get("n_features_in_")
    if n is not None and not (isinstance(n, int) and n >= 0):
        raise ValueError(f"n_features_in_ must be a non-negative int, got {n!r}.")
    own_check = getattr(obj, "_check_fitted_state", None)  # an estimator with other shapes
    if own_check is not None:
        own_check()
    for name in ("coef_", "cluster_centers_", "components_", "means_", "support_vectors_",
                 "mean_", "scale_", "var_"):
        arr = state.get(name)
        if own_check is not None:
            break
        if n is not None and isinstance(arr, np.ndarray) and arr.size and arr.shape[-1] != n:
            raise ValueError(f"{type(obj).__name__}.{name} has shape {arr.shape}, but "
                             f"n_features_in_ is {n}.")
    coef, intercept = state.get("coef_"), state.get("intercept_")
    if isinstance(coef, np.ndarray) and coef.ndim == 2 and isinstance(intercept, np.ndarray) \
            and intercept.ndim == 1 and len(intercept) != coef.shape[0]:
        raise ValueError(f"{type(obj).__name__}.intercept_ has {len(intercept)} values for "
                         f"{coef.shape[0]} rows of coef_.")
    weight = state.get("_parameters", {}).get("weight") if isinstance(
        state.get("_parameters"), dict) else None
    if weight is not None and "in_features" in state and "out_features" in state:
        if tuple(weight.shape) != (state["out_features"], state["in_features"]):
            raise ValueError(f"{type(obj).__name__}.weight has shape {tuple(weight.shape)}, "
                             f"expected ({state['out_features']}, {state['in_features']}).")


def _resolve_class(spec: Any) -> type:
    module_name, qualname = _split_spec(spec)
    cls = getattr(importlib.import_module(module_name), qualname, None)
    if not (isinstance(cls, type) and issubclass(cls, _allowed_bases())):
        raise ValueError(f"Refusing to load {spec!r}: not a syllabus estimator, module or tensor.")
    return cls


def save_arrays(path: str | os.PathLike, arrays: dict[str, np.ndarray], metadata: Any) -> None:
    """Write named arrays and JSON-able ``metadata`` to one safetensors file.

    Parameters
    ----------
    path : str or path-like
        Destination file; missing parent directories are created.
    arrays : dict of str to ndarray
        Numeric arrays, stored as safetensors tensors (made contiguous).
    metadata : JSON-able object
        Stored as JSON in the file's header.
    """
    from safetensors.numpy import save_file

    header = {"format": _FORMAT, "version": str(_VERSION), "json": json.dumps(metadata)}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    save_file({k: np.ascontiguousarray(v) for k, v in arrays.items()}, str(path), metadata=header)


def load_arrays(path: str | os.PathLike) -> tuple[dict[str, np.ndarray], Any]:
    """Read what :func:`save_arrays` wrote.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    arrays : dict of str to ndarray
    metadata : object
        The decoded JSON metadata.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file is truncated, corrupted, not a syllabus file, or written by a newer
        format version.
    """
    from safetensors import safe_open

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"No such file: {str(path)!r}.")
    try:
        with safe_open(str(path), framework="numpy") as f:
            header = f.metadata() or {}
            arrays = {k: f.get_tensor(k) for k in f.keys()}
    except Exception as exc:  # safetensors raises its own error types for bad headers
        raise ValueError(
            f"{str(path)!r} is not a readable safetensors file (truncated or corrupted?): {exc}"
        ) from exc
    if header.get("format") != _FORMAT or "json" not in header:
        raise ValueError(f"{str(path)!r} is a safetensors file but not one written by syllabus.")
    version = header.get("version", "0")
    if not (isinstance(version, str) and version.isdigit()):
        raise ValueError(f"{str(path)!r} has an invalid format version {version!r}.")
    if int(version) > _VERSION:
        raise ValueError(f"{str(path)!r} was written by a newer syllabus (format "
                         f"{header['version']}); this one reads format {_VERSION}.")
    try:
        metadata = json.loads(header["json"])
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ValueError(f"{str(path)!r} has a corrupted JSON header: {exc}") from exc
    return arrays, metadata


def save(obj: Any, path: str | os.PathLike) -> None:
    """Save a syllabus estimator, module or any JSON-able tree of arrays to ``path``.

    Parameters
    ----------
    obj : estimator, nn.Module, dict, list or array
        What to save. Estimators and modules keep their hyper-parameters and learned state.
    path : str or path-like
        Destination file (conventionally ``*.safetensors``).

    Raises
    ------
    TypeError
        If ``obj`` holds something that cannot be stored without pickle (e.g. a callable).
    """
    encoder = _Encoder()
    tree = encoder.encode(obj)
    save_arrays(path, encoder.arrays, {"object": tree})


def load(path: str | os.PathLike) -> Any:
    """Load what :func:`save` wrote. Only syllabus classes are ever instantiated.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    object
        The saved estimator, module or tree of arrays.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist.
    ValueError
        If the file is corrupted, not a syllabus file, holds only arrays
        (use :func:`load_arrays`), or names a class that is not a syllabus estimator,
        module or tensor.
    """
    arrays, metadata = load_arrays(path)
    if not isinstance(metadata, dict) or "object" not in metadata:
        raise ValueError(f"{str(path)!r} holds arrays but no saved object; use load_arrays.")
    # JSON-stored (string) arrays may not allocate much more than the header could describe.
    budget = 64 * len(json.dumps(metadata)) + 2**20
    try:
        return _Decoder(arrays, budget).decode(metadata["object"])
    except ValueError as exc:
        raise ValueError(f"{str(path)!r} is corrupted or not loadable: {exc}") from exc
    except KeyError as exc:
        raise ValueError(f"{str(path)!r} is corrupted: missing entry {exc}.") from exc
    except (TypeError, AttributeError, IndexError, ImportError, RecursionError,
            OverflowError, MemoryError) as exc:  # a structure the decoder did not expect
        raise ValueError(f"{str(path)!r} is corrupted: {type(exc).__name__}: {exc}") from exc
