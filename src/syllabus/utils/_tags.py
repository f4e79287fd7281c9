"""Estimator tags: scikit-learn's own classes once it is loaded, same-shaped local ones otherwise.

scikit-learn's ``check_estimator`` insists on its own ``Tags`` classes, so
:meth:`syllabus.base.BaseEstimator.__sklearn_tags__` builds them from :func:`tag_classes`.
Without scikit-learn the dataclasses below play the same role.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from types import SimpleNamespace


@dataclass(slots=True)
class InputTags:
    one_d_array: bool = False
    two_d_array: bool = True
    three_d_array: bool = False
    sparse: bool = False
    categorical: bool = False
    string: bool = False
    dict: bool = False
    positive_only: bool = False
    allow_nan: bool = False
    pairwise: bool = False


@dataclass(slots=True)
class TargetTags:
    required: bool
    one_d_labels: bool = False
    two_d_labels: bool = False
    positive_only: bool = False
    multi_output: bool = False
    single_output: bool = True


@dataclass(slots=True)
class TransformerTags:
    preserves_dtype: list[str] = field(default_factory=lambda: ["float64"])


@dataclass(slots=True)
class ClassifierTags:
    poor_score: bool = False
    multi_class: bool = True
    multi_label: bool = False


@dataclass(slots=True)
class RegressorTags:
    poor_score: bool = False


@dataclass(slots=True)
class Tags:
    estimator_type: str | None
    target_tags: TargetTags
    transformer_tags: TransformerTags | None = None
    classifier_tags: ClassifierTags | None = None
    regressor_tags: RegressorTags | None = None
    array_api_support: bool = False
    no_validation: bool = False
    non_deterministic: bool = False
    requires_fit: bool = True
    _skip_test: bool = False
    input_tags: InputTags = field(default_factory=InputTags)


_LOCAL = SimpleNamespace(
    Tags=Tags,
    InputTags=InputTags,
    TargetTags=TargetTags,
    TransformerTags=TransformerTags,
    ClassifierTags=ClassifierTags,
    RegressorTags=RegressorTags,
)


def tag_classes() -> SimpleNamespace:
    """The tag dataclasses to build: ``sklearn.utils``'s once scikit-learn is loaded, else the
    local ones.

    Never imports scikit-learn (a second or so, with SciPy and pandas): code that reads tags
    as scikit-learn's (``check_estimator``, ``sklearn.base.clone``...) has loaded it already,
    while syllabus's own questions (``is_classifier``) are answered by the local classes."""
    sk_utils = sys.modules.get("sklearn.utils")
    if sk_utils is None or not hasattr(sk_utils, "Tags"):
        return _LOCAL
    return SimpleNamespace(**{name: getattr(sk_utils, name) for name in vars(_LOCAL)})
