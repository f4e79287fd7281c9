"""Suite-wide settings.

Tests run in two xdist workers on a 2-core machine: one BLAS thread per worker, or small
matrix products oversubscribe the cores and run many times slower.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

try:  # numpy may already be loaded (by a plugin): limit its pool directly too
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
except ImportError:  # pragma: no cover
    pass
