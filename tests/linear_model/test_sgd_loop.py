"""The compiled per-sample pieces of SGD (linear_model/_sgd_loop.py): each loss's derivative is
the derivative of its value, and the value is the textbook formula."""

import numpy as np
import pytest

from syllabus.linear_model import _sgd_loop as loop

# (loss name, parameter): the parameter of the losses that have one (threshold or epsilon).
CASES = [("hinge", 1.0), ("perceptron", 0.0), ("squared_hinge", 1.0), ("log_loss", 0.0),
         ("modified_huber", 0.0), ("squared_error", 0.0), ("huber", 0.7),
         ("epsilon_insensitive", 0.3), ("squared_epsilon_insensitive", 0.3)]


@pytest.mark.parametrize(("name", "param"), CASES)
def test_derivative_is_the_derivative_of_the_value(name, param):
    code, default = loop.LOSS_CODES[name]
    param = default if default is not None else param
    rng = np.random.default_rng(0)
    h = 1e-6
    checked = 0
    for y, p in zip(rng.choice([-1.0, 1.0, 0.4, -2.5], 200), rng.uniform(-3, 3, 200)):
        # away from the kinks (|margin - threshold| or |residual| - epsilon near 0)
        kinks = [y * p - param, y * p - 1.0, y * p + 1.0, abs(y - p) - param, y - p]
        if min(abs(k) for k in kinks) < 1e-3:
            continue
        numeric = (loop.loss_value(code, param, y, p + h)
                   - loop.loss_value(code, param, y, p - h)) / (2 * h)
        assert loop.loss_derivative(code, param, y, p) == pytest.approx(numeric, abs=1e-6)
        checked += 1
    assert checked > 100


@pytest.mark.parametrize(("name", "formula"), [
    ("hinge", lambda y, p: max(0.0, 1.0 - y * p)),
    # log loss on y in {0, 1} (scikit-learn's half binomial): log(1 + e^p) - y p
    ("log_loss", lambda y, p: np.log1p(np.exp(p)) - (y > 0) * p),
    ("squared_error", lambda y, p: 0.5 * (y - p) ** 2),
    ("squared_hinge", lambda y, p: max(0.0, 1.0 - y * p) ** 2),
])
def test_values_are_the_textbook_losses(name, formula):
    code, param = loop.LOSS_CODES[name]
    for y in (-1.0, 1.0):
        y_loss = float(y > 0) if name == "log_loss" else y
        for p in np.linspace(-4, 4, 33):
            assert loop.loss_value(code, param, y_loss, p) == pytest.approx(formula(y, p), rel=1e-12,
                                                                     abs=1e-15)


def test_large_margins_stay_finite():
    code, param = loop.LOSS_CODES["log_loss"]
    for p in (-1e300, 1e300):
        assert np.isfinite(loop.loss_value(code, param, 1.0, p))
        assert np.isfinite(loop.loss_derivative(code, param, 1.0, p))
