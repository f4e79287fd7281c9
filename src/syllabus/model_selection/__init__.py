"""Model selection: data splits, cross-validation, grid search, bootstrap, bias-variance.

Splits (:class:`KFold`, :class:`StratifiedKFold`, :class:`GroupKFold`, :class:`ShuffleSplit`,
:class:`StratifiedShuffleSplit`, :class:`RepeatedKFold`, :func:`train_test_split`...) are
scikit-learn's, index for index, for the same ``random_state``. :func:`cross_validate`,
:func:`cross_val_score` and :class:`GridSearchCV` run their fits through joblib, so
``n_jobs`` parallelises them and ``joblib.parallel_config(backend="dask")`` puts them on a
Dask cluster. :func:`bootstrap_confidence_interval` and :func:`bias_variance_decomposition`
resample the training set to measure the spread, bias and variance of a model's predictions.
"""

from ..metrics._scorer import check_scoring, get_scorer, get_scorer_names, make_scorer
from ._bootstrap import bias_variance_decomposition, bootstrap_confidence_interval
from ._curves import learning_curve, validation_curve
from ._search import GridSearchCV, ParameterGrid, ParameterSampler, RandomizedSearchCV
from ._split import (
    GroupKFold,
    GroupShuffleSplit,
    KFold,
    LeaveOneGroupOut,
    LeaveOneOut,
    LeavePGroupsOut,
    LeavePOut,
    PredefinedSplit,
    RepeatedKFold,
    RepeatedStratifiedKFold,
    ShuffleSplit,
    StratifiedGroupKFold,
    StratifiedKFold,
    StratifiedShuffleSplit,
    TimeSeriesSplit,
    check_cv,
    train_test_split,
)
from ._validation import (
    FitFailedWarning,
    cross_val_predict,
    cross_val_score,
    cross_validate,
    permutation_test_score,
)

__all__ = [
    "FitFailedWarning",
    "GridSearchCV",
    "GroupKFold",
    "GroupShuffleSplit",
    "KFold",
    "LeaveOneGroupOut",
    "LeaveOneOut",
    "LeavePGroupsOut",
    "LeavePOut",
    "ParameterGrid",
    "ParameterSampler",
    "PredefinedSplit",
    "RandomizedSearchCV",
    "RepeatedKFold",
    "RepeatedStratifiedKFold",
    "ShuffleSplit",
    "StratifiedGroupKFold",
    "StratifiedKFold",
    "StratifiedShuffleSplit",
    "TimeSeriesSplit",
    "bias_variance_decomposition",
    "bootstrap_confidence_interval",
    "check_cv",
    "check_scoring",
    "cross_val_predict",
    "cross_val_score",
    "cross_validate",
    "get_scorer",
    "get_scorer_names",
    "learning_curve",
    "make_scorer",
    "permutation_test_score",
    "train_test_split",
    "validation_curve",
]
