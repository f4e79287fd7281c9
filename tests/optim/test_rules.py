"""The lecture notes' update rules (seeds 001, 003, 004) against syllabus.optim.

Each reference loop below is the lecture's pseudo-code, written out directly.
"""

import numpy as np
import pytest

from syllabus import optim
from syllabus.optim import MomentumState, sgd_update

A = np.array([[3.0, 0.5], [0.5, 1.0]])
B = np.array([1.0, -2.0])
X0 = np.array([2.0, 2.0])


def compute_gradient(x):
    """Gradient of the quadratic 0.5 x'Ax - b'x (depends on x, so errors would compound)."""
    return A @ x - B


class P:
    def __init__(self, a):
        self.data, self.grad = a, None


def _run(opt_cls, n_steps=60, lr_schedule=None, **kwargs):
    p = P(X0.copy())
    opt = opt_cls([p], **kwargs)
    path = []
    for k in range(n_steps):
        if lr_schedule is not None:
            opt.param_groups[0]["lr"] = lr_schedule(k)
        p.grad = compute_gradient(p.data)
        opt.step()
        path.append(p.data.copy())
    return np.array(path)


def test_momentum_seed003_buffer_form():
    # vx = rho * vx + dx;  x -= learning_rate * vx
    rho, learning_rate = 0.9, 0.05
    x, vx, path = X0.copy(), np.zeros(2), []
    for _ in range(60):
        dx = compute_gradient(x)
        vx = rho * vx + dx
        x = x - learning_rate * vx
        path.append(x)
    np.testing.assert_allclose(_run(optim.SGD, lr=learning_rate, momentum=rho), path,
                               rtol=1e-13, atol=1e-15)


def test_momentum_seed003_velocity_form_equivalent_for_constant_lr_only():
    # vx = rho * vx - learning_rate * dx;  x += vx
    def velocity_form(schedule):
        x, vx, path = X0.copy(), np.zeros(2), []
        for k in range(60):
            vx = 0.9 * vx - schedule(k) * compute_gradient(x)
            x = x + vx
            path.append(x)
        return np.array(path)

    constant = lambda k: 0.05  # noqa: E731
    np.testing.assert_allclose(_run(optim.SGD, lr=0.05, momentum=0.9), velocity_form(constant),
                               rtol=1e-12, atol=1e-14)
    # With a decaying rate the velocity keeps the old rates: the forms part ways.
    decaying = lambda k: 0.05 * 0.9 ** (k // 10)  # noqa: E731
    ours = _run(optim.SGD, lr=0.05, momentum=0.9, lr_schedule=decaying)
    assert np.max(np.abs(ours - velocity_form(decaying))) > 1e-4


def test_momentum_seed004_alpha_blend():
    # theta^{k+1} = theta^k + alpha (theta^k - theta^{k-1}) + (1 - alpha) (-eta grad)
    alpha, eta = 0.8, 0.1
    x, x_prev, path = X0.copy(), X0.copy(), []
    for _ in range(60):
        x, x_prev = x + alpha * (x - x_prev) + (1 - alpha) * (-eta * compute_gradient(x)), x
        path.append(x)
    path = np.array(path)
    # The rule with a zero-initialised buffer, mu = dampening = alpha, is the blend exactly.
    x, state, ours = X0.copy(), MomentumState(np.zeros(2)), []
    for _ in range(60):
        update, state = sgd_update(compute_gradient(x), state, lr=eta, momentum=alpha,
                                   dampening=alpha)
        x = x + update
        ours.append(x)
    np.testing.assert_allclose(ours, path, rtol=1e-12, atol=1e-14)
    # PyTorch's SGD starts the buffer at the raw gradient: its first step is -eta g_1
    # instead of -(1 - alpha) eta g_1, i.e. the blend started with velocity -eta g_1.
    torch_style = _run(optim.SGD, lr=eta, momentum=alpha, dampening=alpha)
    np.testing.assert_allclose(torch_style[0] - path[0], -alpha * eta * compute_gradient(X0),
                               rtol=1e-12)
    x, x_prev, shifted = X0.copy(), X0 + eta * compute_gradient(X0), []
    for _ in range(60):
        x, x_prev = x + alpha * (x - x_prev) + (1 - alpha) * (-eta * compute_gradient(x)), x
        shifted.append(x)
    np.testing.assert_allclose(torch_style, shifted, rtol=1e-12, atol=1e-14)


def test_nesterov_seed003_lookahead_form():
    # v <- rho v - lr grad(x + rho v);  x <- x + v.  PyTorch's form works in x~ = x + rho v.
    rho, lr = 0.9, 0.05
    x, v, path = X0.copy(), np.zeros(2), []
    for _ in range(60):
        v = rho * v - lr * compute_gradient(x + rho * v)
        x = x + v
        path.append(x + rho * v)  # the look-ahead point, where our iterate lives
    np.testing.assert_allclose(_run(optim.SGD, lr=lr, momentum=rho, nesterov=True), path,
                               rtol=1e-11, atol=1e-13)


def test_adagrad_seed003():
    # grad_squared += dx * dx;  x -= learning_rate * dx / (np.sqrt(grad_squared) + 1e-7)
    x, grad_squared, path = X0.copy(), np.zeros(2), []
    for _ in range(60):
        dx = compute_gradient(x)
        grad_squared += dx * dx
        x = x - 0.5 * dx / (np.sqrt(grad_squared) + 1e-7)
        path.append(x)
    np.testing.assert_allclose(_run(optim.Adagrad, lr=0.5, eps=1e-7), path, rtol=1e-13,
                               atol=1e-15)


def test_rmsprop_seed003():
    # grad_squared = decay_rate * grad_squared + (1 - decay_rate) * dx * dx
    x, grad_squared, path = X0.copy(), np.zeros(2), []
    for _ in range(60):
        dx = compute_gradient(x)
        grad_squared = 0.9 * grad_squared + (1 - 0.9) * dx * dx
        x = x - 0.01 * dx / (np.sqrt(grad_squared) + 1e-7)
        path.append(x)
    np.testing.assert_allclose(_run(optim.RMSprop, lr=0.01, alpha=0.9, eps=1e-7), path,
                               rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("eps", [1e-7, 0.0])
def test_adam_seed003_and_seed001(eps):
    # Seed 003 (eps = 1e-7) and seed 001 (no eps): bias-corrected moments.
    beta1, beta2, learning_rate = 0.9, 0.999, 0.05
    x, m, v, path = X0.copy(), np.zeros(2), np.zeros(2), []
    for t in range(1, 61):
        dx = compute_gradient(x)
        m = beta1 * m + (1 - beta1) * dx
        v = beta2 * v + (1 - beta2) * dx * dx
        m_unbias = m / (1 - beta1**t)
        v_unbias = v / (1 - beta2**t)
        x = x - learning_rate * m_unbias / (np.sqrt(v_unbias) + eps)
        path.append(x)
    np.testing.assert_allclose(_run(optim.Adam, lr=learning_rate, eps=eps), path, rtol=1e-11,
                               atol=1e-13)


def test_adam_without_bias_correction_moves_less_at_first():
    # The lecture's first Adam loop (no bias correction) takes a first step of
    # lr * (1 - beta1) / sqrt(1 - beta2) ~ 3.2 lr per coordinate; with correction it is lr.
    p = P(X0.copy())
    opt = optim.Adam([p], lr=0.01)
    p.grad = compute_gradient(p.data)
    opt.step()
    np.testing.assert_allclose(np.abs(p.data - X0), 0.01, rtol=1e-6)


def test_adamw_decouples_weight_decay():
    # With a zero gradient Adam's update is 0, so AdamW only shrinks: p (1 - lr wd)^k.
    p = P(X0.copy())
    opt = optim.AdamW([p], lr=0.1, weight_decay=0.5)
    for _ in range(5):
        p.grad = np.zeros(2)
        opt.step()
    np.testing.assert_allclose(p.data, X0 * (1 - 0.05) ** 5, rtol=1e-14)
    # Coupled decay goes through Adam's normalisation instead: each step moves ~lr.
    q = P(X0.copy())
    opt = optim.Adam([q], lr=0.1, weight_decay=0.5)
    q.grad = np.zeros(2)
    opt.step()
    np.testing.assert_allclose(X0 - q.data, 0.1, rtol=1e-6)


def test_newton_direction_solves_and_handles_singular():
    H = np.array([[2.0, 0.0], [0.0, 4.0]])
    np.testing.assert_allclose(optim.newton_direction(np.array([2.0, 4.0]), H), [-1.0, -1.0])
    singular = np.array([[1.0, 1.0], [1.0, 1.0]])
    d = optim.newton_direction(np.array([1.0, 1.0]), singular)
    np.testing.assert_allclose(d, -np.linalg.pinv(singular) @ np.array([1.0, 1.0]))
    with pytest.raises(ValueError, match="shape"):
        optim.newton_direction(np.ones(3), H)


def test_lbfgs_direction_is_newton_on_a_quadratic_with_full_history():
    # With n exact pairs from a quadratic, the two-loop recursion applies H^{-1} exactly.
    rng = np.random.default_rng(0)
    M = rng.normal(size=(4, 4))
    H = M @ M.T + 4 * np.eye(4)
    # BFGS's hereditary property: exact for H-conjugate steps (here: eigenvectors).
    steps = list(np.linalg.eigh(H)[1].T * rng.uniform(0.5, 2, size=(4, 1)))
    d = optim.lbfgs_direction(np.ones(4), [H @ s for s in steps], steps,
                              [1 / ((H @ s) @ s) for s in steps], 1.0)
    np.testing.assert_allclose(d, -np.linalg.solve(H, np.ones(4)), rtol=1e-10)
