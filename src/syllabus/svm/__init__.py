"""Support vector machines: kernel SVC trained by SMO, primal linear SVMs, ranking, losses.

- :class:`SVC`: the soft-margin kernel SVM, dual solved by SMO with LIBSVM's second-order
  working-set selection; one-vs-one multiclass as LIBSVM.
- :class:`LinearSVC`: the linear SVM trained on the primal (L-BFGS, sub-gradient descent,
  Pegasos); one-vs-rest or Crammer-Singer multiclass.
- :class:`RankSVM`: Joachims' ranking SVM by the pairwise transform.
- :class:`StructuredSVM`: max-margin structured learning (margin rescaling) over the
  outputs of a :class:`StructuredProblem`: :class:`MulticlassProblem` (Crammer-Singer),
  :class:`MultiLabelProblem` (Hamming loss), :class:`TaxonomyProblem` (tree distance).
- :mod:`syllabus.svm.losses`: the surrogate losses of the margin ``y f(x)`` and their
  (sub)gradients, and the multiclass hinge.
"""

from . import losses
from ._base import ConvergenceWarning
from ._classes import SVC
from ._linear import LinearSVC
from ._rank import RankSVM, pairwise_transform
from ._structured import StructuredSVM
from ._structured_problems import (
    MulticlassProblem,
    MultiLabelProblem,
    StructuredProblem,
    TaxonomyProblem,
)

__all__ = ["SVC", "ConvergenceWarning", "LinearSVC", "MultiLabelProblem", "MulticlassProblem",
           "RankSVM", "StructuredProblem", "StructuredSVM", "TaxonomyProblem", "losses",
           "pairwise_transform"]
