"""save/load: round trips give identical predictions; bad files give clear errors, never code."""

import json
import struct

import numpy as np
import pytest

from syllabus import io
from syllabus.dummy import DummyClassifier, DummyRegressor


def test_round_trip_estimator(tmp_path):
    rng = np.random.RandomState(0)
    X, y = rng.randn(30, 3), rng.choice(["a", "b", "c"], 30)
    model = DummyClassifier(strategy="stratified", random_state=7).fit(X, y)
    path = tmp_path / "clf.safetensors"
    io.save(model, path)
    loaded = io.load(path)
    assert type(loaded) is DummyClassifier and loaded.get_params() == model.get_params()
    np.testing.assert_array_equal(loaded.classes_, model.classes_)
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))


def test_round_trip_tree_of_values(tmp_path):
    rs = np.random.RandomState(3)
    rs.rand(5)
    tree = {"w": np.arange(6, dtype=np.float32).reshape(2, 3), "n": 3, "lr": 0.1,
            "tags": ("a", None, True), "inf": float("inf"), "rs": rs,
            "gen": np.random.default_rng(4), "nested": [DummyRegressor(strategy="median")]}
    io.save(tree, tmp_path / "t.safetensors")
    back = io.load(tmp_path / "t.safetensors")
    assert back["w"].dtype == np.float32 and np.array_equal(back["w"], tree["w"])
    assert back["tags"] == ("a", None, True) and back["inf"] == float("inf")
    assert np.array_equal(back["rs"].rand(4), rs.rand(4))
    assert np.array_equal(back["gen"].random(3), np.random.default_rng(4).random(3))
    assert back["nested"][0].strategy == "median"


def test_unsavable_value_is_a_clear_error(tmp_path):
    with pytest.raises(TypeError, match="Cannot save .*function"):
        io.save({"f": lambda x: x}, tmp_path / "x.safetensors")


def test_truncated_corrupted_and_foreign_files(tmp_path):
    model = DummyRegressor().fit(np.zeros((3, 1)), [1.0, 2.0, 3.0])
    good = tmp_path / "good.safetensors"
    io.save(model, good)
    data = good.read_bytes()

    truncated = tmp_path / "trunc.safetensors"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="truncated or corrupted"):
        io.load(truncated)

    garbage = tmp_path / "garbage.safetensors"
    garbage.write_bytes(b"\x00\x01not a safetensors file at all")
    with pytest.raises(ValueError, match="not a readable safetensors"):
        io.load(garbage)

    from safetensors.numpy import save_file

    foreign = tmp_path / "foreign.safetensors"
    save_file({"w": np.zeros(3)}, str(foreign))
    with pytest.raises(ValueError, match="not one written by syllabus"):
        io.load(foreign)

    with pytest.raises(FileNotFoundError):
        io.load(tmp_path / "missing.safetensors")


def _write_with_header(path, obj_tree):
    meta = {"format": "syllabus", "version": "1", "json": json.dumps({"object": obj_tree})}
    header = json.dumps({"__metadata__": meta}).encode()
    path.write_bytes(struct.pack("<Q", len(header)) + header)


@pytest.mark.parametrize("spec", ["os:system", "builtins:eval", "subprocess:Popen",
                                  "syllabus.io:_Encoder", "syllabus.io:load"])
def test_load_never_instantiates_foreign_classes(tmp_path, spec):
    path = tmp_path / "evil.safetensors"
    _write_with_header(path, {"__object__": spec, "state": {"__dict__": {}}})
    with pytest.raises(ValueError, match="Refusing to load"):
        io.load(path)


def test_round_trip_module_keeps_outputs_and_buffers(tmp_path):
    import syllabus
    from syllabus import nn

    syllabus.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.BatchNorm1d(8), nn.Linear(8, 3))
    x = syllabus.tensor(np.random.default_rng(0).normal(size=(6, 4)).astype(np.float32))
    model(x)  # one training step of batch norm moves its running statistics
    model.eval()
    io.save(model, tmp_path / "net.safetensors")
    loaded = io.load(tmp_path / "net.safetensors")
    assert repr(loaded) == repr(model) and not loaded.training
    for (k, a), (k2, b) in zip(model.state_dict().items(), loaded.state_dict().items()):
        assert k == k2 and a.dtype == b.dtype and np.array_equal(a, b)
    np.testing.assert_array_equal(loaded(x).data, model(x).data)
