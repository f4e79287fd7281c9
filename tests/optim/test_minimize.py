"""minimize: L-BFGS against SciPy, Newton's closed forms, first-order methods against torch."""

import numpy as np
import pytest
import scipy.optimize
import torch

from syllabus.optim import minimize


def _logistic_problem(n=300, d=8, seed=0, C=1.0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d)
    w_true = rng.normal(size=d)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(X @ w_true + 0.3)))).astype(float)

    def fun_and_grad(w):
        z = X @ w[:-1] + w[-1]
        loss = np.sum(np.logaddexp(0, z) - y * z) + 0.5 / C * w[:-1] @ w[:-1]
        r = 0.5 * (1 + np.tanh(z / 2)) - y  # sigmoid(z) - y
        return loss, np.r_[X.T @ r + w[:-1] / C, r.sum()]

    def hess(w):
        z = X @ w[:-1] + w[-1]
        p = 0.5 * (1 + np.tanh(z / 2))
        Xb = np.c_[X, np.ones(n)]
        H = Xb.T @ (Xb * (p * (1 - p))[:, None])
        H[:d, :d] += np.eye(d) / C
        return H

    return fun_and_grad, hess, d + 1


def _rosenbrock(x):
    f = 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2
    g = np.array([-400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]), 200 * (x[1] - x[0] ** 2)])
    return f, g


@pytest.mark.parametrize("tol", [1e-4, 1e-6, 1e-8, 1e-10])
def test_lbfgs_logistic_regression_matches_scipy(tol):
    fg, hess, n = _logistic_problem()
    res = minimize(fg, np.zeros(n), method="lbfgs", tol=tol)
    assert res.converged and res.message == "gradient below tolerance"
    assert np.max(np.abs(res.grad)) <= tol
    # Exact optimum from SciPy's trust-region Newton with the exact Hessian.
    ref = scipy.optimize.minimize(fg, np.zeros(n), jac=True, hess=hess, method="trust-exact",
                                  options={"gtol": 1e-12})
    lb = scipy.optimize.minimize(fg, np.zeros(n), jac=True, method="L-BFGS-B",
                                 options={"gtol": tol, "ftol": 0, "maxiter": 10_000})
    # Distance to the optimum is bounded by |g| / lambda_min(H).
    lam_min = np.linalg.eigvalsh(hess(ref.x))[0]
    assert np.max(np.abs(res.x - ref.x)) <= 2 * np.sqrt(n) * tol / lam_min + 1e-12
    assert res.fun <= lb.fun + 1e-9 * abs(lb.fun)
    if tol <= 1e-8:
        np.testing.assert_allclose(res.x, lb.x, atol=1e-6)
    # The reported value and gradient are those at the returned x.
    f, g = fg(res.x)
    assert res.fun == f and np.array_equal(res.grad, g)


def test_lbfgs_rosenbrock_converges_tightly_and_history():
    res = minimize(_rosenbrock, [-1.2, 1.0], tol=1e-10, max_iter=500)
    assert res.converged
    np.testing.assert_allclose(res.x, [1.0, 1.0], atol=1e-9)
    assert len(res.history) == res.n_iter + 1
    assert res.history[0] == _rosenbrock(np.array([-1.2, 1.0]))[0]
    assert res.history[-1] == res.fun
    assert np.all(np.diff(res.history) <= 1e-12)  # a descent method
    # SciPy's L-BFGS-B (same memory) needs a comparable number of iterations.
    sp = scipy.optimize.minimize(_rosenbrock, [-1.2, 1.0], jac=True, method="L-BFGS-B",
                                 options={"gtol": 1e-10, "ftol": 0})
    assert res.n_iter <= 2 * sp.nit


def test_lbfgs_ill_conditioned_quadratic_solves_linear_system():
    rng = np.random.default_rng(1)
    Q, _ = np.linalg.qr(rng.normal(size=(30, 30)))
    A = Q @ np.diag(np.logspace(0, 2, 30)) @ Q.T  # condition number 100
    b = rng.normal(size=30)
    res = minimize(lambda x: (0.5 * x @ A @ x - b @ x, A @ x - b), np.zeros(30), tol=1e-10,
                   max_iter=2000)
    assert res.converged
    np.testing.assert_allclose(res.x, np.linalg.solve(A, b), rtol=0, atol=1e-10)


def test_lbfgs_stops_at_max_iter_and_counts():
    calls = []

    def fg(x):
        calls.append(1)
        return _rosenbrock(x)

    res = minimize(fg, [-1.2, 1.0], tol=1e-10, max_iter=5)
    assert not res.converged and res.n_iter == 5
    assert res.message == "maximum number of iterations reached"
    assert res.n_fev == len(calls)
    assert len(res.history) == 6


def test_already_optimal_start_does_no_iteration():
    res = minimize(lambda x: (float(x @ x), 2 * x), np.zeros(3))
    assert res.converged and res.n_iter == 0 and res.history == [0.0]


def test_callback_receives_iterates():
    path = []
    res = minimize(_rosenbrock, [-1.2, 1.0], tol=1e-8, callback=lambda x, f: path.append((x.copy(), f)))
    assert len(path) == res.n_iter
    np.testing.assert_array_equal(path[-1][0], res.x)
    assert [f for _, f in path] == res.history[1:]


def test_newton_one_step_on_linear_regression():
    # Lecture 004: Newton's step with H = 2 X^T X lands on the normal-equation solution.
    rng = np.random.default_rng(2)
    X = rng.normal(size=(50, 4))
    y = rng.normal(size=50)

    def fg(t):
        r = X @ t - y
        return r @ r, 2 * X.T @ r

    res = minimize(fg, np.ones(4), method="newton", hess=lambda t: 2 * X.T @ X, tol=1e-9)
    assert res.n_iter == 1 and res.converged
    np.testing.assert_allclose(res.x, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-12)


def test_newton_logistic_regression_matches_trust_exact():
    fg, hess, n = _logistic_problem(seed=3)
    res = minimize(fg, np.zeros(n), method="newton", hess=hess, tol=1e-10)
    ref = scipy.optimize.minimize(fg, np.zeros(n), jac=True, hess=hess, method="trust-exact",
                                  options={"gtol": 1e-12})
    assert res.converged and res.n_iter < 15
    np.testing.assert_allclose(res.x, ref.x, atol=1e-9)
    # Without line search: the pure Newton iteration of the lecture (IRLS) gets there too.
    pure = minimize(fg, np.zeros(n), method="newton", hess=hess, tol=1e-10, line_search=None)
    np.testing.assert_allclose(pure.x, ref.x, atol=1e-9)


def _torch_run(opt_factory, fg, x0, n_steps):
    x = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = opt_factory([x])
    for _ in range(n_steps):
        opt.zero_grad()
        _, g = fg(x.detach().numpy().copy())
        x.grad = torch.tensor(g)
        opt.step()
    return x.detach().numpy()


@pytest.mark.parametrize(
    "method, kwargs, torch_factory",
    [
        ("gd", {"lr": 1e-3}, lambda p: torch.optim.SGD(p, lr=1e-3)),
        ("momentum", {"lr": 1e-3, "momentum": 0.8},
         lambda p: torch.optim.SGD(p, lr=1e-3, momentum=0.8)),
        ("momentum", {"lr": 1e-3, "momentum": 0.7, "dampening": 0.7},
         lambda p: torch.optim.SGD(p, lr=1e-3, momentum=0.7, dampening=0.7)),
        ("nesterov", {"lr": 1e-3}, lambda p: torch.optim.SGD(p, lr=1e-3, momentum=0.9, nesterov=True)),
        ("adagrad", {"lr": 0.1}, lambda p: torch.optim.Adagrad(p, lr=0.1)),
        ("rmsprop", {"lr": 1e-2}, lambda p: torch.optim.RMSprop(p, lr=1e-2)),
        ("rmsprop", {"lr": 1e-3, "momentum": 0.5, "centered": True, "alpha": 0.9},
         lambda p: torch.optim.RMSprop(p, lr=1e-3, momentum=0.5, centered=True, alpha=0.9)),
        ("adam", {"lr": 1e-2}, lambda p: torch.optim.Adam(p, lr=1e-2)),
        ("adam", {"lr": 1e-2, "betas": (0.8, 0.99), "amsgrad": True, "eps": 1e-6},
         lambda p: torch.optim.Adam(p, lr=1e-2, betas=(0.8, 0.99), amsgrad=True, eps=1e-6)),
    ],
)
def test_first_order_methods_follow_torch(method, kwargs, torch_factory):
    x0 = np.array([-1.2, 1.0])
    res = minimize(_rosenbrock, x0, method=method, tol=0, max_iter=40, **kwargs)
    assert res.n_iter == 40 and not res.converged
    np.testing.assert_allclose(res.x, _torch_run(torch_factory, _rosenbrock, x0, 40), rtol=1e-10)


def test_gd_converges_and_schedule_is_used():
    A = np.diag([1.0, 10.0])
    fg = lambda x: (0.5 * x @ A @ x, A @ x)  # noqa: E731
    res = minimize(fg, [1.0, 1.0], method="gd", lr=0.1, tol=1e-10)
    assert res.converged
    # GD on a diagonal quadratic: x_k = (1 - lr a)^k x_0 coordinate-wise.
    k = res.n_iter
    np.testing.assert_allclose(res.x, [0.9**k, 0.0**k], atol=1e-300)
    # A schedule lr(k) is called with k = 0, 1, ...
    seen = []
    minimize(fg, [1.0, 1.0], method="gd", lr=lambda k: seen.append(k) or 0.1 / (1 + k),
             tol=0, max_iter=4)
    assert seen == [0, 1, 2, 3]


def test_gd_with_line_search_converges():
    fg, _, n = _logistic_problem(seed=4)
    res = minimize(fg, np.zeros(n), method="gd", line_search="strong_wolfe", tol=1e-6,
                   max_iter=5000)
    ref = minimize(fg, np.zeros(n), tol=1e-10)
    assert res.converged
    np.testing.assert_allclose(res.x, ref.x, atol=1e-4)


def test_divergence_is_reported_without_warnings():
    # lr above 2 / L on a quadratic: iterates blow up; the run stops with a clear message.
    with np.errstate(over="ignore"):  # the user's function overflows, not syllabus
        res = minimize(lambda x: (float(x @ x), 2 * x), [1.0], method="gd", lr=1.5,
                       max_iter=10_000)
    assert not res.converged and "diverged" in res.message
    assert res.n_iter < 1100  # |x| doubles each step: overflow after ~1024 steps


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"method": "bfgs"}, "Unknown method"),
        ({"method": "newton"}, "needs the Hessian"),
        ({"tol": -1.0}, "tol"),
        ({"max_iter": -1}, "max_iter"),
        ({"line_search": "armijo"}, "line_search"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        minimize(_rosenbrock, [0.0, 0.0], **kwargs)


def test_bad_inputs():
    with pytest.raises(ValueError, match="1-D"):
        minimize(_rosenbrock, [[0.0, 0.0]])
    with pytest.raises(ValueError, match="NaN or infinity"):
        minimize(_rosenbrock, [np.nan, 0.0])
    with pytest.raises(ValueError, match="non-finite"):
        minimize(lambda x: (np.inf, x), [1.0])
    with pytest.raises(ValueError, match="shape"):
        minimize(lambda x: (0.0, np.ones(3)), [1.0, 2.0])


def test_newton_falls_back_to_steepest_descent_where_the_hessian_is_indefinite():
    # f = x^4 - x^2 has f'' < 0 near 0: a Newton step would head to the maximum at 0.
    fg = lambda x: (float(x[0] ** 4 - x[0] ** 2), np.array([4 * x[0] ** 3 - 2 * x[0]]))  # noqa: E731
    res = minimize(fg, [0.1], method="newton", hess=lambda x: np.array([[12 * x[0] ** 2 - 2]]),
                   tol=1e-12)
    assert res.converged
    np.testing.assert_allclose(res.x, [1 / np.sqrt(2)], rtol=1e-12)


def test_cubic_interpolation_survives_overflow():
    # d1^2 overflows: the step falls back to bisection instead of raising OverflowError.
    from syllabus.optim._line_search import cubic_interpolate

    assert cubic_interpolate(0.0, 1e300, -1e200, 1.0, 1e300, 1e200) == 0.5
    # and an ordinary cubic is still minimised exactly: f(x) = (x - 0.3)^2 on [0, 1]
    f = lambda x: (x - 0.3) ** 2  # noqa: E731
    g = lambda x: 2 * (x - 0.3)  # noqa: E731
    assert abs(cubic_interpolate(0.0, f(0.0), g(0.0), 1.0, f(1.0), g(1.0)) - 0.3) < 1e-12


# --------------------------------------------------------------------------- kinks
def _kinked(t):
    """f(t) = |t - 1| + 0.01 t^2: the slope jumps from -0.98 to 1.02 at the minimiser t = 1,
    so no step meets the strong-Wolfe curvature condition |f'(t)| <= 0.9 |f'(0)| = 0.9."""
    return abs(t - 1) + 0.01 * t * t, np.array([np.sign(t - 1) + 0.02 * t])


@pytest.mark.parametrize("t0", [0.5, 3.0, 100.0])
def test_line_search_gives_up_at_a_kink_with_a_sufficient_decrease(t0):
    from syllabus.optim import strong_wolfe
    from syllabus.optim._line_search import wolfe_search

    d, f0, g0 = np.ones(1), 1.0, np.array([-1.0])
    f, g, t, n_evals, status = wolfe_search(_kinked, t0, d, f0, g0, -1.0, xtol=1e-2,
                                            tolerance_change=0.0)
    assert status == "kink"
    assert abs(t - 1) <= 1e-2 * t  # within the final bracket, around the kink
    assert (f, g[0]) == (_kinked(t)[0], _kinked(t)[1][0])
    assert f <= f0 + 1e-4 * t * -1.0  # a sufficient decrease (Armijo)
    # Without xtol the zoom shrinks the bracket to rounding: every evaluation allowed.
    _, _, t_plain, n_plain, status_plain = wolfe_search(_kinked, t0, d, f0, g0, -1.0,
                                                        tolerance_change=0.0)
    assert status_plain == "failed" and n_plain == 26 and abs(t_plain - 1) < 1e-12
    assert n_evals <= 8
    # the public strong_wolfe is the same search
    assert strong_wolfe(_kinked, t0, d, f0, g0, -1.0, xtol=1e-2,
                        tolerance_change=0.0)[2:] == (t, n_evals)


def test_xtol_changes_no_line_search_on_a_smooth_function():
    """Rosenbrock along random descent directions: a smooth slope barely changes across a
    bracket 1% of the step wide, so the kink test never fires and the steps are the same."""
    from syllabus.optim._line_search import wolfe_search

    def rosen(x):
        a, b = x
        return (100 * (b - a * a) ** 2 + (1 - a) ** 2,
                np.array([-400 * a * (b - a * a) - 2 * (1 - a), 200 * (b - a * a)]))

    rng = np.random.default_rng(0)
    for _ in range(500):
        x = rng.uniform(-2, 2, 2)
        f, g = rosen(x)
        d = -g + rng.normal(size=2) * np.abs(g).max()
        if g @ d >= 0:
            continue
        for t0 in (1e-4, 1e-2, 1.0):
            for approximate in (False, True):
                runs = [wolfe_search(lambda t, x=x, d=d: rosen(x + t * d), t0, d, f, g, g @ d,
                                     xtol=xtol,
                                     tolerance_change=0.0, approximate=approximate)
                        for xtol in (1e-2, 0.0)]
                assert runs[0][2:] == runs[1][2:]

