"""The compiled loops never need SciPy: numba's own ``np.dot``, ``@`` and ``np.linalg`` call
SciPy's BLAS, and SciPy is not a dependency of syllabus (a fresh ``make tour`` has none)."""

import ast
import os
import pathlib
import subprocess
import sys
import textwrap

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


def test_svms_compile_and_fit_with_scipy_unimportable(tmp_path):
    """A fresh numba cache (everything compiles) and ``import scipy`` failing, as on a machine
    without SciPy: SVC's SMO (its BLAS inner products) and the structured SVM's QP still fit."""
    script = textwrap.dedent("""
        import sys
        sys.modules["scipy"] = None  # import scipy -> ImportError
        import numpy as np
        from syllabus.svm import SVC, MulticlassProblem, StructuredSVM
        rng = np.random.default_rng(0)
        X = rng.standard_normal((60, 3))
        y = (X[:, 0] + 0.3 * rng.standard_normal(60) > 0).astype(int)
        assert SVC(kernel="linear").fit(X, y).score(X, y) > 0.8
        y3 = np.digitize(X[:, 0], [-0.5, 0.5])
        model = StructuredSVM(MulticlassProblem(3), C=1.0, solver="cutting_plane").fit(X, y3)
        assert model.score(X, y3) > 0.6
        print("ok")
    """)
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
