"""Bad input gets a clear error, in the cases where scikit-learn raises too."""

import warnings

import numpy as np
import pytest
import sklearn.metrics as skm

from syllabus import metrics

NAN = np.nan
P2 = [[0.3, 0.7], [0.6, 0.4], [0.5, 0.5]]
P3 = [[0.2, 0.3, 0.5], [0.6, 0.2, 0.2], [0.1, 0.1, 0.8]]

# (function name, args, kwargs, regex our message must match)
CASES = [
    # lengths, emptiness, NaN / inf
    ("accuracy_score", ([0, 1, 1], [0, 1]), {}, "inconsistent numbers of samples: \\[3, 2\\]"),
    ("f1_score", ([0, 1], [0, 1]), {"sample_weight": [1, 2, 3]}, "inconsistent numbers"),
    ("confusion_matrix", ([], []), {}, "empty input"),
    ("roc_auc_score", ([], []), {}, "0 sample"),
    ("accuracy_score", (None, [1]), {}, "Expected array-like"),
    ("accuracy_score", (np.zeros((2, 2, 2)), np.zeros((2, 2, 2))), {}, "1-D or 2-D"),
    ("accuracy_score", ([0, NAN], [0, 1]), {}, "Input y_true contains NaN"),
    ("precision_score", ([0, 1], [0, np.inf]), {}, "Input y_pred contains infinity"),
    ("accuracy_score", ([0, 1], [0, 1]), {"sample_weight": [1, NAN]},
     "sample_weight contains NaN"),
    ("accuracy_score", ([0, 1], [0, 1]), {"sample_weight": [0, 0]}, "at least one non-zero"),
    ("roc_auc_score", ([0, 1, 1], [0.1, NAN, 0.3]), {}, "Input y_score contains NaN"),
    ("roc_curve", ([0, 1, 1], [0.1, 0.2]), {}, "inconsistent numbers"),
    ("mean_squared_error", ([0.0, 1.0], [0.0, NAN]), {}, "Input y_pred contains NaN"),
    ("mean_absolute_error", ([], []), {}, "0 sample"),
    ("r2_score", ([1.0, 2.0, 3.0], [1.0, 2.0]), {}, "inconsistent numbers"),
    ("log_loss", ([0, 1], [[0.5, 0.5], [NAN, 0.5]]), {}, "Input y_proba contains NaN"),
    ("hinge_loss", ([0, 1], [0.1, NAN]), {}, "Input pred_decision contains NaN"),
    # target types
    ("accuracy_score", ([0.5, 1.0], [0, 1]), {}, "mix of continuous and binary"),
    ("accuracy_score", (["a", "b"], [0, 1]), {}, "Mix of label input types"),
    ("f1_score", ([0.5, 1.5], [0.5, 1.5]), {}, "continuous is not supported"),
    ("roc_curve", ([0, 1, 2], [0.1, 0.2, 0.3]), {}, "multiclass format is not supported"),
    ("roc_auc_score", ([0.5, 1.5, 0.2], [0.1, 0.2, 0.3]), {}, "continuous format"),
    # pos_label / average / labels
    ("precision_score", (["a", "b", "a"], ["a", "a", "b"]), {}, "pos_label=1 is not a valid"),
    ("f1_score", ([0, 1, 1], [0, 1, 0]), {"pos_label": 2}, "pos_label=2 is not a valid"),
    ("f1_score", ([0, 1, 2], [0, 2, 1]), {}, "Target is multiclass but average='binary'"),
    ("recall_score", ([0, 1, 2], [0, 2, 1]), {"average": "samples"}, "Samplewise"),
    ("f1_score", ([0, 1], [0, 1]), {"average": "mean"}, "'average' parameter of f1_score"),
    ("f1_score", ([0, 1], [0, 1]), {"zero_division": 2}, "'zero_division' parameter"),
    ("fbeta_score", ([0, 1], [0, 1]), {"beta": -1.0}, "'beta' parameter of fbeta_score"),
    ("roc_curve", (["a", "b"], [0.1, 0.2]), {}, "pos_label is not specified"),
    ("average_precision_score", ([0, 1], [0.1, 0.2]), {"pos_label": 3}, "pos_label=3"),
    ("average_precision_score", ([0, 1, 2], P3), {"pos_label": 2}, "fixed to 1"),
    ("confusion_matrix", ([0, 1], [0, 1]), {"labels": []}, "at least one label"),
    ("confusion_matrix", ([0, 1], [0, 1]), {"labels": [5]}, "must be in y_true"),
    ("confusion_matrix", ([0, 1], [0, 1]), {"normalize": "rows"}, "'normalize' parameter"),
    ("classification_report", ([0, 1, 2], [0, 1, 1]), {"target_names": ["a", "b"]},
     "does not match size of target_names"),
    # multiclass ROC AUC
    ("roc_auc_score", ([0, 1, 2], P3), {}, "multi_class must be in"),
    ("roc_auc_score", ([0, 1, 2], P3), {"multi_class": "ovr", "max_fpr": 0.5}, "Partial AUC"),
    ("roc_auc_score", ([0, 1, 2], np.array(P3) * 2), {"multi_class": "ovr"},
     "need to be probabilities"),
    ("roc_auc_score", ([0, 1, 2], P2), {"multi_class": "ovr"}, "Number of classes"),
    ("roc_auc_score", ([0, 1, 2], P3), {"multi_class": "ovo", "average": "micro"},
     "average must be one of"),
    ("roc_auc_score", ([0, 1, 2], P3), {"multi_class": "ovr", "labels": [0, 2, 1]},
     "must be ordered"),
    ("roc_auc_score", ([0, 1, 2], P3), {"multi_class": "ovr", "labels": [0, 1, 3]},
     "labels not in parameter 'labels'"),
    ("roc_auc_score", ([0, 1, 2], P3), {"multi_class": "ovo", "sample_weight": [1, 1, 1]},
     "sample_weight is not supported"),
    ("roc_auc_score", ([0, 1], [0.1, 0.2]), {"max_fpr": 0.0}, "'max_fpr' parameter"),
    # probabilistic and decision losses
    ("log_loss", ([0, 1, 1], [0.1, 1.2, 0.5]), {}, "greater than 1"),
    ("log_loss", ([0, 1, 1], [0.1, -0.2, 0.5]), {}, "lower than 0"),
    ("log_loss", ([1, 1, 1], [0.1, 0.2, 0.5]), {}, "only one label"),
    ("log_loss", ([0, 1, 2], P2), {}, "different number of classes"),
    ("log_loss", ([0, 1, 5], P3), {"labels": [0, 1, 2]}, "not belonging to the passed labels"),
    ("hinge_loss", ([0, 1, 2], [0.1, 0.2, 0.3]), {}, "cannot be 1d array"),
    ("hinge_loss", ([0, 1, 2], P2), {}, "include all labels"),
    # regression
    ("mean_squared_error", ([[0.0, 1.0]], [[0.0]]), {}, "different number of output"),
    ("r2_score", ([0.0, 1.0], [0.0, 1.0]), {"multioutput": "mean"}, "multioutput"),
    ("mean_absolute_error", ([[0.0, 1.0], [1.0, 2.0]], [[0.0, 1.0], [1.0, 1.0]]),
     {"multioutput": [1.0, 2.0, 3.0]}, "equally many custom weights"),
]


@pytest.mark.parametrize(("name", "args", "kwargs", "match"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_bad_input_raises_like_sklearn(name, args, kwargs, match):
    with pytest.raises(ValueError), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn's own casts of NaN may warn
        getattr(skm, name)(*args, **kwargs)
    with pytest.raises(ValueError, match=match):
        getattr(metrics, name)(*args, **kwargs)


@pytest.mark.parametrize("name", ["roc_curve", "precision_recall_curve",
                                  "average_precision_score"])
def test_empty_scores_raise_a_clear_error(name):
    # scikit-learn fails here with a broadcasting or index error; syllabus names the problem.
    with pytest.raises(ValueError, match="0 sample"):
        getattr(metrics, name)([], [])


def test_ovo_average_none_not_implemented():
    with pytest.raises(NotImplementedError):
        metrics.roc_auc_score([0, 1, 2], P3, multi_class="ovo", average=None)


def test_pos_label_is_ignored_with_a_warning_when_not_binary():
    with pytest.warns(UserWarning, match="pos_label .* is ignored"):
        metrics.f1_score([0, 1, 2], [0, 2, 1], average="macro", pos_label=2)


def test_log_loss_requires_probabilities():
    with pytest.raises(ValueError, match="requires y_proba"):
        metrics.log_loss([0, 1])
    with pytest.raises(ValueError, match="Cannot use both"):
        metrics.log_loss([0, 1], [0.2, 0.8], y_pred=[0.2, 0.8])
