"""What the ensembles share: scikit-learn's seeding of members, warm starts, the parallel
loop and the common-check note on weighted resampling."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..base import clone

MAX_INT = np.iinfo(np.int32).max

# scikit-learn expects this common check to fail for its own bagging, forests, AdaBoost and
# stochastic gradient boosting too: samples drawn with weights differ from draws over
# repeated samples
RESAMPLING_EXPECTED_FAILURES = {
    f"check_sample_weight_equivalence_on_{kind}_data":
    "sample weights are not equivalent to repeated samples" for kind in ("dense", "sparse")}


class EnsembleSequence:
    """An ensemble reads as the sequence of its members: ``len``, indexing and iteration go
    over ``estimators_`` (scikit-learn's ``BaseEnsemble``)."""

    def __len__(self) -> int:
        return len(self.estimators_)

    def __getitem__(self, index: Any) -> Any:
        return self.estimators_[index]

    def __iter__(self):
        return iter(self.estimators_)


def new_member(base: Any, random_state: Any) -> Any:
    """A fresh clone of ``base`` whose ``*random_state`` parameters are drawn from
    ``random_state`` (an int seeds a new generator), in sorted order, one
    ``randint(2**31 - 1)`` each: scikit-learn's ``_set_random_states``."""
    rng = random_state if isinstance(random_state, np.random.RandomState) else \
        np.random.RandomState(random_state)
    member = clone(base)
    params = member.get_params()
    member.set_params(**{key: rng.randint(MAX_INT) for key in sorted(params)
                         if key.endswith("random_state")})
    return member


def n_more_estimators(ensemble: Any, attributes: tuple[str, ...] = ("estimators_",)) -> int:
    """Warm start: how many members to add to those already fitted (none kept unless
    ``warm_start``). Clears ``attributes`` (lists) when starting afresh."""
    if not getattr(ensemble, "warm_start", False) or not hasattr(ensemble, attributes[0]):
        for name in attributes:
            setattr(ensemble, name, [])
    n_more = ensemble.n_estimators - len(ensemble.estimators_)
    if n_more < 0:
        raise ValueError(f"n_estimators={ensemble.n_estimators} must be larger or equal to "
                         f"len(estimators_)={len(ensemble.estimators_)} when warm_start==True")
    if n_more == 0:
        warnings.warn("Warm-start fitting without increasing n_estimators does not fit new "
                      "trees.", UserWarning, stacklevel=3)
    return n_more


def parallel(n_jobs: int | None, tasks: list) -> list:
    """Run ``(function, args)`` tasks, in threads through joblib when ``n_jobs`` asks for it
    (tree growth releases the GIL)."""
    if n_jobs in (None, 1) or len(tasks) < 2:
        return [fn(*args) for fn, args in tasks]
    from joblib import Parallel, delayed

    return Parallel(n_jobs=n_jobs, prefer="threads")(delayed(fn)(*args) for fn, args in tasks)


def n_samples_bootstrap(n_samples: int, max_samples: Any, sample_weight: Any) -> int:
    """Size of a bootstrap sample: ``n_samples`` (None), an int, or a fraction of the number
    (or total weight) of the samples, as scikit-learn's ``_get_n_samples_bootstrap``."""
    if max_samples is None:
        return n_samples
    if isinstance(max_samples, (int, np.integer)):
        return int(max_samples)
    total = n_samples if sample_weight is None else float(np.sum(sample_weight))
    size = max(int(max_samples * total), 1)
    if size < max(10, n_samples ** (1 / 3)):
        what = (f"the number of samples is {total} " if sample_weight is None
                else f"the total sum of sample weights is {total} ")
        warnings.warn(f"Using the fractional value max_samples={max_samples} when {what}"
                      f"results in a low number ({size}) of bootstrap samples. We recommend "
                      "passing `max_samples` as an integer instead.", UserWarning, stacklevel=3)
    return size


def warn_missing_oob(members: str = "trees") -> None:
    """Some training samples were drawn by every member: no out-of-bag prediction (the
    wording of scikit-learn's forests, or of its bagging for ``members="estimators"``)."""
    oob = "OOB" if members == "trees" else "oob"
    warnings.warn(f"Some inputs do not have OOB scores. This probably means too few {members} "
                  f"were used to compute any reliable {oob} estimates.", UserWarning, stacklevel=3)
