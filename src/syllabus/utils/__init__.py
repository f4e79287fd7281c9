"""Shared helpers: input validation, hyper-parameter constraints, random state, and the
numerically stable special functions (``expit``, ``log1pexp``, ``softmax``, ``log_softmax``)."""

from ._discovery import all_estimators
from ._param_validation import HasMethods, Interval, Options, StrOptions, validate_params
from ._special import expit, log1pexp, log_softmax, softmax
from ._validation import (
    check_array,
    check_classification_targets,
    check_consistent_length,
    check_is_fitted,
    check_labels_known,
    check_no_overflow,
    check_random_state,
    check_sample_weight,
    check_X_y,
    column_or_1d,
    encode_labels,
    type_of_target,
    validate_data,
)

__all__ = [
    "HasMethods",
    "Interval",
    "all_estimators",
    "Options",
    "StrOptions",
    "check_X_y",
    "check_array",
    "check_classification_targets",
    "check_consistent_length",
    "check_is_fitted",
    "check_labels_known",
    "check_no_overflow",
    "check_random_state",
    "check_sample_weight",
    "column_or_1d",
    "encode_labels",
    "expit",
    "log1pexp",
    "log_softmax",
    "softmax",
    "type_of_target",
    "validate_data",
    "validate_params",
]
