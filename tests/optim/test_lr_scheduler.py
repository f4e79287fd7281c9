"""Learning-rate schedulers against torch.optim.lr_scheduler over 100 steps."""

import json
import math
import warnings

import numpy as np
import pytest
import torch

from syllabus.optim import SGD, Adam, lr_scheduler
from syllabus.optim.lr_scheduler import (
    CosineAnnealingLR,
    ExponentialLR,
    InverseSqrtLR,
    LambdaLR,
    LinearLR,
    LinearWarmupLR,
    MultiStepLR,
    SequentialLR,
    StepLR,
)

N_STEPS = 100
BASE_LRS = (0.1, 0.03)


class P:
    def __init__(self):
        self.data, self.grad = np.zeros(2), None


def _optimizers():
    ours = SGD([{"params": [P()], "lr": BASE_LRS[0]}, {"params": [P()], "lr": BASE_LRS[1]}])
    theirs = torch.optim.SGD([{"params": [torch.zeros(2, requires_grad=True)], "lr": BASE_LRS[0]},
                              {"params": [torch.zeros(2, requires_grad=True)], "lr": BASE_LRS[1]}])
    return ours, theirs


def _warmup(e):
    return min(1.0, (e + 1) / 10)


SCHEDULES = {
    "StepLR": lambda m, o: m.StepLR(o, step_size=7),
    "StepLR-gamma": lambda m, o: m.StepLR(o, step_size=30, gamma=0.5),
    "MultiStepLR": lambda m, o: m.MultiStepLR(o, milestones=[30, 60, 90]),
    "MultiStepLR-repeated": lambda m, o: m.MultiStepLR(o, milestones=[50, 10, 10], gamma=0.3),
    "ExponentialLR": lambda m, o: m.ExponentialLR(o, gamma=0.95),
    "CosineAnnealingLR": lambda m, o: m.CosineAnnealingLR(o, T_max=100),
    "CosineAnnealingLR-restarting": lambda m, o: m.CosineAnnealingLR(o, T_max=30, eta_min=0.001),
    "LinearLR": lambda m, o: m.LinearLR(o),
    "LinearLR-decay": lambda m, o: m.LinearLR(o, start_factor=1.0, end_factor=0.0, total_iters=100),
    "LinearLR-warmup": lambda m, o: m.LinearLR(o, start_factor=0.1, end_factor=0.9, total_iters=40),
    "LambdaLR": lambda m, o: m.LambdaLR(o, lr_lambda=_warmup),
    "LambdaLR-per-group": lambda m, o: m.LambdaLR(o, lr_lambda=[_warmup, lambda e: 0.97**e]),
    "SequentialLR": lambda m, o: m.SequentialLR(
        o, [m.LinearLR(o, start_factor=0.01, total_iters=10), m.CosineAnnealingLR(o, T_max=90)],
        milestones=[10]),
    "SequentialLR-three": lambda m, o: m.SequentialLR(
        o, [m.ExponentialLR(o, gamma=0.9), m.StepLR(o, step_size=5, gamma=0.5),
            m.LinearLR(o, start_factor=0.5, total_iters=20)],
        milestones=[15, 40]),
}


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_learning_rates_match_torch(name):
    ours_opt, torch_opt = _optimizers()
    ours = SCHEDULES[name](lr_scheduler, ours_opt)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch warns when step() precedes optimizer.step()
        theirs = SCHEDULES[name](torch.optim.lr_scheduler, torch_opt)
        for e in range(N_STEPS + 1):
            np.testing.assert_allclose(ours.get_last_lr(), theirs.get_last_lr(), rtol=1e-12,
                                       atol=1e-15, err_msg=f"step {e}")
            np.testing.assert_allclose([g["lr"] for g in ours_opt.param_groups],
                                       [g["lr"] for g in torch_opt.param_groups], rtol=1e-12,
                                       atol=1e-15)
            ours.step()
            theirs.step()
    assert ours.last_epoch == theirs.last_epoch
    assert [g["initial_lr"] for g in ours_opt.param_groups] == list(BASE_LRS)


def test_closed_forms_of_lecture_003():
    opt, _ = _optimizers()
    cosine = CosineAnnealingLR(opt, T_max=50)  # alpha_t = alpha_0 (1 + cos(t pi / T)) / 2
    for t in range(51):
        assert math.isclose(cosine.get_last_lr()[0], 0.1 * (1 + math.cos(t * math.pi / 50)) / 2,
                            rel_tol=1e-14, abs_tol=1e-17)
        cosine.step()
    opt, _ = _optimizers()
    linear = LinearLR(opt, start_factor=1.0, end_factor=0.0, total_iters=50)  # alpha_0 (1 - t/T)
    for t in range(51):
        assert math.isclose(linear.get_last_lr()[0], 0.1 * (1 - t / 50), abs_tol=1e-16)
        linear.step()


def test_inverse_sqrt_and_warmup_closed_forms():
    opt, _ = _optimizers()
    inv = InverseSqrtLR(opt)  # lecture 003: alpha_t = alpha_0 / sqrt(t), t = 1, 2, ...
    for t in range(1, 101):
        assert math.isclose(inv.get_last_lr()[0], 0.1 / math.sqrt(t), rel_tol=1e-14)
        inv.step()
    # Vaswani et al.: lr ~ min(t^-0.5, t w^-1.5), normalised to peak at base_lr at t = w.
    opt, _ = _optimizers()
    w = 8
    inv = InverseSqrtLR(opt, warmup_steps=w)
    lrs = []
    for _ in range(100):
        lrs.append(inv.get_last_lr()[1])
        inv.step()
    t = np.arange(1, 101)
    np.testing.assert_allclose(lrs, 0.03 * np.sqrt(w) * np.minimum(t**-0.5, t * w**-1.5),
                               rtol=1e-13)
    assert max(lrs) == pytest.approx(0.03) and int(np.argmax(lrs)) == w - 1
    # Linear warm-up from 0 over 5 steps, then constant.
    opt, _ = _optimizers()
    warm = LinearWarmupLR(opt, warmup_steps=5)
    seen = []
    for _ in range(8):
        seen.append(warm.get_last_lr()[0])
        warm.step()
    np.testing.assert_allclose(seen, [0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.1, 0.1], atol=1e-16)


def test_linear_warmup_with_positive_start_is_torch_linear_lr():
    ours_opt, torch_opt = _optimizers()
    ours = LinearWarmupLR(ours_opt, warmup_steps=12, start_factor=0.25)
    theirs = torch.optim.lr_scheduler.LinearLR(torch_opt, start_factor=0.25, total_iters=12)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(30):
            np.testing.assert_allclose(ours.get_last_lr(), theirs.get_last_lr(), rtol=1e-13)
            ours.step()
            theirs.step()


def test_warmup_then_cosine_through_sequential():
    opt, _ = _optimizers()
    sched = SequentialLR(opt, [LinearWarmupLR(opt, 5), CosineAnnealingLR(opt, T_max=20)], [5])
    lrs = []
    for _ in range(26):
        lrs.append(sched.get_last_lr()[0])
        sched.step()
    np.testing.assert_allclose(lrs[:5], [0.0, 0.02, 0.04, 0.06, 0.08], atol=1e-16)
    np.testing.assert_allclose(lrs[5:], [0.1 * (1 + math.cos(math.pi * k / 20)) / 2
                                         for k in range(21)], atol=1e-16)


def test_step_with_epoch_uses_closed_form_like_torch():
    ours_opt, torch_opt = _optimizers()
    ours = StepLR(ours_opt, step_size=3, gamma=0.5)
    theirs = torch.optim.lr_scheduler.StepLR(torch_opt, step_size=3, gamma=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours.step(10)
        theirs.step(10)
    assert ours.get_last_lr() == pytest.approx(theirs.get_last_lr(), rel=1e-14)
    assert ours.last_epoch == 10


@pytest.mark.parametrize("name", ["StepLR", "CosineAnnealingLR-restarting", "SequentialLR",
                                  "LambdaLR-per-group"])
def test_state_dict_resume_and_json(name):
    opt, _ = _optimizers()
    straight = SCHEDULES[name](lr_scheduler, opt)
    expected = []
    for _ in range(60):
        straight.step()
        expected.append(straight.get_last_lr())

    opt1, _ = _optimizers()
    first = SCHEDULES[name](lr_scheduler, opt1)
    for _ in range(37):
        first.step()
    saved = json.loads(json.dumps(first.state_dict()))  # checkpoints store it as JSON
    opt_state = opt1.state_dict()

    opt2, _ = _optimizers()
    resumed = SCHEDULES[name](lr_scheduler, opt2)  # construct, then load (PyTorch's order)
    opt2.load_state_dict(opt_state)
    resumed.load_state_dict(saved)
    got = []
    for _ in range(37, 60):
        resumed.step()
        got.append(resumed.get_last_lr())
    assert got == expected[37:]
    assert [g["lr"] for g in opt2.param_groups] == expected[-1]


def test_schedulers_drive_the_optimizer_lr():
    p = P()
    opt = Adam([p], lr=0.1)
    sched = ExponentialLR(opt, gamma=0.5)
    for k in range(3):
        assert opt.param_groups[0]["lr"] == 0.1 * 0.5**k
        sched.step()


def test_errors():
    opt, _ = _optimizers()
    with pytest.raises(TypeError, match="is not an Optimizer"):
        StepLR(object(), step_size=1)
    with pytest.raises(KeyError, match="initial_lr"):
        StepLR(opt, step_size=1, last_epoch=5)
    with pytest.raises(ValueError, match="Starting multiplicative factor"):
        LinearLR(opt, start_factor=0.0)
    with pytest.raises(ValueError, match="Expected 2 lr_lambdas"):
        LambdaLR(opt, lr_lambda=[_warmup])
    with pytest.raises(ValueError, match="warmup_steps"):
        LinearWarmupLR(opt, warmup_steps=0)
    with pytest.raises(ValueError, match="number of milestones"):
        SequentialLR(opt, [StepLR(opt, 2), StepLR(opt, 3)], milestones=[])
    other, _ = _optimizers()
    with pytest.raises(ValueError, match="same optimizer"):
        SequentialLR(opt, [StepLR(opt, 2), StepLR(other, 3)], milestones=[4])
    # Resuming with last_epoch works once initial_lr is known: construction takes step 3,
    # past one milestone (a closed form, whatever the optimizer's current lr).
    opt.param_groups[0]["lr"] = 123.0
    sched = MultiStepLR(opt, milestones=[2, 4], last_epoch=2)
    assert sched.last_epoch == 3
    assert sched.get_last_lr() == pytest.approx([0.1 * 0.1, 0.03 * 0.1], rel=1e-14)
