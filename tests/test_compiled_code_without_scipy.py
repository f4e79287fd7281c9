"""The compiled loops never need SciPy: numba's own ``np.dot``, ``@`` and ``np.linalg`` call
SciPy's BLAS, and SciPy is not a dependency of syllabus (a fresh ``make tour`` has none)."""

import ast
import os
import pathlib
import subprocess
import sys

import numpy as np

import syllabus

SRC = pathlib.Path(syllabus.__file__).parent
NEEDS_SCIPY = ("np.dot", "np.vdot", "np.matmul", "np.inner", "np.outer", "np.linalg")


def test_no_compiled_function_uses_numbas_blas():
    offenders = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            if not any("njit" in ast.unparse(d) or "numba.jit" in ast.unparse(d)
                       for d in node.decorator_list):
                continue
            for sub in ast.walk(node):
                text = ast.unparse(sub) if isinstance(sub, ast.Attribute) else ""
                if (isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.MatMult)) \
                        or text.startswith(NEEDS_SCIPY):
                    offenders.append(f"{path.relative_to(SRC)}:{sub.lineno} in {node.name}")
    assert not offenders, "compiled code calling numba's BLAS (needs SciPy): " + ", ".join(offenders)


FIT_SVMS = """
import numpy as np
from syllabus.svm import SVC, MulticlassProblem, StructuredSVM
rng = np.random.default_rng(0)
X = rng.standard_normal((60, 3))
y = (X[:, 0] + 0.3 * rng.standard_normal(60) > 0).astype(int)
svc = SVC(kernel="linear").fit(X, y)
y3 = np.digitize(X[:, 0], [-0.5, 0.5])
ssvm = StructuredSVM(MulticlassProblem(3), C=1.0, solver="cutting_plane").fit(X, y3)
"""


def test_svms_compile_and_fit_with_scipy_unimportable(tmp_path):
    """A fresh numba cache (everything compiles) and ``import scipy`` failing, as on a machine
    without SciPy: SVC's SMO (its BLAS inner products) and the structured SVM's QP compile and
    give exactly the models fitted here, with SciPy importable."""
    script = ('import sys\nsys.modules["scipy"] = None  # import scipy -> ImportError\n'
              + FIT_SVMS + f"np.savez({str(tmp_path / 'fit.npz')!r}, dual=svc.dual_coef_, "
              "support=svc.support_, b=svc.intercept_, w=ssvm.coef_)\n")
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    here: dict = {}
    exec(FIT_SVMS, here)
    fitted = np.load(tmp_path / "fit.npz")
    np.testing.assert_array_equal(fitted["support"], here["svc"].support_)
    np.testing.assert_array_equal(fitted["dual"], here["svc"].dual_coef_)
    np.testing.assert_array_equal(fitted["b"], here["svc"].intercept_)
    np.testing.assert_allclose(fitted["w"], here["ssvm"].coef_, rtol=1e-12, atol=1e-12)
