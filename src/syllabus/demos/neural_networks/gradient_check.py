"""Demo: numerical vs analytic gradients, and gradcheck catching a wrong backward."""

from __future__ import annotations

import numpy as np

from syllabus import autograd, nn
from syllabus.autograd import Function, gradcheck
from syllabus.demos import register
from syllabus.nn import functional as F


class Sigmoid(Function):
    """A correct hand-written sigmoid: d sigma / dz = sigma (1 - sigma)."""

    @staticmethod
    def forward(ctx, z):
        s = 1 / (1 + np.exp(-z))
        ctx.save_for_backward(s)
        return s

    @staticmethod
    def backward(ctx, grad_out):
        (s,) = ctx.saved_tensors
        return grad_out * s * (1 - s)


class BuggySigmoid(Sigmoid):
    """The classic slip: the derivative written as sigma instead of sigma (1 - sigma)."""

    @staticmethod
    def backward(ctx, grad_out):
        (s,) = ctx.saved_tensors
        return grad_out * s


def _mlp_loss_factory(rng, dtype, n=32, d=10, hidden=12, classes=4, reg=1e-2):
    """Flat parameters -> loss of a 1-hidden-layer tanh net with softmax + L2 (lecture's L)."""
    X = rng.normal(size=(n, d)).astype(dtype)
    y = rng.integers(0, classes, n)
    shapes = [(hidden, d), (hidden,), (classes, hidden), (classes,)]
    sizes = [int(np.prod(s)) for s in shapes]
    theta0 = rng.normal(scale=0.5, size=sum(sizes)).astype(dtype)

    def unpack(theta):
        parts, start = [], 0
        for shape, size in zip(shapes, sizes):
            parts.append(theta[start:start + size].reshape(shape))
            start += size
        return parts

    def loss(theta_tensor):
        W1, b1, W2, b2 = unpack(theta_tensor)
        scores = F.linear(F.tanh(F.linear(X, W1, b1)), W2, b2)
        return F.cross_entropy(scores, y) + reg * ((W1 * W1).sum() + (W2 * W2).sum())

    def value(theta):
        with autograd.no_grad():
            return float(loss(autograd.tensor(theta)).item())

    def analytic(theta):
        t = autograd.tensor(theta, requires_grad=True)
        loss(t).backward()
        return t.grad

    return theta0, value, analytic


@register("gradient_check", topic="neural-networks", order=4,
          title="Numerical vs analytic gradient: checking backpropagation")
def gradient_check(ctx):
    r"""The numerical gradient, one coordinate at a time, is slow and approximate; the analytic
    gradient (backpropagation) is exact and fast, so one computes the analytic gradient and
    checks it numerically:

    $$\frac{\partial f}{\partial W_i} \approx \frac{f(W + h e_i) - f(W - h e_i)}{2h}.$$

    On a small tanh network with a softmax loss, the error of forward differences shrinks like
    $h$, that of central differences like $h^2$, until rounding errors ($\epsilon / h$) take
    over.

    What to notice: rounding takes over much earlier in float32, where too small an $h$ makes the
    estimate worse; gradcheck passes a correct sigmoid and catches the classic mistake of writing
    $\sigma'$ as $\sigma$."""
    theta, value, analytic = _mlp_loss_factory(np.random.default_rng(ctx.seed), np.float64)
    grad = analytic(theta)
    h = 1e-5
    numeric = np.empty_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h
        numeric[i] = (value(theta + e) - value(theta - e)) / (2 * h)
    rel = np.linalg.norm(numeric - grad) / (np.linalg.norm(numeric) + np.linalg.norm(grad))
    ctx.number("n_parameters", theta.size)
    ctx.number("relative_error_central_differences_float64", rel)
    ctx.check("central differences (h = 1e-5) agree with backprop: relative error < 1e-8",
              rel < 1e-8, detail=f"{rel:.2e}")

    # Error of the directional derivative along a random unit vector, as h varies.
    steps = np.logspace(-1, -9, 17)
    errors = {}
    for dtype in (np.float64, np.float32):
        th, val, ana = _mlp_loss_factory(np.random.default_rng(ctx.seed), dtype)
        v = np.random.default_rng(ctx.seed + 1).normal(size=th.size)
        v = (v / np.linalg.norm(v)).astype(dtype)
        exact = float(np.dot(ana(th).astype(np.float64), v))
        f0 = val(th)
        fwd, ctr = [], []
        for step in steps:
            up, down = val(th + dtype(step) * v), val(th - dtype(step) * v)
            fwd.append(abs((up - f0) / step - exact))
            ctr.append(abs((up - down) / (2 * step) - exact))
        errors[dtype] = (np.array(fwd), np.array(ctr))
    fwd64, ctr64 = errors[np.float64]
    fwd32, ctr32 = errors[np.float32]

    def slope(err, lo, hi):  # log-log slope of the error between steps[lo] and steps[hi]
        return float(np.log(err[lo] / err[hi]) / np.log(steps[lo] / steps[hi]))

    s_fwd, s_ctr = slope(fwd64, 4, 8), slope(ctr64, 2, 6)  # h 1e-3..1e-5 and 1e-2..1e-4
    ctx.number("error_slope_forward_differences", s_fwd)
    ctx.number("error_slope_central_differences", s_ctr)
    ctx.check("float64: forward-difference error ~ h (slope 1), central ~ h^2 (slope 2)",
              0.8 < s_fwd < 1.2 and 1.7 < s_ctr < 2.3,
              detail=f"slopes {s_fwd:.2f} and {s_ctr:.2f}")
    i3, i7 = int(np.argmin(np.abs(steps - 1e-3))), int(np.argmin(np.abs(steps - 1e-7)))
    ctx.check("float32: h = 1e-7 is worse than h = 1e-3 (rounding error ~ eps / h dominates)",
              ctr32[i7] > 10 * ctr32[i3],
              detail=f"central-difference error {ctr32[i3]:.1e} at 1e-3, {ctr32[i7]:.1e} at 1e-7")

    z = autograd.tensor(np.random.default_rng(ctx.seed).normal(size=(5, 3)), requires_grad=True)
    good = gradcheck(Sigmoid.apply, (z,), raise_exception=False)
    bad = gradcheck(BuggySigmoid.apply, (z,), raise_exception=False)
    try:
        gradcheck(BuggySigmoid.apply, (z,))
        message = ""
    except autograd.GradcheckError as exc:
        message = str(exc).splitlines()[0]
    ctx.check("gradcheck passes the correct sigmoid and rejects sigma' = sigma",
              good and not bad, detail=message[:160])
    ctx.check("nn.Sigmoid's backward equals the hand-written one",
              gradcheck(lambda t: nn.Sigmoid()(t) - Sigmoid.apply(t), (z,)))

    fig, ax = ctx.figure("error_vs_h", figsize=(6.5, 4.2))
    for (err, style, label) in ((fwd64, "o-", "forward, float64"), (ctr64, "s-", "central, float64"),
                                (fwd32, "o--", "forward, float32"), (ctr32, "s--", "central, float32")):
        ax.loglog(steps, np.maximum(err, 1e-17), style, ms=3, label=label)
    ax.set_xlabel("h")
    ax.set_ylabel("|numerical - analytic|")
    ax.invert_xaxis()
    ax.legend(fontsize=8)
