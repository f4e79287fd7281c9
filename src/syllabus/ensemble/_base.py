"""What the ensembles share: the common-check note on weighted resampling."""

from __future__ import annotations

# scikit-learn expects this common check to fail for its own bagging, forests, AdaBoost and
# stochastic gradient boosting too: samples drawn with weights differ from draws over
# repeated samples
RESAMPLING_EXPECTED_FAILURES = {"check_sample_weight_equivalence_on_dense_data":
                                "sample weights are not equivalent to repeated samples"}
