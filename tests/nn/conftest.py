"""The PyTorch comparison fixture of tests/autograd (``compare_with_torch``), shared, not copied."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_autograd_conftest", Path(__file__).parents[1] / "autograd" / "conftest.py")
_autograd_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_autograd_conftest)

compare_with_torch = _autograd_conftest.compare_with_torch
