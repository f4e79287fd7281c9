"""io.load is bounded and strict (issue 9, items 4 and 7): every malformed file is a ValueError,
nothing is allocated or imported on a file's say-so, and shared objects stay shared."""

import copy
import json
import sys
import tracemalloc

import numpy as np
import pytest

import syllabus
from syllabus import io, nn
from syllabus.linear_model import LogisticRegression, Ridge
from syllabus.model_selection import GridSearchCV


def _write(path, obj, arrays=None):
    io.save_arrays(path, arrays or {}, {"object": obj})
    return path


def _saved_parts(tmp_path, model):
    """(arrays, metadata) of a model's file, to mutate."""
    io.save(model, tmp_path / "m.safetensors")
    return io.load_arrays(tmp_path / "m.safetensors")


def test_huge_declared_dtype_is_refused_before_allocating(tmp_path):
    path = _write(tmp_path / "u.safetensors",
                  {"__ndarray_json__": ["a"], "dtype": "<U500000000", "shape": [1]})
    assert path.stat().st_size < 400
    tracemalloc.start()
    with pytest.raises(ValueError, match="larger than the file could describe"):
        io.load(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50_000_000  # was 2 GB


@pytest.mark.parametrize("bad", [
    {"__object__": 5, "state": {"__dict__": {}}},  # AttributeError before
    {"__object__": ["syllabus.linear_model._ridge", "Ridge"], "state": {}},  # TypeError
    {"__object__": "syllabus.linear_modek._ridge:Ridge", "state": {"__dict__": {}}},  # flipped
    {"__object__": "syllabus.demos._registry:Demo", "state": {"__dict__": {}}},
    {"__object__": "syllabus.linear_model._ridge:Ridge", "state": [1, 2]},
    {"__ndarray_json__": ["a", "b"], "dtype": "<U1", "shape": [3]},
    {"__ndarray_json__": [1], "dtype": "<f8", "shape": [1]},
    {"__ndarray__": "t9"},
    {"__ref__": 3},
    {"__function__": "syllabus.io:load"},
    {"__tuple__": 7},
    {"__dict__": [1]},
    {"__float__": "not a float"},
    {"unknown": 1},
])
def test_malformed_structures_are_value_errors(tmp_path, bad):
    with pytest.raises(ValueError):
        io.load(_write(tmp_path / "bad.safetensors", bad))


def test_misspelled_module_is_not_imported(tmp_path):
    spec = "syllabus.linear_model._ridgex:Ridge"
    with pytest.raises(ValueError, match="no such syllabus module"):
        io.load(_write(tmp_path / "x.safetensors", {"__object__": spec, "state": {}}))
    assert "syllabus.linear_model._ridgex" not in sys.modules


def test_deep_nesting_and_bad_version_are_value_errors(tmp_path):
    path = tmp_path / "deep.safetensors"
    from safetensors.numpy import save_file

    header = {"format": "syllabus", "version": "1",
              "json": '{"object": ' + "[" * 100_000 + "]" * 100_000 + "}"}
    save_file({}, str(path), metadata=header)
    with pytest.raises(ValueError):
        io.load(path)
    header = {"format": "syllabus", "version": "1.x", "json": '{"object": 1}'}
    save_file({}, str(path), metadata=header)
    with pytest.raises(ValueError, match="invalid format version"):
        io.load(path)


def test_inconsistent_fitted_state_is_refused_at_load(tmp_path):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 3)), rng.normal(size=20)
    arrays, meta = _saved_parts(tmp_path, Ridge().fit(X, y))
    key = meta["object"]["state"]["__dict__"]["coef_"]["__ndarray__"]
    arrays[key] = np.zeros(5)  # 5 coefficients for 3 features
    with pytest.raises(ValueError, match=r"coef_ has shape \(5,\), but n_features_in_ is 3"):
        io.load(_write(tmp_path / "c.safetensors", meta["object"], arrays))
    arrays, meta = _saved_parts(tmp_path, Ridge().fit(X, y))
    meta["object"]["state"]["__dict__"]["alpha"] = "lots"
    with pytest.raises(ValueError, match="alpha"):
        io.load(_write(tmp_path / "a.safetensors", meta["object"], arrays))


def _mutations(node, rng, depth=0):
    """Yield copies of ``node`` with one random change somewhere (deterministic for an rng)."""
    replacements = [None, 5, -1, 1e308, "x", "syllabus.nn._layers:Linear", [], {}, [1, [2]],
                    {"__object__": "syllabus.base:BaseEstimator", "state": 3},
                    {"__ndarray_json__": [], "dtype": "<U99999999", "shape": [0]}]
    paths = []

    def walk(n, path):
        paths.append(path)
        if isinstance(n, dict):
            for k, v in n.items():
                walk(v, path + [k])
        elif isinstance(n, list):
            for i, v in enumerate(n):
                walk(v, path + [i])

    walk(node, [])
    for _ in range(150):
        out = copy.deepcopy(node)
        path = paths[rng.integers(len(paths))]
        parent, last = None, None
        target = out
        for p in path:
            parent, last, target = target, p, target[p]
        kind = rng.integers(3)
        if kind == 0 or parent is None:
            value = replacements[rng.integers(len(replacements))]
        elif kind == 1 and isinstance(target, str):
            chars = list(target)
            if chars:
                chars[rng.integers(len(chars))] = chr(int(rng.integers(32, 127)))
            value = "".join(chars)
        else:
            value = [target] if rng.integers(2) else {"__tuple__": target}
        if parent is None:
            out = value
        else:
            parent[last] = value
        yield out


@pytest.mark.parametrize("make", ["ridge", "logistic", "linear"])
def test_fuzzed_files_load_or_raise_value_error(tmp_path, make):
    rng = np.random.default_rng(7)
    X = rng.normal(size=(30, 3))
    model = {
        "ridge": lambda: Ridge().fit(X, X @ [1.0, 2.0, 3.0]),
        "logistic": lambda: LogisticRegression().fit(X, np.array(["a", "b", "c"])[np.arange(30) % 3]),
        "linear": lambda: nn.Linear(3, 2),
    }[make]()
    arrays, meta = _saved_parts(tmp_path, model)
    outcomes = {"loaded": 0, "ValueError": 0}
    for k, mutated in enumerate(_mutations(meta["object"], rng)):
        path = _write(tmp_path / f"f{k}.safetensors", mutated, arrays)
        try:
            io.load(path)
        except ValueError:
            outcomes["ValueError"] += 1
        else:
            outcomes["loaded"] += 1
    assert outcomes["ValueError"] > 20  # the fuzzing does reach the decoder's checks


def test_tied_weights_and_shared_modules_stay_shared(tmp_path):
    syllabus.manual_seed(0)
    first, second = nn.Linear(4, 4), nn.Linear(4, 4)
    second.weight = first.weight  # tied
    model = nn.Sequential(first, nn.Tanh(), second, nn.Tanh(), first)  # first used twice
    io.save(model, tmp_path / "tied.safetensors")
    back = io.load(tmp_path / "tied.safetensors")
    assert back[2].weight is back[0].weight
    assert back[4] is back[0]
    assert len(list(back.parameters())) == len(list(model.parameters())) == 3
    x = syllabus.tensor(np.random.default_rng(1).normal(size=(2, 4)))
    np.testing.assert_array_equal(back(x).data, model(x).data)


@pytest.mark.parametrize("scoring", [None, "r2", "neg_mean_squared_error"])
def test_grid_search_saves_and_loads(tmp_path, scoring):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(40, 3))
    y = X @ [1.0, -2.0, 0.5] + 0.3 * rng.normal(size=40)
    search = GridSearchCV(Ridge(), {"alpha": [0.1, 1.0, 10.0]}, scoring=scoring, cv=3).fit(X, y)
    io.save(search, tmp_path / "gs.safetensors")  # TypeError before: the scorer is a function
    back = io.load(tmp_path / "gs.safetensors")
    assert back.best_params_ == search.best_params_
    assert back.score(X, y) == search.score(X, y)
    np.testing.assert_array_equal(back.predict(X), search.predict(X))
    assert json.dumps(back.cv_results_["params"]) == json.dumps(search.cv_results_["params"])
