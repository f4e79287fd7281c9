"""BaseEstimator, clone, tags and NotFittedError, with and without scikit-learn."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest
import sklearn.base
import sklearn.exceptions
import sklearn.utils

from syllabus.base import (
    BaseEstimator,
    ClassifierMixin,
    NotFittedError,
    RegressorMixin,
    clone,
    is_classifier,
    is_regressor,
)
from syllabus.dummy import DummyClassifier, DummyRegressor
from syllabus.exceptions import ConvergenceWarning
from syllabus.utils import Interval, StrOptions


class _Toy(RegressorMixin, BaseEstimator):
    _parameter_constraints = {
        "alpha": [Interval(float, 0, None, closed="left")],
        "solver": [StrOptions({"a", "b"})],
    }

    def __init__(self, alpha=1.0, *, solver="a", inner=None):
        self.alpha = alpha
        self.solver = solver
        self.inner = inner


def test_get_set_params_and_nested():
    est = _Toy(inner=_Toy(alpha=3.0))
    params = est.get_params()
    assert params["alpha"] == 1.0 and params["inner__alpha"] == 3.0
    assert set(est.get_params(deep=False)) == {"alpha", "solver", "inner"}
    est.set_params(alpha=2.0, inner__solver="b")
    assert est.alpha == 2.0 and est.inner.solver == "b"
    with pytest.raises(ValueError, match="Invalid parameter 'beta'"):
        est.set_params(beta=1)


def test_repr_shows_only_changed_params():
    assert repr(_Toy()) == "_Toy()"
    assert repr(_Toy(alpha=0.5, solver="b")) == "_Toy(alpha=0.5, solver='b')"


def test_clone_is_unfitted_copy_and_matches_sklearn_clone():
    est = DummyClassifier(strategy="uniform", random_state=3).fit(np.zeros((4, 1)), [0, 1, 0, 1])
    for cloned in (clone(est), sklearn.base.clone(est)):
        assert cloned is not est
        assert cloned.get_params() == est.get_params()
        assert not hasattr(cloned, "classes_")


def test_parameter_constraints_message():
    with pytest.raises(ValueError, match=r"The 'alpha' parameter of _Toy must be a float in the "
                                         r"range \[0.0, inf\). Got -1.0 instead."):
        _Toy(alpha=-1.0)._validate_params()
    with pytest.raises(ValueError, match=r"The 'solver' parameter of _Toy must be a str among "
                                         r"\{'a', 'b'\}. Got 'c' instead."):
        _Toy(solver="c")._validate_params()


def test_not_fitted_error_is_sklearns_and_value_attribute_error():
    assert issubclass(NotFittedError, ValueError) and issubclass(NotFittedError, AttributeError)
    # scikit-learn is loaded here: the error raised is also its NotFittedError
    with pytest.raises(sklearn.exceptions.NotFittedError,
                       match="DummyRegressor instance is not fitted yet") as raised:
        DummyRegressor().predict(np.zeros((2, 2)))
    assert isinstance(raised.value, NotFittedError)


def test_syllabus_does_not_import_sklearn_and_then_raises_its_own_types():
    """Importing and running syllabus leaves scikit-learn unloaded (it would double the
    import time); errors and warnings are then syllabus's types only."""
    code = """
import sys, warnings
import numpy as np
import syllabus.linear_model, syllabus.svm, syllabus.tree, syllabus.nn, syllabus.demos
from syllabus.dummy import DummyRegressor
from syllabus.exceptions import ConvergenceWarning, NotFittedError
try:
    DummyRegressor().predict(np.zeros((2, 2)))
except NotFittedError as error:
    assert type(error) is NotFittedError, type(error).__mro__
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    syllabus.linear_model.Lasso(alpha=1e-6, max_iter=1).fit(np.eye(5), np.arange(5.0))
assert any(w.category is ConvergenceWarning for w in caught), caught
from syllabus.base import is_classifier
from syllabus.model_selection import cross_val_score
assert not is_classifier(DummyRegressor())  # tags are read without scikit-learn
cross_val_score(DummyRegressor(), np.zeros((6, 1)), np.arange(6.0), cv=3)
assert "sklearn" not in sys.modules, sorted(m for m in sys.modules if "sklearn" in m)[:5]
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_warnings_are_also_sklearns_once_it_is_loaded():
    from syllabus.linear_model import Lasso

    with pytest.warns(sklearn.exceptions.ConvergenceWarning) as caught:
        Lasso(alpha=1e-6, max_iter=1).fit(np.eye(5), np.arange(5.0))
    assert all(issubclass(w.category, ConvergenceWarning) for w in caught
               if issubclass(w.category, sklearn.exceptions.ConvergenceWarning))


def test_tags_are_sklearn_tags():
    tags = DummyClassifier().__sklearn_tags__()
    assert isinstance(tags, sklearn.utils.Tags)
    assert tags.estimator_type == "classifier" and tags.target_tags.required
    assert is_classifier(DummyClassifier()) and sklearn.base.is_classifier(DummyClassifier())
    assert is_regressor(DummyRegressor()) and sklearn.base.is_regressor(DummyRegressor())
    assert not is_classifier(DummyRegressor())


def test_score_mixins():
    X = np.arange(6.0).reshape(-1, 1)
    y = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 9.0])
    reg = DummyRegressor().fit(X, y)
    assert reg.score(X, y) == pytest.approx(0.0, abs=1e-12)  # the mean has R^2 = 0
    clf = DummyClassifier().fit(X, [0, 0, 0, 0, 1, 1])
    assert clf.score(X, [0, 0, 0, 0, 1, 1]) == pytest.approx(4 / 6)
    assert isinstance(ClassifierMixin.score.__doc__, str)


def test_imports_and_fits_without_sklearn():
    code = textwrap.dedent("""
        import sys
        sys.modules["sklearn"] = None  # makes `import sklearn` raise ImportError
        import numpy as np
        from syllabus.base import NotFittedError
        from syllabus.dummy import DummyClassifier
        from syllabus.utils._tags import Tags
        clf = DummyClassifier(strategy="most_frequent").fit(np.zeros((3, 2)), ["a", "b", "b"])
        assert clf.predict(np.zeros((2, 2))).tolist() == ["b", "b"]
        assert clf.score(np.zeros((3, 2)), ["a", "b", "b"]) == 2 / 3
        assert isinstance(clf.__sklearn_tags__(), Tags)
        assert issubclass(NotFittedError, (ValueError,)) and issubclass(NotFittedError, AttributeError)
        try:
            DummyClassifier().predict(np.zeros((1, 2)))
        except NotFittedError:
            pass
        else:
            raise AssertionError("no NotFittedError")
        assert "sklearn" not in {m.split(".")[0] for m, v in sys.modules.items() if v is not None}
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
