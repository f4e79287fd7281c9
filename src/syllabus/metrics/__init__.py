"""Metrics: classification, ranking and regression scores with scikit-learn's signatures.

Every function here returns the same values as its scikit-learn namesake (the tests compare
them on many random cases) and is vectorised over samples: counts are weighted bincounts of
label indices, curves are one sort of the scores followed by cumulative sums.
"""

from ..exceptions import UndefinedMetricWarning
from ._classification import (
    accuracy_score,
    classification_report,
    confusion_matrix,
    f1_score,
    fbeta_score,
    hamming_loss,
    hinge_loss,
    jaccard_score,
    log_loss,
    multilabel_confusion_matrix,
    precision_recall_fscore_support,
    precision_score,
    recall_score,
    zero_one_loss,
)
from ._ranking import (
    auc,
    average_precision_score,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)
from ._regression import (
    mean_absolute_error,
    mean_squared_error,
    r2_score,
    root_mean_squared_error,
)
from ._scorer import check_scoring, get_scorer, get_scorer_names, make_scorer

__all__ = [
    "UndefinedMetricWarning",
    "accuracy_score",
    "auc",
    "average_precision_score",
    "check_scoring",
    "get_scorer",
    "get_scorer_names",
    "make_scorer",
    "classification_report",
    "confusion_matrix",
    "f1_score",
    "fbeta_score",
    "hamming_loss",
    "hinge_loss",
    "jaccard_score",
    "log_loss",
    "mean_absolute_error",
    "mean_squared_error",
    "multilabel_confusion_matrix",
    "precision_recall_curve",
    "precision_recall_fscore_support",
    "precision_score",
    "r2_score",
    "recall_score",
    "roc_auc_score",
    "roc_curve",
    "root_mean_squared_error",
    "zero_one_loss",
]
