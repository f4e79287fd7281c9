"""Packaging and label defects of issue 9, item 7."""

import importlib
import pkgutil

import numpy as np
import pytest

import syllabus
from syllabus.linear_model import LogisticRegression
from syllabus.utils import encode_labels, type_of_target


def test_star_import_works_and_lists_exactly_the_public_modules():
    namespace = {}
    exec("from syllabus import *", namespace)  # failed when __all__ named missing modules
    public = {m.name for m in pkgutil.iter_modules(syllabus.__path__)
              if not m.name.startswith("_") and m.name != "cli"}
    assert public <= set(syllabus.__all__)
    for name in public:
        assert namespace[name] is importlib.import_module(f"syllabus.{name}")
    for name in ("Tensor", "tensor", "no_grad", "manual_seed", "summary"):
        assert name in namespace
    with pytest.raises(AttributeError):
        syllabus.no_such_module  # noqa: B018


@pytest.mark.parametrize("y", [np.array([0, "a", 0, "a"], dtype=object),
                               np.array([1.5, "b", "b", 1.5], dtype=object)])
def test_mixed_string_and_number_labels_get_a_clear_error(y):
    with pytest.raises(ValueError, match=r"Mix of label input types \(string and number\)"):
        type_of_target(y)
    with pytest.raises(ValueError, match="Mix of label input types"):
        LogisticRegression().fit(np.arange(8.0).reshape(4, 2), y)
    # One type is fine, as objects too.
    classes, idx = encode_labels(np.array(["b", "a", "b"], dtype=object))
    assert classes.tolist() == ["a", "b"] and idx.tolist() == [1, 0, 1]
