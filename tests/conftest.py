"""Suite-wide settings.

Tests run in two xdist workers on a 2-core machine: one BLAS thread per worker, or small
matrix products oversubscribe the cores and run many times slower.
"""

import os
import sys

import pytest

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

try:  # numpy may already be loaded (by a plugin): limit its pool directly too
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
except ImportError:  # pragma: no cover
    pass


@pytest.fixture(autouse=True)
def _seed_global_generators():
    """Every test starts from the same global random state, whatever ran before it.

    Layer initialisation and dropout draw from syllabus' global generator (as PyTorch's do
    from torch's): seeding both here makes a test's outcome independent of test order and
    of the xdist worker it lands on.
    """
    from syllabus.autograd import manual_seed

    manual_seed(0)
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.manual_seed(0)
