"""The scikit-learn suite runner (scripts/sklearn_suite.py): import rewriting and failure classes."""

import ast
import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "sklearn_suite.py"


@pytest.fixture(scope="module")
def suite():
    spec = importlib.util.spec_from_file_location("sklearn_suite_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def imports_of(source):
    """``{bound name: module it is imported from}`` of a module's ``from ... import``."""
    out = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                out[alias.asname or alias.name] = node.module
    return out


def test_rewrite_takes_from_syllabus_exactly_the_names_it_provides(suite):
    source = (
        "import numpy as np\n"
        "from sklearn.model_selection import (\n    KFold,\n    TunedThresholdClassifierCV as TSS,\n)\n"
        "from sklearn.metrics import f1_score, matthews_corrcoef\n"
        "from sklearn.utils._testing import assert_allclose\n"
        "def helper():\n    from sklearn.metrics import accuracy_score\n"
        "from .common import thing\n"
    )
    rewritten = suite.rewrite(source, "sklearn.model_selection.tests")
    imports = imports_of(rewritten)
    assert imports["KFold"] == "syllabus.model_selection"
    assert imports["f1_score"] == "syllabus.metrics"
    assert imports["accuracy_score"] == "syllabus.metrics"  # nested imports too
    assert imports["TSS"] == "sklearn.model_selection"  # syllabus has no TunedThresholdClassifierCV
    assert imports["matthews_corrcoef"] == "sklearn.metrics"
    assert imports["assert_allclose"] == "sklearn.utils._testing"  # helpers stay
    assert imports["thing"] == "sklearn.model_selection.tests.common"  # made absolute
    assert "    from syllabus.metrics import accuracy_score\n" in rewritten  # indentation kept
    ast.parse(rewritten)


def test_rewrite_reads_the_names_of_this_checkout(suite):
    import syllabus.model_selection as ours

    assert set(suite._syllabus_names("syllabus.model_selection")) == \
        {n for n in ours.__all__ if not n.startswith("_")}
    spec_origin = importlib.util.find_spec("syllabus").origin
    assert Path(spec_origin).resolve().is_relative_to(SCRIPT.parents[1] / "src")


def traceback(*error_lines, source=()):
    """A pytest long traceback: source lines, the failing ``>`` line and ``E`` lines."""
    return "\n".join(["    def test_x():", *source, *error_lines])


@pytest.mark.parametrize("text, nodeid, expected", [
    (traceback(">       assert_allclose(a, b)",
               "E   AssertionError: ", "E   Not equal to tolerance rtol=1e-07, atol=0"),
     "m.py::test_values", "wrong answer"),
    (traceback(">       assert score == 3", "E   assert 2 == 3"), "m.py::test_score",
     "wrong answer"),
    (traceback(">       Ridge(positive=True)",
               "E   TypeError: Ridge.__init__() got an unexpected keyword argument 'positive'"),
     "m.py::test_positive", "missing"),
    (traceback(">       with pytest.raises(ValueError, match='bad'):",
               "E   AssertionError: Regex pattern did not match."), "m.py::test_msg", "message"),
    (traceback(">       assert hasattr(est, 'get_metadata_routing')", "E   assert False"),
     "m.py::test_thing", "internals"),
    # The test asks for scikit-learn's private attribute: not a wrong number.
    (traceback('>       assert hasattr(clf, "_standard_intercept")', "E   AssertionError: "
               "assert False", "E    +  where False = hasattr(SGDClassifier(average=True), "
               "'_standard_intercept')"), "m.py::test_plain_has_no_average_attr", "internals"),
    # The test patches scikit-learn's private module: our estimator cannot see the patch.
    (traceback(">       assert calls > 0", "E   assert 0 > 0", source=(
        '    monkeypatch.setattr("sklearn.linear_model._coordinate_descent.Lasso", LassoMock)',)),
     "m.py::test_lassoCV_does_not_set_precompute", "internals"),
    (traceback(">       f()", "E   AttributeError: 'KFold' object has no attribute '_split'"),
     "m.py::test_private", "internals"),
    # Test source mentioning scikit-learn's routing is not why this numeric check failed.
    (traceback(">       assert_allclose(w, r)", "E   Not equal to tolerance rtol=1e-07",
               source=("    with config_context(enable_metadata_routing=False):",)),
     "m.py::test_weights", "wrong answer"),
    (traceback(">       assert len(match) == 3", "E   assert 0 == 3",
               source=("    out = capsys.readouterr().out",)),
     "m.py::test_verbose", "message"),
    (traceback(">       f()", "E   ValueError: y should be a 1d array, got an array of shape "
               "(8, 2) instead."), "m.py::test_multioutput", "missing"),
    (traceback(">       f()", "E   TypeError: x is None"), "m.py::test_set_split_request_x",
     "other"),
    (traceback(">       f()", "E   TypeError: x"), "m.py::test_search_metadata_routing[a]",
     "internals"),
    # A mock of a private scikit-learn function counts calls our estimator never makes.
    (traceback(">       assert mock.call_count == gm.n_iter_", "E   AssertionError: assert 0 == 3",
               source=("    monkeypatch.setattr(",
                       "        sklearn.mixture._gaussian_mixture, '_estimate_x', mock")),
     "m.py::test_mocked", "internals"),
])
def test_classify_puts_failures_in_the_right_category(suite, text, nodeid, expected):
    assert suite.classify(text, nodeid) == expected
