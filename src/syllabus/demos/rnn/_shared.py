"""Pieces shared by the recurrent-network demos (no demo is registered here)."""

from __future__ import annotations

import numpy as np

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


def entropy_bits(p: np.ndarray, axis: int = -1) -> np.ndarray:
    """Shannon entropy in bits of the distributions along ``axis``."""
    p = np.asarray(p, dtype=np.float64)
    return -(p * np.log2(np.where(p > 0, p, 1))).sum(axis=axis)
